//! Non-recursive mutexes that can be locked in one FFI call and unlocked in
//! another (even from another thread), so no guard object is held: a binary
//! semaphore.

use std::sync::{Condvar, Mutex};

use super::sync::{lock, wait};

pub struct HostMutex {
    locked: Mutex<bool>,
    released: Condvar,
}

impl HostMutex {
    pub fn new() -> Self {
        HostMutex {
            locked: Mutex::new(false),
            released: Condvar::new(),
        }
    }

    pub fn lock(&self) {
        let mut locked = lock(&self.locked);
        while *locked {
            locked = wait(&self.released, locked);
        }
        *locked = true;
    }

    pub fn unlock(&self) {
        *lock(&self.locked) = false;
        self.released.notify_one();
    }
}
