//! Counting semaphores: `down` blocks while the count is 0. The kernel's
//! host mutexes are binary semaphores too. Every semaphore is registered,
//! so that when the kernel stops (a panic, or a trap in any thread) each
//! thread asleep in one wakes and leaves the kernel instead of waiting for
//! an `up` that will never come.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};

use super::stop;
use super::sync::{lock, try_lock_a_while, wait};

pub struct Semaphore {
    count: Mutex<u64>,
    raised: Condvar,
}

/// Every semaphore handed out (dead entries are pruned as it grows).
static ALL: Mutex<Registry> = Mutex::new(Registry { semaphores: Vec::new(), prune_at: 64 });

struct Registry {
    semaphores: Vec<Weak<Semaphore>>,
    /// Prune when the list grows this long.
    prune_at: usize,
}

impl Semaphore {
    /// A registered semaphore with `count` units.
    pub fn new(count: u64) -> Arc<Self> {
        let semaphore = Arc::new(Semaphore {
            count: Mutex::new(count),
            raised: Condvar::new(),
        });
        let mut all = lock(&ALL);
        if all.semaphores.len() >= all.prune_at {
            all.semaphores.retain(|weak| weak.strong_count() > 0);
            all.prune_at = (all.semaphores.len() * 2).max(64);
        }
        all.semaphores.push(Arc::downgrade(&semaphore));
        semaphore
    }

    pub fn up(&self) {
        *lock(&self.count) += 1;
        self.raised.notify_one();
    }

    /// Takes a unit, waiting for one; once the kernel has stopped it never
    /// waits (see [`stop::leave_kernel`]). A unit already there is still
    /// taken: a boot the kernel failed in a panic is told so through one
    /// (the error is handed over before the host's panic operation runs).
    pub fn down(&self) {
        let mut count = lock(&self.count);
        // Read under the lock: `wake_all` takes it after stopping, so this
        // thread either sees the stop here or is woken from wait.
        while *count == 0 {
            if stop::kernel_stopped() {
                drop(count);
                stop::leave_kernel();
            }
            count = wait(&self.raised, count);
        }
        *count -= 1;
    }
}

/// Wakes every thread waiting in a semaphore (after the kernel stopped).
/// `after_trap`: only try each lock for a while, since a thread that trapped
/// holding one never releases it.
pub fn wake_all(after_trap: bool) {
    let Some(all) = take(&ALL, after_trap) else { return };
    for semaphore in all.semaphores.iter().filter_map(Weak::upgrade) {
        drop(take(&semaphore.count, after_trap));
        semaphore.raised.notify_all();
    }
}

fn take<T>(mutex: &Mutex<T>, after_trap: bool) -> Option<MutexGuard<'_, T>> {
    if after_trap {
        try_lock_a_while(mutex)
    } else {
        Some(lock(mutex))
    }
}
