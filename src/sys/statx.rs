//! statx (this crate never uses stat: statx has one layout everywhere).

use super::args::{c_string, ptr, ptr_mut};
use super::consts::{S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};
use super::nr;
use crate::error::Result;
use crate::Kernel;

/// `struct statx_timestamp`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatxTimestamp {
    pub tv_sec: i64,
    pub tv_nsec: u32,
    pub reserved: i32,
}

/// `struct statx` (`include/uapi/linux/stat.h`, 0x100 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Statx {
    pub stx_mask: u32,
    pub stx_blksize: u32,
    pub stx_attributes: u64,
    pub stx_nlink: u32,
    pub stx_uid: u32,
    pub stx_gid: u32,
    pub stx_mode: u16,
    pub spare0: [u16; 1],
    pub stx_ino: u64,
    pub stx_size: u64,
    pub stx_blocks: u64,
    pub stx_attributes_mask: u64,
    pub stx_atime: StatxTimestamp,
    pub stx_btime: StatxTimestamp,
    pub stx_ctime: StatxTimestamp,
    pub stx_mtime: StatxTimestamp,
    pub stx_rdev_major: u32,
    pub stx_rdev_minor: u32,
    pub stx_dev_major: u32,
    pub stx_dev_minor: u32,
    pub stx_mnt_id: u64,
    pub stx_dio_mem_align: u32,
    pub stx_dio_offset_align: u32,
    pub stx_subvol: u64,
    pub stx_atomic_write_unit_min: u32,
    pub stx_atomic_write_unit_max: u32,
    pub stx_atomic_write_segments_max: u32,
    pub spare1: [u32; 1],
    pub spare3: [u64; 9],
}

const _: () = assert!(size_of::<StatxTimestamp>() == 16);
const _: () = assert!(size_of::<Statx>() == 0x100);
const _: () = assert!(std::mem::offset_of!(Statx, stx_ino) == 0x20);
const _: () = assert!(std::mem::offset_of!(Statx, stx_atime) == 0x40);
const _: () = assert!(std::mem::offset_of!(Statx, stx_rdev_major) == 0x80);
const _: () = assert!(std::mem::offset_of!(Statx, stx_subvol) == 0xa0);
const _: () = assert!(std::mem::offset_of!(Statx, spare3) == 0xb8);

impl Statx {
    /// The file type bits (`S_IFREG`, `S_IFDIR`, ...).
    pub fn file_type(&self) -> u32 {
        u32::from(self.stx_mode) & S_IFMT
    }

    /// The permission bits (including setuid, setgid, sticky).
    pub fn permissions(&self) -> u32 {
        u32::from(self.stx_mode) & 0o7777
    }

    pub fn is_dir(&self) -> bool {
        self.file_type() == S_IFDIR
    }

    pub fn is_file(&self) -> bool {
        self.file_type() == S_IFREG
    }

    pub fn is_symlink(&self) -> bool {
        self.file_type() == S_IFLNK
    }
}

/// `statx(dirfd, path, flags, mask, &buf)`.
pub fn statx(kernel: &Kernel, dirfd: i32, path: &str, flags: u32, mask: u32) -> Result<Statx> {
    let path = c_string(path)?;
    let mut buf = Statx::default();
    let args = [
        i64::from(dirfd),
        ptr(path.as_ptr()),
        i64::from(flags),
        i64::from(mask),
        ptr_mut(&mut buf),
        0,
    ];
    // SAFETY: `path` is a NUL-terminated string and `buf` a writable
    // struct statx, both alive for the whole call.
    unsafe { kernel.syscall(nr::STATX, args) }?;
    Ok(buf)
}
