//! The virtio-blk device (virtio 1.x, §5.2) over a [`Disk`]: its features,
//! its config space, and its requests (read, write, flush, get id).

use std::sync::Arc;

use super::disk::Disk;
use super::queue::Buffer;
use super::ram;

pub const DEVICE_ID: u32 = 2;

const F_RO: u64 = 1 << 5;
const F_BLK_SIZE: u64 = 1 << 6;
const F_FLUSH: u64 = 1 << 9;
pub const F_VERSION_1: u64 = 1 << 32;

const T_IN: u32 = 0;
const T_OUT: u32 = 1;
const T_FLUSH: u32 = 4;
const T_GET_ID: u32 = 8;

const S_OK: u8 = 0;
const S_IOERR: u8 = 1;
const S_UNSUPP: u8 = 2;

const SECTOR: u64 = 512;
const ID_BYTES: usize = 20;

pub struct Block {
    disk: Arc<dyn Disk>,
    serial: String,
}

impl Block {
    pub fn new(disk: Arc<dyn Disk>, serial: String) -> Block {
        Block { disk, serial }
    }

    pub fn features(&self) -> u64 {
        let access = if self.disk.read_only() { F_RO } else { F_FLUSH };
        F_VERSION_1 | F_BLK_SIZE | access
    }

    /// struct virtio_blk_config up to blk_size: capacity in 512-byte
    /// sectors (a partial last sector is not visible), then blk_size.
    pub fn config(&self) -> [u8; 24] {
        let mut config = [0; 24];
        config[..8].copy_from_slice(&(self.disk.len() / SECTOR).to_le_bytes());
        config[20..24].copy_from_slice(&(SECTOR as u32).to_le_bytes());
        config
    }

    /// Serves one request; how many bytes it wrote into the request's
    /// device-writable buffers.
    pub fn serve(&self, buffers: &[Buffer]) -> u32 {
        // header (readable, 16 bytes) | data... | status (writable, 1 byte)
        let (Some(header), Some(status)) = (buffers.first(), buffers.last()) else {
            return 0;
        };
        if buffers.len() < 2 || header.writable || header.len < 16 || !status.writable || status.len < 1 {
            return 0;
        }
        let status_addr = status.addr + u64::from(status.len) - 1;
        let data = &buffers[1..buffers.len() - 1];
        let (Some(kind), Some(sector)) = (ram::read_u32(header.addr), ram::read_u64(header.addr + 8)) else {
            return 0;
        };
        let (result, written) = match kind {
            T_IN => self.transfer(sector, data, true),
            T_OUT => self.transfer(sector, data, false),
            T_FLUSH => (if self.disk.flush().is_ok() { S_OK } else { S_IOERR }, 0),
            T_GET_ID => self.id(data),
            _ => (S_UNSUPP, 0),
        };
        if ram::write_u8(status_addr, result).is_none() {
            return 0;
        }
        written + 1
    }

    /// Reads (`into_ram`) or writes the data buffers at `sector`.
    fn transfer(&self, sector: u64, data: &[Buffer], into_ram: bool) -> (u8, u32) {
        let mut offset = sector.saturating_mul(SECTOR);
        let mut written = 0u32;
        for buffer in data {
            let len = buffer.len as usize;
            let in_range = offset.checked_add(len as u64).is_some_and(|end| end <= self.disk.len());
            if buffer.writable != into_ram || !in_range {
                return (S_IOERR, written);
            }
            let Some(ptr) = ram::checked(buffer.addr, len) else {
                return (S_IOERR, written);
            };
            let ok = if into_ram {
                // SAFETY: `len` bytes of kernel RAM (checked) that the
                // kernel handed the device to fill; it does not touch them
                // until the request completes.
                let buf = unsafe { std::slice::from_raw_parts_mut(ptr, len) };
                self.disk.read_at(offset, buf).is_ok()
            } else {
                // SAFETY: `len` bytes of kernel RAM (checked) holding the
                // data to write, unchanged until the request completes.
                let buf = unsafe { std::slice::from_raw_parts(ptr, len) };
                self.disk.write_at(offset, buf).is_ok()
            };
            if !ok {
                return (S_IOERR, written);
            }
            if into_ram {
                written += buffer.len;
            }
            offset += len as u64;
        }
        (S_OK, written)
    }

    /// The serial number, up to 20 bytes, NUL-padded if shorter.
    fn id(&self, data: &[Buffer]) -> (u8, u32) {
        let Some(buffer) = data.first().filter(|b| b.writable) else {
            return (S_IOERR, 0);
        };
        let len = (buffer.len as usize).min(ID_BYTES);
        let Some(ptr) = ram::checked(buffer.addr, len) else {
            return (S_IOERR, 0);
        };
        let mut id = [0u8; ID_BYTES];
        let serial = self.serial.as_bytes();
        id[..serial.len().min(ID_BYTES)].copy_from_slice(&serial[..serial.len().min(ID_BYTES)]);
        // SAFETY: `len` bytes of kernel RAM (checked), device-writable.
        unsafe { std::ptr::copy_nonoverlapping(id.as_ptr(), ptr, len) };
        (S_OK, len as u32)
    }
}
