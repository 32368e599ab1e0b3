//! Cuts off a kernel that makes no progress: once a system call has been
//! in the kernel longer than the limit, the kernel is stopped (see `stop`),
//! which wakes the waiting caller with an error instead of leaving it
//! blocked for good (on wasm32 a blocked main thread cannot be reached any
//! other way). A timer looks every quarter of the limit, so a call only
//! costs a clock read and a map entry. A call spinning in kernel code
//! without sleeping is not woken by this: it never waits in the host.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use super::sync::lock;
use super::timer::Timer;
use super::{clock, console, stop};

struct Calls {
    /// Start (clock ns) of each call in the kernel, by ticket.
    started: BTreeMap<u64, u64>,
    next_ticket: u64,
}

pub struct Watchdog {
    calls: Arc<Mutex<Calls>>,
    _timer: Arc<Timer>,
}

/// A call the watchdog is timing; hand it back to [`Watchdog::leave`].
pub struct Ticket(u64);

impl Watchdog {
    /// Starts watching: a call older than `limit` stops the kernel.
    pub fn start(limit: Duration) -> io::Result<Watchdog> {
        let calls = Arc::new(Mutex::new(Calls { started: BTreeMap::new(), next_ticket: 0 }));
        let period = (limit / 4).max(Duration::from_millis(10));
        let limit_ns = u64::try_from(limit.as_nanos()).unwrap_or(u64::MAX);
        let watched = Arc::clone(&calls);
        // The callback re-arms its own timer, found through this slot (weak:
        // the watchdog owns the timer).
        let timer_slot: Arc<OnceLock<Weak<Timer>>> = Arc::default();
        let slot = Arc::clone(&timer_slot);
        let timer = Arc::new(Timer::new(Box::new(move || {
            let oldest = lock(&watched).started.values().min().copied();
            if oldest.is_some_and(|start| clock::monotonic_ns().saturating_sub(start) > limit_ns) {
                let message = format!(
                    "lkl-host: a system call made no progress for {} ms: stopping the kernel\n",
                    limit.as_millis()
                );
                console::write(message.as_bytes());
                stop::stop_kernel();
                return;
            }
            if let Some(timer) = slot.get().and_then(Weak::upgrade) {
                timer.set_oneshot(period);
            }
        }))?);
        let _ = timer_slot.set(Arc::downgrade(&timer));
        timer.set_oneshot(period);
        Ok(Watchdog { calls, _timer: timer })
    }

    /// A call enters the kernel.
    pub fn enter(&self) -> Ticket {
        let now = clock::monotonic_ns();
        let mut calls = lock(&self.calls);
        let ticket = calls.next_ticket;
        calls.next_ticket += 1;
        calls.started.insert(ticket, now);
        Ticket(ticket)
    }

    /// The call is back out.
    pub fn leave(&self, ticket: Ticket) {
        lock(&self.calls).started.remove(&ticket.0);
    }
}
