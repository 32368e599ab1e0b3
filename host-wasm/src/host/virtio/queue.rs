//! A split virtqueue (virtio 1.x, §2.7): the descriptor table, the driver
//! ("avail") ring and the device ("used") ring, all in kernel RAM.

use std::sync::atomic::{fence, Ordering};

use super::ram;

const DESC_F_NEXT: u16 = 1;
const DESC_F_WRITE: u16 = 2;

/// One buffer of a request.
#[derive(Clone, Copy, Debug)]
pub struct Buffer {
    pub addr: u64,
    pub len: u32,
    /// The device writes it (else it reads it).
    pub writable: bool,
}

#[derive(Default)]
pub struct Queue {
    pub num: u16,
    pub ready: bool,
    pub desc: u64,
    pub avail: u64,
    pub used: u64,
    next_avail: u16,
}

impl Queue {
    /// The next request the driver made available: its head index and
    /// buffers. `Err(head)` for a malformed chain (to be completed empty).
    pub fn pop(&mut self) -> Option<Result<(u16, Vec<Buffer>), u16>> {
        if !self.ready || self.num == 0 {
            return None;
        }
        let avail_idx = ram::read_u16(self.avail + 2)?;
        if avail_idx == self.next_avail {
            return None;
        }
        // Read the ring entry only after seeing the index move.
        fence(Ordering::Acquire);
        let slot = u64::from(self.next_avail % self.num);
        let head = ram::read_u16(self.avail + 4 + 2 * slot)?;
        self.next_avail = self.next_avail.wrapping_add(1);
        Some(self.chain(head).ok_or(head).map(|buffers| (head, buffers)))
    }

    fn chain(&self, head: u16) -> Option<Vec<Buffer>> {
        let mut buffers = Vec::new();
        let mut index = head;
        // A chain never has more links than the table has entries.
        for _ in 0..self.num {
            if index >= self.num {
                return None;
            }
            let at = self.desc + 16 * u64::from(index);
            let flags = ram::read_u16(at + 12)?;
            buffers.push(Buffer {
                addr: ram::read_u64(at)?,
                len: ram::read_u32(at + 8)?,
                writable: flags & DESC_F_WRITE != 0,
            });
            if flags & DESC_F_NEXT == 0 {
                return Some(buffers);
            }
            index = ram::read_u16(at + 14)?;
        }
        None
    }

    /// Hands request `head` back, with `written` bytes written into it.
    pub fn push_used(&mut self, head: u16, written: u32) -> Option<()> {
        let used_idx = ram::read_u16(self.used + 2)?;
        let entry = self.used + 4 + 8 * u64::from(used_idx % self.num);
        ram::write_u32(entry, u32::from(head))?;
        ram::write_u32(entry + 4, written)?;
        // The entry must be visible before the index that publishes it.
        fence(Ordering::Release);
        ram::write_u16(self.used + 2, used_idx.wrapping_add(1))
    }
}
