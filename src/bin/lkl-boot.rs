//! lkl-boot: boots the kernel, prints its boot log and a `uname -a`-like
//! line, and halts it.
//!
//! `lkl-boot --time-first-syscall` prints only `first_syscall_ns=<N>`: the
//! wall-clock nanoseconds from `$LKL_BENCH_T0_NS` (nanoseconds since the
//! Unix epoch, taken by the benchmark just before it spawned this process)
//! until the first system call (getpid) returned.
//!
//! `$LKL_CMDLINE`, if set, is the kernel command line (e.g. `printk.time=1`).

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use lkl_wasm::{sys, Config, Kernel};

const USAGE: &str = "usage: lkl-boot [--time-first-syscall]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [] => demo(),
        [flag] if flag == "--time-first-syscall" => time_first_syscall(),
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lkl-boot: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Boots, or explains why not (with the kernel's log, which says more).
fn boot() -> Result<Kernel, String> {
    let config = Config {
        cmdline: std::env::var("LKL_CMDLINE").unwrap_or_default(),
        ..Config::default()
    };
    Kernel::boot(config)
        .map_err(|e| format!("boot: {e}\n--- kernel log ---\n{}", lkl_host::kernel_log()))
}

fn demo() -> Result<(), String> {
    let kernel = boot()?;
    print!("{}", kernel.log());
    let uts = sys::uname(&kernel).map_err(|e| format!("uname: {e}"))?;
    println!(
        "{} {} {} {} {}",
        uts.sysname, uts.nodename, uts.release, uts.version, uts.machine
    );
    kernel.halt().map_err(|e| format!("halt: {e}"))
}

fn now_since_epoch_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn time_first_syscall() -> Result<(), String> {
    let t0: u128 = std::env::var("LKL_BENCH_T0_NS")
        .map_err(|_| "--time-first-syscall needs LKL_BENCH_T0_NS (ns since the Unix epoch)")?
        .trim()
        .parse()
        .map_err(|e| format!("LKL_BENCH_T0_NS: {e}"))?;
    let kernel = boot()?;
    sys::getpid(&kernel).map_err(|e| format!("getpid: {e}"))?;
    let elapsed = now_since_epoch_ns().saturating_sub(t0);
    println!("first_syscall_ns={elapsed}");
    kernel.halt().map_err(|e| format!("halt: {e}"))
}
