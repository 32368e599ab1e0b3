//! Host threads: ids for every thread, the registry of joinable threads the
//! host started, and the count of host threads still alive.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::thread::{Builder, JoinHandle};

use crate::host::sync::lock;
use crate::host::{live, tls};

/// Stack of each host thread (kernel code needs far less than that).
const STACK_SIZE: usize = 1 << 20;

/// A nonzero id, unique for the life of the process.
pub type ThreadId = u64;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's id; 0 until first asked for (threads the host did not
    /// start, e.g. callers of syscalls, get theirs lazily).
    static SELF_ID: Cell<ThreadId> = const { Cell::new(0) };
}

/// Threads started by [`spawn`] and neither joined nor detached yet.
static JOINABLE: Mutex<BTreeMap<ThreadId, JoinHandle<()>>> = Mutex::new(BTreeMap::new());

fn new_id() -> ThreadId {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// The calling thread's id, for any thread.
pub fn current_id() -> ThreadId {
    SELF_ID.with(|id| {
        if id.get() == 0 {
            id.set(new_id());
        }
        id.get()
    })
}

/// Starts `body` on a new joinable host thread; `None` if the OS refused.
pub fn spawn(body: impl FnOnce() + Send + 'static) -> Option<ThreadId> {
    let id = new_id();
    // Held until the handle is registered, so that the new thread cannot
    // detach itself before there is anything to detach.
    let mut joinable = lock(&JOINABLE);
    let handle = spawn_counted(format!("lkl-{id}"), move || {
        SELF_ID.with(|self_id| self_id.set(id));
        body();
    })
    .ok()?;
    joinable.insert(id, handle);
    Some(id)
}

/// Nobody will join the calling thread: forget its handle.
pub fn detach_current() {
    lock(&JOINABLE).remove(&current_id());
}

/// Waits for thread `id` to end; false if it is unknown, detached, already
/// joined, the caller itself, or ended by a Rust panic.
pub fn join(id: ThreadId) -> bool {
    if id == current_id() {
        return false;
    }
    let Some(handle) = lock(&JOINABLE).remove(&id) else {
        return false;
    };
    handle.join().is_ok()
}

/// Counts a host thread out, whichever way its body ends.
struct LiveGuard;

impl Drop for LiveGuard {
    fn drop(&mut self) {
        live::ended();
    }
}

/// Starts a counted host thread: it counts as live from before it starts
/// until the very last step of its body, after its TLS destructors ran.
fn spawn_counted(name: String, body: impl FnOnce() + Send + 'static) -> io::Result<JoinHandle<()>> {
    live::started();
    let spawned = Builder::new()
        .name(name)
        .stack_size(STACK_SIZE)
        .spawn(move || {
            // Declared first, dropped last.
            let _live = LiveGuard;
            body();
            tls::run_current_thread_destructors();
        });
    if spawned.is_err() {
        drop(LiveGuard);
    }
    spawned
}
