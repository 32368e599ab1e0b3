//! The process-wide kernel lifecycle: booted at most once, then running,
//! then halted for good. System calls pass through a gate that counts them
//! in flight, so that none enters a halting or halted kernel and halt never
//! pulls the kernel out from under one. With a call timeout set, a
//! watchdog times each call (see `lkl_host::Watchdog`).

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::errno::Errno;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Unbooted,
    Booting,
    Running,
    Halting,
    /// Halted, or the boot failed: nothing more can happen.
    Over,
}

struct State {
    phase: Phase,
    in_flight: usize,
    watchdog: Option<Arc<lkl_host::Watchdog>>,
}

static STATE: Mutex<State> = Mutex::new(State {
    phase: Phase::Unbooted,
    in_flight: 0,
    watchdog: None,
});
static CHANGED: Condvar = Condvar::new();

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Claims the one boot of this process.
pub fn begin_boot() -> Result<()> {
    let mut state = state();
    if state.phase != Phase::Unbooted {
        return Err(Error::AlreadyBooted);
    }
    state.phase = Phase::Booting;
    Ok(())
}

/// Records how the boot ended.
pub fn end_boot(booted: bool) {
    state().phase = if booted { Phase::Running } else { Phase::Over };
}

/// A system call in flight; dropping it lets it out of the gate.
pub struct Call(Option<(Arc<lkl_host::Watchdog>, lkl_host::Ticket)>);

impl Drop for Call {
    fn drop(&mut self) {
        if let Some((watchdog, ticket)) = self.0.take() {
            watchdog.leave(ticket);
        }
        state().in_flight -= 1;
        CHANGED.notify_all();
    }
}

/// Stops the kernel when a call stays in it longer than `limit` (`None` or
/// zero: never, the default): the call then fails instead of blocking for
/// good.
pub fn set_call_timeout(limit: Option<Duration>) -> Result<()> {
    let watchdog = match limit.filter(|limit| !limit.is_zero()) {
        // Its timer needs a host thread.
        Some(limit) => Some(Arc::new(lkl_host::Watchdog::start(limit).map_err(|_| Error::Errno(Errno::EAGAIN))?)),
        None => None,
    };
    let old = std::mem::replace(&mut state().watchdog, watchdog);
    // Outside the lock: dropping the last handle waits for its timer thread.
    drop(old);
    Ok(())
}

/// Lets a system call in, if the kernel is running. While a halt waits
/// for calls in flight, new calls wait for its outcome.
pub fn enter() -> Result<Call> {
    if lkl_host::kernel_stopped() {
        // Its CPU may still be held by the thread that stopped it: never wait.
        return Err(Error::Panicked);
    }
    let state = state();
    let mut state = CHANGED
        .wait_while(state, |state| state.phase == Phase::Halting)
        .unwrap_or_else(PoisonError::into_inner);
    if state.phase != Phase::Running {
        return Err(Error::Halted);
    }
    state.in_flight += 1;
    let watchdog = state.watchdog.clone();
    drop(state);
    Ok(Call(watchdog.map(|watchdog| {
        let ticket = watchdog.enter();
        (watchdog, ticket)
    })))
}

/// Whether system calls are let in.
pub fn is_running() -> bool {
    state().phase == Phase::Running
}

/// Closes the gate for a halt, once the calls in flight have left (waiting
/// at most `grace` for them). On timeout the gate opens again. A stopped
/// kernel (a panic, a trap) is over at once ([`Error::Panicked`]): there is nothing to stop.
pub fn begin_halt(grace: Duration) -> Result<()> {
    let mut state = state();
    if state.phase != Phase::Running {
        return Err(Error::Halted);
    }
    if lkl_host::kernel_stopped() {
        state.phase = Phase::Over;
        CHANGED.notify_all();
        return Err(Error::Panicked);
    }
    state.phase = Phase::Halting;
    // Waits in slices rather than with wait_timeout_while, which reads
    // Instant: wasm32-unknown-unknown has no Instant.
    const SLICE: Duration = Duration::from_millis(10);
    let mut waited = Duration::ZERO;
    while state.in_flight > 0 && waited < grace {
        state = CHANGED
            .wait_timeout(state, SLICE)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
        waited += SLICE;
    }
    if state.in_flight > 0 {
        state.phase = Phase::Running;
        CHANGED.notify_all();
        return Err(Error::Busy {
            in_flight: state.in_flight,
        });
    }
    Ok(())
}

/// Records how the halt ended: over for good, or still running.
pub fn end_halt(halted: bool) {
    let mut state = state();
    state.phase = if halted { Phase::Over } else { Phase::Running };
    let watchdog = if halted { state.watchdog.take() } else { None };
    drop(state);
    // Outside the lock: dropping it waits for its timer thread.
    drop(watchdog);
    CHANGED.notify_all();
}
