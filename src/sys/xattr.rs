//! Extended attributes, read: their names and values.

use super::args::{c_string, len, ptr, ptr_mut};
use super::nr;
use crate::error::Result;
use crate::Kernel;

/// `llistxattr(path)`: the names of the extended attributes of `path`
/// itself (not following a symlink).
pub fn llistxattr(kernel: &Kernel, path: &str) -> Result<Vec<String>> {
    let path = c_string(path)?;
    // XATTR_LIST_MAX: no list is longer.
    let mut buf = vec![0u8; 65536];
    let args = [ptr(path.as_ptr()), ptr_mut(buf.as_mut_ptr()), len(buf.len()), 0, 0, 0];
    // SAFETY: `path` is NUL-terminated and `buf` writable for its length.
    let n = unsafe { kernel.syscall(nr::LLISTXATTR, args) }?;
    buf.truncate(n as usize);
    Ok(buf
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect())
}

/// `lgetxattr(path, name)`: the value of one extended attribute.
pub fn lgetxattr(kernel: &Kernel, path: &str, name: &str) -> Result<Vec<u8>> {
    let (path, name) = (c_string(path)?, c_string(name)?);
    // XATTR_SIZE_MAX: no value is longer.
    let mut buf = vec![0u8; 65536];
    let args = [ptr(path.as_ptr()), ptr(name.as_ptr()), ptr_mut(buf.as_mut_ptr()), len(buf.len()), 0, 0];
    // SAFETY: both strings are NUL-terminated and `buf` writable for its length.
    let n = unsafe { kernel.syscall(nr::LGETXATTR, args) }?;
    buf.truncate(n as usize);
    Ok(buf)
}
