//! uname.

use super::args::ptr_mut;
use super::nr;
use crate::error::Result;
use crate::Kernel;

const FIELD: usize = 65;

/// `struct new_utsname`: six NUL-terminated fields of 65 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewUtsname {
    pub sysname: [u8; FIELD],
    pub nodename: [u8; FIELD],
    pub release: [u8; FIELD],
    pub version: [u8; FIELD],
    pub machine: [u8; FIELD],
    pub domainname: [u8; FIELD],
}

const _: () = assert!(size_of::<NewUtsname>() == 6 * FIELD);

/// [`NewUtsname`] as strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Utsname {
    pub sysname: String,
    pub nodename: String,
    pub release: String,
    pub version: String,
    pub machine: String,
    pub domainname: String,
}

fn field(bytes: &[u8; FIELD]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(FIELD);
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

impl From<&NewUtsname> for Utsname {
    fn from(raw: &NewUtsname) -> Self {
        Utsname {
            sysname: field(&raw.sysname),
            nodename: field(&raw.nodename),
            release: field(&raw.release),
            version: field(&raw.version),
            machine: field(&raw.machine),
            domainname: field(&raw.domainname),
        }
    }
}

/// `uname(&buf)`.
pub fn uname(kernel: &Kernel) -> Result<Utsname> {
    let mut raw = NewUtsname {
        sysname: [0; FIELD],
        nodename: [0; FIELD],
        release: [0; FIELD],
        version: [0; FIELD],
        machine: [0; FIELD],
        domainname: [0; FIELD],
    };
    // SAFETY: `raw` is a writable struct new_utsname for the whole call.
    unsafe { kernel.syscall(nr::UNAME, [ptr_mut(&mut raw), 0, 0, 0, 0, 0]) }?;
    Ok(Utsname::from(&raw))
}
