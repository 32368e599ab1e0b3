//! mount and umount2.

use std::ffi::CString;

use super::args::{c_string, ptr};
use super::nr;
use crate::error::Result;
use crate::Kernel;

/// `mount(source, target, fstype, flags, data)`.
pub fn mount(
    kernel: &Kernel,
    source: &str,
    target: &str,
    fstype: &str,
    flags: u64,
    data: Option<&str>,
) -> Result<()> {
    let source = c_string(source)?;
    let target = c_string(target)?;
    let fstype = c_string(fstype)?;
    let data: Option<CString> = data.map(c_string).transpose()?;
    let args = [
        ptr(source.as_ptr()),
        ptr(target.as_ptr()),
        ptr(fstype.as_ptr()),
        flags as i64,
        data.as_ref().map_or(0, |d| ptr(d.as_ptr())),
        0,
    ];
    // SAFETY: the strings are NUL-terminated and alive for the whole call;
    // `data` is NULL or a string, which the named filesystems parse as
    // options text.
    unsafe { kernel.syscall(nr::MOUNT, args) }?;
    Ok(())
}

/// `umount2(target, flags)`.
pub fn umount2(kernel: &Kernel, target: &str, flags: u32) -> Result<()> {
    let target = c_string(target)?;
    let args = [ptr(target.as_ptr()), i64::from(flags), 0, 0, 0, 0];
    // SAFETY: `target` is a NUL-terminated string alive for the whole call.
    unsafe { kernel.syscall(nr::UMOUNT2, args) }?;
    Ok(())
}
