//! Compiles the C half of the host: the non-local exits (setjmp/longjmp)
//! that must not have a Rust frame between their two ends, and natively the
//! low mapping of the kernel's RAM.
//!   native: `native/jmp.c`, `native/ram.c` with the system compiler
//!   wasm32: `wasm/jmp.c`, `wasm/sjlj.c` with clang-19's setjmp/longjmp
//!           lowering (WebAssembly exceptions)

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for file in [
        "native/jmp.c",
        "native/ram.c",
        "wasm/jmp.c",
        "wasm/sjlj.c",
        "wasm/sjlj.h",
    ] {
        println!("cargo::rerun-if-changed={file}");
    }

    let mut build = cc::Build::new();
    build
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true);
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        build
            .compiler("clang-19")
            .archiver("llvm-ar-19")
            .files(["wasm/jmp.c", "wasm/sjlj.c"])
            // Every object of a shared-memory module needs these.
            .flag("-matomics")
            .flag("-mbulk-memory")
            .flag("-mllvm")
            .flag("-wasm-enable-sjlj");
    } else {
        build.files(["native/jmp.c", "native/ram.c"]);
    }
    build.compile("lkl_host_c");
}
