//! The host side of lkl-wasm: everything the kernel asks of its host, as the
//! table `struct lkl_host_operations` (see [`ffi::LklHostOperations`]) that
//! is handed to `lkl_start_kernel`.
//!
//! One implementation behind the same interface, with the target-specific
//! parts in `host/native/` (x86_64: std threads, Instant) and `host/wasm/`
//! (wasm32: Workers, shared memory, atomics).

pub mod ffi;
mod host;

#[cfg(target_arch = "wasm32")]
pub use host::{set_log_sink, set_pool_low_hook, worker_main, LogSink, PoolLowHook};
pub use host::virtio;
pub use host::{
    host_operations, kernel_log, kernel_log_len, kernel_stopped, live_threads, wait_threads_exited, wall_clock_ns, stop_kernel, stop_kernel_after_trap, Ticket, Watchdog,
};
