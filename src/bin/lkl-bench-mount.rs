//! lkl-bench-mount TYPE=IMAGE...: how long the kernel takes to mount each
//! image read-only with its type given (attached from a file; the median
//! of 5 mounts, each of a freshly attached disk so nothing is cached).
//! Prints one `TYPE ms=<T>` line per image. Used by build-scripts/bench.

#[path = "bench/setup.rs"]
mod setup;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use lkl_wasm::sys;
use setup::err;

const RUNS: usize = 5;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || args.iter().any(|a| !a.contains('=')) {
        eprintln!("usage: lkl-bench-mount TYPE=IMAGE...");
        return ExitCode::from(2);
    }
    setup::finish("lkl-bench-mount", run(&args))
}

/// One line per type: `TYPE ms=<median>`.
fn run(args: &[String]) -> Result<String, String> {
    let kernel = setup::boot()?;
    let mut lines = Vec::new();
    for arg in args {
        let (fstype, image) = arg.split_once('=').expect("checked in main");
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let disk = setup::attach_file(&kernel, Path::new(image), false)?;
            let start = Instant::now();
            sys::mount(&kernel, &disk.path(), "/mnt", fstype, 1, None).map_err(|e| format!("{fstype}: {e}"))?;
            times.push(start.elapsed().as_secs_f64() * 1e3);
            sys::umount2(&kernel, "/mnt", 0).map_err(err)?;
            kernel.detach_disk(disk.slot).map_err(err)?;
        }
        times.sort_by(f64::total_cmp);
        lines.push(format!("{fstype} ms={:.2}", times[RUNS / 2]));
    }
    let _ = kernel.halt();
    Ok(lines.join("\n"))
}
