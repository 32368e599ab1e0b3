//! Raw system calls: the kernel's entry points ([`ffi`]), syscall numbers
//! ([`nr`]), UAPI constants ([`consts`]) and typed wrappers, one per
//! system call, over [`Kernel::syscall`](crate::Kernel::syscall).
//!
//! The wrappers are thin: Linux semantics, Linux flags, errors as errno.

mod args;
mod changes;
pub mod consts;
mod dirent;
pub mod ffi;
mod files;
mod mount;
pub mod nr;
mod process;
mod statx;
mod utsname;
mod xattr;

pub use changes::{
    clock_settime, fchmodat, fchownat, ftruncate, linkat, pwrite, renameat2, statfs, symlinkat, sync, unlinkat, utimensat, Statfs,
    Timespec,
};
pub use dirent::{getdents64, parse_dirents, read_dir, DirEntry};
pub use files::{close, fsync, lseek, mkdirat, openat, pipe2, pread, read, readlinkat, write};
pub use mount::{mount, umount2};
pub use process::{getpid, gettid, nanosleep, umask, KernelTimespec};
pub use statx::{statx, Statx, StatxTimestamp};
pub use utsname::{uname, NewUtsname, Utsname};
pub use xattr::{lgetxattr, llistxattr};
