//! An idle kernel sleeps: its host threads wait on semaphores and the one
//! host timer, they do not poll. (Its own process: the other tests' work
//! must not count.)

mod common;

use std::time::Duration;

/// CPU time this process has used (user + system), from /proc/self/stat.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    // Fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..]
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}

#[test]
fn an_idle_kernel_does_not_spin() {
    let kernel = common::kernel();
    lkl_wasm::sys::getpid(kernel).unwrap();
    // Let boot-time work (deferred initcalls, workqueues) settle first.
    std::thread::sleep(Duration::from_millis(300));

    let before = cpu_time();
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_time() - before;

    // A spinning thread would use ~2 s here; a sleeping kernel a few ticks.
    assert!(
        used < Duration::from_millis(200),
        "an idle kernel used {used:?} of CPU in 2 s"
    );
}
