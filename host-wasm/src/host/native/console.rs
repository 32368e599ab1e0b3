//! Native echo of the kernel log: to stderr when the environment has
//! `LKL_ECHO_LOG=1`.

use std::io::Write;
use std::sync::OnceLock;

fn echo_enabled() -> bool {
    static ECHO: OnceLock<bool> = OnceLock::new();
    *ECHO.get_or_init(|| std::env::var_os("LKL_ECHO_LOG").is_some_and(|v| v == "1"))
}

/// `_offset`: where `bytes` start in the whole log (unused here).
pub fn echo(bytes: &[u8], _offset: u64) {
    if echo_enabled() {
        // Nothing sensible to do if stderr is gone.
        let _ = std::io::stderr().write_all(bytes);
    }
}

/// Natively the log is read from the buffer itself: nothing to hand over.
pub fn wants_replay() -> bool {
    false
}

pub fn replay(_bytes: &[u8], _offset: u64) {}
