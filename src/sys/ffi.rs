//! The kernel's entry points (`kernel/arch/lkl/include/uapi/asm/host_ops.h`),
//! exported by `liblkl.a`. In a build without the archive (see `build.rs`)
//! they are replaced by stubs that never reach a kernel, and
//! [`KERNEL_LINKED`] is false.

use core::ffi::c_long;

/// Whether `liblkl.a` was linked into this build.
pub const KERNEL_LINKED: bool = !cfg!(lkl_kernel_missing);

/// A C `long` result as i64: the same type on 64-bit hosts, widened on
/// wasm32 (where `long` is 32 bits).
#[allow(clippy::useless_conversion, reason = "c_long is 32 bits on wasm32")]
pub fn long_to_i64(value: c_long) -> i64 {
    i64::from(value)
}

#[cfg(not(lkl_kernel_missing))]
pub use linked::*;
#[cfg(lkl_kernel_missing)]
pub use missing::*;

#[cfg(not(lkl_kernel_missing))]
mod linked {
    use core::ffi::{c_char, c_int, c_long, c_ulong};

    use lkl_host::ffi::LklHostOperations;

    extern "C" {
        /// Boots with `mem_size` bytes of RAM and the NUL-terminated
        /// `cmdline`; 0 once init has run, or a negative errno.
        pub fn lkl_start_kernel(
            ops: *const LklHostOperations,
            mem_size: c_ulong,
            cmdline: *const c_char,
        ) -> c_int;
        /// Runs syscall `nr` with the 6 `params` on the calling thread;
        /// the result or a negative errno.
        pub fn lkl_syscall(nr: c_long, params: *mut i64) -> c_long;
        /// Ends the calling thread's kernel task; 0 or a negative errno.
        pub fn lkl_thread_detach() -> c_int;
        /// Raises interrupt `irq` (any thread); 0 or -EINVAL.
        pub fn lkl_trigger_irq(irq: c_int) -> c_int;
        /// Syncs, shuts down, stops and joins every kernel thread, frees
        /// the kernel's memory; 0 or a negative errno.
        pub fn lkl_halt() -> c_long;
        /// Nonzero while the kernel runs.
        pub fn lkl_is_running() -> c_int;
    }
}

/// Stand-ins with the same signatures; `Kernel::boot` refuses to start
/// when [`KERNEL_LINKED`] is false, so they are never reached.
#[cfg(lkl_kernel_missing)]
#[allow(clippy::missing_safety_doc)]
mod missing {
    use core::ffi::{c_char, c_int, c_long, c_ulong};

    use lkl_host::ffi::LklHostOperations;

    const ENOSYS: c_int = 38;

    pub unsafe fn lkl_start_kernel(
        _ops: *const LklHostOperations,
        _mem_size: c_ulong,
        _cmdline: *const c_char,
    ) -> c_int {
        -ENOSYS
    }

    pub unsafe fn lkl_syscall(_nr: c_long, _params: *mut i64) -> c_long {
        -c_long::from(ENOSYS)
    }

    pub unsafe fn lkl_thread_detach() -> c_int {
        -ENOSYS
    }

    pub unsafe fn lkl_trigger_irq(_irq: c_int) -> c_int {
        -ENOSYS
    }

    pub unsafe fn lkl_halt() -> c_long {
        -c_long::from(ENOSYS)
    }

    pub unsafe fn lkl_is_running() -> c_int {
        0
    }
}
