//! getdents64 and the parsing of `struct linux_dirent64` records.

use std::borrow::Cow;

use super::args::{len, ptr_mut};
use super::nr;
use crate::error::Result;
use crate::Kernel;

/// Offsets in `struct linux_dirent64` (`include/linux/dirent.h`).
const D_INO: usize = 0;
const D_RECLEN: usize = 16;
const D_TYPE: usize = 18;
const D_NAME: usize = 19;

/// One directory entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub ino: u64,
    /// `DT_REG`, `DT_DIR`, ... (see [`consts`](super::consts)).
    pub kind: u8,
    /// The name's bytes (Linux names need not be UTF-8).
    pub name: Vec<u8>,
}

impl DirEntry {
    /// The name, with invalid UTF-8 replaced.
    pub fn name_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.name)
    }
}

/// `getdents64(fd, buf, len)`: how many bytes of records were written
/// (0 at the end of the directory).
pub fn getdents64(kernel: &Kernel, fd: i32, buf: &mut [u8]) -> Result<usize> {
    let args = [
        i64::from(fd),
        ptr_mut(buf.as_mut_ptr()),
        len(buf.len()),
        0,
        0,
        0,
    ];
    // SAFETY: `buf` is writable for `buf.len()` bytes for the whole call.
    let n = unsafe { kernel.syscall(nr::GETDENTS64, args) }?;
    Ok(n as usize)
}

/// Every entry of the open directory `fd` (including `.` and `..`).
pub fn read_dir(kernel: &Kernel, fd: i32) -> Result<Vec<DirEntry>> {
    let mut buf = vec![0u8; 8192];
    let mut entries = Vec::new();
    loop {
        let n = getdents64(kernel, fd, &mut buf)?;
        if n == 0 {
            return Ok(entries);
        }
        entries.extend(parse_dirents(&buf[..n]));
    }
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_ne_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

/// Parses the records getdents64 wrote; stops at a malformed record.
pub fn parse_dirents(mut bytes: &[u8]) -> Vec<DirEntry> {
    let mut entries = Vec::new();
    while let (Some(ino), Some(reclen)) = (u64_at(bytes, D_INO), u16_at(bytes, D_RECLEN)) {
        let reclen = usize::from(reclen);
        if reclen <= D_NAME || reclen > bytes.len() {
            break;
        }
        let record = &bytes[..reclen];
        let name = &record[D_NAME..];
        let name_len = name.iter().position(|&b| b == 0).unwrap_or(name.len());
        entries.push(DirEntry {
            ino,
            kind: record[D_TYPE],
            name: name[..name_len].to_vec(),
        });
        bytes = &bytes[reclen..];
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(ino: u64, kind: u8, name: &str) -> Vec<u8> {
        let reclen = (D_NAME + name.len() + 1).next_multiple_of(8);
        let mut r = vec![0u8; reclen];
        r[D_INO..D_INO + 8].copy_from_slice(&ino.to_ne_bytes());
        r[D_RECLEN..D_RECLEN + 2].copy_from_slice(&(reclen as u16).to_ne_bytes());
        r[D_TYPE] = kind;
        r[D_NAME..D_NAME + name.len()].copy_from_slice(name.as_bytes());
        r
    }

    #[test]
    fn parses_consecutive_records() {
        let mut buf = record(1, 4, ".");
        buf.extend(record(7, 8, "filesystems"));
        buf.extend(record(9, 10, "self"));
        let names: Vec<_> = parse_dirents(&buf)
            .iter()
            .map(|e| (e.ino, e.kind, e.name_lossy().into_owned()))
            .collect();
        assert_eq!(
            names,
            [
                (1, 4, ".".to_owned()),
                (7, 8, "filesystems".to_owned()),
                (9, 10, "self".to_owned())
            ]
        );
    }

    #[test]
    fn stops_at_a_truncated_record() {
        let mut buf = record(1, 4, "a");
        let second = record(2, 8, "bbbbbbbbbbbb");
        buf.extend(&second[..second.len() - 4]);
        assert_eq!(parse_dirents(&buf).len(), 1);
    }
}
