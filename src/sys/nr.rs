//! System call numbers: the asm-generic table for 64-bit
//! (`include/uapi/asm-generic/unistd.h` in Linux 6.12), which the arch
//! port uses (`kernel/arch/lkl/include/uapi/asm/unistd.h`).
//!
//! Only calls this crate wraps are listed; look others up in that header
//! (for 64-bit, `__NR3264_x` is `__NR_x`).
//!
//! wasm32 uses the 32-bit table: the same numbers, except where noted
//! (32-bit time and offsets have their own calls there).

pub const LGETXATTR: i64 = 9;
pub const LLISTXATTR: i64 = 12;
pub const GETCWD: i64 = 17;
pub const DUP: i64 = 23;
pub const DUP3: i64 = 24;
pub const FCNTL: i64 = 25;
pub const IOCTL: i64 = 29;
pub const MKDIRAT: i64 = 34;
pub const UNLINKAT: i64 = 35;
pub const SYMLINKAT: i64 = 36;
pub const LINKAT: i64 = 37;
pub const UMOUNT2: i64 = 39;
pub const MOUNT: i64 = 40;
/// 32-bit hosts: `statfs64(path, size, buf)` has this number.
pub const STATFS: i64 = 43;
pub const FTRUNCATE: i64 = 46;
pub const CHDIR: i64 = 49;
pub const FCHMODAT: i64 = 53;
pub const FCHOWNAT: i64 = 54;
pub const OPENAT: i64 = 56;
pub const CLOSE: i64 = 57;
pub const PIPE2: i64 = 59;
pub const GETDENTS64: i64 = 61;
/// On 32-bit hosts number 62 is `llseek(fd, high, low, &result, whence)`.
pub const LSEEK: i64 = 62;
pub const READ: i64 = 63;
pub const WRITE: i64 = 64;
pub const PREAD64: i64 = 67;
pub const PWRITE64: i64 = 68;
pub const READLINKAT: i64 = 78;
pub const FSTAT: i64 = 80;
pub const SYNC: i64 = 81;
pub const FSYNC: i64 = 82;
/// `utimensat` with 64-bit timespecs (`utimensat_time64` on 32-bit).
#[cfg(target_pointer_width = "64")]
pub const UTIMENSAT: i64 = 88;
#[cfg(target_pointer_width = "32")]
pub const UTIMENSAT: i64 = 412;
/// 64-bit only: 32-bit hosts have no 32-bit-time calls (use CLOCK_NANOSLEEP).
pub const NANOSLEEP: i64 = 101;
pub const CLOCK_GETTIME: i64 = 113;
/// `clock_settime` with a 64-bit timespec (`clock_settime64` on 32-bit).
#[cfg(target_pointer_width = "64")]
pub const CLOCK_SETTIME: i64 = 112;
#[cfg(target_pointer_width = "32")]
pub const CLOCK_SETTIME: i64 = 404;
pub const SCHED_YIELD: i64 = 124;
pub const UNAME: i64 = 160;
pub const UMASK: i64 = 166;
pub const GETPID: i64 = 172;
pub const GETUID: i64 = 174;
pub const GETTID: i64 = 178;
pub const RENAMEAT2: i64 = 276;
pub const STATX: i64 = 291;

/// `clock_nanosleep` with a 64-bit timespec (`clock_nanosleep_time64` on 32-bit).
#[cfg(target_pointer_width = "64")]
pub const CLOCK_NANOSLEEP: i64 = 115;
#[cfg(target_pointer_width = "32")]
pub const CLOCK_NANOSLEEP: i64 = 407;

/// lkl-wasm's own: probe the virtio-mmio device the host set up in a slot
/// (`__NR_arch_specific_syscall + 0`, kernel/arch/lkl/kernel/virtio.c).
pub const VIRTIO_MMIO_DEVICE_ADD: i64 = 244;
/// lkl-wasm's own: remove the device in a slot.
pub const VIRTIO_MMIO_DEVICE_REMOVE: i64 = 245;
