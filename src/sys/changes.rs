//! Calls that change a filesystem: positional writes, removing, renaming
//! and linking names, modes, owners, times, sizes; and `statfs` (free space).

use super::args::{c_string, len, ptr, ptr_mut};
use super::nr;
use crate::error::Result;
use crate::Kernel;

/// `pwrite64(fd, buf, offset)`: writes at `offset` without moving the file
/// offset; how many bytes were written.
pub fn pwrite(kernel: &Kernel, fd: i32, buf: &[u8], offset: i64) -> Result<usize> {
    // One 64-bit slot for the offset on 32-bit hosts too (see `pread`).
    let args = [i64::from(fd), ptr(buf.as_ptr()), len(buf.len()), offset, 0, 0];
    // SAFETY: `buf` is readable for `buf.len()` bytes for the whole call.
    let n = unsafe { kernel.syscall(nr::PWRITE64, args) }?;
    Ok(n as usize)
}

/// A system call taking `(dirfd, path, rest...)`: the path is NUL-terminated
/// and alive for the whole call.
fn at_call(kernel: &Kernel, nr: i64, dirfd: i32, path: &str, rest: [i64; 4]) -> Result<i64> {
    let path = c_string(path)?;
    let args = [i64::from(dirfd), ptr(path.as_ptr()), rest[0], rest[1], rest[2], rest[3]];
    // SAFETY: the only pointer is `path`, alive until the call returns;
    // callers pass no pointers in `rest` except through `two_paths`.
    unsafe { kernel.syscall(nr, args) }
}

/// `unlinkat(dirfd, path, flags)`: removes a name (a directory with
/// `AT_REMOVEDIR`).
pub fn unlinkat(kernel: &Kernel, dirfd: i32, path: &str, flags: u32) -> Result<()> {
    at_call(kernel, nr::UNLINKAT, dirfd, path, [i64::from(flags), 0, 0, 0])?;
    Ok(())
}

/// `fchmodat(dirfd, path, mode)`.
pub fn fchmodat(kernel: &Kernel, dirfd: i32, path: &str, mode: u32) -> Result<()> {
    at_call(kernel, nr::FCHMODAT, dirfd, path, [i64::from(mode), 0, 0, 0])?;
    Ok(())
}

/// `fchownat(dirfd, path, uid, gid, flags)` (-1 keeps an id as it is;
/// `AT_SYMLINK_NOFOLLOW` changes a symlink itself).
pub fn fchownat(kernel: &Kernel, dirfd: i32, path: &str, uid: u32, gid: u32, flags: u32) -> Result<()> {
    let rest = [i64::from(uid as i32), i64::from(gid as i32), i64::from(flags), 0];
    at_call(kernel, nr::FCHOWNAT, dirfd, path, rest)?;
    Ok(())
}

/// A timestamp for [`utimensat`]: seconds and nanoseconds since 1970
/// (`struct __kernel_timespec`, 64-bit fields on every host).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Timespec {
    pub tv_sec: i64,
    pub tv_nsec: i64,
}

/// `utimensat(dirfd, path, [atime, mtime], flags)`.
pub fn utimensat(kernel: &Kernel, dirfd: i32, path: &str, times: [Timespec; 2], flags: u32) -> Result<()> {
    let rest = [ptr(times.as_ptr()), i64::from(flags), 0, 0];
    // `times` lives until the end of this function, past the call.
    at_call(kernel, nr::UTIMENSAT, dirfd, path, rest)?;
    Ok(())
}

/// Two paths for one call: both NUL-terminated, alive for the whole call.
fn two_paths(kernel: &Kernel, nr: i64, args: (i32, &str, i32, &str), flags: i64) -> Result<()> {
    let (old_dirfd, old, new_dirfd, new) = args;
    let (old, new) = (c_string(old)?, c_string(new)?);
    let args = [
        i64::from(old_dirfd),
        ptr(old.as_ptr()),
        i64::from(new_dirfd),
        ptr(new.as_ptr()),
        flags,
        0,
    ];
    // SAFETY: `old` and `new` are NUL-terminated and alive for the call.
    unsafe { kernel.syscall(nr, args) }?;
    Ok(())
}

/// `renameat2(old_dirfd, old, new_dirfd, new, flags)`.
pub fn renameat2(kernel: &Kernel, old_dirfd: i32, old: &str, new_dirfd: i32, new: &str, flags: u32) -> Result<()> {
    two_paths(kernel, nr::RENAMEAT2, (old_dirfd, old, new_dirfd, new), i64::from(flags))
}

/// `linkat(old_dirfd, old, new_dirfd, new, flags)`: a hard link.
pub fn linkat(kernel: &Kernel, old_dirfd: i32, old: &str, new_dirfd: i32, new: &str, flags: u32) -> Result<()> {
    two_paths(kernel, nr::LINKAT, (old_dirfd, old, new_dirfd, new), i64::from(flags))
}

/// `symlinkat(target, dirfd, path)`: `path` becomes a symlink to `target`.
pub fn symlinkat(kernel: &Kernel, target: &str, dirfd: i32, path: &str) -> Result<()> {
    let (target, path) = (c_string(target)?, c_string(path)?);
    let args = [ptr(target.as_ptr()), i64::from(dirfd), ptr(path.as_ptr()), 0, 0, 0];
    // SAFETY: both strings are NUL-terminated and alive for the call.
    unsafe { kernel.syscall(nr::SYMLINKAT, args) }?;
    Ok(())
}

/// `clock_settime(clock, time)`.
pub fn clock_settime(kernel: &Kernel, clock: i32, time: Timespec) -> Result<()> {
    let args = [i64::from(clock), ptr(&time), 0, 0, 0, 0];
    // SAFETY: `time` is a valid __kernel_timespec alive for the call.
    unsafe { kernel.syscall(nr::CLOCK_SETTIME, args) }?;
    Ok(())
}

/// `ftruncate(fd, length)`.
pub fn ftruncate(kernel: &Kernel, fd: i32, length: u64) -> Result<()> {
    let length = i64::try_from(length).unwrap_or(i64::MAX);
    // SAFETY: ftruncate takes no pointers.
    unsafe { kernel.syscall(nr::FTRUNCATE, [i64::from(fd), length, 0, 0, 0, 0]) }?;
    Ok(())
}

/// `sync()`: everything written reaches the disks.
pub fn sync(kernel: &Kernel) -> Result<()> {
    // SAFETY: sync takes no arguments.
    unsafe { kernel.syscall(nr::SYNC, [0; 6]) }?;
    Ok(())
}

/// What `statfs` reports (`struct statfs64`; its words are `long`, which is
/// 32 bits on wasm32 and 64 bits natively: `usize` on both).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Statfs {
    pub f_type: usize,
    pub f_bsize: usize,
    pub f_blocks: u64,
    pub f_bfree: u64,
    pub f_bavail: u64,
    pub f_files: u64,
    pub f_ffree: u64,
    pub f_fsid: [i32; 2],
    pub f_namelen: usize,
    pub f_frsize: usize,
    pub f_flags: usize,
    pub f_spare: [usize; 4],
}

/// `statfs(path)`: the size and free space of the filesystem holding `path`.
pub fn statfs(kernel: &Kernel, path: &str) -> Result<Statfs> {
    let path = c_string(path)?;
    let mut out = Statfs::default();
    // 64-bit: statfs(path, buf); 32-bit: statfs64(path, sizeof buf, buf).
    #[cfg(target_pointer_width = "64")]
    let args = [ptr(path.as_ptr()), ptr_mut(&mut out), 0, 0, 0, 0];
    #[cfg(target_pointer_width = "32")]
    let args = [ptr(path.as_ptr()), len(std::mem::size_of::<Statfs>()), ptr_mut(&mut out), 0, 0, 0];
    // SAFETY: `path` is NUL-terminated and `out` a writable struct statfs64,
    // both alive for the call.
    unsafe { kernel.syscall(nr::STATFS, args) }?;
    Ok(out)
}
