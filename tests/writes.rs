//! Writing through the kernel's own drivers: a tree of changes (nested
//! directories, files written whole and at offsets, symlinks, hard links,
//! renames, removals, modes, owners, times, truncation) on an empty image
//! of each writable type, then the filesystem's own checker must find it
//! clean and a read-only mount must show exactly the expected tree. And the
//! copy-on-write overlay: a read-only image mounted read-write, its dirty
//! journal replayed, the source untouched until written back.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::fs::{mkdir_p, read_file};
use common::images::{ext4_image, pattern, run, scratch};
use common::kernel;
use lkl_wasm::sys::{self, consts::*, Timespec};
use lkl_wasm::{Disk, Errno, Error, FileDisk, Kernel, MemoryDisk, OverlayDisk};

const MS_RDONLY: u64 = 1;

/// How an empty image of each type is made, and how it is checked.
struct Writable {
    fstype: &'static str,
    size_mib: u64,
    mkfs: &'static [&'static str],
    fsck: &'static [&'static str],
    /// Symlinks, hard links, owners and full modes (not on FAT).
    unix: bool,
}

const WRITABLE: &[Writable] = &[
    Writable { fstype: "ext4", size_mib: 32, mkfs: &["mkfs.ext4", "-q", "-F"], fsck: &["e2fsck", "-fn"], unix: true },
    Writable { fstype: "btrfs", size_mib: 128, mkfs: &["mkfs.btrfs", "-q", "-f"], fsck: &["btrfs", "check"], unix: true },
    Writable { fstype: "xfs", size_mib: 300, mkfs: &["mkfs.xfs", "-q", "-f"], fsck: &["xfs_repair", "-n"], unix: true },
    Writable { fstype: "f2fs", size_mib: 64, mkfs: &["mkfs.f2fs", "-q", "-f"], fsck: &["fsck.f2fs", "--dry-run"], unix: true },
    Writable { fstype: "vfat", size_mib: 32, mkfs: &["mkfs.vfat"], fsck: &["fsck.vfat", "-n"], unix: false },
];

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn create(k: &Kernel, path: &str, contents: &[u8]) {
    let fd = sys::openat(k, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o644).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut done = 0;
    while done < contents.len() {
        done += sys::write(k, fd, &contents[done..]).unwrap();
    }
    sys::close(k, fd).unwrap();
}

/// Makes the changes under `at`; returns the files expected afterwards.
fn change(k: &Kernel, at: &str, unix: bool) -> Vec<(String, Vec<u8>)> {
    let p = |rel: &str| format!("{at}/{rel}");
    mkdir_p(k, &p("a"));
    mkdir_p(k, &p("a/b"));
    mkdir_p(k, &p("a/b/c"));
    let big = pattern(3 << 20, 11);
    create(k, &p("a/b/c/big.bin"), &big);
    create(k, &p("small.txt"), b"first version\n");
    // A positional write past the end leaves a hole of zeros.
    let fd = sys::openat(k, AT_FDCWD, &p("small.txt"), O_WRONLY | O_CLOEXEC, 0).unwrap();
    assert_eq!(sys::pwrite(k, fd, b"FIRST", 0).unwrap(), 5);
    assert_eq!(sys::pwrite(k, fd, b"tail", 20).unwrap(), 4);
    sys::fsync(k, fd).unwrap();
    sys::close(k, fd).unwrap();
    let mut small = b"FIRST version\n".to_vec();
    small.resize(20, 0);
    small.extend_from_slice(b"tail");
    create(k, &p("gone.txt"), b"removed below\n");
    sys::unlinkat(k, AT_FDCWD, &p("gone.txt"), 0).unwrap();
    mkdir_p(k, &p("empty-dir"));
    sys::unlinkat(k, AT_FDCWD, &p("empty-dir"), AT_REMOVEDIR).unwrap();
    create(k, &p("old-name.txt"), b"renamed\n");
    sys::renameat2(k, AT_FDCWD, &p("old-name.txt"), AT_FDCWD, &p("a/new-name.txt"), 0).unwrap();
    create(k, &p("cut.bin"), &pattern(10_000, 3));
    let fd = sys::openat(k, AT_FDCWD, &p("cut.bin"), O_WRONLY | O_CLOEXEC, 0).unwrap();
    sys::ftruncate(k, fd, 1234).unwrap();
    sys::close(k, fd).unwrap();
    let times = [Timespec { tv_sec: 1_000_000_000, tv_nsec: 0 }, Timespec { tv_sec: 1_234_567_890, tv_nsec: 0 }];
    sys::utimensat(k, AT_FDCWD, &p("cut.bin"), times, 0).unwrap();
    if unix {
        sys::symlinkat(k, "b/c/big.bin", AT_FDCWD, &p("a/link")).unwrap();
        sys::linkat(k, AT_FDCWD, &p("small.txt"), AT_FDCWD, &p("a/hard.txt"), 0).unwrap();
        // chown before chmod: a chown clears the set-uid bit.
        sys::fchownat(k, AT_FDCWD, &p("a/new-name.txt"), 1000, 100, 0).unwrap();
        sys::fchmodat(k, AT_FDCWD, &p("a/new-name.txt"), 0o4750).unwrap();
    }
    let mut files = vec![
        ("a/b/c/big.bin".to_string(), big),
        ("small.txt".to_string(), small.clone()),
        ("a/new-name.txt".to_string(), b"renamed\n".to_vec()),
        ("cut.bin".to_string(), pattern(10_000, 3)[..1234].to_vec()),
    ];
    if unix {
        files.push(("a/hard.txt".to_string(), small));
    }
    files
}

/// Checks the tree under a read-only mount at `at`.
fn check(k: &Kernel, at: &str, files: &[(String, Vec<u8>)], unix: bool, fstype: &str) {
    for (path, contents) in files {
        assert!(read_file(k, &format!("{at}/{path}")) == *contents, "{fstype}: {path}");
    }
    for gone in ["gone.txt", "empty-dir", "old-name.txt"] {
        match sys::statx(k, AT_FDCWD, &format!("{at}/{gone}"), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS) {
            Err(Error::Errno(Errno::ENOENT)) => {}
            other => panic!("{fstype}: {gone} should be gone: {other:?}"),
        }
    }
    // New files carry the host's time (the kernel's clock is set at boot).
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let small = sys::statx(k, AT_FDCWD, &format!("{at}/small.txt"), 0, STATX_BASIC_STATS).unwrap();
    assert!((now - small.stx_mtime.tv_sec).abs() < 300, "{fstype}: mtime {} now {now}", small.stx_mtime.tv_sec);
    let cut = sys::statx(k, AT_FDCWD, &format!("{at}/cut.bin"), 0, STATX_BASIC_STATS).unwrap();
    assert_eq!(cut.stx_mtime.tv_sec, 1_234_567_890, "{fstype}: mtime");
    if unix {
        assert!(read_file(k, &format!("{at}/a/link")) == files[0].1, "{fstype}: the symlink");
        let st = sys::statx(k, AT_FDCWD, &format!("{at}/a/new-name.txt"), 0, STATX_BASIC_STATS).unwrap();
        assert_eq!((u32::from(st.stx_mode) & 0o7777, st.stx_uid, st.stx_gid), (0o4750, 1000, 100), "{fstype}");
        let st = sys::statx(k, AT_FDCWD, &format!("{at}/small.txt"), 0, STATX_BASIC_STATS).unwrap();
        assert_eq!(st.stx_nlink, 2, "{fstype}: the hard link");
    }
}

/// Runs a checker; its output on failure.
fn checker(args: &[&str], image: &Path) -> Result<(), String> {
    let out = std::process::Command::new(args[0])
        .args(&args[1..])
        .arg(image)
        .env("PATH", "/usr/sbin:/sbin:/usr/bin:/bin")
        .output()
        .map_err(|e| format!("{}: {e}", args[0]))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{args:?} {}: {}\n{}{}", image.display(), out.status, String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

#[test]
fn writes_on_each_writable_type_leave_a_clean_filesystem() {
    let k = kernel();
    let dir = scratch("writes");
    let mut failures = Vec::new();
    for (n, fs) in WRITABLE.iter().enumerate() {
        let image = dir.join(format!("{}.img", fs.fstype));
        std::fs::File::create(&image).unwrap().set_len(fs.size_mib << 20).unwrap();
        let mut mkfs = fs.mkfs.to_vec();
        mkfs.push(s(&image));
        run(mkfs[0], &mkfs[1..]);
        let disk = k.attach_disk(Arc::new(FileDisk::open(&image, true).unwrap())).unwrap();
        let at = format!("/mnt-w{n}");
        mkdir_p(k, &at);
        assert_eq!(k.mount_auto(&disk.path(), &at, 0, None).unwrap(), fs.fstype);
        let free_before = sys::statfs(k, &at).unwrap().f_bfree;
        let files = change(k, &at, fs.unix);
        sys::sync(k).unwrap();
        let statfs = sys::statfs(k, &at).unwrap();
        assert!(statfs.f_bfree < free_before, "{}: statfs shows the space used", fs.fstype);
        assert!(statfs.f_blocks > 0 && statfs.f_bsize > 0, "{}: {statfs:?}", fs.fstype);
        sys::umount2(k, &at, 0).unwrap();
        k.detach_disk(disk.slot).unwrap();
        if let Err(problem) = checker(fs.fsck, &image) {
            failures.push(problem);
            continue;
        }
        let ro = k.attach_disk(Arc::new(FileDisk::open(&image, false).unwrap())).unwrap();
        k.mount_auto(&ro.path(), &at, MS_RDONLY, None).unwrap();
        check(k, &at, &files, fs.unix, fs.fstype);
        sys::umount2(k, &at, 0).unwrap();
        k.detach_disk(ro.slot).unwrap();
    }
    let _ = std::fs::remove_dir_all(dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_overlay_mounts_a_read_only_image_read_write_and_writes_back_on_request() {
    let k = kernel();
    let dir = scratch("overlay");
    let image = ext4_image(&dir);
    let original = std::fs::read(&image).unwrap();

    // A dirty journal: written and fsync'ed, snapshotted while mounted.
    let live = Arc::new(MemoryDisk::new(original.clone(), false));
    let disk = k.attach_disk(live.clone()).unwrap();
    mkdir_p(k, "/mnt-ov");
    sys::mount(k, &disk.path(), "/mnt-ov", "ext4", 0, None).unwrap();
    create(k, "/mnt-ov/journaled.txt", b"in the journal\n");
    let fd = sys::openat(k, AT_FDCWD, "/mnt-ov/journaled.txt", O_RDONLY | O_CLOEXEC, 0).unwrap();
    sys::fsync(k, fd).unwrap();
    sys::close(k, fd).unwrap();
    let dirty_image = dir.join("dirty.img");
    std::fs::write(&dirty_image, live.snapshot()).unwrap();
    sys::umount2(k, "/mnt-ov", 0).unwrap();
    k.detach_disk(disk.slot).unwrap();
    let dirty = std::fs::read(&dirty_image).unwrap();

    // The file opened read-only, under an overlay: mounted read-write, the
    // journal is replayed into the overlay, and new writes land there too.
    let source = Arc::new(FileDisk::open(&dirty_image, false).unwrap());
    let overlay = Arc::new(OverlayDisk::new(source.clone()));
    let disk = k.attach_disk(overlay.clone()).unwrap();
    assert_eq!(k.mount_auto(&disk.path(), "/mnt-ov", 0, None).unwrap(), "ext4");
    assert_eq!(read_file(k, "/mnt-ov/journaled.txt"), b"in the journal\n");
    create(k, "/mnt-ov/added.txt", b"added through the overlay\n");
    sys::umount2(k, "/mnt-ov", 0).unwrap();
    assert!(std::fs::read(&dirty_image).unwrap() == dirty, "the source is untouched");
    assert!(overlay.changed_bytes() > 0);

    // The whole result, read out, is a clean filesystem.
    let mut exported = vec![0; overlay.len() as usize];
    overlay.read_at(0, &mut exported).unwrap();
    let exported_image = dir.join("exported.img");
    std::fs::write(&exported_image, &exported).unwrap();
    checker(&["e2fsck", "-fn"], &exported_image).unwrap();
    // Writing back needs a writable source.
    assert!(overlay.write_back().is_err());
    k.detach_disk(disk.slot).unwrap();

    // On a writable source, write_back puts it all in the file.
    let overlay = Arc::new(OverlayDisk::new(Arc::new(FileDisk::open(&dirty_image, true).unwrap())));
    let disk = k.attach_disk(overlay.clone()).unwrap();
    k.mount_auto(&disk.path(), "/mnt-ov", 0, None).unwrap();
    sys::umount2(k, "/mnt-ov", 0).unwrap();
    k.detach_disk(disk.slot).unwrap();
    assert!(overlay.changed_bytes() > 0, "the replay changed blocks");
    overlay.write_back().unwrap();
    assert_eq!(overlay.changed_bytes(), 0);
    assert!(std::fs::read(&dirty_image).unwrap() != dirty, "written back into the file");
    checker(&["e2fsck", "-fn"], &dirty_image).unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
