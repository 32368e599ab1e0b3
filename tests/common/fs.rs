//! Small file helpers over the kernel, for tests.

use lkl_wasm::sys::{self, consts::*};
use lkl_wasm::{Errno, Error, Kernel};

/// The whole contents of `path`, read through the kernel.
pub fn read_file(k: &Kernel, path: &str) -> Vec<u8> {
    let fd = sys::openat(k, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut contents = Vec::new();
    let mut buf = vec![0; 256 * 1024];
    loop {
        let n = sys::read(k, fd, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        contents.extend_from_slice(&buf[..n]);
    }
    sys::close(k, fd).unwrap();
    contents
}

/// mkdir that accepts an existing directory.
pub fn mkdir_p(k: &Kernel, path: &str) {
    match sys::mkdirat(k, AT_FDCWD, path, 0o755) {
        Ok(()) | Err(Error::Errno(Errno::EEXIST)) => {}
        Err(e) => panic!("mkdir {path}: {e}"),
    }
}
