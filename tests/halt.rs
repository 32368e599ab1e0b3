//! Halting (its own test binary: after a halt this process can never boot
//! again).

use std::time::Duration;

use lkl_wasm::sys::{self, consts::O_CLOEXEC};
use lkl_wasm::{Config, Errno, Error, Kernel};

#[test]
fn halt_ends_every_host_thread_and_refuses_later_calls() {
    let kernel = Kernel::boot(Config::default()).unwrap_or_else(|e| {
        panic!("boot failed: {e}\n{}", lkl_host::kernel_log());
    });
    assert!(kernel.is_running());
    assert!(
        lkl_host::live_threads() > 0,
        "the kernel runs on host threads"
    );

    // System calls from a couple of threads. Plain spawn + join: join also
    // waits for each thread's TLS destructors (which end its kernel task).
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let kernel = kernel.clone();
            std::thread::spawn(move || {
                assert!(sys::getpid(&kernel).unwrap() > 0);
                sys::nanosleep(&kernel, Duration::from_millis(5)).unwrap();
                sys::uname(&kernel).unwrap().sysname
            })
        })
        .collect();
    for worker in workers {
        assert_eq!(worker.join().unwrap(), "Linux");
    }

    // Halt refuses while a system call is blocked on another thread.
    let [rx, tx] = sys::pipe2(&kernel, O_CLOEXEC).unwrap();
    let reader = {
        let kernel = kernel.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4];
            sys::read(&kernel, rx, &mut buf).unwrap()
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    let busy = kernel.clone().halt().unwrap_err();
    assert_eq!(busy, Error::Busy { in_flight: 1 });
    assert!(kernel.is_running());
    assert_eq!(sys::write(&kernel, tx, b"done").unwrap(), 4);
    assert_eq!(reader.join().unwrap(), 4);
    sys::close(&kernel, rx).unwrap();
    sys::close(&kernel, tx).unwrap();

    let other = kernel.clone();
    kernel.halt().unwrap();

    assert!(
        lkl_host::wait_threads_exited(Duration::from_secs(10)),
        "{} host threads still running after halt",
        lkl_host::live_threads()
    );
    assert!(!other.is_running());

    let err = sys::getpid(&other).unwrap_err();
    assert_eq!(err, Error::Halted);
    assert_eq!(err.errno(), Errno::ESHUTDOWN);
    assert_eq!(err.to_string(), "ESHUTDOWN (the kernel has been halted)");
    assert_eq!(other.clone().halt().unwrap_err(), Error::Halted);
    assert_eq!(
        Kernel::boot(Config::default()).unwrap_err(),
        Error::AlreadyBooted
    );
}
