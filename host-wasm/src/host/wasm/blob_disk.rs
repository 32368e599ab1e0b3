//! A disk read from a browser `Blob`/`File` by slices, never loaded whole.
//! Only a dedicated Worker can read a Blob synchronously (FileReaderSync),
//! and the kernel's Workers never return to their event loops, so one I/O
//! Worker owns the Blobs and the thread serving a request asks it through
//! shared memory (`js/web/blob-io.js` installs `lklBlobRead` on each
//! thread of the kernel). Read-only: writes belong to an overlay.

use std::io;

use wasm_bindgen::prelude::*;

use crate::host::virtio::disk::Disk;

#[wasm_bindgen(inline_js = r#"
// 0, or -1 on an error or a short read (the device reports an I/O error).
export function lkl_blob_read(id, buf, offset) {
  const read = globalThis.lklBlobRead;
  if (!read) return -1; // not a browser kernel: no Blob I/O channel
  return read(id, buf, offset);
}
"#)]
extern "C" {
    fn lkl_blob_read(id: u32, buf: &mut [u8], offset: f64) -> i32;
}

/// A Blob the I/O Worker knows as `id`, of `len` bytes.
pub struct BlobDisk {
    id: u32,
    len: u64,
}

impl BlobDisk {
    pub fn new(id: u32, len: u64) -> BlobDisk {
        BlobDisk { id, len }
    }
}

impl Disk for BlobDisk {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        // `as`: Blob sizes stay below 2^53.
        match lkl_blob_read(self.id, buf, offset as f64) {
            0 => Ok(()),
            _ => Err(io::Error::other("reading the file failed")),
        }
    }

    fn write_at(&self, _offset: u64, _buf: &[u8]) -> io::Result<()> {
        Err(io::ErrorKind::PermissionDenied.into())
    }

    fn read_only(&self) -> bool {
        true
    }
}
