//! Disk images made by the real tools from a generated tree, for tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh, empty scratch directory for this test process.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lkl-wasm-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Deterministic bytes that are not all alike (so a misplaced block shows).
pub fn pattern(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// The tree every image holds: (path, contents) of regular files, plus the
/// directories on their way and a symlink `link -> hello.txt`.
pub fn tree_files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("hello.txt", b"hello from the image\n".to_vec()),
        ("empty", Vec::new()),
        ("docs/nested/deep/notes.md", b"# deep\nthree levels down\n".to_vec()),
        ("docs/h\u{e9}llo w\u{f6}rld \u{2713}.txt", "unicode name\n".as_bytes().to_vec()),
        ("big.bin", pattern((1 << 20) + 123, 7)),
        ("tools/suid-tool", b"#!/bin/sh\necho set-uid\n".to_vec()),
        ("hello-hard", b"hello from the image\n".to_vec()),
        (LONG_NAME, b"a 200-byte name\n".to_vec()),
    ]
}

/// A file in `docs/` with a 200-byte name.
pub const LONG_NAME: &str = "docs/long-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn.txt";

/// Special metadata in the tree: (path, mode bits, uid, gid).
pub const TREE_OWNERS: &[(&str, u32, u32, u32)] = &[
    ("tools/suid-tool", 0o4755, 1000, 1000),
    ("tools", 0o1777, 1000, 100),
    ("docs/nested/deep/notes.md", 0o600, 0, 0),
];

/// Writes the tree under `root`.
pub fn write_tree(root: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for (path, contents) in tree_files() {
        if path == "hello-hard" {
            continue;
        }
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
    }
    std::fs::hard_link(root.join("hello.txt"), root.join("hello-hard")).unwrap();
    std::os::unix::fs::symlink("hello.txt", root.join("link")).unwrap();
    for &(path, mode, uid, gid) in TREE_OWNERS {
        let path = root.join(path);
        std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

/// Runs a tool, failing the test with its output if it fails.
pub fn run(program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .env("PATH", "/usr/sbin:/sbin:/usr/bin:/bin")
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (run build-scripts/setup)"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An ext4 image of `size_mib` MiB holding the tree, made by mkfs.ext4 -d.
pub fn ext4_image(dir: &Path) -> PathBuf {
    let tree = dir.join("tree");
    write_tree(&tree);
    let image = dir.join("ext4.img");
    run("mkfs.ext4", &["-q", "-F", "-d", tree.to_str().unwrap(), image.to_str().unwrap(), "16M"]);
    image
}

/// A disk with a partition table (`label`: "dos" or "gpt") and two ext4
/// partitions, holding `one/a` ("one\n") and `two/b` ("two\n").
pub fn partitioned_image(dir: &Path, label: &str) -> PathBuf {
    let image = dir.join(format!("{label}.img"));
    std::fs::File::create(&image).unwrap().set_len(40 << 20).unwrap();
    let script = format!("label: {label}\nstart=2048, size=30720\nstart=34816, size=43008\n");
    let mut sfdisk = Command::new("sfdisk")
        .args(["-q", image.to_str().unwrap()])
        .env("PATH", "/usr/sbin:/sbin:/usr/bin:/bin")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("sfdisk (run build-scripts/setup)");
    use std::io::Write;
    sfdisk.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    assert!(sfdisk.wait().unwrap().success(), "sfdisk failed");
    for (name, start, size) in [("one", 2048u64, "15M"), ("two", 34816, "21M")] {
        let tree = dir.join(format!("{label}-{name}"));
        std::fs::create_dir_all(&tree).unwrap();
        std::fs::write(tree.join(if name == "one" { "a" } else { "b" }), format!("{name}\n")).unwrap();
        let offset = format!("offset={}", start * 512);
        run("mkfs.ext4", &["-q", "-F", "-E", &offset, "-d", tree.to_str().unwrap(), image.to_str().unwrap(), size]);
    }
    image
}

/// A mkfs.xfs protofile (`-p`) describing `dir`: mkfs.xfs has no `-d`.
/// Protofile names are tokens, so names with whitespace are left out.
pub fn xfs_protofile(dir: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    fn entries(dir: &Path, out: &mut String) {
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        for path in names {
            let name = path.file_name().unwrap().to_str().unwrap();
            if name.contains(char::is_whitespace) {
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).unwrap();
            // Type, set-uid, set-gid, permissions (no sticky bit), owner.
            let mode = format!(
                "{}{}{}{:03o} {} {}",
                if meta.file_type().is_symlink() { 'l' } else if meta.is_dir() { 'd' } else { '-' },
                if meta.mode() & 0o4000 != 0 { 'u' } else { '-' },
                if meta.mode() & 0o2000 != 0 { 'g' } else { '-' },
                meta.mode() & 0o777,
                meta.uid(),
                meta.gid()
            );
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.push_str(&format!("{name} {mode} {}\n", target.display()));
            } else if meta.is_dir() {
                out.push_str(&format!("{name} {mode}\n"));
                entries(&path, out);
                out.push_str("$\n");
            } else {
                out.push_str(&format!("{name} {mode} {}\n", path.display()));
            }
        }
    }
    let mut out = String::from("/dev/null\n0 0\nd--755 0 0\n");
    entries(dir, &mut out);
    out.push_str("$\n");
    out
}

/// Where the marker sits in the sparse file of [`sparse_image`].
pub const SPARSE_MARK_AT: u64 = 4608 << 20;
/// The size of that file: 5 GiB, past what 32 bits can count.
pub const SPARSE_SIZE: u64 = 5 << 30;

/// An ext4 image (6 GiB, sparse on the host) holding `sparse.bin`: 5 GiB
/// of holes with "START" at 0 and "MARK-4.5G" at 4.5 GiB.
pub fn sparse_image(dir: &Path) -> PathBuf {
    use std::os::unix::fs::FileExt;
    let tree = dir.join("sparse-tree");
    std::fs::create_dir_all(&tree).unwrap();
    let file = std::fs::File::create(tree.join("sparse.bin")).unwrap();
    file.set_len(SPARSE_SIZE).unwrap();
    file.write_all_at(b"START", 0).unwrap();
    file.write_all_at(b"MARK-4.5G", SPARSE_MARK_AT).unwrap();
    let image = dir.join("sparse.img");
    run("mkfs.ext4", &["-q", "-F", "-d", tree.to_str().unwrap(), image.to_str().unwrap(), "6G"]);
    image
}

/// Extracts `member` of tests/fixtures/fuse-images.tar.xz (images written
/// through FUSE drivers by build-scripts/make-fuse-images) to `image`.
pub fn fuse_image(member: &str, image: &Path) {
    let archive = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuse-images.tar.xz");
    let out = Command::new("tar").arg("-xJOf").arg(&archive).arg(member).output().expect("tar");
    assert!(out.status.success(), "tar {member}: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(image, out.stdout).unwrap();
}
