//! The kernel's RAM: page-aligned blocks mapped low in the address space
//! (`native/ram.c` says why). Each block's size is remembered so it can be
//! unmapped from the address alone.
//!
//! Fresh anonymous mappings: zero-filled by the OS lazily, so nothing is
//! touched before the kernel uses it.

use std::collections::BTreeMap;
use std::ffi::c_void;
use std::sync::Mutex;

use crate::host::sync::lock;

extern "C" {
    fn lkl_host_ram_map(size: usize) -> *mut c_void;
    fn lkl_host_ram_unmap(block: *mut c_void, size: usize);
}

/// Live blocks: address -> size.
static BLOCKS: Mutex<BTreeMap<usize, usize>> = Mutex::new(BTreeMap::new());

/// A page-aligned block of `size` bytes, or null (also for size 0).
pub fn alloc(size: usize) -> *mut u8 {
    if size == 0 {
        return std::ptr::null_mut();
    }
    // SAFETY: lkl_host_ram_map only calls mmap; it returns a fresh mapping
    // of `size` bytes or null.
    let block = unsafe { lkl_host_ram_map(size) }.cast::<u8>();
    if !block.is_null() {
        lock(&BLOCKS).insert(block.expose_provenance(), size);
    }
    block
}

/// Frees a block from [`alloc`]; null and unknown addresses are ignored.
pub fn free(block: *mut u8) {
    let Some(size) = lock(&BLOCKS).remove(&block.addr()) else {
        return;
    };
    // SAFETY: `block` is a mapping of `size` bytes from lkl_host_ram_map
    // (it was in BLOCKS) and, now removed from BLOCKS, is unmapped once.
    unsafe { lkl_host_ram_unmap(block.cast(), size) };
}

/// Whether `len` bytes at `addr` lie inside one block handed out.
pub fn ram_contains(addr: usize, len: usize) -> bool {
    let Some(end) = addr.checked_add(len) else { return false };
    let blocks = lock(&BLOCKS);
    blocks
        .range(..=addr)
        .next_back()
        .is_some_and(|(&start, &size)| end <= start + size)
}
