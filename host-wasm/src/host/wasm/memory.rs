//! The kernel's RAM: page-aligned blocks from the Rust allocator (wasm32
//! addresses are below 4 GiB, so the kernel's walk of the page frames below
//! its RAM is short anyway). Each block's layout is remembered so it can be
//! freed from the address alone.

use std::alloc::{self, Layout};
use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::host::sync::lock;

const PAGE_SIZE: usize = 4096;

/// Live blocks: address -> layout.
static BLOCKS: Mutex<BTreeMap<usize, Layout>> = Mutex::new(BTreeMap::new());

/// A page-aligned block of `size` bytes, or null (also for size 0).
pub fn alloc(size: usize) -> *mut u8 {
    let Ok(layout) = Layout::from_size_align(size, PAGE_SIZE) else {
        return std::ptr::null_mut();
    };
    if layout.size() == 0 {
        return std::ptr::null_mut();
    }
    // SAFETY: the layout has a non-zero size (checked above).
    let block = unsafe { alloc::alloc(layout) };
    if !block.is_null() {
        lock(&BLOCKS).insert(block.expose_provenance(), layout);
    }
    block
}

/// Frees a block from [`alloc`]; null and unknown addresses are ignored.
pub fn free(block: *mut u8) {
    let Some(layout) = lock(&BLOCKS).remove(&block.addr()) else {
        return;
    };
    // SAFETY: `block` was returned by `alloc::alloc` with this very layout
    // (it was in BLOCKS) and, now removed from BLOCKS, is freed only once.
    unsafe { alloc::dealloc(block, layout) };
}

/// Whether `len` bytes at `addr` lie inside one block handed out.
pub fn ram_contains(addr: usize, len: usize) -> bool {
    let Some(end) = addr.checked_add(len) else { return false };
    let blocks = lock(&BLOCKS);
    blocks
        .range(..=addr)
        .next_back()
        .is_some_and(|(&start, layout)| end <= start + layout.size())
}
