//! The native host (x86_64 and other non-wasm targets): std threads,
//! Mutex/Condvar, Instant. The safe building blocks live in one module
//! each; `ops` turns them into the C table and holds all the `unsafe`.

mod clock;
mod console;
mod jmp;
mod memory;
mod mutex;
mod ops;
mod panic;
mod sem;
mod sync;
mod thread;
mod timer;
mod tls;

pub use console::kernel_log;
pub use ops::host_operations;
pub use panic::kernel_panicked;
pub use thread::{live_threads, wait_threads_exited};
