//! Host threads on wasm32. A Worker cannot be started synchronously, but
//! `thread_create` must return at once: so the JS side starts a pool of
//! Workers up front, each blocked in [`worker_main`] on a queue of bodies
//! to run. A body that ends (or calls thread_exit) frees its Worker for
//! the next one. Ids, joining and the live count work as on native hosts.
//! When fewer than [`LOW_WATER`] Workers are left spare, the thread's pool
//! hook (set from JS) asks for more; the JS side adds them when its event
//! loop next runs.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

use wasm_bindgen::prelude::*;

use crate::host::sync::{lock, wait};
use crate::host::{live, tls};

/// Spare Workers below which more are asked for.
pub const LOW_WATER: usize = 12;

#[wasm_bindgen]
extern "C" {
    /// A JS function `(spare: number) => void` that starts more Workers
    /// soon (asynchronously: it runs inside the kernel and must not block).
    pub type PoolLowHook;
    #[wasm_bindgen(method, js_name = call)]
    fn call(this: &PoolLowHook, this_arg: &JsValue, spare: u32);
}

/// A nonzero id, unique for the life of the instance.
pub type ThreadId = u64;

type Body = Box<dyn FnOnce() + Send>;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The id of the thread this Worker runs now; 0 until first asked for
    /// (callers of syscalls get theirs lazily).
    static SELF_ID: Cell<ThreadId> = const { Cell::new(0) };
    static POOL_LOW: RefCell<Option<PoolLowHook>> = const { RefCell::new(None) };
    /// This Worker runs [`worker_main`] (host threads), not callers.
    static POOL_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Whether the calling thread is a pool Worker's (see [`worker_main`]).
pub fn is_pool_thread() -> bool {
    POOL_THREAD.with(Cell::get)
}

/// Sets (or clears) the calling thread's pool hook.
pub fn set_pool_low_hook(hook: Option<PoolLowHook>) {
    POOL_LOW.with(|h| *h.borrow_mut() = hook);
}

struct Pool {
    /// Bodies waiting for a Worker.
    queue: VecDeque<(ThreadId, Body)>,
    /// Workers waiting for a body.
    idle: usize,
}

static POOL: Mutex<Pool> = Mutex::new(Pool {
    queue: VecDeque::new(),
    idle: 0,
});
static QUEUED: Condvar = Condvar::new();

#[derive(Default)]
struct Ended {
    /// Ended, waiting to be joined.
    ended: bool,
    /// Nobody will join it: forget it when it ends.
    detached: bool,
}

/// Threads started and not yet joined (or detached and ended).
static THREADS: Mutex<BTreeMap<ThreadId, Ended>> = Mutex::new(BTreeMap::new());
static THREAD_ENDED: Condvar = Condvar::new();

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

/// Queues `body` for the next free Worker; it runs as a new joinable thread.
pub fn spawn(body: impl FnOnce() + Send + 'static) -> Option<ThreadId> {
    let id = new_id();
    lock(&THREADS).insert(id, Ended::default());
    live::started();
    let spare = {
        let mut pool = lock(&POOL);
        pool.queue.push_back((id, Box::new(body)));
        pool.idle.saturating_sub(pool.queue.len())
    };
    QUEUED.notify_one();
    if spare < LOW_WATER {
        POOL_LOW.with(|hook| {
            if let Ok(hook) = hook.try_borrow() {
                if let Some(hook) = hook.as_ref() {
                    // `as`: a pool is far smaller than 2^32.
                    hook.call(&JsValue::UNDEFINED, spare as u32);
                }
            }
        });
    }
    Some(id)
}

/// Nobody will join the calling thread.
pub fn detach_current() {
    if let Some(state) = lock(&THREADS).get_mut(&current_id()) {
        state.detached = true;
    }
}

/// Waits for thread `id` to end; false if it is unknown, detached, already
/// joined or the caller itself.
pub fn join(id: ThreadId) -> bool {
    if id == current_id() {
        return false;
    }
    let mut threads = lock(&THREADS);
    loop {
        match threads.get(&id) {
            None => return false,
            Some(state) if state.detached => return false,
            Some(state) if state.ended => {
                threads.remove(&id);
                return true;
            }
            Some(_) => threads = wait(&THREAD_ENDED, threads),
        }
    }
}

fn ended(id: ThreadId) {
    {
        let mut threads = lock(&THREADS);
        if let Some(state) = threads.get_mut(&id) {
            if state.detached {
                threads.remove(&id);
            } else {
                state.ended = true;
            }
        }
    }
    THREAD_ENDED.notify_all();
    live::ended();
}

/// What each pool Worker runs, for good: take a body, run it as a thread,
/// repeat. Blocks (memory.atomic.wait), so never on a browser's main thread.
pub fn worker_main() {
    POOL_THREAD.with(|pool| pool.set(true));
    loop {
        let (id, body) = {
            let mut pool = lock(&POOL);
            pool.idle += 1;
            loop {
                if let Some(job) = pool.queue.pop_front() {
                    pool.idle -= 1;
                    break job;
                }
                pool = wait(&QUEUED, pool);
            }
        };
        SELF_ID.with(|self_id| self_id.set(id));
        body();
        tls::run_current_thread_destructors();
        SELF_ID.with(|self_id| self_id.set(0));
        ended(id);
    }
}
