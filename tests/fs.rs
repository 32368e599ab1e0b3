//! `lkl_wasm::fs`: reading the kernel's files from Rust like `std::fs`, on
//! an ext4 image made by mkfs.ext4 -d, compared with the source tree.

mod common;

use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::MetadataExt;
use std::sync::Arc;

use common::fs::mkdir_p;
use common::images::{ext4_image, scratch, tree_files};
use common::kernel;
use lkl_wasm::fs::FileType;
use lkl_wasm::{Errno, Error, FileDisk};

#[test]
fn std_fs_shaped_reads_match_the_source_tree() {
    let k = kernel();
    let dir = scratch("fs");
    let image = ext4_image(&dir);
    let tree = dir.join("tree");
    let disk = k.attach_disk(Arc::new(FileDisk::open(&image, false).unwrap())).unwrap();
    mkdir_p(k, "/mnt-fs");
    k.mount_auto(&disk.path(), "/mnt-fs", 1, None).unwrap();

    let names: Vec<_> = k.read_dir("/mnt-fs").unwrap().into_iter().map(|e| (e.name_lossy(), e.file_type)).collect();
    assert!(names.contains(&("link".to_owned(), FileType::Symlink)), "{names:?}");
    assert!(names.contains(&("docs".to_owned(), FileType::Dir)), "{names:?}");
    assert!(names.contains(&("hello.txt".to_owned(), FileType::File)), "{names:?}");
    assert!(!names.iter().any(|(n, _)| n == "." || n == ".."));

    for (path, contents) in tree_files() {
        let at = format!("/mnt-fs/{path}");
        assert_eq!(k.read(&at).unwrap(), contents, "{path}");
        let (meta, host) = (k.metadata(&at).unwrap(), std::fs::metadata(tree.join(path)).unwrap());
        assert!(meta.is_file());
        assert_eq!((meta.len(), meta.mode(), meta.uid(), meta.gid()), (host.len(), host.mode(), host.uid(), host.gid()), "{path}");
        // mke2fs 1.47.0 -d keeps whole seconds only.
        let seconds = |t: std::time::SystemTime| t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(seconds(meta.modified()), seconds(host.modified().unwrap()), "{path} mtime");
    }
    assert_eq!(k.metadata("/mnt-fs/hello.txt").unwrap().nlink(), 2, "hello.txt has a hardlink");
    assert!(k.symlink_metadata("/mnt-fs/link").unwrap().is_symlink());
    assert_eq!(k.read_link("/mnt-fs/link").unwrap(), "hello.txt");
    assert_eq!(k.canonicalize("/mnt-fs/docs/../link").unwrap(), "/mnt-fs/hello.txt");

    // A File: Read, Seek, read_at, metadata.
    let big = tree_files().into_iter().find(|(p, _)| *p == "big.bin").unwrap().1;
    let mut file = k.open("/mnt-fs/big.bin").unwrap();
    assert_eq!(file.metadata().unwrap().len(), big.len() as u64);
    file.seek(SeekFrom::Start(1_000_000)).unwrap();
    let mut buf = vec![0; 4096];
    file.read_exact(&mut buf).unwrap();
    assert_eq!(buf, big[1_000_000..1_004_096]);
    assert_eq!(file.read_at(&mut buf[..10], 5).unwrap(), 10);
    assert_eq!(buf[..10], big[5..15]);
    assert_eq!(file.seek(SeekFrom::End(-3)).unwrap(), big.len() as u64 - 3);
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).unwrap();
    assert_eq!(tail, big[big.len() - 3..]);
    drop(file);

    assert!(matches!(k.read("/mnt-fs/nope"), Err(Error::Errno(Errno::ENOENT))));
    assert!(matches!(k.read_dir("/mnt-fs/hello.txt"), Err(Error::Errno(Errno::ENOTDIR))));
    assert!(matches!(k.read("/mnt-fs/docs"), Err(Error::Errno(Errno::EISDIR))));
    assert!(matches!(k.read_link("/mnt-fs/hello.txt"), Err(Error::Errno(Errno::EINVAL))));

    lkl_wasm::sys::umount2(k, "/mnt-fs", 0).unwrap();
    k.detach_disk(disk.slot).unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
