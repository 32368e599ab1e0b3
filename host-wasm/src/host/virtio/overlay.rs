//! A copy-on-write layer over any disk: reads come from the blocks written
//! so far, else from the disk below; writes only ever go to the layer (in
//! memory). So a read-only source (a browser File, bytes, a file opened
//! read-only) can be mounted read-write, a dirty journal replayed, and the
//! result read back whole ([`Disk::read_at`] over the full length) or
//! written onto the source when the caller asks ([`OverlayDisk::write_back`]).

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, RwLock};

use super::disk::Disk;

/// The unit the layer keeps: a page, the most a filesystem writes at once
/// for small changes.
const BLOCK: u64 = 4096;

pub struct OverlayDisk {
    base: Arc<dyn Disk>,
    /// Block number -> its current bytes (BLOCK long, shorter at the end).
    blocks: RwLock<BTreeMap<u64, Box<[u8]>>>,
}

impl OverlayDisk {
    pub fn new(base: Arc<dyn Disk>) -> OverlayDisk {
        OverlayDisk {
            base,
            blocks: RwLock::new(BTreeMap::new()),
        }
    }

    /// How many bytes the layer holds (changed blocks).
    pub fn changed_bytes(&self) -> u64 {
        let blocks = self.blocks.read().unwrap_or_else(|e| e.into_inner());
        blocks.values().map(|b| b.len() as u64).sum()
    }

    /// Writes every changed block onto the disk below (it must take
    /// writes), then empties the layer.
    pub fn write_back(&self) -> io::Result<()> {
        let mut blocks = self.blocks.write().unwrap_or_else(|e| e.into_inner());
        for (&block, bytes) in blocks.iter() {
            self.base.write_at(block * BLOCK, bytes)?;
        }
        self.base.flush()?;
        blocks.clear();
        Ok(())
    }

    /// The span of block `block`: its start and length (the last block of a
    /// disk whose size is not a multiple of BLOCK is shorter).
    fn span(&self, block: u64) -> (u64, usize) {
        let start = block * BLOCK;
        // `as`: at most BLOCK.
        (start, BLOCK.min(self.base.len() - start) as usize)
    }

    fn check(&self, offset: u64, len: usize) -> io::Result<()> {
        match offset.checked_add(len as u64) {
            Some(end) if end <= self.base.len() => Ok(()),
            _ => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "past the end of the disk")),
        }
    }
}

impl Disk for OverlayDisk {
    fn len(&self) -> u64 {
        self.base.len()
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.check(offset, buf.len())?;
        let blocks = self.blocks.read().unwrap_or_else(|e| e.into_inner());
        // Walk the range; unchanged stretches are read from below in one go.
        let end = offset + buf.len() as u64;
        let mut at = offset;
        while at < end {
            let block = at / BLOCK;
            let next_changed = blocks.range(block..).next().map(|(&b, _)| b);
            if next_changed == Some(block) {
                let bytes = &blocks[&block];
                let (start, _) = self.span(block);
                let from = (at - start) as usize;
                let n = (bytes.len() - from).min((end - at) as usize);
                let done = (at - offset) as usize;
                buf[done..done + n].copy_from_slice(&bytes[from..from + n]);
                at += n as u64;
            } else {
                let stop = next_changed.map_or(end, |b| (b * BLOCK).min(end));
                let done = (at - offset) as usize;
                let n = (stop - at) as usize;
                self.base.read_at(at, &mut buf[done..done + n])?;
                at = stop;
            }
        }
        Ok(())
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        self.check(offset, buf.len())?;
        let mut blocks = self.blocks.write().unwrap_or_else(|e| e.into_inner());
        let end = offset + buf.len() as u64;
        let mut at = offset;
        while at < end {
            let block = at / BLOCK;
            let (start, len) = self.span(block);
            let bytes = match blocks.entry(block) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => {
                    let mut bytes = vec![0; len].into_boxed_slice();
                    // A partial write keeps the rest of the block's old bytes.
                    if at > start || end < start + len as u64 {
                        self.base.read_at(start, &mut bytes)?;
                    }
                    entry.insert(bytes)
                }
            };
            let from = (at - start) as usize;
            let n = (len - from).min((end - at) as usize);
            let done = (at - offset) as usize;
            bytes[from..from + n].copy_from_slice(&buf[done..done + n]);
            at += n as u64;
        }
        Ok(())
    }

    fn read_only(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::virtio::disk::MemoryDisk;

    fn base(len: usize) -> (Arc<MemoryDisk>, Vec<u8>) {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 31 + i / 4096) as u8).collect();
        (Arc::new(MemoryDisk::new(bytes.clone(), true)), bytes)
    }

    #[test]
    fn writes_stay_in_the_layer_and_reads_merge_them() {
        let (disk, mut expected) = base(3 * 4096 + 100);
        let overlay = OverlayDisk::new(disk.clone());
        for (offset, len, fill) in [(10usize, 5usize, 1u8), (4090, 20, 2), (3 * 4096 + 90, 10, 3), (8192, 4096, 4)] {
            overlay.write_at(offset as u64, &vec![fill; len]).unwrap();
            expected[offset..offset + len].fill(fill);
        }
        let mut all = vec![0; expected.len()];
        overlay.read_at(0, &mut all).unwrap();
        assert!(all == expected);
        let mut middle = vec![0; 5000];
        overlay.read_at(4000, &mut middle).unwrap();
        assert!(middle == expected[4000..9000]);
        // The read-only disk below is untouched; the layer holds 4 blocks.
        assert!(disk.snapshot() != expected);
        assert_eq!(overlay.changed_bytes(), 3 * 4096 + 100);
        assert!(overlay.write_at(expected.len() as u64 - 1, &[0, 0]).is_err());
        assert!(overlay.read_at(expected.len() as u64, &mut [0]).is_err());
    }

    #[test]
    fn write_back_puts_the_changes_below() {
        let bytes = vec![7u8; 10_000];
        let disk = Arc::new(MemoryDisk::new(bytes, false));
        let overlay = OverlayDisk::new(disk.clone());
        overlay.write_at(5000, &[1, 2, 3]).unwrap();
        overlay.write_back().unwrap();
        assert_eq!(overlay.changed_bytes(), 0);
        let snapshot = disk.snapshot();
        assert_eq!(&snapshot[4999..5004], &[7, 1, 2, 3, 7]);
        assert!(OverlayDisk::new(Arc::new(MemoryDisk::new(vec![0; 10], true))).write_at(0, &[1]).is_ok());
    }
}
