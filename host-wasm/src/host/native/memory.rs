//! The kernel's RAM: page-aligned blocks mapped low in the address space
//! (`native/ram.c` says why), remembered in `ram_blocks` so each can be
//! unmapped from its address alone.
//!
//! Fresh anonymous mappings: zero-filled by the OS lazily, so nothing is
//! touched before the kernel uses it.

use std::ffi::c_void;

use crate::host::ram_blocks;

extern "C" {
    fn lkl_host_ram_map(size: usize) -> *mut c_void;
    fn lkl_host_ram_unmap(block: *mut c_void, size: usize);
}

/// A page-aligned block of `size` bytes, or null (also for size 0).
pub fn alloc(size: usize) -> *mut u8 {
    if size == 0 {
        return std::ptr::null_mut();
    }
    // SAFETY: lkl_host_ram_map only calls mmap; it returns a fresh mapping
    // of `size` bytes or null.
    let block = unsafe { lkl_host_ram_map(size) }.cast::<u8>();
    if !block.is_null() {
        ram_blocks::record(block.expose_provenance(), size);
    }
    block
}

/// Frees a block from [`alloc`]; null and unknown addresses are ignored.
pub fn free(block: *mut u8) {
    let Some(size) = ram_blocks::take(block.addr()) else {
        return;
    };
    // SAFETY: `block` is a mapping of `size` bytes from lkl_host_ram_map
    // (it was recorded) and, now forgotten, is unmapped once.
    unsafe { lkl_host_ram_unmap(block.cast(), size) };
}
