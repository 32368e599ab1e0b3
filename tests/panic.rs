//! A kernel that panics while booting (here: too little RAM) fails the boot
//! with `Error::Panicked`; the process lives on, the log says why.

use lkl_wasm::{Config, Error, Kernel};

#[test]
fn too_little_memory_fails_the_boot_with_the_panic_in_the_log() {
    let config = Config {
        memory_mib: 1,
        ..Config::default()
    };
    match Kernel::boot(config) {
        Err(Error::Panicked) => {}
        other => panic!("boot with 1 MiB: {other:?}\n{}", lkl_host::kernel_log()),
    }
    let log = lkl_host::kernel_log();
    assert!(log.contains("Kernel panic - not syncing"), "{log}");
    assert!(Kernel::attach().is_err(), "no kernel is running");
}
