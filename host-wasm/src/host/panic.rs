//! Kernel panics: the host records the panic and the panicking thread never
//! returns to the kernel. Natively it is parked for good; on wasm32 it traps,
//! so its JS caller gets an exception (the main thread or an attached Worker
//! gets a `RuntimeError` from its call; a pool Worker ends with an error
//! event) instead of a thread blocked forever. Either way the process lives
//! on; the API layer refuses further calls.

use std::sync::atomic::{AtomicBool, Ordering};

use super::console;

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Whether the kernel has panicked in this process (or wasm instance).
pub fn kernel_panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// Records the panic, then leaves the kernel for good.
pub fn end_panicking_thread() -> ! {
    PANICKED.store(true, Ordering::SeqCst);
    console::write(b"lkl-host: kernel panic; the kernel has stopped\n");
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    loop {
        std::thread::park();
    }
}
