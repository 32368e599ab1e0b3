//! The virtio-mmio register window of one block device (virtio 1.x, §4.2.2,
//! version 2): what the kernel's virtio_mmio driver reads and writes.

use super::blk::{self, Block};
use super::queue::Queue;

const MAGIC: u32 = 0x7472_6976; // "virt"
const VENDOR: u32 = 0x4c4b_4c57; // "WLKL"
const QUEUE_MAX: u16 = 256;

/// What a register write asks of the caller.
pub enum Effect {
    None,
    /// The driver kicked queue 0: serve it.
    Notify,
}

pub struct Mmio {
    pub block: Block,
    pub queue: Queue,
    pub interrupt_status: u32,
    status: u32,
    device_features_sel: u32,
    driver_features_sel: u32,
    driver_features: u64,
    queue_sel: u32,
}

impl Mmio {
    pub fn new(block: Block) -> Mmio {
        Mmio {
            block,
            queue: Queue::default(),
            interrupt_status: 0,
            status: 0,
            device_features_sel: 0,
            driver_features_sel: 0,
            driver_features: 0,
            queue_sel: 0,
        }
    }

    /// Status 0: back to the state after power-on (the disk stays).
    fn reset(&mut self) {
        self.queue = Queue::default();
        self.interrupt_status = 0;
        self.status = 0;
        self.device_features_sel = 0;
        self.driver_features_sel = 0;
        self.driver_features = 0;
        self.queue_sel = 0;
    }

    /// A read of `size` bytes at `offset` in the window.
    pub fn read(&self, offset: u64, size: usize) -> u64 {
        if offset >= 0x100 {
            let config = self.block.config();
            let start = (offset - 0x100) as usize;
            let mut value = [0u8; 8];
            for (i, byte) in value.iter_mut().enumerate().take(size) {
                *byte = config.get(start + i).copied().unwrap_or(0);
            }
            return u64::from_le_bytes(value);
        }
        let selected = self.queue_sel == 0;
        u64::from(match offset {
            0x000 => MAGIC,
            0x004 => 2,
            0x008 => blk::DEVICE_ID,
            0x00c => VENDOR,
            0x010 => match self.device_features_sel {
                0 => self.block.features() as u32,
                1 => (self.block.features() >> 32) as u32,
                _ => 0,
            },
            0x034 if selected => u32::from(QUEUE_MAX),
            0x044 => u32::from(selected && self.queue.ready),
            0x060 => self.interrupt_status,
            0x070 => self.status,
            0x0fc => 0, // config generation: the config never changes
            _ => 0,
        })
    }

    /// A write of `value` at `offset`.
    pub fn write(&mut self, offset: u64, value: u64) -> Effect {
        let value32 = value as u32;
        let selected = self.queue_sel == 0;
        let set_low = |field: &mut u64| *field = (*field & !0xffff_ffff) | u64::from(value32);
        let set_high = |field: &mut u64| *field = (*field & 0xffff_ffff) | (u64::from(value32) << 32);
        match offset {
            0x014 => self.device_features_sel = value32,
            0x020 => match self.driver_features_sel {
                0 => set_low(&mut self.driver_features),
                1 => set_high(&mut self.driver_features),
                _ => {}
            },
            0x024 => self.driver_features_sel = value32,
            0x030 => self.queue_sel = value32,
            0x038 if selected => self.queue.num = (value32 as u16).min(QUEUE_MAX),
            0x044 if selected => self.queue.ready = value32 == 1,
            0x050 if value32 == 0 => return Effect::Notify,
            0x064 => self.interrupt_status &= !value32,
            0x070 if value32 == 0 => self.reset(),
            0x070 => self.status = value32,
            0x080 if selected => set_low(&mut self.queue.desc),
            0x084 if selected => set_high(&mut self.queue.desc),
            0x090 if selected => set_low(&mut self.queue.avail),
            0x094 if selected => set_high(&mut self.queue.avail),
            0x0a0 if selected => set_low(&mut self.queue.used),
            0x0a4 if selected => set_high(&mut self.queue.used),
            _ => {}
        }
        Effect::None
    }

    /// Serves every request queued; whether any completed (interrupt due).
    pub fn serve_queue(&mut self) -> bool {
        let mut completed = false;
        while let Some(request) = self.queue.pop() {
            let (head, written) = match request {
                Ok((head, buffers)) => (head, self.block.serve(&buffers)),
                Err(head) => (head, 0),
            };
            if self.queue.push_used(head, written).is_none() {
                break;
            }
            completed = true;
        }
        if completed {
            self.interrupt_status |= 1; // used buffer notification
        }
        completed
    }
}
