//! The host operations, for both targets. The safe building blocks live in
//! one module each and `ops` turns them into the C table (all the `unsafe`
//! is there). Most blocks are the same everywhere (std's Mutex and Condvar
//! work across Workers once std is built with atomics); threads, the
//! clock, RAM and the non-local exits differ per target:
//! `native/` (std threads, Instant) and `wasm/` (Workers, JS clock).

mod console;
mod live;
mod ops;
mod ram_blocks;
mod sem;
mod stop;
mod sync;
mod timer;
mod tls;
mod watchdog;
pub mod virtio;

#[cfg(not(target_arch = "wasm32"))]
#[path = "native/mod.rs"]
mod target;
#[cfg(target_arch = "wasm32")]
#[path = "wasm/mod.rs"]
mod target;

use target::{clock, jmp, memory, thread};

pub use clock::wall_clock_ns;
pub use console::{kernel_log, kernel_log_len};
pub use live::{live_threads, wait_threads_exited};
pub use ops::host_operations;
pub use stop::{kernel_stopped, stop_kernel, stop_kernel_after_trap};
pub use watchdog::{Ticket, Watchdog};
#[cfg(target_arch = "wasm32")]
pub use target::{set_log_sink, set_pool_low_hook, worker_main, LogSink, PoolLowHook};
