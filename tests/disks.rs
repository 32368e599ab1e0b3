//! Disk images through the kernel's own virtio-blk and filesystem drivers:
//! an ext4 image made by mkfs.ext4 -d, attached from a file and from
//! memory, mounted read-only, every file compared with the source tree.

mod common;

use std::sync::Arc;

use common::images::{ext4_image, partitioned_image, scratch, sparse_image, tree_files, SPARSE_MARK_AT, SPARSE_SIZE};
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

#[test]
fn bad_images_fail_clearly_and_the_kernel_goes_on() {
    let k = kernel();
    let dir = scratch("bad");
    let image = ext4_image(&dir);
    let bytes = std::fs::read(&image).unwrap();

    // The wrong type: ext4 asked to mount as btrfs.
    let disk = k.attach_disk(Arc::new(MemoryDisk::new(bytes.clone(), true))).unwrap();
    mkdir_p(k, "/mnt-bad");
    match sys::mount(k, &disk.path(), "/mnt-bad", "btrfs", MS_RDONLY, None) {
        Err(Error::Errno(Errno::EINVAL)) => {}
        other => panic!("ext4 mounted as btrfs: {other:?}"),
    }
    k.detach_disk(disk.slot).unwrap();

    // Truncated to its first 2 MiB: it may mount, but what lies beyond the
    // end cannot be read; either way an error, never a hang or a crash.
    let truncated = k.attach_disk(Arc::new(MemoryDisk::new(bytes[..2 << 20].to_vec(), true))).unwrap();
    match k.mount_auto(&truncated.path(), "/mnt-bad", MS_RDONLY, None) {
        Ok(_) => {
            let fd = sys::openat(k, AT_FDCWD, "/mnt-bad/big.bin", O_RDONLY, 0);
            let whole = fd.and_then(|fd| {
                let mut buf = vec![0; 2 << 20];
                let mut total = 0;
                let result = loop {
                    match sys::read(k, fd, &mut buf) {
                        Ok(0) => break Ok(total),
                        Ok(n) => total += n,
                        Err(e) => break Err(e),
                    }
                };
                sys::close(k, fd).unwrap();
                result
            });
            assert!(whole.is_err(), "a 1 MiB file read whole from a 2 MiB prefix of a 16 MiB image: {whole:?}");
            sys::umount2(k, "/mnt-bad", 0).unwrap();
        }
        Err(Error::Errno(_)) => {}
        Err(e) => panic!("truncated image: {e}"),
    }
    k.detach_disk(truncated.slot).unwrap();

    // The kernel still reads a good image.
    let good = k.attach_disk(Arc::new(MemoryDisk::new(bytes, true))).unwrap();
    assert_eq!(k.mount_auto(&good.path(), "/mnt-bad", MS_RDONLY, None).unwrap(), "ext4");
    assert_eq!(read_file(k, "/mnt-bad/hello.txt"), b"hello from the image\n");
    sys::umount2(k, "/mnt-bad", 0).unwrap();
    k.detach_disk(good.slot).unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_5_gib_sparse_file_reads_past_4_gib() {
    let k = kernel();
    let dir = scratch("sparse");
    let disk = k.attach_disk(Arc::new(FileDisk::open(&sparse_image(&dir), false).unwrap())).unwrap();
    mkdir_p(k, "/mnt-sparse");
    k.mount_auto(&disk.path(), "/mnt-sparse", MS_RDONLY, None).unwrap();
    let stx = sys::statx(k, AT_FDCWD, "/mnt-sparse/sparse.bin", 0, STATX_BASIC_STATS).unwrap();
    assert_eq!(stx.stx_size, SPARSE_SIZE);
    let fd = sys::openat(k, AT_FDCWD, "/mnt-sparse/sparse.bin", O_RDONLY, 0).unwrap();
    let mut mark = [0u8; 9];
    assert_eq!(sys::pread(k, fd, &mut mark, SPARSE_MARK_AT as i64).unwrap(), 9);
    assert_eq!(&mark, b"MARK-4.5G");
    let mut hole = [1u8; 4096];
    assert_eq!(sys::pread(k, fd, &mut hole, (SPARSE_MARK_AT - 8192) as i64).unwrap(), 4096);
    assert!(hole.iter().all(|&b| b == 0), "a hole reads as zeros");
    sys::close(k, fd).unwrap();
    sys::umount2(k, "/mnt-sparse", 0).unwrap();
    k.detach_disk(disk.slot).unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_ext4_journal_left_unreplayed_is_replayed_by_the_kernel_when_writable() {
    let k = kernel();
    let dir = scratch("journal");
    let image = ext4_image(&dir);

    // Write through the kernel and snapshot the disk while still mounted:
    // the fsync'ed change is in the journal, not yet checkpointed, and the
    // superblock says the journal needs recovery.
    let live = Arc::new(MemoryDisk::new(std::fs::read(&image).unwrap(), false));
    let disk = k.attach_disk(live.clone()).unwrap();
    mkdir_p(k, "/mnt-journal");
    sys::mount(k, &disk.path(), "/mnt-journal", "ext4", 0, None).unwrap();
    let fd = sys::openat(k, AT_FDCWD, "/mnt-journal/new.txt", O_CREAT | O_WRONLY, 0o644).unwrap();
    assert_eq!(sys::write(k, fd, b"written, journaled, not checkpointed\n").unwrap(), 37);
    sys::fsync(k, fd).unwrap();
    sys::close(k, fd).unwrap();
    let dirty = live.snapshot();
    sys::umount2(k, "/mnt-journal", 0).unwrap();
    k.detach_disk(disk.slot).unwrap();

    // Read-only, the kernel will not mount it without replaying: EROFS
    // (the log says "try mounting with noload"), or with norecovery.
    let ro = k.attach_disk(Arc::new(MemoryDisk::new(dirty.clone(), true))).unwrap();
    match k.mount_auto(&ro.path(), "/mnt-journal", MS_RDONLY, None) {
        Err(Error::Errno(Errno::EROFS)) => {}
        other => panic!("a dirty journal on a read-only disk: {other:?}"),
    }
    sys::mount(k, &ro.path(), "/mnt-journal", "ext4", MS_RDONLY, Some("norecovery")).unwrap();
    sys::umount2(k, "/mnt-journal", 0).unwrap();
    k.detach_disk(ro.slot).unwrap();

    // Writable, the kernel replays the journal: the change is there.
    let rw = k.attach_disk(Arc::new(MemoryDisk::new(dirty, false))).unwrap();
    sys::mount(k, &rw.path(), "/mnt-journal", "ext4", 0, None).unwrap();
    assert_eq!(read_file(k, "/mnt-journal/new.txt"), b"written, journaled, not checkpointed\n");
    assert_eq!(read_file(k, "/mnt-journal/hello.txt"), b"hello from the image\n");
    sys::umount2(k, "/mnt-journal", 0).unwrap();
    k.detach_disk(rw.slot).unwrap();
    assert!(k.log().contains("recovery complete"), "the kernel replayed the journal");
    let _ = std::fs::remove_dir_all(dir);
}
