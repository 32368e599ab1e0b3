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

/// Runs as each thread's instance starts: when the glue catches a trap in
/// any thread (a fault in kernel code), the kernel stops for every thread
/// (see `stop`), so none is left waiting in it. (A hidden wasm-bindgen
/// API; pool Workers also call the `stopKernel` export after a trap, so
/// kernel threads do not depend on it.)
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn on_instance_start() {
    wasm_bindgen::handler::set_on_abort(super::stop::stop_kernel_after_trap);
}
