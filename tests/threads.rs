//! Time and threads: sleeping, blocking and waking, many host threads.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::kernel;
use lkl_wasm::sys::consts::{AT_FDCWD, O_CLOEXEC, STATX_BASIC_STATS};
use lkl_wasm::sys;
use lkl_wasm::{Errno, Error};

#[test]
fn nanosleep_sleeps_at_least_as_long_as_asked() {
    let k = kernel();
    let start = Instant::now();
    sys::nanosleep(k, Duration::from_millis(88)).unwrap();
    let slept = start.elapsed();
    assert!(slept >= Duration::from_millis(88), "slept {slept:?}");
    assert!(slept < Duration::from_secs(5), "slept {slept:?}");
}

#[test]
fn a_blocked_read_is_woken_by_a_write_from_another_thread() {
    let k = kernel();
    let [rx, tx] = sys::pipe2(k, O_CLOEXEC).unwrap();
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut buf = [0u8; 8];
            let n = sys::read(k, rx, &mut buf).unwrap();
            done.store(true, Ordering::SeqCst);
            buf[..n].to_vec()
        });
        std::thread::sleep(Duration::from_millis(100));
        assert!(
            !done.load(Ordering::SeqCst),
            "read returned before any write"
        );
        assert_eq!(sys::write(k, tx, b"wake").unwrap(), 4);
        assert_eq!(reader.join().unwrap(), b"wake");
    });
    sys::close(k, rx).unwrap();
    sys::close(k, tx).unwrap();
}

#[test]
fn sixty_four_threads_one_after_another_make_syscalls() {
    let k = kernel();
    let pid = sys::getpid(k).unwrap();
    for i in 0..64 {
        // std::thread::spawn + join: join also waits for the thread's TLS
        // destructors, which end its task in the kernel.
        let other = std::thread::spawn(move || sys::getpid(kernel()))
            .join()
            .unwrap()
            .unwrap_or_else(|e| panic!("thread {i}: {e}"));
        assert_eq!(other, pid, "host threads are threads of one process");
    }
}

#[test]
fn threads_make_syscalls_concurrently() {
    let k = kernel();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                for _ in 0..200 {
                    assert!(sys::getpid(kernel()).unwrap() > 0);
                }
                sys::uname(kernel()).unwrap().sysname
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), "Linux");
    }
    assert!(k.is_running());
}

#[test]
fn detach_thread_ends_the_threads_task_at_once() {
    let k = kernel();
    match sys::mkdirat(k, AT_FDCWD, "/proc", 0o555) {
        Ok(()) | Err(Error::Errno(Errno::EEXIST)) => {}
        Err(e) => panic!("mkdir /proc: {e}"),
    }
    sys::mount(k, "proc", "/proc", "proc", 0, None).unwrap();
    let task_dir = |tid: i32| format!("/proc/1/task/{tid}");

    std::thread::spawn(move || {
        let k = kernel();
        let first = sys::gettid(k).unwrap();
        assert!(sys::statx(k, AT_FDCWD, &task_dir(first), 0, STATX_BASIC_STATS).is_ok());

        k.detach_thread().unwrap();
        // Still on the same host thread: its old task is gone...
        match sys::statx(k, AT_FDCWD, &task_dir(first), 0, STATX_BASIC_STATS) {
            Err(Error::Errno(Errno::ENOENT)) => {}
            other => panic!("task {first} after detach: {other:?}"),
        }
        // ...and its next call gets a new one.
        let second = sys::gettid(k).unwrap();
        assert_ne!(first, second);
        assert_eq!(sys::getpid(k).unwrap(), 1);
    })
    .join()
    .unwrap();
}
