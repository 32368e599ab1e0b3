//! Disks: a [`Disk`] backend becomes a virtio-blk device the kernel's own
//! drivers probe (partitions included), with a node in `/dev`.

use std::sync::{Arc, Mutex};

use lkl_host::virtio;
pub use lkl_host::virtio::disk::{Disk, MemoryDisk, OverlayDisk};
#[cfg(unix)]
pub use lkl_host::virtio::disk::FileDisk;

use crate::error::{Error, Result};
use crate::sys::consts::{AT_FDCWD, O_CLOEXEC, O_DIRECTORY, O_RDONLY};
use crate::sys::{self, nr};
use crate::{Errno, Kernel};

/// A disk attached to the kernel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachedDisk {
    /// The device slot (for [`Kernel::detach_disk`]).
    pub slot: usize,
    /// The kernel's name for it, e.g. `"vda"`; partitions are `vda1`, ...
    pub name: String,
}

impl AttachedDisk {
    /// The whole disk's node, e.g. `/dev/vda`.
    pub fn path(&self) -> String {
        format!("/dev/{}", self.name)
    }

    /// Partition `n`'s node (1-based), e.g. `/dev/vda2`.
    pub fn partition_path(&self, n: u32) -> String {
        format!("/dev/{}{n}", self.name)
    }
}

/// /proc, /sys and /dev are mounted (proc, sysfs, devtmpfs) before the
/// first disk.
static MOUNTED: Mutex<bool> = Mutex::new(false);

fn mount_sys_and_dev(kernel: &Kernel) -> Result<()> {
    let mut mounted = MOUNTED.lock().unwrap_or_else(|e| e.into_inner());
    if *mounted {
        return Ok(());
    }
    for (fstype, target) in [("proc", "/proc"), ("sysfs", "/sys"), ("devtmpfs", "/dev")] {
        match sys::mkdirat(kernel, AT_FDCWD, target, 0o755) {
            Ok(()) | Err(Error::Errno(Errno::EEXIST)) => {}
            Err(e) => return Err(e),
        }
        sys::mount(kernel, fstype, target, fstype, 0, None)?;
    }
    *mounted = true;
    Ok(())
}

fn names_in(kernel: &Kernel, dir: &str) -> Result<Vec<String>> {
    let fd = sys::openat(kernel, AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)?;
    let entries = sys::read_dir(kernel, fd);
    sys::close(kernel, fd)?;
    Ok(entries?
        .iter()
        .map(|e| e.name_lossy().into_owned())
        .filter(|n| n != "." && n != "..")
        .collect())
}

/// The block device name of the virtio device in `slot`, from sysfs:
/// /sys/devices/platform/virtio-mmio.<slot>/virtio<N>/block/<name>.
fn block_name(kernel: &Kernel, slot: usize) -> Result<String> {
    let platform = format!("/sys/devices/platform/virtio-mmio.{slot}");
    let virtio = names_in(kernel, &platform)?
        .into_iter()
        .find(|n| n.starts_with("virtio"))
        .ok_or(Error::Errno(Errno::ENODEV))?;
    names_in(kernel, &format!("{platform}/{virtio}/block"))?
        .into_iter()
        .next()
        .ok_or(Error::Errno(Errno::ENODEV))
}

impl Kernel {
    /// Attaches `disk`: the kernel probes it (reading its partition table)
    /// before this returns, and `/dev/<name>` exists.
    pub fn attach_disk(&self, disk: Arc<dyn Disk>) -> Result<AttachedDisk> {
        mount_sys_and_dev(self)?;
        let slot = virtio::add_block_device(disk).ok_or(Error::Errno(Errno::ENOSPC))?;
        // SAFETY: the call takes a slot number, no pointers.
        if let Err(e) = unsafe { self.syscall(nr::VIRTIO_MMIO_DEVICE_ADD, [slot as i64, 0, 0, 0, 0, 0]) } {
            virtio::remove_device(slot);
            return Err(e);
        }
        match block_name(self, slot) {
            Ok(name) => Ok(AttachedDisk { slot, name }),
            Err(e) => {
                let _ = self.detach_disk(slot);
                Err(e)
            }
        }
    }

    /// Detaches the disk in `slot` (unmount its filesystems first).
    pub fn detach_disk(&self, slot: usize) -> Result<()> {
        // SAFETY: the call takes a slot number, no pointers.
        unsafe { self.syscall(nr::VIRTIO_MMIO_DEVICE_REMOVE, [slot as i64, 0, 0, 0, 0, 0]) }?;
        virtio::remove_device(slot);
        Ok(())
    }
}

/// `MS_SILENT`: a failed probe does not fill the kernel log.
const MS_SILENT: u64 = 32768;
/// `MS_RDONLY`.
pub const MS_RDONLY: u64 = 1;

/// Filesystem types tried by [`Kernel::mount_auto`], in this order: the
/// ones whose probes are strict first; `msdos` never (vfat reads the same
/// disks, with long names), nor ext2/ext3 (the ext4 driver reads them).
const AUTO_ORDER: &[&str] = &[
    "ext4", "btrfs", "xfs", "f2fs", "erofs", "squashfs", "udf", "iso9660", "ntfs3", "exfat", "vfat",
    "hfsplus",
];
const NEVER_AUTO: &[&str] = &["msdos", "ext2", "ext3"];

impl Kernel {
    /// The filesystem types the kernel can mount from a block device (its
    /// /proc/filesystems without the `nodev` ones).
    pub fn block_filesystems(&self) -> Result<Vec<String>> {
        mount_sys_and_dev(self)?;
        let text = read_small_file(self, "/proc/filesystems")?;
        Ok(text
            .lines()
            .filter(|line| !line.starts_with("nodev"))
            .map(|line| line.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect())
    }

    /// Mounts `source` at `target`, asking the kernel which filesystem it
    /// holds: each type the kernel has is tried read-only (see the order
    /// above) until one mounts; then, unless `flags` has MS_RDONLY, it is
    /// mounted again with `flags`. Returns the type; [`Errno::EINVAL`] if no
    /// type fits.
    pub fn mount_auto(&self, source: &str, target: &str, flags: u64, data: Option<&str>) -> Result<String> {
        let fstype = self.probe_mount(source, target, flags | MS_RDONLY, data)?;
        if flags & MS_RDONLY == 0 {
            sys::umount2(self, target, 0)?;
            sys::mount(self, source, target, &fstype, flags, data)?;
        }
        Ok(fstype)
    }

    fn probe_mount(&self, source: &str, target: &str, flags: u64, data: Option<&str>) -> Result<String> {
        let known = self.block_filesystems()?;
        let ordered = AUTO_ORDER
            .iter()
            .map(|s| s.to_string())
            .filter(|t| known.contains(t))
            .chain(known.iter().filter(|t| !AUTO_ORDER.contains(&t.as_str()) && !NEVER_AUTO.contains(&t.as_str())).cloned());
        let mut last = Error::Errno(Errno::EINVAL);
        for fstype in ordered {
            match sys::mount(self, source, target, &fstype, flags | MS_SILENT, data) {
                Ok(()) => return Ok(fstype),
                // Not this type (or not with these options): try the next.
                Err(e @ Error::Errno(Errno::EINVAL | Errno::ENOTBLK | Errno::EIO | Errno::EUCLEAN | Errno::ENOENT)) => {
                    if !matches!(e, Error::Errno(Errno::EINVAL)) {
                        last = e;
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Err(last)
    }
}

fn read_small_file(kernel: &Kernel, path: &str) -> Result<String> {
    let fd = sys::openat(kernel, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0)?;
    let mut text = Vec::new();
    let mut buf = [0u8; 4096];
    let result = loop {
        match sys::read(kernel, fd, &mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => text.extend_from_slice(&buf[..n]),
            Err(e) => break Err(e),
        }
    };
    sys::close(kernel, fd)?;
    result.map(|()| String::from_utf8_lossy(&text).into_owned())
}

/// A partition the kernel found on a disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    /// 1-based, as in the node name (`vda2` is 2).
    pub number: u32,
    /// Where it starts and how long it is, in bytes.
    pub start: u64,
    pub size: u64,
    /// The filesystem the kernel recognized (a read-only probe), if any.
    pub fstype: Option<String>,
}

/// What is on a disk: its size, and either partitions or one filesystem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskLayout {
    pub size: u64,
    /// Empty when the disk has no partition table the kernel knows.
    pub partitions: Vec<Partition>,
    /// The whole disk's filesystem, when it has no partitions.
    pub fstype: Option<String>,
}

/// Where probes mount for a moment.
const PROBE_DIR: &str = "/run/lkl-probe";

impl Kernel {
    /// The partitions the kernel parsed on `disk` (MBR, GPT), with their
    /// sizes and filesystem types (each probed by a read-only mount).
    pub fn disk_layout(&self, disk: &AttachedDisk) -> Result<DiskLayout> {
        let sys_dir = format!("/sys/block/{}", disk.name);
        let sectors = |path: &str| -> Result<u64> {
            read_small_file(self, path)?
                .trim()
                .parse::<u64>()
                .map(|n| n * 512)
                .map_err(|_| Error::Errno(Errno::EIO))
        };
        let size = sectors(&format!("{sys_dir}/size"))?;
        let mut partitions = Vec::new();
        for name in names_in(self, &sys_dir)? {
            let Some(number) = name.strip_prefix(&disk.name).and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            partitions.push(Partition {
                number,
                start: sectors(&format!("{sys_dir}/{name}/start"))?,
                size: sectors(&format!("{sys_dir}/{name}/size"))?,
                fstype: self.probe_type(&disk.partition_path(number))?,
            });
        }
        partitions.sort_by_key(|p| p.number);
        let fstype = if partitions.is_empty() { self.probe_type(&disk.path())? } else { None };
        Ok(DiskLayout {
            size,
            partitions,
            fstype,
        })
    }

    /// The filesystem on `device`, by mounting it read-only for a moment.
    fn probe_type(&self, device: &str) -> Result<Option<String>> {
        for dir in ["/run", PROBE_DIR] {
            match sys::mkdirat(self, AT_FDCWD, dir, 0o755) {
                Ok(()) | Err(Error::Errno(Errno::EEXIST)) => {}
                Err(e) => return Err(e),
            }
        }
        match self.probe_mount(device, PROBE_DIR, MS_RDONLY, None) {
            Ok(fstype) => {
                sys::umount2(self, PROBE_DIR, 0)?;
                Ok(Some(fstype))
            }
            Err(Error::Errno(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
