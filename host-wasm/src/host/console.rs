//! The kernel log: everything the kernel prints is kept in a process-wide
//! buffer (read with [`kernel_log`]) and handed to the target's echo as it
//! comes, with its offset in the whole log (stderr natively with
//! `LKL_ECHO_LOG=1`; a JS callback on wasm32).

use std::sync::Mutex;

use super::sync::{lock, try_lock_a_while};
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

/// Appends to the log without echoing; its offset in the whole log.
pub fn record(bytes: &[u8]) -> u64 {
    append(&mut lock(&LOG), bytes)
}

/// `record` for a thread that has just trapped: it must not call out of
/// Rust, nor wait for a lock another trapped thread may hold (then the
/// bytes are dropped).
pub fn record_after_trap(bytes: &[u8]) {
    if let Some(mut log) = try_lock_a_while(&LOG) {
        append(&mut log, bytes);
    }
}

fn append(log: &mut Log, bytes: &[u8]) -> u64 {
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
/// the kernel stopped while this thread waited. Only the target decides
/// whether it wants one (natively the log is read from the buffer itself).
pub fn replay() {
    if !target::console::wants_replay() {
        return;
    }
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
