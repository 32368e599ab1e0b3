//! The JavaScript face of the wasm32 module (wasm-bindgen), thin over the
//! Rust API. The JS loader (`js/`) starts the Worker pool, each Worker
//! calling [`worker_main`], before anything boots.

use wasm_bindgen::prelude::*;

use crate::{sys, Config, Error, Kernel};

fn js_error(error: Error) -> JsError {
    JsError::new(&error.to_string())
}

/// Runs a pool Worker for good: it waits for host threads to run.
#[wasm_bindgen(js_name = workerMain)]
pub fn worker_main() {
    lkl_host::worker_main();
}

/// The booted kernel, for JavaScript.
#[wasm_bindgen(js_name = Kernel)]
pub struct JsKernel(Kernel);

#[wasm_bindgen(js_class = Kernel)]
impl JsKernel {
    /// Boots the kernel (blocks until init runs: not on a browser's main
    /// thread).
    pub fn boot(memory_mib: u32, cmdline: String) -> Result<JsKernel, JsError> {
        let config = Config {
            memory_mib: memory_mib as usize,
            cmdline,
        };
        Kernel::boot(config).map(JsKernel).map_err(js_error)
    }

    /// The kernel release, e.g. "6.12.117".
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> Result<String, JsError> {
        self.0.version().map_err(js_error)
    }

    /// Everything the kernel has printed so far.
    #[wasm_bindgen(getter)]
    pub fn log(&self) -> String {
        self.0.log()
    }

    /// The pid of the calling thread's task.
    pub fn getpid(&self) -> Result<i32, JsError> {
        sys::getpid(&self.0).map_err(js_error)
    }

    /// uname's fields: sysname, nodename, release, version, machine.
    pub fn uname(&self) -> Result<Vec<String>, JsError> {
        let uts = sys::uname(&self.0).map_err(js_error)?;
        Ok(vec![
            uts.sysname,
            uts.nodename,
            uts.release,
            uts.version,
            uts.machine,
        ])
    }

    /// Shuts the kernel down.
    pub fn halt(self) -> Result<(), JsError> {
        self.0.halt().map_err(js_error)
    }
}
