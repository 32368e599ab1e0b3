//! The blocks of RAM the host has handed the kernel (address -> size), for
//! both targets: their `memory` modules record and forget blocks here, so a
//! block can be freed from its address alone, and devices check here that
//! a range the kernel gave them is its RAM. Read-locked on that check (once
//! per descriptor field of every block request), written only at boot and
//! halt.

use std::collections::BTreeMap;
use std::sync::{PoisonError, RwLock};

static BLOCKS: RwLock<BTreeMap<usize, usize>> = RwLock::new(BTreeMap::new());

/// Remembers a block of `size` bytes at `addr`.
pub fn record(addr: usize, size: usize) {
    BLOCKS.write().unwrap_or_else(PoisonError::into_inner).insert(addr, size);
}

/// Forgets the block at `addr`; its size, or None if there was none.
pub fn take(addr: usize) -> Option<usize> {
    BLOCKS.write().unwrap_or_else(PoisonError::into_inner).remove(&addr)
}

/// Whether `len` bytes at `addr` lie inside one block.
pub fn contains(addr: usize, len: usize) -> bool {
    let Some(end) = addr.checked_add(len) else { return false };
    let blocks = BLOCKS.read().unwrap_or_else(PoisonError::into_inner);
    blocks
        .range(..=addr)
        .next_back()
        .is_some_and(|(&start, &size)| end <= start + size)
}
