//! The kernel handle: boot, system calls, log, version, halt.

use core::ffi::{c_long, c_ulong};
use std::ffi::CString;
use std::sync::OnceLock;
use std::time::Duration;

use crate::config::Config;
use crate::errno::Errno;
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::sys::{self, ffi};

/// How long `halt` waits for system calls running on other threads.
const HALT_GRACE: Duration = Duration::from_secs(2);

/// The command line handed to the kernel, kept for the life of the process.
static CMDLINE: OnceLock<CString> = OnceLock::new();

/// A handle to the kernel booted in this process. Clones are handles to
/// the same kernel; it may be used from any number of threads at once.
#[derive(Clone, Debug)]
pub struct Kernel {
    _booted: (),
}

/// clock_settime's clock id of the wall clock.
const CLOCK_REALTIME: i32 = 0;

impl Kernel {
    /// Boots the kernel and returns once init has run.
    ///
    /// Fails with [`Error::AlreadyBooted`] if this process already booted
    /// one (even if it was halted since), [`Error::Boot`] if the kernel
    /// could not boot, and [`Error::KernelNotBuilt`] if this build has no
    /// kernel linked in.
    pub fn boot(config: Config) -> Result<Kernel> {
        if !ffi::KERNEL_LINKED {
            return Err(Error::KernelNotBuilt {
                archive: option_env!("LKL_KERNEL_ARCHIVE").unwrap_or("liblkl.a"),
                command: option_env!("LKL_KERNEL_BUILD_COMMAND")
                    .unwrap_or("build-scripts/build-kernel x86_64"),
            });
        }
        if config.memory_mib == 0 {
            return Err(Error::InvalidInput("memory_mib must be at least 1"));
        }
        let mem_size = config
            .memory_mib
            .checked_mul(1 << 20)
            .and_then(|bytes| c_ulong::try_from(bytes).ok())
            .ok_or(Error::InvalidInput("memory_mib is too large"))?;
        let cmdline = CString::new(config.cmdline)
            .map_err(|_| Error::InvalidInput("the command line contains a NUL byte"))?;

        lifecycle::begin_boot()?;
        lkl_host::virtio::set_irq_raiser(raise_irq);
        let cmdline = CMDLINE.get_or_init(|| cmdline);
        // SAFETY: the host operations table is 'static, `cmdline` is
        // NUL-terminated and lives for the rest of the process, and the
        // lifecycle lets exactly one boot through per process.
        let ret = unsafe {
            ffi::lkl_start_kernel(lkl_host::host_operations(), mem_size, cmdline.as_ptr())
        };
        lifecycle::end_boot(ret == 0);
        // The kernel fails a boot it panicked in with ENOTRECOVERABLE
        // (before the host's panic operation has run).
        if ret == -Errno::ENOTRECOVERABLE.0 {
            return Err(Error::Panicked);
        }
        if ret < 0 {
            return Err(Error::Boot(Errno(-ret)));
        }
        let kernel = Kernel { _booted: () };
        // The kernel has no wall clock of its own (its realtime clock would
        // start at 1970): files it creates get the host's time.
        let now = lkl_host::wall_clock_ns();
        let time = sys::Timespec {
            tv_sec: i64::try_from(now / 1_000_000_000).unwrap_or(i64::MAX),
            tv_nsec: i64::try_from(now % 1_000_000_000).unwrap_or(0),
        };
        sys::clock_settime(&kernel, CLOCK_REALTIME, time)?;
        Ok(kernel)
    }

    /// Runs system call `nr` (see [`sys::nr`]) with six arguments on the
    /// calling thread. A return value in -4095..=-1 is an error.
    ///
    /// Fails with [`Error::Halted`] once the kernel is halted, without
    /// entering it. While a [`halt`](Kernel::halt) is waiting for calls in
    /// flight, a new call waits for its outcome.
    ///
    /// # Safety
    ///
    /// The kernel reads and writes host memory directly: every argument
    /// that the system call treats as a pointer must be valid for the
    /// reads and writes that call makes, for the whole call.
    pub unsafe fn syscall(&self, nr: i64, args: [i64; 6]) -> Result<i64> {
        let _call = lifecycle::enter()?;
        // Every argument has a 64-bit slot, on 32-bit hosts too.
        let mut params = args;
        // SAFETY: the lifecycle gate guarantees a booted kernel that is not
        // halting while this call is in flight; `params` holds the 6 slots
        // lkl_syscall reads; pointer arguments are valid per this
        // function's contract.
        let ret = ffi::long_to_i64(unsafe { ffi::lkl_syscall(nr as c_long, params.as_mut_ptr()) });
        match Errno::from_ret(ret) {
            Some(errno) => Err(Error::Errno(errno)),
            None => Ok(ret),
        }
    }

    /// A handle on the kernel this process (or wasm instance) booted, from
    /// any thread; [`Error::Halted`] if none is running.
    pub fn attach() -> Result<Kernel> {
        if lifecycle::is_running() {
            Ok(Kernel { _booted: () })
        } else {
            Err(Error::Halted)
        }
    }

    /// Ends the calling thread's kernel task (a thread of pid 1) now rather
    /// than when the thread ends; its next system call gets a new one. For
    /// threads that end without running thread-local destructors, such as
    /// a Worker about to be terminated: without it their tasks stay.
    pub fn detach_thread(&self) -> Result<()> {
        let _call = lifecycle::enter()?;
        // SAFETY: the gate guarantees a running kernel that is not halting.
        let ret = unsafe { ffi::lkl_thread_detach() };
        match Errno::from_ret(i64::from(ret)) {
            Some(errno) => Err(Error::Errno(errno)),
            None => Ok(()),
        }
    }

    /// Everything the kernel has printed so far (the boot log and after).
    pub fn log(&self) -> String {
        lkl_host::kernel_log()
    }

    /// The kernel release, e.g. `"6.12.57"` (from uname).
    pub fn version(&self) -> Result<String> {
        Ok(sys::uname(self)?.release)
    }

    /// Whether the kernel is running (booted and not halted).
    pub fn is_running(&self) -> bool {
        // SAFETY: lkl_is_running only reads a flag.
        lifecycle::is_running() && unsafe { ffi::lkl_is_running() } != 0
    }

    /// Stops the kernel when a system call stays in it longer than `limit`
    /// (`None`, the default: never), so that a call stuck waiting (a
    /// deadlock, a device that never answers) fails with
    /// [`Error::Panicked`] instead of blocking its thread for good (on
    /// wasm32; natively the stuck thread stays parked, as after a panic).
    pub fn set_call_timeout(&self, limit: Option<Duration>) -> Result<()> {
        lifecycle::set_call_timeout(limit)
    }

    /// Whether the kernel has stopped: a panic, or (wasm32) a trap in any
    /// of its threads.
    pub fn panicked(&self) -> bool {
        lkl_host::kernel_stopped()
    }

    /// Syncs and shuts the kernel down, stopping all its threads. System
    /// calls on other handles fail with [`Error::Halted`] afterwards.
    ///
    /// Fails with [`Error::Busy`] (and the kernel keeps running) if system
    /// calls on other threads are still running after a short grace time,
    /// and with [`Error::Panicked`] if the kernel had panicked (it is over
    /// all the same).
    pub fn halt(self) -> Result<()> {
        lifecycle::begin_halt(HALT_GRACE)?;
        // SAFETY: the gate is closed and no system call is in flight, so
        // nothing enters the kernel while it goes down.
        let ret = ffi::long_to_i64(unsafe { ffi::lkl_halt() });
        // SAFETY: lkl_is_running only reads a flag.
        let halted = ret == 0 || unsafe { ffi::lkl_is_running() } == 0;
        lifecycle::end_halt(halted);
        match Errno::from_ret(ret) {
            Some(errno) => Err(Error::Errno(errno)),
            None => Ok(()),
        }
    }
}

/// How host devices raise their interrupts.
fn raise_irq(irq: i32) -> i32 {
    // SAFETY: lkl_trigger_irq only sets a pending bit and runs handlers if
    // it can take the CPU; any thread may call it while the kernel runs.
    unsafe { ffi::lkl_trigger_irq(irq) }
}
