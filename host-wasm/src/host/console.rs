//! The kernel log: everything the kernel prints is kept in a process-wide
//! buffer (read with [`kernel_log`]) and handed to the target's echo as it
//! comes, with its offset in the whole log (stderr natively with
//! `LKL_ECHO_LOG=1`; a JS callback on wasm32).

use std::sync::Mutex;

use super::sync::lock;
use super::target;

/// Past this size the oldest half of the log is dropped.
const LOG_LIMIT: usize = 4 << 20;

struct Log {
    bytes: Vec<u8>,
    /// How many bytes were dropped from the front, ever.
    dropped: u64,
}

static LOG: Mutex<Log> = Mutex::new(Log {
    bytes: Vec::new(),
    dropped: 0,
});

/// Appends kernel console output to the log and echoes it.
pub fn write(bytes: &[u8]) {
    let offset = record(bytes);
    // Outside the lock: the echo may call out of Rust.
    target::console::echo(bytes, offset);
}

/// Appends to the log without echoing; its offset in the whole log. For a
/// thread that has just trapped, which must not call out of Rust.
pub fn record(bytes: &[u8]) -> u64 {
    let mut log = lock(&LOG);
    if log.bytes.len() + bytes.len() > LOG_LIMIT {
        let drop = log.bytes.len().min(LOG_LIMIT / 2);
        log.bytes.drain(..drop);
        log.dropped += drop as u64;
    }
    let offset = log.dropped + log.bytes.len() as u64;
    log.bytes.extend_from_slice(bytes);
    offset
}

/// Hands the whole kept log to the calling thread's echo again, marked as a
/// replay: what other threads printed reaches this thread's copy (on
/// wasm32, the JS side's) even when their own deliveries cannot, as when
/// the kernel stopped while this thread waited.
pub fn replay() {
    let (bytes, offset) = {
        let log = lock(&LOG);
        (log.bytes.clone(), log.dropped)
    };
    target::console::replay(&bytes, offset);
}

/// Everything the kernel has printed so far (invalid UTF-8 replaced).
pub fn kernel_log() -> String {
    String::from_utf8_lossy(&lock(&LOG).bytes).into_owned()
}

/// How many bytes the kernel has printed, ever (dropped ones included).
pub fn kernel_log_len() -> u64 {
    let log = lock(&LOG);
    log.dropped + log.bytes.len() as u64
}
