//! Process-level system calls: getpid, gettid, umask, nanosleep.

use std::time::Duration;

use super::args::ptr;
use super::nr;
use crate::error::Result;
use crate::Kernel;

/// `struct __kernel_timespec`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KernelTimespec {
    pub tv_sec: i64,
    pub tv_nsec: i64,
}

impl From<Duration> for KernelTimespec {
    fn from(d: Duration) -> Self {
        KernelTimespec {
            tv_sec: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(d.subsec_nanos()),
        }
    }
}

/// `getpid()`.
pub fn getpid(kernel: &Kernel) -> Result<i32> {
    // SAFETY: getpid takes no pointers.
    let pid = unsafe { kernel.syscall(nr::GETPID, [0; 6]) }?;
    Ok(pid as i32)
}

/// `gettid()`: the calling thread's task id.
pub fn gettid(kernel: &Kernel) -> Result<i32> {
    // SAFETY: gettid takes no pointers.
    let tid = unsafe { kernel.syscall(nr::GETTID, [0; 6]) }?;
    Ok(tid as i32)
}

/// `umask(mask)`: sets the file mode creation mask, returns the old one.
pub fn umask(kernel: &Kernel, mask: u32) -> Result<u32> {
    // SAFETY: umask takes no pointers.
    let old = unsafe { kernel.syscall(nr::UMASK, [i64::from(mask), 0, 0, 0, 0, 0]) }?;
    Ok(old as u32)
}

/// Sleeps for `duration`: `clock_nanosleep(CLOCK_MONOTONIC, 0, duration,
/// NULL)` (the call with a 64-bit timespec on every host).
pub fn nanosleep(kernel: &Kernel, duration: Duration) -> Result<()> {
    const CLOCK_MONOTONIC: i64 = 1;
    let request = KernelTimespec::from(duration);
    // SAFETY: `request` is a valid timespec for the whole call; the
    // remaining-time pointer is NULL.
    unsafe {
        kernel.syscall(
            nr::CLOCK_NANOSLEEP,
            [CLOCK_MONOTONIC, 0, ptr(&request), 0, 0, 0],
        )
    }?;
    Ok(())
}
