//! Reading the kernel's files from Rust, shaped like `std::fs`: directory
//! listings with file types, metadata, symlinks, whole files, and a
//! [`File`] that implements `Read` and `Seek` (for large files) with
//! positional reads. Paths are the kernel's (e.g. `/mnt/etc/hostname`).

use std::io;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::sys::consts::*;
use crate::sys::{self, Statx, StatxTimestamp};
use crate::{Errno, Kernel};

/// The kinds of file `st_mode` and `d_type` tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    File,
    Dir,
    Symlink,
    BlockDevice,
    CharDevice,
    Fifo,
    Socket,
    Unknown,
}

impl FileType {
    fn from_mode(mode: u32) -> FileType {
        match mode & 0o170000 {
            0o100000 => FileType::File,
            0o040000 => FileType::Dir,
            0o120000 => FileType::Symlink,
            0o060000 => FileType::BlockDevice,
            0o020000 => FileType::CharDevice,
            0o010000 => FileType::Fifo,
            0o140000 => FileType::Socket,
            _ => FileType::Unknown,
        }
    }

    fn from_dirent(kind: u8) -> FileType {
        match kind {
            DT_REG => FileType::File,
            DT_DIR => FileType::Dir,
            DT_LNK => FileType::Symlink,
            DT_BLK => FileType::BlockDevice,
            DT_CHR => FileType::CharDevice,
            DT_FIFO => FileType::Fifo,
            12 => FileType::Socket,
            _ => FileType::Unknown,
        }
    }
}

/// One entry of [`Kernel::read_dir`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    /// The name's bytes (Linux names need not be UTF-8).
    pub name: Vec<u8>,
    pub file_type: FileType,
    pub ino: u64,
}

impl DirEntry {
    /// The name, invalid UTF-8 replaced.
    pub fn name_lossy(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }
}

/// What `statx` says about a file.
#[derive(Clone, Copy, Debug)]
pub struct Metadata(Statx);

fn system_time(t: StatxTimestamp) -> SystemTime {
    let since = Duration::new(t.tv_sec.unsigned_abs(), t.tv_nsec);
    if t.tv_sec >= 0 { UNIX_EPOCH + since } else { UNIX_EPOCH - since }
}

impl Metadata {
    pub fn file_type(&self) -> FileType {
        FileType::from_mode(self.mode())
    }
    pub fn is_dir(&self) -> bool {
        self.file_type() == FileType::Dir
    }
    pub fn is_file(&self) -> bool {
        self.file_type() == FileType::File
    }
    pub fn is_symlink(&self) -> bool {
        self.file_type() == FileType::Symlink
    }
    /// The size in bytes.
    pub fn len(&self) -> u64 {
        self.0.stx_size
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Type and permission bits (with set-id and sticky).
    pub fn mode(&self) -> u32 {
        u32::from(self.0.stx_mode)
    }
    pub fn uid(&self) -> u32 {
        self.0.stx_uid
    }
    pub fn gid(&self) -> u32 {
        self.0.stx_gid
    }
    pub fn nlink(&self) -> u32 {
        self.0.stx_nlink
    }
    pub fn ino(&self) -> u64 {
        self.0.stx_ino
    }
    pub fn modified(&self) -> SystemTime {
        system_time(self.0.stx_mtime)
    }
    pub fn accessed(&self) -> SystemTime {
        system_time(self.0.stx_atime)
    }
    pub fn changed(&self) -> SystemTime {
        system_time(self.0.stx_ctime)
    }
    /// Everything statx returned.
    pub fn statx(&self) -> &Statx {
        &self.0
    }
}

/// Symlinks followed before `canonicalize` gives up (as the kernel's ELOOP).
const MAX_SYMLINKS: usize = 40;

impl Kernel {
    /// The entries of directory `path`, without `.` and `..`, in the
    /// directory's order; a `DT_UNKNOWN` type is looked up with lstat.
    pub fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>> {
        let fd = sys::openat(self, AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)?;
        let entries = sys::read_dir(self, fd);
        sys::close(self, fd)?;
        let mut out = Vec::new();
        for entry in entries? {
            if entry.name == b"." || entry.name == b".." {
                continue;
            }
            let mut file_type = FileType::from_dirent(entry.kind);
            if file_type == FileType::Unknown {
                let child = format!("{}/{}", path.trim_end_matches('/'), entry.name_lossy());
                file_type = self.symlink_metadata(&child)?.file_type();
            }
            out.push(DirEntry {
                name: entry.name,
                file_type,
                ino: entry.ino,
            });
        }
        Ok(out)
    }

    /// Metadata of `path`, following symlinks.
    pub fn metadata(&self, path: &str) -> Result<Metadata> {
        sys::statx(self, AT_FDCWD, path, 0, STATX_BASIC_STATS).map(Metadata)
    }

    /// Metadata of `path` itself (a symlink is not followed).
    pub fn symlink_metadata(&self, path: &str) -> Result<Metadata> {
        sys::statx(self, AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS).map(Metadata)
    }

    /// The target of symlink `path` (invalid UTF-8 replaced).
    pub fn read_link(&self, path: &str) -> Result<String> {
        let target = sys::readlinkat(self, AT_FDCWD, path)?;
        Ok(String::from_utf8_lossy(&target).into_owned())
    }

    /// The whole contents of `path`.
    pub fn read(&self, path: &str) -> Result<Vec<u8>> {
        let mut file = self.open(path)?;
        let mut contents = Vec::new();
        io::Read::read_to_end(&mut file, &mut contents).map_err(|e| Error::Errno(Errno(e.raw_os_error().unwrap_or(5))))?;
        Ok(contents)
    }

    /// `path` with every `.`, `..` and symlink resolved; absolute paths only.
    pub fn canonicalize(&self, path: &str) -> Result<String> {
        if !path.starts_with('/') {
            return Err(Error::InvalidInput("canonicalize takes an absolute path"));
        }
        let mut pending: Vec<String> = path.split('/').filter(|p| !p.is_empty()).rev().map(str::to_owned).collect();
        let mut resolved: Vec<String> = Vec::new();
        let mut hops = 0;
        while let Some(part) = pending.pop() {
            match part.as_str() {
                "." => continue,
                ".." => {
                    resolved.pop();
                    continue;
                }
                _ => {}
            }
            let candidate = format!("/{}", resolved.iter().chain([&part]).cloned().collect::<Vec<_>>().join("/"));
            if !self.symlink_metadata(&candidate)?.is_symlink() {
                resolved.push(part);
                continue;
            }
            hops += 1;
            if hops > MAX_SYMLINKS {
                return Err(Error::Errno(Errno::ELOOP));
            }
            let target = self.read_link(&candidate)?;
            if target.starts_with('/') {
                resolved.clear();
            }
            pending.extend(target.split('/').filter(|p| !p.is_empty()).rev().map(str::to_owned));
        }
        Ok(format!("/{}", resolved.join("/")))
    }

    /// Opens `path` for reading.
    pub fn open(&self, path: &str) -> Result<File<'_>> {
        let fd = sys::openat(self, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0)?;
        Ok(File { kernel: self, fd })
    }
}

/// A file open for reading in the kernel; closed when dropped. `Read` and
/// `Seek` work on its offset, [`File::read_at`] leaves it alone.
pub struct File<'k> {
    kernel: &'k Kernel,
    fd: i32,
}

fn io_error(error: Error) -> io::Error {
    io::Error::from_raw_os_error(error.errno().0)
}

impl File<'_> {
    /// Reads into `buf` from `offset`; how many bytes (0 at the end).
    pub fn read_at(&self, buf: &mut [u8], offset: u64) -> Result<usize> {
        let offset = i64::try_from(offset).map_err(|_| Error::Errno(Errno::EINVAL))?;
        sys::pread(self.kernel, self.fd, buf, offset)
    }

    pub fn metadata(&self) -> Result<Metadata> {
        sys::statx(self.kernel, self.fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS).map(Metadata)
    }
}

impl io::Read for File<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        sys::read(self.kernel, self.fd, buf).map_err(io_error)
    }
}

impl io::Seek for File<'_> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        let (offset, whence) = match pos {
            io::SeekFrom::Start(n) => (i64::try_from(n).map_err(|_| io::ErrorKind::InvalidInput)?, SEEK_SET),
            io::SeekFrom::Current(n) => (n, SEEK_CUR),
            io::SeekFrom::End(n) => (n, SEEK_END),
        };
        sys::lseek(self.kernel, self.fd, offset, whence).map_err(io_error)
    }
}

impl Drop for File<'_> {
    fn drop(&mut self) {
        // Nothing useful to do if close fails (the kernel frees it anyway).
        let _ = sys::close(self.kernel, self.fd);
    }
}
