//! The kernel's RAM as a device sees it: virtqueues and buffers are at
//! kernel addresses (no MMU, no IOMMU: a DMA address is the host address).
//! Every range is checked to lie in the RAM the host gave the kernel before
//! it is touched, so a bad descriptor is an I/O error, not a host crash.

use crate::host::ram_blocks;

/// `len` bytes at kernel address `addr`, if they are all kernel RAM.
pub fn checked(addr: u64, len: usize) -> Option<*mut u8> {
    let addr = usize::try_from(addr).ok()?;
    ram_blocks::contains(addr, len).then(|| std::ptr::with_exposed_provenance_mut(addr))
}

pub fn read_u16(addr: u64) -> Option<u16> {
    let ptr = checked(addr, 2)?;
    // SAFETY: two bytes of kernel RAM (checked); the kernel's virtqueue
    // fields may change under us, so read each once, unaligned-safe.
    Some(u16::from_le(unsafe { ptr.cast::<u16>().read_unaligned() }))
}

pub fn read_u32(addr: u64) -> Option<u32> {
    let ptr = checked(addr, 4)?;
    // SAFETY: as in read_u16.
    Some(u32::from_le(unsafe { ptr.cast::<u32>().read_unaligned() }))
}

pub fn read_u64(addr: u64) -> Option<u64> {
    let ptr = checked(addr, 8)?;
    // SAFETY: as in read_u16.
    Some(u64::from_le(unsafe { ptr.cast::<u64>().read_unaligned() }))
}

pub fn write_u16(addr: u64, value: u16) -> Option<()> {
    let ptr = checked(addr, 2)?;
    // SAFETY: two bytes of kernel RAM (checked), part of a used ring the
    // kernel gave the device to write.
    unsafe { ptr.cast::<u16>().write_unaligned(value.to_le()) };
    Some(())
}

pub fn write_u32(addr: u64, value: u32) -> Option<()> {
    let ptr = checked(addr, 4)?;
    // SAFETY: as in write_u16.
    unsafe { ptr.cast::<u32>().write_unaligned(value.to_le()) };
    Some(())
}

pub fn write_u8(addr: u64, value: u8) -> Option<()> {
    let ptr = checked(addr, 1)?;
    // SAFETY: one byte of kernel RAM (checked) in a buffer the kernel
    // marked device-writable.
    unsafe { ptr.write(value) };
    Some(())
}
