//! File descriptors: openat, close, read, write, lseek, mkdirat, pipe2.

use super::args::{c_string, len, ptr, ptr_mut};
use super::nr;
use crate::error::Result;
use crate::Kernel;

/// `openat(dirfd, path, flags, mode)`: a new file descriptor.
pub fn openat(kernel: &Kernel, dirfd: i32, path: &str, flags: u32, mode: u32) -> Result<i32> {
    let path = c_string(path)?;
    let args = [
        i64::from(dirfd),
        ptr(path.as_ptr()),
        i64::from(flags),
        i64::from(mode),
        0,
        0,
    ];
    // SAFETY: `path` is a NUL-terminated string alive for the whole call.
    let fd = unsafe { kernel.syscall(nr::OPENAT, args) }?;
    Ok(fd as i32)
}

/// `close(fd)`.
pub fn close(kernel: &Kernel, fd: i32) -> Result<()> {
    // SAFETY: close takes no pointers.
    unsafe { kernel.syscall(nr::CLOSE, [i64::from(fd), 0, 0, 0, 0, 0]) }?;
    Ok(())
}

/// `read(fd, buf, len)`: how many bytes were read (0 at end of file).
pub fn read(kernel: &Kernel, fd: i32, buf: &mut [u8]) -> Result<usize> {
    let args = [
        i64::from(fd),
        ptr_mut(buf.as_mut_ptr()),
        len(buf.len()),
        0,
        0,
        0,
    ];
    // SAFETY: `buf` is writable for `buf.len()` bytes for the whole call.
    let n = unsafe { kernel.syscall(nr::READ, args) }?;
    Ok(n as usize)
}

/// `write(fd, buf, len)`: how many bytes were written.
pub fn write(kernel: &Kernel, fd: i32, buf: &[u8]) -> Result<usize> {
    let args = [i64::from(fd), ptr(buf.as_ptr()), len(buf.len()), 0, 0, 0];
    // SAFETY: `buf` is readable for `buf.len()` bytes for the whole call.
    let n = unsafe { kernel.syscall(nr::WRITE, args) }?;
    Ok(n as usize)
}

/// `lseek(fd, offset, whence)`: the new offset.
#[cfg(target_pointer_width = "64")]
pub fn lseek(kernel: &Kernel, fd: i32, offset: i64, whence: u32) -> Result<u64> {
    let args = [i64::from(fd), offset, i64::from(whence), 0, 0, 0];
    // SAFETY: lseek takes no pointers.
    let offset = unsafe { kernel.syscall(nr::LSEEK, args) }?;
    Ok(offset as u64)
}

/// `lseek(fd, offset, whence)`: the new offset. 32-bit hosts have
/// `llseek(fd, offset_high, offset_low, &result, whence)` instead.
#[cfg(target_pointer_width = "32")]
pub fn lseek(kernel: &Kernel, fd: i32, offset: i64, whence: u32) -> Result<u64> {
    let mut result: u64 = 0;
    let (high, low) = (offset >> 32, offset & 0xffff_ffff);
    let args = [
        i64::from(fd),
        high,
        low,
        ptr_mut(&mut result),
        i64::from(whence),
        0,
    ];
    // SAFETY: `result` is a valid u64 (loff_t) for the whole call.
    unsafe { kernel.syscall(nr::LSEEK, args) }?;
    Ok(result)
}

/// `mkdirat(dirfd, path, mode)`.
pub fn mkdirat(kernel: &Kernel, dirfd: i32, path: &str, mode: u32) -> Result<()> {
    let path = c_string(path)?;
    let args = [
        i64::from(dirfd),
        ptr(path.as_ptr()),
        i64::from(mode),
        0,
        0,
        0,
    ];
    // SAFETY: `path` is a NUL-terminated string alive for the whole call.
    unsafe { kernel.syscall(nr::MKDIRAT, args) }?;
    Ok(())
}

/// `fsync(fd)`: the file's data and metadata reach the disk.
pub fn fsync(kernel: &Kernel, fd: i32) -> Result<()> {
    // SAFETY: fsync takes no pointers.
    unsafe { kernel.syscall(nr::FSYNC, [i64::from(fd), 0, 0, 0, 0, 0]) }?;
    Ok(())
}

/// `pread64(fd, buf, offset)`: reads at `offset` without moving the file
/// offset; how many bytes were read.
pub fn pread(kernel: &Kernel, fd: i32, buf: &mut [u8], offset: i64) -> Result<usize> {
    // On 32-bit hosts the kernel's pread64 takes the offset as one 64-bit
    // argument slot here too (every argument has 64 bits, see
    // kernel/arch/lkl/include/asm/syscall_wrapper.h).
    let args = [i64::from(fd), ptr_mut(buf.as_mut_ptr()), len(buf.len()), offset, 0, 0];
    // SAFETY: `buf` is writable for `buf.len()` bytes for the whole call.
    let n = unsafe { kernel.syscall(nr::PREAD64, args) }?;
    Ok(n as usize)
}

/// `readlinkat(dirfd, path)`: the symlink's target (bytes, as stored).
pub fn readlinkat(kernel: &Kernel, dirfd: i32, path: &str) -> Result<Vec<u8>> {
    let path = c_string(path)?;
    // PATH_MAX: no target is longer.
    let mut buf = vec![0u8; 4096];
    let args = [
        i64::from(dirfd),
        ptr(path.as_ptr()),
        ptr_mut(buf.as_mut_ptr()),
        len(buf.len()),
        0,
        0,
    ];
    // SAFETY: `path` is NUL-terminated and `buf` writable for its length,
    // both alive for the whole call.
    let n = unsafe { kernel.syscall(nr::READLINKAT, args) }?;
    buf.truncate(n as usize);
    Ok(buf)
}

/// `pipe2(fds, flags)`: `[read end, write end]`.
pub fn pipe2(kernel: &Kernel, flags: u32) -> Result<[i32; 2]> {
    let mut fds = [-1i32; 2];
    let args = [ptr_mut(fds.as_mut_ptr()), i64::from(flags), 0, 0, 0, 0];
    // SAFETY: `fds` is a writable int[2] for the whole call.
    unsafe { kernel.syscall(nr::PIPE2, args) }?;
    Ok(fds)
}
