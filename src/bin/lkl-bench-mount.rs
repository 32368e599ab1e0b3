//! lkl-bench-mount TYPE=IMAGE...: how long the kernel takes to mount each
//! image read-only with its type given (attached from a file; the median
//! of 5 mounts, each of a freshly attached disk so nothing is cached).
//! Prints one `TYPE ms=<T>` line per image. Used by build-scripts/bench.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use lkl_wasm::sys::{self, consts::AT_FDCWD};
use lkl_wasm::{Config, FileDisk, Kernel};

const RUNS: usize = 5;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || args.iter().any(|a| !a.contains('=')) {
        eprintln!("usage: lkl-bench-mount TYPE=IMAGE...");
        return ExitCode::from(2);
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lkl-bench-mount: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let err = |e: lkl_wasm::Error| e.to_string();
    let kernel = Kernel::boot(Config { memory_mib: 256, ..Config::default() }).map_err(err)?;
    sys::mkdirat(&kernel, AT_FDCWD, "/mnt", 0o755).map_err(err)?;
    for arg in args {
        let (fstype, image) = arg.split_once('=').expect("checked in main");
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let disk = FileDisk::open(Path::new(image), false).map_err(|e| format!("{image}: {e}"))?;
            let disk = kernel.attach_disk(Arc::new(disk)).map_err(err)?;
            let start = Instant::now();
            sys::mount(&kernel, &disk.path(), "/mnt", fstype, 1, None).map_err(|e| format!("{fstype}: {e}"))?;
            times.push(start.elapsed().as_secs_f64() * 1e3);
            sys::umount2(&kernel, "/mnt", 0).map_err(err)?;
            kernel.detach_disk(disk.slot).map_err(err)?;
        }
        times.sort_by(f64::total_cmp);
        println!("{fstype} ms={:.2}", times[RUNS / 2]);
    }
    let _ = kernel.halt();
    Ok(())
}
