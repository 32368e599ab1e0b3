//! Virtio block devices emulated by the host and driven by the kernel's own
//! virtio-mmio and virtio-blk drivers. Each device sits in a slot: an I/O
//! window at `LKL_IOMEM_BASE + slot * 0x1000` (every register access comes
//! through the `iomem_access` host operation) and interrupt
//! `LKL_VIRTIO_IRQ_BASE + slot`. The API layer adds a device here, then asks
//! the kernel to probe the slot.

mod blk;
pub mod disk;
mod mmio;
mod overlay;
mod queue;
mod ram;

use std::sync::{Arc, Mutex, OnceLock};

use super::sync::lock;
use blk::Block;
use mmio::{Effect, Mmio};

pub use disk::Disk;

/// Must match kernel/arch/lkl/include/uapi/asm/host_ops.h.
const IOMEM_BASE: u64 = 0xf000_0000;
const SLOT_SIZE: u64 = 0x1000;
pub const SLOTS: usize = 32;
const IRQ_BASE: i32 = 16;

type Slots = [Option<Arc<Mutex<Mmio>>>; SLOTS];
static SLOTS_TABLE: Mutex<Slots> = Mutex::new([const { None }; SLOTS]);

/// How the host raises an interrupt: the kernel's `lkl_trigger_irq`, set
/// by the layer that links the kernel.
static RAISE_IRQ: OnceLock<fn(i32) -> i32> = OnceLock::new();

/// Sets how interrupts are raised (once; later calls are ignored).
pub fn set_irq_raiser(raise: fn(i32) -> i32) {
    let _ = RAISE_IRQ.set(raise);
}

/// Puts a block device over `disk` in a free slot; its number, or None if
/// all are taken.
pub fn add_block_device(disk: Arc<dyn Disk>) -> Option<usize> {
    let mut slots = lock(&SLOTS_TABLE);
    let slot = slots.iter().position(Option::is_none)?;
    let serial = format!("lkl-wasm-{slot}");
    slots[slot] = Some(Arc::new(Mutex::new(Mmio::new(Block::new(disk, serial)))));
    Some(slot)
}

/// Empties `slot` (after the kernel has let go of its device).
pub fn remove_device(slot: usize) {
    if let Some(entry) = lock(&SLOTS_TABLE).get_mut(slot) {
        *entry = None;
    }
}

fn device_at(addr: u64) -> Option<(Arc<Mutex<Mmio>>, usize, u64)> {
    let offset = addr.checked_sub(IOMEM_BASE)?;
    let slot = usize::try_from(offset / SLOT_SIZE).ok()?;
    let device = lock(&SLOTS_TABLE).get(slot)?.clone()?;
    Some((device, slot, offset % SLOT_SIZE))
}

/// A register read of `size` bytes at `addr`; None if no device is there.
pub fn read(addr: u64, size: usize) -> Option<u64> {
    let (device, _, offset) = device_at(addr)?;
    let value = lock(&device).read(offset, size);
    Some(value)
}

/// A register write; false if no device is there. A queue notification is
/// served at once, on the calling (kernel) thread, and its interrupt
/// raised after the device's lock is released (the handler reads the
/// device's registers).
pub fn write(addr: u64, value: u64) -> bool {
    let Some((device, slot, offset)) = device_at(addr) else {
        return false;
    };
    let interrupt = {
        let mut device = lock(&device);
        match device.write(offset, value) {
            Effect::Notify => device.serve_queue(),
            Effect::None => false,
        }
    };
    if interrupt {
        if let Some(raise) = RAISE_IRQ.get() {
            // `as`: slots are few.
            raise(IRQ_BASE + slot as i32);
        }
    }
    true
}
