//! The kernel log: everything the kernel prints is kept in a process-wide
//! buffer (read with [`kernel_log`]) and echoed to stderr when the
//! environment has `LKL_ECHO_LOG=1`.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use super::sync::lock;

/// Past this size the oldest half of the log is dropped.
const LOG_LIMIT: usize = 4 << 20;

static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Whether console output is echoed to stderr (`LKL_ECHO_LOG=1`).
pub fn echo_enabled() -> bool {
    static ECHO: OnceLock<bool> = OnceLock::new();
    *ECHO.get_or_init(|| std::env::var_os("LKL_ECHO_LOG").is_some_and(|v| v == "1"))
}

/// Appends kernel console output to the log.
pub fn write(bytes: &[u8]) {
    let mut log = lock(&LOG);
    if log.len() + bytes.len() > LOG_LIMIT {
        let drop = log.len().min(LOG_LIMIT / 2);
        log.drain(..drop);
    }
    log.extend_from_slice(bytes);
    if echo_enabled() {
        // Nothing sensible to do if stderr is gone.
        let _ = std::io::stderr().write_all(bytes);
    }
}

/// Everything the kernel has printed so far (invalid UTF-8 replaced).
pub fn kernel_log() -> String {
    String::from_utf8_lossy(&lock(&LOG)).into_owned()
}
