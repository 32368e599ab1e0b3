//! Links the kernel, delivered as the static archive `liblkl.a` in
//! `$LKL_KERNEL_DIR` (default: `build/kernel-x86_64/` in the workspace),
//! built by `build-scripts/build-kernel x86_64`; for wasm32, the object
//! `lkl.o` in `build/kernel-wasm32/` (`build-scripts/build-kernel wasm32`),
//! with the link flags a shared-memory threaded module needs.
//!
//! Without the archive the crate still builds (so `cargo check` works on a
//! fresh checkout) but with a loud warning, and `Kernel::boot` then fails
//! with ENOSYS naming the command to run. The script reruns when the
//! archive appears or changes.

use std::env;
use std::path::PathBuf;

const BUILD_COMMAND: &str = "build-scripts/build-kernel x86_64";

/// wasm32: every Worker instantiates the module on one imported shared
/// memory (TOOLCHAIN.md: since late 2025 rustc no longer adds these for
/// +atomics). 4 GiB is the most wasm32 can address.
const WASM_LINK_ARGS: &[&str] = &[
    "--shared-memory",
    "--import-memory",
    "--max-memory=4294967296",
    "--export=__wasm_init_tls",
    "--export=__tls_size",
    "--export=__tls_align",
    "--export=__tls_base",
    // The kernel's tables (initcalls, __setup, ...) are reached only
    // through __start_/__stop_ symbols and lost their RETAIN flag in the
    // kernel's partial link: nothing may be garbage-collected.
    "--no-gc-sections",
    // A function pointer on wasm is an index into the function table, and
    // indices start at 1. The kernel takes values below 4096 for offsets,
    // not functions: RCU reads a callback `< 4096` as a kfree_rcu offset
    // and frees `head - callback` (a misaligned pointer into the slab).
    // Starting the table at 4096 keeps every function pointer out of that
    // range (and out of the null page).
    "--table-base=4096",
];

fn main() {
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        link_wasm_kernel();
        return;
    }
    println!("cargo::rustc-check-cfg=cfg(lkl_kernel_missing)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=LKL_KERNEL_DIR");

    let workspace = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = match env::var_os("LKL_KERNEL_DIR") {
        Some(dir) => workspace.join(dir),
        None => workspace.join("build/kernel-x86_64"),
    };
    let archive = dir.join("liblkl.a");
    // A missing file counts as changed, so this reruns until it exists.
    println!("cargo::rerun-if-changed={}", archive.display());

    if archive.is_file() {
        println!("cargo::rustc-link-search=native={}", dir.display());
        println!("cargo::rustc-link-lib=static=lkl");
    } else {
        println!(
            "cargo::warning=error: the kernel archive {} does not exist: run `{BUILD_COMMAND}` \
             (or point LKL_KERNEL_DIR at the folder holding liblkl.a); until then Kernel::boot \
             fails with ENOSYS",
            archive.display()
        );
        println!("cargo::rustc-cfg=lkl_kernel_missing");
        println!("cargo::rustc-env=LKL_KERNEL_ARCHIVE={}", archive.display());
        println!("cargo::rustc-env=LKL_KERNEL_BUILD_COMMAND={BUILD_COMMAND}");
    }
}

fn link_wasm_kernel() {
    println!("cargo::rustc-check-cfg=cfg(lkl_kernel_missing)");
    println!("cargo::rerun-if-changed=build.rs");
    let workspace = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let object = workspace.join("build/kernel-wasm32/lkl.o");
    println!("cargo::rerun-if-changed={}", object.display());
    assert!(
        object.is_file(),
        "the wasm32 kernel {} does not exist: run `build-scripts/build-kernel wasm32`",
        object.display()
    );
    println!("cargo::rustc-link-arg={}", object.display());
    for arg in WASM_LINK_ARGS {
        println!("cargo::rustc-link-arg={arg}");
    }
}
