//! Every host thread is counted until the very end of its body, so a
//! caller can check that all of them ended. (Its own test binary: the count
//! is process-wide.)

use std::ffi::c_void;
use std::time::Duration;

use lkl_host::host_operations;

unsafe extern "C" fn sleeps_then_exits(_: *mut c_void) {
    std::thread::sleep(Duration::from_millis(50));
    // SAFETY: started by thread_create; nothing here needs dropping.
    unsafe { (host_operations().thread_exit)() };
}

unsafe extern "C" fn never_fires(_: *mut c_void) {}

#[test]
fn live_threads_counts_kernel_and_timer_threads_until_they_end() {
    let ops = host_operations();
    assert_eq!(lkl_host::live_threads(), 0);
    // SAFETY: the thread body needs no argument; the timer is freed below.
    let (tid, timer) = unsafe {
        let tid = (ops.thread_create)(Some(sleeps_then_exits), std::ptr::null_mut());
        let detached = (ops.thread_create)(Some(sleeps_then_exits), std::ptr::null_mut());
        assert_ne!(detached, 0);
        let timer = (ops.timer_alloc)(Some(never_fires), std::ptr::null_mut());
        (tid, timer)
    };
    assert_eq!(lkl_host::live_threads(), 3);
    assert!(!lkl_host::wait_threads_exited(Duration::from_millis(10)));
    // SAFETY: `tid` is joinable, `timer` is live.
    unsafe {
        assert_eq!((ops.thread_join)(tid), 0);
        (ops.timer_free)(timer);
    }
    assert!(lkl_host::wait_threads_exited(Duration::from_secs(5)));
    assert_eq!(lkl_host::live_threads(), 0);
}
