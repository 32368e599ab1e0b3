//! The kernel's end: a panic, or (on wasm32) a trap in any of its threads.
//! Either way the kernel is over for the whole instance: the host records
//! it, wakes every thread asleep in the kernel, and none of them returns to
//! kernel code. On wasm32 each such thread traps, so its JS caller gets an
//! exception (a call on the main thread a `RuntimeError`, a pool Worker an
//! error event) rather than a wait that never ends; natively they are
//! parked for good. The process lives on; the API layer refuses later calls.

use std::sync::atomic::{AtomicBool, Ordering};

use super::{console, sem};

static STOPPED: AtomicBool = AtomicBool::new(false);

/// Whether the kernel has stopped (panicked or trapped) in this process
/// (or wasm instance).
pub fn kernel_stopped() -> bool {
    STOPPED.load(Ordering::SeqCst)
}

/// Records that the kernel is over and wakes the threads asleep in it (a
/// panic, the watchdog).
pub fn stop_kernel() {
    if STOPPED.swap(true, Ordering::SeqCst) {
        return;
    }
    sem::wake_all(false);
    console::record(STOPPED_LINE);
}

/// `stop_kernel` from a thread that has just trapped (wasm-bindgen's abort
/// hook, or the `stopKernel` export a pool Worker calls): no call out of
/// Rust, and no waiting for a lock the trapped code may hold for good.
/// Waking comes first; the log line is a nicety.
pub fn stop_kernel_after_trap() {
    if STOPPED.swap(true, Ordering::SeqCst) {
        return;
    }
    sem::wake_all(true);
    console::record_after_trap(STOPPED_LINE);
}

const STOPPED_LINE: &[u8] = b"lkl-host: the kernel has stopped; threads waiting in it are ended\n";

/// The panic host operation: stop, then leave.
pub fn end_panicking_thread() -> ! {
    console::write(b"lkl-host: kernel panic\n");
    stop_kernel();
    leave_kernel()
}

/// Leaves the kernel for good from the calling thread, after handing it
/// the whole log (its caller's error tells why the kernel stopped, though
/// that was printed on other threads).
pub fn leave_kernel() -> ! {
    console::replay();
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    loop {
        std::thread::park();
    }
}
