//! Disk images through the kernel's own virtio-blk and filesystem drivers:
//! an ext4 image made by mkfs.ext4 -d, attached from a file and from
//! memory, mounted read-only, every file compared with the source tree.

mod common;

use std::sync::Arc;

use common::images::{ext4_image, partitioned_image, scratch, tree_files};
use common::fs::{mkdir_p, read_file};
use common::kernel;
use lkl_wasm::sys::{self, consts::*};
use lkl_wasm::{Errno, Error, FileDisk, Kernel, MemoryDisk};

const MS_RDONLY: u64 = 1;



/// Mounts `device` read-only at `at` as ext4 and checks the whole tree.
fn check_tree(k: &Kernel, device: &str, at: &str) {
    mkdir_p(k, at);
    sys::mount(k, device, at, "ext4", MS_RDONLY, None).unwrap_or_else(|e| panic!("mount {device}: {e}\n{}", k.log()));
    for (path, expected) in tree_files() {
        let got = read_file(k, &format!("{at}/{path}"));
        assert!(got == expected, "{path}: {} bytes read, {} expected", got.len(), expected.len());
        let stx = sys::statx(k, AT_FDCWD, &format!("{at}/{path}"), 0, STATX_BASIC_STATS).unwrap();
        assert_eq!(stx.stx_size, expected.len() as u64, "{path}");
        assert_eq!(u32::from(stx.stx_mode) & 0o170000, 0o100000, "{path} is a regular file");
    }
    // The symlink resolves to its target.
    assert_eq!(read_file(k, &format!("{at}/link")), b"hello from the image\n");
    // A read-only mount refuses writes.
    match sys::openat(k, AT_FDCWD, &format!("{at}/new"), O_CREAT | O_WRONLY, 0o644) {
        Err(Error::Errno(Errno::EROFS)) => {}
        other => panic!("create on a read-only mount: {other:?}"),
    }
    sys::umount2(k, at, 0).unwrap();
}

#[test]
fn ext4_image_from_a_file_and_from_memory_reads_back_the_tree() {
    let k = kernel();
    let dir = scratch("ext4");
    let image = ext4_image(&dir);

    let file = k.attach_disk(Arc::new(FileDisk::open(&image, false).unwrap())).unwrap();
    assert!(file.name.starts_with("vd"), "{file:?}");
    let layout = k.disk_layout(&file).unwrap();
    assert_eq!((layout.size, layout.partitions.len(), layout.fstype.as_deref()), (16 << 20, 0, Some("ext4")));
    check_tree(k, &file.path(), "/mnt-file");

    let bytes = std::fs::read(&image).unwrap();
    let memory = k.attach_disk(Arc::new(MemoryDisk::new(bytes, true))).unwrap();
    assert_ne!(memory.name, file.name);
    check_tree(k, &memory.path(), "/mnt-memory");

    k.detach_disk(file.slot).unwrap();
    k.detach_disk(memory.slot).unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn mbr_and_gpt_disks_show_their_partitions() {
    let k = kernel();
    let dir = scratch("partitions");
    for label in ["dos", "gpt"] {
        let image = partitioned_image(&dir, label);
        let disk = k.attach_disk(Arc::new(FileDisk::open(&image, false).unwrap())).unwrap();
        let layout = k.disk_layout(&disk).unwrap();
        assert_eq!(layout.size, 40 << 20, "{label}");
        assert_eq!(layout.fstype, None, "{label}: a partitioned disk has no filesystem of its own");
        let found: Vec<_> = layout.partitions.iter().map(|p| (p.number, p.start, p.size, p.fstype.as_deref())).collect();
        assert_eq!(
            found,
            [(1, 2048 * 512, 30720 * 512, Some("ext4")), (2, 34816 * 512, 43008 * 512, Some("ext4"))],
            "{label}"
        );
        for (n, file, text) in [(1, "a", "one\n"), (2, "b", "two\n")] {
            let at = format!("/mnt-{label}-{n}");
            mkdir_p(k, &at);
            sys::mount(k, &disk.partition_path(n), &at, "ext4", MS_RDONLY, None)
                .unwrap_or_else(|e| panic!("{label} partition {n}: {e}"));
            assert_eq!(read_file(k, &format!("{at}/{file}")), text.as_bytes(), "{label} partition {n}");
            sys::umount2(k, &at, 0).unwrap();
        }
        k.detach_disk(disk.slot).unwrap();
    }
    let _ = std::fs::remove_dir_all(dir);
}
