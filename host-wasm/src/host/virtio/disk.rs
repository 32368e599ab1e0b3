//! What a virtio-blk device reads and writes: a [`Disk`]. Backends: bytes in
//! memory ([`MemoryDisk`]) and, natively, a file read and written in place
//! with positional I/O ([`FileDisk`]; never the whole image in memory); on
//! wasm32 in Node, a file descriptor used from JS ([`FdDisk`]); in the
//! browser, a `Blob` read by slices ([`BlobDisk`]). Any of them can be
//! written through a copy-on-write layer ([`OverlayDisk`]).

use std::io;
use std::sync::RwLock;

#[cfg(target_arch = "wasm32")]
pub use crate::host::target::{blob_disk::BlobDisk, js_disk::FdDisk};
pub use super::overlay::OverlayDisk;

/// A disk image of a fixed size. Offsets and lengths are in bytes; reads
/// and writes never reach past [`Disk::len`] (the device checks).
pub trait Disk: Send + Sync {
    /// The size in bytes.
    fn len(&self) -> u64;
    /// Whether the disk has no bytes at all.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Fills `buf` from `offset`.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()>;
    /// Writes `buf` at `offset`.
    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()>;
    /// Makes written data durable.
    fn flush(&self) -> io::Result<()> {
        Ok(())
    }
    /// Whether writes are refused (the kernel then sees a read-only disk).
    fn read_only(&self) -> bool;
}

/// A disk held in memory.
pub struct MemoryDisk {
    bytes: RwLock<Vec<u8>>,
    read_only: bool,
}

impl MemoryDisk {
    pub fn new(bytes: Vec<u8>, read_only: bool) -> MemoryDisk {
        MemoryDisk {
            bytes: RwLock::new(bytes),
            read_only,
        }
    }

    /// The bytes as they are now (after the kernel's writes).
    pub fn snapshot(&self) -> Vec<u8> {
        self.bytes.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn range(offset: u64, len: usize, size: usize) -> io::Result<std::ops::Range<usize>> {
    let start = usize::try_from(offset).map_err(|_| io::ErrorKind::InvalidInput)?;
    let end = start.checked_add(len).filter(|&end| end <= size);
    end.map(|end| start..end)
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "past the end of the disk"))
}

impl Disk for MemoryDisk {
    fn len(&self) -> u64 {
        self.bytes.read().unwrap_or_else(|e| e.into_inner()).len() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let bytes = self.bytes.read().unwrap_or_else(|e| e.into_inner());
        buf.copy_from_slice(&bytes[range(offset, buf.len(), bytes.len())?]);
        Ok(())
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        if self.read_only {
            return Err(io::ErrorKind::PermissionDenied.into());
        }
        let mut bytes = self.bytes.write().unwrap_or_else(|e| e.into_inner());
        let range = range(offset, buf.len(), bytes.len())?;
        bytes[range].copy_from_slice(buf);
        Ok(())
    }

    fn read_only(&self) -> bool {
        self.read_only
    }
}

/// A disk image file, read (and written, unless read-only) in place.
#[cfg(unix)]
pub struct FileDisk {
    file: std::fs::File,
    len: u64,
    read_only: bool,
}

#[cfg(unix)]
impl FileDisk {
    /// Opens `path`; read-only unless `writable`.
    pub fn open(path: &std::path::Path, writable: bool) -> io::Result<FileDisk> {
        let file = std::fs::OpenOptions::new().read(true).write(writable).open(path)?;
        let len = file.metadata()?.len();
        Ok(FileDisk {
            file,
            len,
            read_only: !writable,
        })
    }
}

#[cfg(unix)]
impl Disk for FileDisk {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(&self.file, buf, offset)
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        if self.read_only {
            return Err(io::ErrorKind::PermissionDenied.into());
        }
        std::os::unix::fs::FileExt::write_all_at(&self.file, buf, offset)
    }

    fn flush(&self) -> io::Result<()> {
        self.file.sync_data()
    }

    fn read_only(&self) -> bool {
        self.read_only
    }
}
