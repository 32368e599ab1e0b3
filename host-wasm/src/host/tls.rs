//! Thread-local storage with destructors, pthread-style.
//!
//! A key is a slot index plus a generation (so a freed and reused slot does
//! not hand out another key's values). Each thread's values sit in a
//! fixed array of cells with no destructor of its own, so they stay
//! readable while destructors run, even during thread teardown. When a
//! thread ends, the destructor of each key with a non-null value runs
//! (explicitly at the end of host threads, from a thread-local guard's
//! `Drop` for any other thread).

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::sync::lock;

/// Called with the thread's value for the key (never 0).
pub type Destructor = Arc<dyn Fn(usize) + Send + Sync>;

/// The kernel uses one key; pthreads guarantee 128.
const MAX_KEYS: usize = 128;
const SLOT_BITS: u32 = 8;
const SLOT_MASK: usize = (1 << SLOT_BITS) - 1;
/// Destructors may set values again; give up after this many rounds.
const DESTRUCTOR_ROUNDS: usize = 4;

struct KeySlot {
    /// 0 when the slot is free.
    key: usize,
    destructor: Option<Destructor>,
}

static KEYS: Mutex<[KeySlot; MAX_KEYS]> = Mutex::new(
    [const {
        KeySlot {
            key: 0,
            destructor: None,
        }
    }; MAX_KEYS],
);

static GENERATION: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    /// (key, value) per slot; a value counts only while its key matches.
    static VALUES: [Cell<(usize, usize)>; MAX_KEYS] =
        const { [const { Cell::new((0, 0)) }; MAX_KEYS] };
    /// Armed by the first non-null value; runs the destructors.
    static GUARD: DestructorGuard = const { DestructorGuard };
}

struct DestructorGuard;

impl Drop for DestructorGuard {
    fn drop(&mut self) {
        run_current_thread_destructors();
    }
}

fn slot_of(key: usize) -> Option<usize> {
    (key & SLOT_MASK)
        .checked_sub(1)
        .filter(|&slot| slot < MAX_KEYS)
}

/// A new key, never 0; `None` when all slots are taken.
pub fn alloc(destructor: Option<Destructor>) -> Option<usize> {
    let mut keys = lock(&KEYS);
    let slot = keys.iter().position(|s| s.key == 0)?;
    let generation = GENERATION.fetch_add(1, Ordering::Relaxed);
    let key = (generation << SLOT_BITS) | (slot + 1);
    keys[slot] = KeySlot { key, destructor };
    Some(key)
}

/// Frees a key; its values are forgotten without running the destructor.
pub fn free(key: usize) {
    let Some(slot) = slot_of(key) else { return };
    let mut keys = lock(&KEYS);
    if keys[slot].key == key {
        keys[slot] = KeySlot {
            key: 0,
            destructor: None,
        };
    }
}

/// Sets the calling thread's value; false if the key is not allocated.
pub fn set(key: usize, value: usize) -> bool {
    let Some(slot) = slot_of(key) else {
        return false;
    };
    if lock(&KEYS)[slot].key != key {
        return false;
    }
    VALUES.with(|values| values[slot].set((key, value)));
    if value != 0 {
        // Fails only while this thread's guard is being dropped, which
        // then runs another round of destructors anyway.
        let _ = GUARD.try_with(|_| ());
    }
    true
}

/// The calling thread's value for the key, 0 if none.
pub fn get(key: usize) -> usize {
    let Some(slot) = slot_of(key) else { return 0 };
    let (owner, value) = VALUES.with(|values| values[slot].get());
    if owner == key {
        value
    } else {
        0
    }
}

/// Runs the destructor of every key the calling thread holds a non-null
/// value for, clearing each value first (as pthreads do).
pub fn run_current_thread_destructors() {
    for _ in 0..DESTRUCTOR_ROUNDS {
        let mut ran = false;
        for slot in 0..MAX_KEYS {
            let (key, value) = VALUES.with(|values| values[slot].get());
            if key == 0 || value == 0 {
                continue;
            }
            VALUES.with(|values| values[slot].set((key, 0)));
            let destructor = {
                let keys = lock(&KEYS);
                (keys[slot].key == key)
                    .then(|| keys[slot].destructor.clone())
                    .flatten()
            };
            if let Some(destructor) = destructor {
                destructor(value);
                ran = true;
            }
        }
        if !ran {
            break;
        }
    }
}
