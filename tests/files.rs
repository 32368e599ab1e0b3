//! Files, directories, pipes and /proc in the root ramfs.

mod common;

use common::kernel;
use lkl_wasm::sys::{self, consts::*};
use lkl_wasm::{Errno, Error};

#[test]
fn file_contents_and_mode_round_trip() {
    let k = kernel();
    sys::umask(k, 0).unwrap();
    let path = "/round-trip.txt";
    let data = b"hello from the host, through the kernel\n";

    let fd = sys::openat(
        k,
        AT_FDCWD,
        path,
        O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC,
        0o640,
    )
    .unwrap();
    assert_eq!(sys::write(k, fd, data).unwrap(), data.len());
    assert_eq!(sys::lseek(k, fd, 0, SEEK_SET).unwrap(), 0);
    let mut back = vec![0u8; 2 * data.len()];
    let n = sys::read(k, fd, &mut back).unwrap();
    assert_eq!(&back[..n], data);
    assert_eq!(sys::read(k, fd, &mut back).unwrap(), 0, "end of file");
    sys::close(k, fd).unwrap();

    let st = sys::statx(k, AT_FDCWD, path, 0, STATX_BASIC_STATS).unwrap();
    assert!(st.is_file());
    assert_eq!(st.permissions(), 0o640);
    assert_eq!(st.stx_size, data.len() as u64);
    assert_eq!(st.stx_nlink, 1);

    let fd = sys::openat(k, AT_FDCWD, path, O_RDONLY, 0).unwrap();
    let n = sys::read(k, fd, &mut back).unwrap();
    assert_eq!(&back[..n], data);
    sys::close(k, fd).unwrap();
}

#[test]
fn mkdirat_makes_a_directory() {
    let k = kernel();
    sys::umask(k, 0).unwrap();
    sys::mkdirat(k, AT_FDCWD, "/made-by-a-test", 0o750).unwrap();
    let st = sys::statx(k, AT_FDCWD, "/made-by-a-test", 0, STATX_BASIC_STATS).unwrap();
    assert!(st.is_dir());
    assert_eq!(st.permissions(), 0o750);
    let again = sys::mkdirat(k, AT_FDCWD, "/made-by-a-test", 0o750).unwrap_err();
    assert_eq!(again.errno(), Errno::EEXIST);
}

#[test]
fn opening_a_missing_file_is_enoent() {
    let err = sys::openat(kernel(), AT_FDCWD, "/no/such/file", O_RDONLY, 0).unwrap_err();
    assert_eq!(err, Error::Errno(Errno::ENOENT));
    assert_eq!(err.errno().raw(), 2);
    assert_eq!(err.name(), "ENOENT");
    assert_eq!(err.to_string(), "ENOENT (No such file or directory)");
}

#[test]
fn bad_file_descriptors_are_ebadf() {
    let err = sys::close(kernel(), 999).unwrap_err();
    assert_eq!(err.errno(), Errno::EBADF);
}

#[test]
fn pipe2_carries_bytes() {
    let k = kernel();
    let [rx, tx] = sys::pipe2(k, O_CLOEXEC).unwrap();
    assert_eq!(sys::write(k, tx, b"ping").unwrap(), 4);
    let mut buf = [0u8; 16];
    assert_eq!(sys::read(k, rx, &mut buf).unwrap(), 4);
    assert_eq!(&buf[..4], b"ping");
    sys::close(k, tx).unwrap();
    assert_eq!(sys::read(k, rx, &mut buf).unwrap(), 0, "writer closed");
    sys::close(k, rx).unwrap();
}

#[test]
fn proc_mounts_and_lists() {
    let k = kernel();
    match sys::mkdirat(k, AT_FDCWD, "/proc", 0o555) {
        Ok(()) => {}
        Err(e) if e.errno() == Errno::EEXIST => {}
        Err(e) => panic!("mkdir /proc: {e}"),
    }
    sys::mount(k, "proc", "/proc", "proc", 0, None).unwrap();

    let fd = sys::openat(k, AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0).unwrap();
    let entries = sys::read_dir(k, fd).unwrap();
    sys::close(k, fd).unwrap();
    let names: Vec<_> = entries
        .iter()
        .map(|e| e.name_lossy().into_owned())
        .collect();
    for expected in [".", "..", "self", "filesystems", "1"] {
        assert!(
            names.iter().any(|n| n == expected),
            "no {expected:?} in /proc: {names:?}"
        );
    }
    let one = entries.iter().find(|e| e.name == b"1").unwrap();
    assert_eq!(one.kind, DT_DIR);

    let text = common::fs::read_file(k, "/proc/filesystems");
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("\tproc\n"), "/proc/filesystems:\n{text}");
}
