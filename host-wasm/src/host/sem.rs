//! Counting semaphores: `down` blocks while the count is 0.

use std::sync::{Condvar, Mutex};

use super::sync::{lock, wait};

pub struct Semaphore {
    count: Mutex<u64>,
    raised: Condvar,
}

impl Semaphore {
    pub fn new(count: u64) -> Self {
        Semaphore {
            count: Mutex::new(count),
            raised: Condvar::new(),
        }
    }

    pub fn up(&self) {
        *lock(&self.count) += 1;
        self.raised.notify_one();
    }

    pub fn down(&self) {
        let mut count = lock(&self.count);
        while *count == 0 {
            count = wait(&self.raised, count);
        }
        *count -= 1;
    }
}
