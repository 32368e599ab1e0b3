//! One-shot timers: one host thread per timer waits on a Condvar with a
//! timeout. Arming again replaces the pending expiry; dropping the timer
//! cancels it and waits for a running callback to finish. The callback never
//! runs with the timer's lock held, so it may re-arm the timer. Deadlines are
//! read from the host clock module (wasm32 has no `Instant`).

use std::io;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use super::sync::{lock, wait};
use super::{clock, stop, thread};

/// What a timer runs when due; `Some(delay)` runs it again after `delay`
/// (a periodic timer), `None` leaves the timer unarmed (it may have re-armed
/// itself meanwhile).
pub type Callback = Box<dyn Fn() -> Option<Duration> + Send + Sync>;

struct State {
    /// When the callback is due (clock ns); `None` when not armed.
    deadline: Option<u64>,
    closing: bool,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    callback: Callback,
}

pub struct Timer {
    shared: Arc<Shared>,
    worker: thread::ThreadId,
}

impl Timer {
    pub fn new(callback: Callback) -> io::Result<Timer> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                deadline: None,
                closing: false,
            }),
            changed: Condvar::new(),
            callback,
        });
        let worker_shared = Arc::clone(&shared);
        let worker = thread::spawn(move || run(&worker_shared))
            .ok_or_else(|| io::Error::other("no host thread for the timer"))?;
        Ok(Timer { shared, worker })
    }

    /// Calls the callback once after `delay` (replacing any pending expiry).
    pub fn set_oneshot(&self, delay: Duration) {
        let delay = u64::try_from(delay.as_nanos()).unwrap_or(u64::MAX);
        lock(&self.shared.state).deadline = clock::monotonic_ns().checked_add(delay);
        self.shared.changed.notify_all();
    }

    /// Drops any pending expiry.
    pub fn cancel(&self) {
        lock(&self.shared.state).deadline = None;
        self.shared.changed.notify_all();
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        {
            let mut state = lock(&self.shared.state);
            state.deadline = None;
            state.closing = true;
        }
        self.shared.changed.notify_all();
        // Freed from its own callback: its thread ends once that returns.
        thread::join(self.worker);
    }
}

/// The timer thread: sleep until due, run the callback unlocked, repeat.
fn run(shared: &Shared) {
    let mut state = lock(&shared.state);
    loop {
        if state.closing {
            return;
        }
        match state.deadline {
            None => state = wait(&shared.changed, state),
            Some(deadline) => {
                let now = clock::monotonic_ns();
                if now >= deadline {
                    if stop::kernel_stopped() {
                        // The callback would enter a kernel that is over.
                        return;
                    }
                    state.deadline = None;
                    drop(state);
                    let again = (shared.callback)();
                    state = lock(&shared.state);
                    if let Some(delay) = again {
                        let delay = u64::try_from(delay.as_nanos()).unwrap_or(u64::MAX);
                        state.deadline = clock::monotonic_ns().checked_add(delay);
                    }
                } else {
                    state = shared
                        .changed
                        .wait_timeout(state, Duration::from_nanos(deadline - now))
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
            }
        }
    }
}
