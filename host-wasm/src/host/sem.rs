//! Counting semaphores: `down` blocks while the count is 0. The kernel's
//! host mutexes are binary semaphores too. Every semaphore is registered,
//! so that when the kernel stops (a panic, or a trap in any thread) each
//! thread asleep in one wakes and leaves the kernel instead of waiting for
//! an `up` that will never come.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, TryLockError, Weak};

use super::stop;
use super::sync::{lock, wait};

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

    /// Takes a unit, waiting for one; never returns once the kernel has
    /// stopped (see [`stop::leave_kernel`]).
    pub fn down(&self) {
        let mut count = lock(&self.count);
        while *count == 0 {
            // Read under the lock: `wake_all` takes it after stopping, so
            // this thread either sees the stop here or is woken from wait.
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
/// Only tries each lock for a while: a thread that trapped holding one
/// never releases it.
pub fn wake_all() {
    let Some(all) = try_lock_a_while(&ALL) else { return };
    for semaphore in all.semaphores.iter().filter_map(Weak::upgrade) {
        drop(try_lock_a_while(&semaphore.count));
        semaphore.raised.notify_all();
    }
}

fn try_lock_a_while<T>(mutex: &Mutex<T>) -> Option<MutexGuard<'_, T>> {
    for _ in 0..100_000 {
        match mutex.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::Poisoned(poisoned)) => return Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => std::hint::spin_loop(),
        }
    }
    None
}
