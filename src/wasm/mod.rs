//! The JavaScript face of the wasm32 module (wasm-bindgen), thin over the
//! Rust API. The JS loader (`js/`) starts the Worker pool, each Worker
//! calling [`worker_main`], before anything boots.

use wasm_bindgen::prelude::*;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::sys::consts::AT_FDCWD;
use crate::{sys, Config, Error, Kernel};

mod changes;

/// What JS attached, by slot: the disk, and the in-memory disk or the
/// overlay behind it (for `diskBytes`, `diskRead`, `writeBack`).
struct Held {
    disk: Arc<dyn crate::Disk>,
    memory: Option<Arc<crate::MemoryDisk>>,
    overlay: Option<Arc<crate::OverlayDisk>>,
}

fn held() -> std::sync::MutexGuard<'static, BTreeMap<usize, Held>> {
    static HELD: std::sync::Mutex<BTreeMap<usize, Held>> = std::sync::Mutex::new(BTreeMap::new());
    HELD.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// ENODEV unless something JS attached is in `slot`.
fn no_disk() -> JsError {
    JsError::new("ENODEV (no disk attached in that slot)")
}

fn js_error(error: Error) -> JsError {
    JsError::new(&error.to_string())
}

/// The Linux errno number of an error code (`"ENOENT"` -> 2), from the
/// same table as the errors' names (for Node-style `errno` fields in JS).
#[wasm_bindgen(js_name = errnoOf)]
pub fn errno_of(code: &str) -> Option<i32> {
    crate::Errno::from_name(code).map(crate::Errno::raw)
}

/// Runs a pool Worker for good: it waits for host threads to run.
#[wasm_bindgen(js_name = workerMain)]
pub fn worker_main() {
    lkl_host::worker_main();
}

/// Sets the calling thread's kernel log sink: a function that gets every
/// piece the kernel prints on this thread, as a view of the shared memory
/// (copy it; never call the kernel from it). `undefined` clears it.
#[wasm_bindgen(js_name = setLogSink)]
pub fn set_log_sink(sink: Option<lkl_host::LogSink>) {
    lkl_host::set_log_sink(sink);
}

/// Sets the calling thread's pool hook: called (inside the kernel) with
/// the number of spare Workers when it runs low; it must only arrange for
/// more Workers to start. `undefined` clears it.
#[wasm_bindgen(js_name = setPoolLowHook)]
pub fn set_pool_low_hook(hook: Option<lkl_host::PoolLowHook>) {
    lkl_host::set_pool_low_hook(hook);
}

/// How many bytes the kernel has printed, ever: the JS copy of the log is
/// complete once it has that many.
#[wasm_bindgen(js_name = logLength)]
pub fn log_length() -> f64 {
    // `as`: far below 2^53.
    lkl_host::kernel_log_len() as f64
}

/// How many host threads (pool Workers running kernel or timer threads)
/// are in use.
#[wasm_bindgen(js_name = hostThreads)]
pub fn host_threads() -> usize {
    lkl_host::live_threads()
}

/// Stops the kernel for every thread (as a panic does). Called raw (not
/// through the glue, which refuses calls after a trap) by a pool Worker
/// whose thread trapped, so that no thread stays asleep in a dead kernel;
/// wasm-bindgen's abort hook does the same, this does not depend on it.
#[wasm_bindgen(js_name = stopKernel)]
pub fn stop_kernel() {
    lkl_host::stop_kernel_after_trap();
}

/// The booted kernel, for JavaScript.
#[wasm_bindgen(js_name = Kernel)]
pub struct JsKernel(Kernel);

#[wasm_bindgen(js_class = Kernel)]
impl JsKernel {
    /// Boots the kernel (blocks until init runs: not on a browser's main
    /// thread).
    pub fn boot(memory_mib: u32, cmdline: String) -> Result<JsKernel, JsError> {
        let config = Config {
            memory_mib: memory_mib as usize,
            cmdline,
        };
        Kernel::boot(config).map(JsKernel).map_err(js_error)
    }

    /// A handle on the running kernel, for another thread (a Worker that
    /// instantiated this module on the same memory).
    pub fn attach() -> Result<JsKernel, JsError> {
        Kernel::attach().map(JsKernel).map_err(js_error)
    }

    /// The kernel release, e.g. "6.12.117".
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> Result<String, JsError> {
        self.0.version().map_err(js_error)
    }

    /// Ends the calling thread's kernel task: call it in a Worker that
    /// attached, before the Worker ends (Workers run no TLS destructors).
    #[wasm_bindgen(js_name = detachThread)]
    pub fn detach_thread(&self) -> Result<(), JsError> {
        self.0.detach_thread().map_err(js_error)
    }

    /// Everything the kernel has printed so far.
    #[wasm_bindgen(getter)]
    pub fn log(&self) -> String {
        self.0.log()
    }

    /// The pid of the calling thread's task.
    pub fn getpid(&self) -> Result<i32, JsError> {
        sys::getpid(&self.0).map_err(js_error)
    }

    /// uname's fields: sysname, nodename, release, version, machine.
    pub fn uname(&self) -> Result<Vec<String>, JsError> {
        let uts = sys::uname(&self.0).map_err(js_error)?;
        Ok(vec![
            uts.sysname,
            uts.nodename,
            uts.release,
            uts.version,
            uts.machine,
        ])
    }

    /// Sets the file mode creation mask; the previous one.
    pub fn umask(&self, mask: u32) -> Result<u32, JsError> {
        sys::umask(&self.0, mask).map_err(js_error)
    }

    /// openat(AT_FDCWD, path, flags, mode): a file descriptor.
    pub fn open(&self, path: &str, flags: u32, mode: u32) -> Result<i32, JsError> {
        sys::openat(&self.0, AT_FDCWD, path, flags, mode).map_err(js_error)
    }

    pub fn close(&self, fd: i32) -> Result<(), JsError> {
        sys::close(&self.0, fd).map_err(js_error)
    }

    /// Writes `data`; how many bytes were written.
    pub fn write(&self, fd: i32, data: &[u8]) -> Result<usize, JsError> {
        sys::write(&self.0, fd, data).map_err(js_error)
    }

    /// Reads up to `len` bytes (blocks like read(2)).
    pub fn read(&self, fd: i32, len: usize) -> Result<Vec<u8>, JsError> {
        let mut buf = vec![0; len];
        let n = sys::read(&self.0, fd, &mut buf).map_err(js_error)?;
        buf.truncate(n);
        Ok(buf)
    }

    /// lseek(fd, offset, whence): the new offset.
    pub fn lseek(&self, fd: i32, offset: i64, whence: u32) -> Result<u64, JsError> {
        sys::lseek(&self.0, fd, offset, whence).map_err(js_error)
    }

    pub fn mkdir(&self, path: &str, mode: u32) -> Result<(), JsError> {
        sys::mkdirat(&self.0, AT_FDCWD, path, mode).map_err(js_error)
    }

    /// statx of `path` (following symlinks).
    pub fn stat(&self, path: &str) -> Result<Stat, JsError> {
        self.statx(path, 0)
    }

    /// statx of `path` itself (a symlink is not followed).
    pub fn lstat(&self, path: &str) -> Result<Stat, JsError> {
        self.statx(path, sys::consts::AT_SYMLINK_NOFOLLOW)
    }

    fn statx(&self, path: &str, flags: u32) -> Result<Stat, JsError> {
        let stx = sys::statx(&self.0, AT_FDCWD, path, flags, sys::consts::STATX_BASIC_STATS)
            .map_err(js_error)?;
        // `as`: seconds since 1970 fit an f64 exactly.
        let time = |t: sys::StatxTimestamp| t.tv_sec as f64 * 1e3 + f64::from(t.tv_nsec) / 1e6;
        Ok(Stat {
            mode: u32::from(stx.stx_mode),
            size: stx.stx_size,
            nlink: stx.stx_nlink,
            ino: stx.stx_ino,
            uid: stx.stx_uid,
            gid: stx.stx_gid,
            blocks: stx.stx_blocks,
            atime_ms: time(stx.stx_atime),
            mtime_ms: time(stx.stx_mtime),
            ctime_ms: time(stx.stx_ctime),
            mtime_nsec: stx.stx_mtime.tv_nsec,
        })
    }

    /// The target of symlink `path`.
    pub fn readlink(&self, path: &str) -> Result<String, JsError> {
        let target = sys::readlinkat(&self.0, AT_FDCWD, path).map_err(js_error)?;
        Ok(String::from_utf8_lossy(&target).into_owned())
    }

    /// Stops the kernel when a call stays in it longer than `ms`
    /// milliseconds (none: never), failing that call instead of blocking
    /// its thread for good.
    #[wasm_bindgen(js_name = setCallTimeout)]
    pub fn set_call_timeout(&self, ms: Option<u32>) -> Result<(), JsError> {
        let limit = ms.map(|ms| Duration::from_millis(u64::from(ms)));
        self.0.set_call_timeout(limit).map_err(js_error)
    }

    /// Sleeps in the kernel (clock_nanosleep).
    pub fn sleep(&self, ms: u32) -> Result<(), JsError> {
        sys::nanosleep(&self.0, Duration::from_millis(u64::from(ms))).map_err(js_error)
    }

    /// pipe2(flags): [read end, write end].
    pub fn pipe(&self, flags: u32) -> Result<Vec<i32>, JsError> {
        sys::pipe2(&self.0, flags).map(Vec::from).map_err(js_error)
    }

    /// mount(source, target, fstype, flags = 0, data = none).
    pub fn mount(
        &self,
        source: &str,
        target: &str,
        fstype: &str,
        flags: Option<u32>,
        data: Option<String>,
    ) -> Result<(), JsError> {
        let flags = u64::from(flags.unwrap_or(0));
        sys::mount(&self.0, source, target, fstype, flags, data.as_deref()).map_err(js_error)
    }

    /// Mounts `source` at `target`, the kernel telling what filesystem it
    /// holds (each type it has, tried read-only); returns the type.
    #[wasm_bindgen(js_name = mountAuto)]
    pub fn mount_auto(
        &self,
        source: &str,
        target: &str,
        flags: Option<u32>,
        data: Option<String>,
    ) -> Result<String, JsError> {
        let flags = u64::from(flags.unwrap_or(0));
        self.0.mount_auto(source, target, flags, data.as_deref()).map_err(js_error)
    }

    /// umount2(target, 0).
    pub fn umount(&self, target: &str) -> Result<(), JsError> {
        sys::umount2(&self.0, target, 0).map_err(js_error)
    }

    /// Attaches a disk image held in memory (copied in); the kernel probes
    /// it before this returns. Its node is `/dev/<name>`.
    #[wasm_bindgen(js_name = attachDisk)]
    pub fn attach_disk(&self, image: Vec<u8>, read_only: bool) -> Result<AttachedDisk, JsError> {
        let memory = Arc::new(crate::MemoryDisk::new(image, read_only));
        self.hold(memory.clone(), Some(memory), false)
    }

    /// The bytes of the in-memory disk in `slot` as they are now (with the
    /// kernel's writes; unsynced data may still be in the kernel's cache).
    #[wasm_bindgen(js_name = diskBytes)]
    pub fn disk_bytes(&self, slot: u32) -> Result<Vec<u8>, JsError> {
        held()
            .get(&(slot as usize))
            .and_then(|held| held.memory.as_ref().map(|disk| disk.snapshot()))
            .ok_or_else(|| JsError::new("ENODEV (no in-memory disk in that slot)"))
    }

    /// Attaches a Node file descriptor of `size` bytes as a disk, read and
    /// written in place with positional I/O (never loaded whole). The
    /// caller keeps `fd` open until `detachDisk`. Use `attachFile`. With
    /// `overlay`, writes go to a copy-on-write layer instead (the file is
    /// only read, until `writeBack`).
    #[wasm_bindgen(js_name = attachFd)]
    pub fn attach_fd(&self, fd: i32, size: f64, read_only: bool, overlay: bool) -> Result<AttachedDisk, JsError> {
        // `as`: a file size from fstat is a whole number below 2^53.
        let disk = Arc::new(lkl_host::virtio::disk::FdDisk::new(fd, size as u64, read_only));
        self.hold(disk, None, overlay)
    }

    /// Attaches the browser Blob the Blob I/O Worker knows as `blob_id`
    /// (`js/web/blob-io.js`), `size` bytes, read by slices; read-only, or
    /// writable through a copy-on-write layer with `overlay`.
    #[wasm_bindgen(js_name = attachBlob)]
    pub fn attach_blob(&self, blob_id: u32, size: f64, overlay: bool) -> Result<AttachedDisk, JsError> {
        // `as`: a Blob's size is a whole number below 2^53.
        let disk = Arc::new(lkl_host::virtio::disk::BlobDisk::new(blob_id, size as u64));
        self.hold(disk, None, overlay)
    }

    /// `length` bytes at `offset` of the disk in `slot` as the kernel sees
    /// them (an overlay's changes included): for exporting an image piece
    /// by piece.
    #[wasm_bindgen(js_name = diskRead)]
    pub fn disk_read(&self, slot: u32, offset: f64, length: usize) -> Result<Vec<u8>, JsError> {
        let disk = held().get(&(slot as usize)).map(|held| held.disk.clone()).ok_or_else(no_disk)?;
        let mut buf = vec![0; length];
        // `as`: offsets below 2^53.
        disk.read_at(offset as u64, &mut buf).map_err(|e| JsError::new(&format!("EIO ({e})")))?;
        Ok(buf)
    }

    /// The size in bytes of the disk in `slot`.
    #[wasm_bindgen(js_name = diskSize)]
    pub fn disk_size(&self, slot: u32) -> Result<f64, JsError> {
        // `as`: sizes below 2^53.
        held().get(&(slot as usize)).map(|held| held.disk.len() as f64).ok_or_else(no_disk)
    }

    /// How many bytes the overlay of the disk in `slot` holds (0 without one).
    #[wasm_bindgen(js_name = diskChanged)]
    pub fn disk_changed(&self, slot: u32) -> Result<f64, JsError> {
        let held = held();
        let held = held.get(&(slot as usize)).ok_or_else(no_disk)?;
        // `as`: byte counts below 2^53.
        Ok(held.overlay.as_ref().map_or(0.0, |overlay| overlay.changed_bytes() as f64))
    }

    /// Writes the overlay's changes onto the disk below (a file attached
    /// writable) and empties it. Unmount (or sync) first.
    #[wasm_bindgen(js_name = writeBack)]
    pub fn write_back(&self, slot: u32) -> Result<(), JsError> {
        let overlay = held().get(&(slot as usize)).and_then(|held| held.overlay.clone());
        let overlay = overlay.ok_or_else(|| JsError::new("ENODEV (no overlay in that slot)"))?;
        overlay.write_back().map_err(|e| JsError::new(&format!("EIO (writing back failed: {e})")))
    }

    /// What is on an attached disk: its size, its partitions (sizes and
    /// the filesystem the kernel found on each) or its one filesystem.
    #[wasm_bindgen(js_name = diskLayout)]
    pub fn disk_layout(&self, disk: &AttachedDisk) -> Result<DiskLayout, JsError> {
        let attached = crate::AttachedDisk {
            slot: disk.slot as usize,
            name: disk.name.clone(),
        };
        let layout = self.0.disk_layout(&attached).map_err(js_error)?;
        // `as`: sizes in bytes stay below 2^53.
        Ok(DiskLayout {
            size: layout.size as f64,
            fstype: layout.fstype,
            partitions: layout
                .partitions
                .into_iter()
                .map(|p| Partition {
                    number: p.number,
                    start: p.start as f64,
                    size: p.size as f64,
                    fstype: p.fstype,
                })
                .collect(),
        })
    }

    /// Detaches the disk in `slot` (unmount it first).
    #[wasm_bindgen(js_name = detachDisk)]
    pub fn detach_disk(&self, slot: u32) -> Result<(), JsError> {
        self.0.detach_disk(slot as usize).map_err(js_error)?;
        held().remove(&(slot as usize));
        Ok(())
    }

    /// The names in directory `path` (with "." and "..").
    pub fn readdir(&self, path: &str) -> Result<Vec<String>, JsError> {
        Ok(self.entries(path)?.names)
    }

    /// The entries of directory `path` without "." and "..": names and
    /// their `DT_*` types, in the directory's order.
    #[wasm_bindgen(js_name = readdirTypes)]
    pub fn readdir_types(&self, path: &str) -> Result<DirEntries, JsError> {
        let all = self.entries(path)?;
        let (names, types) = all
            .names
            .into_iter()
            .zip(all.types)
            .filter(|(name, _)| name != "." && name != "..")
            .unzip();
        Ok(DirEntries { names, types })
    }

    fn entries(&self, path: &str) -> Result<DirEntries, JsError> {
        let flags = sys::consts::O_RDONLY | sys::consts::O_DIRECTORY | sys::consts::O_CLOEXEC;
        let fd = sys::openat(&self.0, AT_FDCWD, path, flags, 0).map_err(js_error)?;
        let entries = sys::read_dir(&self.0, fd);
        sys::close(&self.0, fd).map_err(js_error)?;
        let entries = entries.map_err(js_error)?;
        Ok(DirEntries {
            names: entries.iter().map(|e| e.name_lossy().into_owned()).collect(),
            types: entries.iter().map(|e| e.kind).collect(),
        })
    }

    /// pread64(fd, len, position): up to `len` bytes at `position`,
    /// leaving the file offset alone.
    pub fn pread(&self, fd: i32, len: usize, position: f64) -> Result<Vec<u8>, JsError> {
        let mut buf = vec![0; len];
        // `as`: positions are whole numbers below 2^53.
        let n = sys::pread(&self.0, fd, &mut buf, position as i64).map_err(js_error)?;
        buf.truncate(n);
        Ok(buf)
    }

    /// A raw system call with six 64-bit argument slots: the result, or a
    /// negative errno. Pointer arguments are addresses in this module's
    /// memory; a wrong one can corrupt the kernel (for tests and tools).
    #[wasm_bindgen(js_name = rawSyscall)]
    #[allow(clippy::too_many_arguments)]
    pub fn raw_syscall(
        &self,
        nr: i32,
        a0: i64,
        a1: i64,
        a2: i64,
        a3: i64,
        a4: i64,
        a5: i64,
    ) -> i64 {
        // SAFETY: the caller vouches for pointer arguments (documented);
        // the kernel only touches this instance's memory.
        match unsafe { self.0.syscall(i64::from(nr), [a0, a1, a2, a3, a4, a5]) } {
            Ok(ret) => ret,
            Err(error) => -i64::from(error.errno().0),
        }
    }

    /// Shuts the kernel down.
    pub fn halt(self) -> Result<(), JsError> {
        self.0.halt().map_err(js_error)
    }
}

impl JsKernel {
    /// Attaches `disk` (under a copy-on-write layer with `overlay`) and
    /// remembers it by slot.
    fn hold(&self, disk: Arc<dyn crate::Disk>, memory: Option<Arc<crate::MemoryDisk>>, overlay: bool) -> Result<AttachedDisk, JsError> {
        let overlay = overlay.then(|| Arc::new(crate::OverlayDisk::new(disk.clone())));
        let attached_disk: Arc<dyn crate::Disk> = match &overlay {
            Some(overlay) => overlay.clone(),
            None => disk,
        };
        let attached = self.0.attach_disk(attached_disk.clone()).map_err(js_error)?;
        held().insert(attached.slot, Held { disk: attached_disk, memory, overlay });
        Ok(attached.into())
    }
}

/// A disk the kernel has attached.
#[wasm_bindgen(getter_with_clone)]
pub struct AttachedDisk {
    /// Its slot, for `detachDisk`.
    pub slot: u32,
    /// The kernel's name, e.g. "vda" (partitions: "vda1", ...).
    pub name: String,
}

impl From<crate::AttachedDisk> for AttachedDisk {
    fn from(disk: crate::AttachedDisk) -> AttachedDisk {
        // `as`: there are 32 slots.
        AttachedDisk {
            slot: disk.slot as u32,
            name: disk.name,
        }
    }
}

/// Directory entries: `names[i]` has type `types[i]` (DT_REG 8, DT_DIR 4,
/// DT_LNK 10, ...; DT_UNKNOWN 0 where the filesystem does not say).
#[wasm_bindgen(getter_with_clone)]
pub struct DirEntries {
    pub names: Vec<String>,
    pub types: Vec<u8>,
}

/// What `diskLayout` reports.
#[wasm_bindgen(getter_with_clone)]
pub struct DiskLayout {
    /// Bytes.
    pub size: f64,
    /// The whole disk's filesystem when it has no partitions.
    pub fstype: Option<String>,
    pub partitions: Vec<Partition>,
}

/// A partition: number (1-based), start and size in bytes, filesystem.
#[wasm_bindgen(getter_with_clone)]
#[derive(Clone)]
pub struct Partition {
    pub number: u32,
    pub start: f64,
    pub size: f64,
    pub fstype: Option<String>,
}

/// What `Kernel.stat` reports.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Stat {
    pub mode: u32,
    pub size: u64,
    pub nlink: u32,
    pub ino: u64,
    pub uid: u32,
    pub gid: u32,
    /// 512-byte blocks allocated.
    pub blocks: u64,
    /// Times in milliseconds since 1970 (fractional, as Node's `*Ms`).
    #[wasm_bindgen(js_name = atimeMs)]
    pub atime_ms: f64,
    #[wasm_bindgen(js_name = mtimeMs)]
    pub mtime_ms: f64,
    #[wasm_bindgen(js_name = ctimeMs)]
    pub ctime_ms: f64,
    /// The nanoseconds of the modification time (exact, unlike mtimeMs).
    #[wasm_bindgen(js_name = mtimeNsec)]
    pub mtime_nsec: u32,
}
