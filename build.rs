//! Links the kernel, delivered as the static archive `liblkl.a` in
//! `$LKL_KERNEL_DIR` (default: `build/kernel-x86_64/` in the workspace),
//! built by `build-scripts/build-kernel x86_64`.
//!
//! Without the archive the crate still builds (so `cargo check` works on a
//! fresh checkout) but with a loud warning, and `Kernel::boot` then fails
//! with ENOSYS naming the command to run. The script reruns when the
//! archive appears or changes.

use std::env;
use std::path::PathBuf;

const BUILD_COMMAND: &str = "build-scripts/build-kernel x86_64";

fn main() {
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
