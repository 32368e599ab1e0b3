//! How many host threads the host started are still running (kernel threads
//! and timer threads), so a test can check that a halt ended them all.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use super::sync::lock;

static LIVE: Mutex<usize> = Mutex::new(0);
static CHANGED: Condvar = Condvar::new();

/// A host thread is about to start.
pub fn started() {
    *lock(&LIVE) += 1;
}

/// A host thread has ended (or failed to start).
pub fn ended() {
    *lock(&LIVE) -= 1;
    CHANGED.notify_all();
}

/// How many host threads are running.
pub fn live_threads() -> usize {
    *lock(&LIVE)
}

/// Waits until no host thread is running; false if some still are after
/// `timeout`. Waits in slices rather than with `wait_timeout_while`, which
/// reads `Instant` (absent on wasm32).
pub fn wait_threads_exited(timeout: Duration) -> bool {
    const SLICE: Duration = Duration::from_millis(10);
    let mut live = lock(&LIVE);
    let mut waited = Duration::ZERO;
    while *live > 0 && waited < timeout {
        live = CHANGED
            .wait_timeout(live, SLICE)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
        waited += SLICE;
    }
    *live == 0
}
