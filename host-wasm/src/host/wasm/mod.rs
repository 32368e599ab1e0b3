//! The wasm32 parts: host threads are Workers from a pool the JS side
//! starts (each runs [`worker_main`]), the clock is the JS one, RAM comes
//! from the Rust allocator, and the non-local exits are WebAssembly
//! exceptions (`host-wasm/wasm/*.c`).

pub mod blob_disk;
pub mod clock;
pub mod console;
pub mod jmp;
pub mod js_disk;
pub mod memory;
pub mod thread;

pub use console::{set_log_sink, LogSink};
pub use thread::{set_pool_low_hook, worker_main, PoolLowHook};
