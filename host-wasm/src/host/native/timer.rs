//! One-shot timers: one host thread per timer waits on a Condvar with a
//! timeout. Arming again replaces the pending expiry; dropping the timer
//! cancels it and waits for a running callback to finish. The callback
//! never runs with the timer's lock held, so it may re-arm the timer.

use std::io;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::thread;
use crate::host::sync::{lock, wait};

pub type Callback = Box<dyn Fn() + Send + Sync>;

struct State {
    /// When the callback is due; `None` when not armed.
    deadline: Option<Instant>,
    closing: bool,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    callback: Callback,
}

pub struct Timer {
    shared: Arc<Shared>,
    worker: Option<JoinHandle<()>>,
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
        let worker = thread::spawn_counted("lkl-timer".into(), move || run(&worker_shared))?;
        Ok(Timer {
            shared,
            worker: Some(worker),
        })
    }

    /// Calls the callback once after `delay` (replacing any pending
    /// expiry); a delay too large to represent never expires.
    pub fn set_oneshot(&self, delay: Duration) {
        lock(&self.shared.state).deadline = Instant::now().checked_add(delay);
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
        if let Some(worker) = self.worker.take() {
            // Freed from its own callback: the worker ends once the
            // callback returns; it cannot wait for itself.
            if worker.thread().id() != std::thread::current().id() {
                let _ = worker.join();
            }
        }
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
                let now = Instant::now();
                if now >= deadline {
                    state.deadline = None;
                    drop(state);
                    (shared.callback)();
                    state = lock(&shared.state);
                } else {
                    state = shared
                        .changed
                        .wait_timeout(state, deadline - now)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
            }
        }
    }
}
