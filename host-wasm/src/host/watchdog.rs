//! Cuts off a call that stays in the kernel too long: once a system call
//! has been in the kernel longer than the limit (stuck waiting, or just
//! slow), the kernel is stopped (see `stop`), which wakes the waiting caller
//! with an error instead of leaving it blocked for good (on wasm32 a
//! blocked main thread cannot be reached any other way). A call spinning in
//! kernel code without sleeping is not woken by this: it never waits in the
//! host.
//!
//! Time is counted in ticks of a periodic timer (a quarter of the limit),
//! and calls in counters per tick, so a call costs an atomic load and two
//! atomic adds: no lock, no clock read.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::timer::Timer;
use super::{console, stop};

/// Ticks per limit. A call that entered during tick `t` (anywhere in it)
/// and is still in at the start of tick `t + TICKS + 1` has been in for at
/// least the limit (and at most 5/4 of it): it is stuck.
const TICKS: u64 = 4;
/// Counters kept: the ticks a call may still be in unchecked, and the new
/// one.
const SLOTS: usize = TICKS as usize + 2;

struct Counts {
    /// The current tick.
    tick: AtomicU64,
    /// Calls in the kernel that entered during tick `t`, at `t % SLOTS`.
    entered: [AtomicU64; SLOTS],
}

pub struct Watchdog {
    counts: Arc<Counts>,
    _timer: Timer,
}

/// A call the watchdog is timing (the tick it entered in); hand it back to
/// [`Watchdog::leave`].
pub struct Ticket(u64);

impl Watchdog {
    /// Starts watching: a call in the kernel longer than `limit` stops it.
    pub fn start(limit: Duration) -> io::Result<Watchdog> {
        let counts = Arc::new(Counts { tick: AtomicU64::new(0), entered: Default::default() });
        let period = (limit / TICKS as u32).max(Duration::from_millis(10));
        let watched = Arc::clone(&counts);
        let timer = Timer::new(Box::new(move || {
            let tick = watched.tick.load(Ordering::SeqCst) + 1;
            // The slot the new tick reuses held calls from SLOTS ticks ago,
            // which would have been found stuck already: it is empty.
            watched.tick.store(tick, Ordering::SeqCst);
            let Some(old) = tick.checked_sub(TICKS + 1) else { return Some(period) };
            if watched.entered[(old % SLOTS as u64) as usize].load(Ordering::SeqCst) == 0 {
                return Some(period);
            }
            let message = format!(
                "lkl-host: a system call stayed in the kernel longer than {} ms: stopping the kernel\n",
                limit.as_millis()
            );
            console::write(message.as_bytes());
            stop::stop_kernel();
            None
        }))?;
        timer.set_oneshot(period);
        Ok(Watchdog { counts, _timer: timer })
    }

    /// A call enters the kernel.
    pub fn enter(&self) -> Ticket {
        let tick = self.counts.tick.load(Ordering::SeqCst);
        self.counts.entered[(tick % SLOTS as u64) as usize].fetch_add(1, Ordering::SeqCst);
        Ticket(tick)
    }

    /// The call is back out.
    pub fn leave(&self, ticket: Ticket) {
        self.counts.entered[(ticket.0 % SLOTS as u64) as usize].fetch_sub(1, Ordering::SeqCst);
    }
}
