//! The host side of lkl-wasm: everything the kernel asks of its host, as the
//! table `struct lkl_host_operations` (see [`ffi::LklHostOperations`]) that
//! is handed to `lkl_start_kernel`.
//!
//! One implementation per target behind the same interface: `native`
//! (x86_64 and other non-wasm hosts: std threads, Mutex/Condvar, Instant)
//! and, later, `wasm` (Workers, shared memory, atomics).

pub mod ffi;

#[cfg(not(target_arch = "wasm32"))]
mod native;

#[cfg(not(target_arch = "wasm32"))]
pub use native::{host_operations, kernel_log, kernel_panicked, live_threads, wait_threads_exited};
