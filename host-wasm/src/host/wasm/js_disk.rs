//! A disk read and written by JS: in Node, a file descriptor used with
//! positional `fs.readSync`/`fs.writeSync` from whichever thread serves the
//! request (file descriptors belong to the process, so every Worker can use
//! them). The image is never loaded whole.

use std::io;

use wasm_bindgen::prelude::*;

use crate::host::virtio::disk::Disk;

#[wasm_bindgen(inline_js = r#"
// Looked up once per thread: this runs for every block request.
let fsModule;
const fs = () => {
  if (fsModule) return fsModule;
  const get = globalThis.process?.getBuiltinModule;
  if (!get) throw new Error('lkl-wasm: file disks need Node >= 20.16 (process.getBuiltinModule)');
  return (fsModule = get('node:fs'));
};
// 0, or -1 on an error or a short file (the device reports an I/O error).
export function lkl_fd_read(fd, buf, offset) {
  try {
    for (let done = 0; done < buf.length;) {
      const n = fs().readSync(fd, buf, done, buf.length - done, offset + done);
      if (n === 0) return -1;
      done += n;
    }
    return 0;
  } catch { return -1; }
}
export function lkl_fd_write(fd, buf, offset) {
  try {
    for (let done = 0; done < buf.length;) done += fs().writeSync(fd, buf, done, buf.length - done, offset + done);
    return 0;
  } catch { return -1; }
}
export function lkl_fd_sync(fd) {
  try { fs().fdatasyncSync(fd); return 0; } catch { return -1; }
}
"#)]
extern "C" {
    fn lkl_fd_read(fd: i32, buf: &mut [u8], offset: f64) -> i32;
    fn lkl_fd_write(fd: i32, buf: &[u8], offset: f64) -> i32;
    fn lkl_fd_sync(fd: i32) -> i32;
}

/// A Node file descriptor as a disk; the JS side opens and closes it.
pub struct FdDisk {
    fd: i32,
    len: u64,
    read_only: bool,
}

impl FdDisk {
    pub fn new(fd: i32, len: u64, read_only: bool) -> FdDisk {
        FdDisk { fd, len, read_only }
    }
}

fn status(ret: i32) -> io::Result<()> {
    if ret == 0 {
        Ok(())
    } else {
        Err(io::Error::other("file I/O failed"))
    }
}

impl Disk for FdDisk {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        // `as`: disk offsets stay below 2^53.
        status(lkl_fd_read(self.fd, buf, offset as f64))
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        if self.read_only {
            return Err(io::ErrorKind::PermissionDenied.into());
        }
        status(lkl_fd_write(self.fd, buf, offset as f64))
    }

    fn flush(&self) -> io::Result<()> {
        status(lkl_fd_sync(self.fd))
    }

    fn read_only(&self) -> bool {
        self.read_only
    }
}
