//! What every lkl-bench-* program starts with (included by `#[path]`: a
//! file in a folder under src/bin is not a program of its own).

use std::path::Path;
use std::sync::Arc;

use lkl_wasm::sys::{self, consts::AT_FDCWD};
use lkl_wasm::{AttachedDisk, Config, FileDisk, Kernel};

/// Prints the program's result line (success) or its error (failure).
pub fn finish(program: &str, result: Result<String, String>) -> std::process::ExitCode {
    match result {
        Ok(line) => {
            println!("{line}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{program}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The `main` of a program that takes one IMAGE: usage on a wrong command
/// line (exit 2), else `run(image)` reported by [`finish`].
#[allow(dead_code)] // not every program takes one IMAGE
pub fn main_on_image(program: &str, run: impl FnOnce(&Path) -> Result<String, String>) -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [image] = args.as_slice() else {
        eprintln!("usage: {program} IMAGE");
        return std::process::ExitCode::from(2);
    };
    finish(program, run(Path::new(image)))
}

/// Errors as the programs print them.
pub fn err(error: lkl_wasm::Error) -> String {
    error.to_string()
}

/// A kernel with 256 MiB and an empty /mnt.
pub fn boot() -> Result<Kernel, String> {
    let kernel = Kernel::boot(Config { memory_mib: 256, ..Config::default() }).map_err(err)?;
    sys::mkdirat(&kernel, AT_FDCWD, "/mnt", 0o755).map_err(err)?;
    Ok(kernel)
}

/// `image` attached from its file, written in place when `writable`.
pub fn attach_file(kernel: &Kernel, image: &Path, writable: bool) -> Result<AttachedDisk, String> {
    let disk = FileDisk::open(image, writable).map_err(|e| format!("{}: {e}", image.display()))?;
    kernel.attach_disk(Arc::new(disk)).map_err(err)
}
