//! Kernel panics: the host records the panic and parks the panicking thread
//! for good. It never returns to the kernel and never takes the process
//! down; what happens next is up to the API layer.

use std::sync::atomic::{AtomicBool, Ordering};

use super::console;

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Whether the kernel has panicked in this process.
pub fn kernel_panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// Records the panic, then parks the calling thread forever.
pub fn park_forever() -> ! {
    PANICKED.store(true, Ordering::SeqCst);
    let note = "lkl-host: kernel panic; the panicking thread is parked for good\n";
    console::write(note.as_bytes());
    loop {
        std::thread::park();
    }
}
