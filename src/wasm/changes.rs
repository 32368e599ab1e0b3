//! The JavaScript face of the calls that change a filesystem (writes,
//! names, modes, owners, times, sizes) and of `statfs`, on `Kernel`.

use wasm_bindgen::prelude::*;

use super::{js_error, JsKernel};
use crate::sys::consts::{AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, O_CLOEXEC, O_WRONLY};
use crate::sys::{self, Timespec};

/// Milliseconds since 1970 (fractional, as Node's) as a timespec.
fn timespec(ms: f64) -> Timespec {
    let seconds = (ms / 1e3).floor();
    // `as`: whole seconds and nanoseconds below 1e9 fit.
    Timespec {
        tv_sec: seconds as i64,
        tv_nsec: ((ms - seconds * 1e3) * 1e6).round().min(999_999_999.0) as i64,
    }
}

#[wasm_bindgen(js_class = Kernel)]
impl JsKernel {
    /// Writes `data` at `position` (pwrite64); how many bytes were written.
    pub fn pwrite(&self, fd: i32, data: &[u8], position: f64) -> Result<usize, JsError> {
        // `as`: file offsets below 2^53.
        sys::pwrite(&self.0, fd, data, position as i64).map_err(js_error)
    }

    pub fn unlink(&self, path: &str) -> Result<(), JsError> {
        sys::unlinkat(&self.0, AT_FDCWD, path, 0).map_err(js_error)
    }

    pub fn rmdir(&self, path: &str) -> Result<(), JsError> {
        sys::unlinkat(&self.0, AT_FDCWD, path, AT_REMOVEDIR).map_err(js_error)
    }

    pub fn rename(&self, old: &str, new: &str) -> Result<(), JsError> {
        sys::renameat2(&self.0, AT_FDCWD, old, AT_FDCWD, new, 0).map_err(js_error)
    }

    /// `path` becomes a symlink to `target`.
    pub fn symlink(&self, target: &str, path: &str) -> Result<(), JsError> {
        sys::symlinkat(&self.0, target, AT_FDCWD, path).map_err(js_error)
    }

    /// `new` becomes a hard link to `existing`.
    pub fn link(&self, existing: &str, new: &str) -> Result<(), JsError> {
        sys::linkat(&self.0, AT_FDCWD, existing, AT_FDCWD, new, 0).map_err(js_error)
    }

    pub fn chmod(&self, path: &str, mode: u32) -> Result<(), JsError> {
        sys::fchmodat(&self.0, AT_FDCWD, path, mode).map_err(js_error)
    }

    /// Changes the owner (of a symlink itself with `no_follow`).
    pub fn chown(&self, path: &str, uid: u32, gid: u32, no_follow: bool) -> Result<(), JsError> {
        let flags = if no_follow { AT_SYMLINK_NOFOLLOW } else { 0 };
        sys::fchownat(&self.0, AT_FDCWD, path, uid, gid, flags).map_err(js_error)
    }

    /// Sets the access and modification times (ms since 1970; of a symlink
    /// itself with `no_follow`).
    pub fn utimes(&self, path: &str, atime_ms: f64, mtime_ms: f64, no_follow: bool) -> Result<(), JsError> {
        let flags = if no_follow { AT_SYMLINK_NOFOLLOW } else { 0 };
        sys::utimensat(&self.0, AT_FDCWD, path, [timespec(atime_ms), timespec(mtime_ms)], flags).map_err(js_error)
    }

    pub fn ftruncate(&self, fd: i32, length: f64) -> Result<(), JsError> {
        // `as`: sizes below 2^53.
        sys::ftruncate(&self.0, fd, length as u64).map_err(js_error)
    }

    pub fn truncate(&self, path: &str, length: f64) -> Result<(), JsError> {
        let fd = sys::openat(&self.0, AT_FDCWD, path, O_WRONLY | O_CLOEXEC, 0).map_err(js_error)?;
        let result = self.ftruncate(fd, length);
        let _ = sys::close(&self.0, fd);
        result
    }

    pub fn fsync(&self, fd: i32) -> Result<(), JsError> {
        sys::fsync(&self.0, fd).map_err(js_error)
    }

    /// Everything written reaches the disks.
    pub fn sync(&self) -> Result<(), JsError> {
        sys::sync(&self.0).map_err(js_error)
    }

    /// The names of the extended attributes of `path` itself.
    pub fn lxattrs(&self, path: &str) -> Result<Vec<String>, JsError> {
        sys::llistxattr(&self.0, path).map_err(js_error)
    }

    /// The value of extended attribute `name` of `path` itself.
    pub fn lgetxattr(&self, path: &str, name: &str) -> Result<Vec<u8>, JsError> {
        sys::lgetxattr(&self.0, path, name).map_err(js_error)
    }

    /// Size and free space of the filesystem holding `path`.
    pub fn statfs(&self, path: &str) -> Result<StatFs, JsError> {
        let st = sys::statfs(&self.0, path).map_err(js_error)?;
        // `as`: counts below 2^53.
        Ok(StatFs {
            fs_type: st.f_type as f64,
            bsize: st.f_bsize as f64,
            blocks: st.f_blocks as f64,
            bfree: st.f_bfree as f64,
            bavail: st.f_bavail as f64,
            files: st.f_files as f64,
            ffree: st.f_ffree as f64,
        })
    }
}

/// What `statfs` reports (as Node's fs.StatFs).
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct StatFs {
    #[wasm_bindgen(js_name = type)]
    pub fs_type: f64,
    pub bsize: f64,
    pub blocks: f64,
    pub bfree: f64,
    pub bavail: f64,
    pub files: f64,
    pub ffree: f64,
}
