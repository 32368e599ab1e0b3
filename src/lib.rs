//! lkl-wasm: the Linux kernel as a library.
//!
//! Boot the kernel inside this process with [`Kernel::boot`], make system
//! calls (raw with [`Kernel::syscall`], or typed through [`sys`]), read its
//! log and halt it. The kernel reaches the host only through the host
//! operations of the `lkl-host` crate.
//!
//! Natively one process can boot one kernel, once: the kernel's state is
//! global and a halted kernel cannot be booted again.

mod config;
mod disks;
mod errno;
mod error;
pub mod fs;
mod kernel;
mod lifecycle;
pub mod sys;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use config::Config;
pub use disks::{AttachedDisk, Disk, DiskLayout, MemoryDisk, OverlayDisk, Partition};
#[cfg(unix)]
pub use disks::FileDisk;
pub use errno::Errno;
pub use error::{Error, Result};
pub use kernel::Kernel;
