//! Compiles the C half of the native host: the setjmp/longjmp helpers that
//! must not have a Rust frame between the kernel and `longjmp`, and the
//! low mapping of the kernel's RAM (`native/ram.c`).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=native/jmp.c");
    println!("cargo::rerun-if-changed=native/ram.c");

    // The wasm32 host (a later `src/wasm/`) has no C part.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        return;
    }

    cc::Build::new()
        .file("native/jmp.c")
        .file("native/ram.c")
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("lkl_host_native");
}
