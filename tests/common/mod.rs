//! One kernel per test binary: a process can boot only once.

#[allow(dead_code)]
pub mod fs;
#[allow(dead_code)]
pub mod images;

use std::sync::OnceLock;

use lkl_wasm::{Config, Kernel};

/// The test binary's kernel, booted by the first test that asks.
pub fn kernel() -> &'static Kernel {
    static KERNEL: OnceLock<Result<Kernel, String>> = OnceLock::new();
    let booted = KERNEL.get_or_init(|| {
        Kernel::boot(Config::default()).map_err(|e| {
            format!(
                "boot failed: {e}\n--- kernel log ---\n{}",
                lkl_host::kernel_log()
            )
        })
    });
    match booted {
        Ok(kernel) => kernel,
        Err(message) => panic!("{message}"),
    }
}
