//! Turning Rust values into the `long` arguments of a system call.

use std::ffi::CString;

use crate::error::{Error, Result};

/// A pointer argument. Its address is exposed: the kernel dereferences it.
pub fn ptr<T>(p: *const T) -> i64 {
    p.expose_provenance() as i64
}

/// A mutable pointer argument (see [`ptr`]).
pub fn ptr_mut<T>(p: *mut T) -> i64 {
    p.expose_provenance() as i64
}

/// A NUL-terminated copy of a path or name.
pub fn c_string(s: &str) -> Result<CString> {
    CString::new(s).map_err(|_| Error::InvalidInput("a path or name contains a NUL byte"))
}

/// A length argument.
pub fn len(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
