//! Booting and the kernel's identity.

mod common;

use common::kernel;
use lkl_wasm::{sys, Config, Error, Kernel};

#[test]
fn boot_log_has_the_linux_version() {
    let log = kernel().log();
    assert!(log.contains("Linux version 6.12"), "boot log:\n{log}");
}

#[test]
fn uname_says_linux_6_12() {
    let uts = sys::uname(kernel()).unwrap();
    assert_eq!(uts.sysname, "Linux");
    assert!(
        uts.release.starts_with("6.12."),
        "release {:?}",
        uts.release
    );
    assert_eq!(kernel().version().unwrap(), uts.release);
}

#[test]
fn getpid_is_positive() {
    assert!(sys::getpid(kernel()).unwrap() > 0);
}

#[test]
fn umask_returns_the_previous_mask() {
    let k = kernel();
    let original = sys::umask(k, 0o022).unwrap();
    assert_eq!(sys::umask(k, 0o077).unwrap(), 0o022);
    assert_eq!(sys::umask(k, original).unwrap(), 0o077);
}

#[test]
fn a_second_boot_is_refused() {
    kernel();
    let err = Kernel::boot(Config::default()).unwrap_err();
    assert_eq!(err, Error::AlreadyBooted);
    assert_eq!(err.name(), "EBUSY");
    assert!(kernel().is_running());
}
