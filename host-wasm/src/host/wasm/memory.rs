//! The kernel's RAM: page-aligned blocks from the Rust allocator (wasm32
//! addresses are below 4 GiB, so the kernel's walk of the page frames below
//! its RAM is short anyway). Blocks are remembered in `ram_blocks` so each
//! can be freed from its address alone (its layout is its size, page
//! aligned).

use std::alloc::{self, Layout};

use crate::host::ram_blocks;

const PAGE_SIZE: usize = 4096;

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
        ram_blocks::record(block.expose_provenance(), layout.size());
    }
    block
}

/// Frees a block from [`alloc`]; null and unknown addresses are ignored.
pub fn free(block: *mut u8) {
    let Some(size) = ram_blocks::take(block.addr()) else {
        return;
    };
    let Ok(layout) = Layout::from_size_align(size, PAGE_SIZE) else {
        return;
    };
    // SAFETY: `block` was returned by `alloc::alloc` with this very layout
    // (recorded with this size, page aligned) and, now forgotten, is freed
    // only once.
    unsafe { alloc::dealloc(block, layout) };
}
