//! Each filesystem type the project promises, from an image made by its
//! own tools out of the same generated tree: attached from a file, mounted
//! with `mount_auto` (the kernel says what it is), every file compared.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::images::{fuse_image, run, scratch, tree_files, write_tree, xfs_protofile};
use common::fs::{mkdir_p, read_file};
use common::kernel;
use lkl_wasm::sys;
use lkl_wasm::FileDisk;

const MS_RDONLY: u64 = 1;


/// How each image is made from `tree` into `image`, the type the kernel
/// must report, whether it keeps symlinks, and whether its tool can take
/// names with spaces.
struct Format {
    name: &'static str,
    fstype: &'static str,
    symlinks: bool,
    make: fn(&Path, &Path),
    spaces: bool,
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

const FORMATS: &[Format] = &[
    Format { name: "ext2", fstype: "ext4", symlinks: true, make: |t, i| run("mkfs.ext2", &["-q", "-F", "-d", s(t), s(i), "16M"]), spaces: true },
    Format { name: "ext3", fstype: "ext4", symlinks: true, make: |t, i| run("mkfs.ext3", &["-q", "-F", "-d", s(t), s(i), "16M"]), spaces: true },
    Format { name: "btrfs", fstype: "btrfs", symlinks: true, make: |t, i| {
        std::fs::File::create(i).unwrap().set_len(128 << 20).unwrap();
        run("mkfs.btrfs", &["-q", "-f", "--rootdir", s(t), s(i)]);
    }, spaces: true },
    Format { name: "squashfs-gzip", fstype: "squashfs", symlinks: true, make: |t, i| run("mksquashfs", &[s(t), s(i), "-quiet", "-noappend", "-comp", "gzip"]), spaces: true },
    Format { name: "squashfs-xz", fstype: "squashfs", symlinks: true, make: |t, i| run("mksquashfs", &[s(t), s(i), "-quiet", "-noappend", "-comp", "xz"]), spaces: true },
    Format { name: "squashfs-zstd", fstype: "squashfs", symlinks: true, make: |t, i| run("mksquashfs", &[s(t), s(i), "-quiet", "-noappend", "-comp", "zstd"]), spaces: true },
    Format { name: "squashfs-lz4", fstype: "squashfs", symlinks: true, make: |t, i| run("mksquashfs", &[s(t), s(i), "-quiet", "-noappend", "-comp", "lz4"]), spaces: true },
    Format { name: "squashfs-lzo", fstype: "squashfs", symlinks: true, make: |t, i| run("mksquashfs", &[s(t), s(i), "-quiet", "-noappend", "-comp", "lzo"]), spaces: true },
    Format { name: "erofs", fstype: "erofs", symlinks: true, make: |t, i| run("mkfs.erofs", &["--quiet", s(i), s(t)]), spaces: true },
    Format { name: "erofs-lz4hc", fstype: "erofs", symlinks: true, make: |t, i| run("mkfs.erofs", &["--quiet", "-zlz4hc", s(i), s(t)]), spaces: true },
    Format { name: "iso9660-rockridge-joliet", fstype: "iso9660", symlinks: true, make: |t, i| {
        run("xorriso", &["-as", "mkisofs", "-quiet", "-R", "-J", "-o", s(i), s(t)]);
    }, spaces: true },
    Format { name: "xfs", fstype: "xfs", symlinks: true, make: |t, i| {
        let proto = i.with_extension("proto");
        std::fs::write(&proto, xfs_protofile(t)).unwrap();
        std::fs::File::create(i).unwrap().set_len(300 << 20).unwrap();
        run("mkfs.xfs", &["-q", "-f", "-p", s(&proto), s(i)]);
    }, spaces: false },
    // genisoimage's UDF tree has no symlinks (only its Rock Ridge side).
    Format { name: "udf", fstype: "udf", symlinks: false, make: |t, i| {
        run("genisoimage", &["-quiet", "-udf", "-R", "-o", s(i), s(t)]);
    }, spaces: true },
    Format { name: "f2fs", fstype: "f2fs", symlinks: true, make: |t, i| {
        std::fs::File::create(i).unwrap().set_len(64 << 20).unwrap();
        run("mkfs.f2fs", &["-q", "-f", s(i)]);
        run("sload.f2fs", &["-f", s(t), s(i)]);
    }, spaces: true },
    // ntfscp copies files into the image but makes no directories.
    Format { name: "ntfs3", fstype: "ntfs3", symlinks: false, make: |t, i| {
        std::fs::File::create(i).unwrap().set_len(16 << 20).unwrap();
        run("mkntfs", &["-q", "-F", s(i)]);
        for (path, _) in tree_files().iter().filter(|(p, _)| !p.contains('/')) {
            run("ntfscp", &[s(i), s(&t.join(path)), path]);
        }
    }, spaces: true },
    // exFAT and a whole NTFS tree have no image-filling tool: FUSE drivers
    // wrote these (build-scripts/make-fuse-images); the tree is the same.
    // ntfs-3g writes symlinks the Interix way, which ntfs3 shows as files.
    Format { name: "exfat", fstype: "exfat", symlinks: false, make: |_, i| fuse_image("exfat.img", i), spaces: true },
    Format { name: "ntfs3-ntfs-3g", fstype: "ntfs3", symlinks: false, make: |_, i| fuse_image("ntfs.img", i), spaces: true },
    Format { name: "vfat", fstype: "vfat", symlinks: false, make: |t, i| {
        run("mkfs.vfat", &["-C", s(i), "16384"]);
        for entry in std::fs::read_dir(t).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_symlink() {
                run("mcopy", &["-s", "-i", s(i), s(&path), "::"]);
            }
        }
    }, spaces: true },
];

/// Whether the format's tool can put `path` in the image: names with
/// spaces do not fit an xfs protofile; ntfscp makes no directories.
fn holds(format: &Format, path: &str) -> bool {
    (format.spaces || !path.contains(' ')) && (format.name != "ntfs3" || !path.contains('/'))
}

/// Which metadata a format's tool carries over from the tree: m(odes, with
/// set-id and sticky bits), o(wners), t(imes), l(inks: the hardlink).
fn keeps(format: &str) -> &'static str {
    match format {
        // The protofile has owners and modes without sticky; no times.
        "xfs" => "o",
        // sload.f2fs sets every owner to root.
        "f2fs" => "mt",
        // genisoimage -udf: read-only modes, nobody's files; FAT: none.
        "udf" | "vfat" | "ntfs3" | "exfat" => "",
        // ntfs-3g keeps the hardlink; modes and owners are not NTFS's.
        "ntfs3-ntfs-3g" => "l",
        _ => "motl",
    }
}

/// What differs between `path` in the source tree and in the image, among
/// what `keeps` says the format carries.
fn metadata_differs(k: &lkl_wasm::Kernel, keeps: &str, tree: &Path, at: &str, path: &str) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    use sys::consts::{AT_FDCWD, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS};
    let host = std::fs::symlink_metadata(tree.join(path)).unwrap();
    let stx = match sys::statx(k, AT_FDCWD, &format!("{at}/{path}"), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS) {
        Ok(stx) => stx,
        Err(e) => return Some(format!("statx: {e}")),
    };
    let mut problems = Vec::new();
    if keeps.contains('m') && u32::from(stx.stx_mode) != host.mode() {
        problems.push(format!("mode {:o}, {:o} in the tree", stx.stx_mode, host.mode()));
    }
    if keeps.contains('o') && (stx.stx_uid, stx.stx_gid) != (host.uid(), host.gid()) {
        problems.push(format!("owner {}:{}, {}:{} in the tree", stx.stx_uid, stx.stx_gid, host.uid(), host.gid()));
    }
    if keeps.contains('t') && stx.stx_mtime.tv_sec != host.mtime() {
        problems.push(format!("mtime {}, {} in the tree", stx.stx_mtime.tv_sec, host.mtime()));
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

#[test]
fn every_format_mounts_by_itself_and_reads_back_the_tree() {
    let k = kernel();
    let dir = scratch("formats");
    let tree = dir.join("tree");
    write_tree(&tree);
    let mut failures = Vec::new();
    for (n, format) in FORMATS.iter().enumerate() {
        let image = dir.join(format!("{}.img", format.name));
        (format.make)(&tree, &image);
        let disk = k.attach_disk(Arc::new(FileDisk::open(&image, false).unwrap())).unwrap();
        let at = format!("/mnt-{n}");
        mkdir_p(k, &at);
        match k.mount_auto(&disk.path(), &at, MS_RDONLY, None) {
            Ok(fstype) if fstype == format.fstype => {
                for (path, expected) in tree_files() {
                    if !holds(format, path) {
                        continue;
                    }
                    let got = read_file(k, &format!("{at}/{path}"));
                    if got != expected {
                        failures.push(format!("{}: {path} differs ({} bytes, {} expected)", format.name, got.len(), expected.len()));
                    }
                }
                for path in tree_files().iter().map(|(p, _)| *p).chain(["tools", "docs"]) {
                    if !holds(format, path) || keeps(format.name).is_empty() {
                        continue;
                    }
                    if let Some(problem) = metadata_differs(k, keeps(format.name), &tree, &at, path) {
                        failures.push(format!("{}: {path}: {problem}", format.name));
                    }
                }
                if keeps(format.name).contains('l') {
                    match sys::statx(k, sys::consts::AT_FDCWD, &format!("{at}/hello.txt"), 0, sys::consts::STATX_BASIC_STATS) {
                        Ok(stx) if stx.stx_nlink == 2 => {}
                        Ok(stx) => failures.push(format!("{}: hello.txt has {} links, 2 in the tree", format.name, stx.stx_nlink)),
                        Err(e) => failures.push(format!("{}: hello.txt: {e}", format.name)),
                    }
                }
                if format.symlinks && read_file(k, &format!("{at}/link")) != b"hello from the image\n" {
                    failures.push(format!("{}: the symlink does not resolve", format.name));
                }
                sys::umount2(k, &at, 0).unwrap();
            }
            Ok(fstype) => failures.push(format!("{}: mounted as {fstype}, expected {}", format.name, format.fstype)),
            Err(e) => failures.push(format!("{}: {e}", format.name)),
        }
        k.detach_disk(disk.slot).unwrap();
    }
    let _ = std::fs::remove_dir_all(dir);
    assert!(failures.is_empty(), "{}\n--- kernel log ---\n{}", failures.join("\n"), k.log());
}
