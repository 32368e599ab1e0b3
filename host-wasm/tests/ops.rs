//! The native host operations, called through the C table as the kernel
//! calls them.

use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lkl_host::ffi::{LklHostOperations, LklJmpBuf};
use lkl_host::host_operations;

fn ops() -> &'static LklHostOperations {
    host_operations()
}

#[test]
fn print_appends_to_the_kernel_log() {
    let line = "host test: hello kernel log\n";
    // SAFETY: `line` is valid for `line.len()` bytes.
    unsafe { (ops().print)(line.as_ptr().cast(), line.len() as i32) };
    assert!(lkl_host::kernel_log().contains("hello kernel log"));
}

#[test]
fn semaphore_counts() {
    // SAFETY: each call gets the semaphore from sem_alloc, freed last.
    unsafe {
        let sem = (ops().sem_alloc)(2);
        assert!(!sem.is_null());
        (ops().sem_down)(sem);
        (ops().sem_down)(sem);
        (ops().sem_up)(sem);
        (ops().sem_down)(sem);
        (ops().sem_free)(sem);
    }
}

/// A host object pointer that the test shares between threads.
struct Shared<T>(*mut T);
// SAFETY: host semaphores and mutexes may be used from any thread.
unsafe impl<T> Sync for Shared<T> {}

impl<T> Shared<T> {
    fn ptr(&self) -> *mut T {
        self.0
    }
}

#[test]
fn semaphore_down_blocks_until_up_from_another_thread() {
    // SAFETY: the semaphore is used between sem_alloc and sem_free only.
    let sem = Shared(unsafe { (ops().sem_alloc)(0) });
    let passed = AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            // SAFETY: live semaphore.
            unsafe { (ops().sem_down)(sem.ptr()) };
            passed.store(1, Ordering::SeqCst);
        });
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(passed.load(Ordering::SeqCst), 0);
        // SAFETY: live semaphore.
        unsafe { (ops().sem_up)(sem.ptr()) };
    });
    assert_eq!(passed.load(Ordering::SeqCst), 1);
    // SAFETY: no thread uses the semaphore anymore.
    unsafe { (ops().sem_free)(sem.ptr()) };
}

#[test]
fn mutex_excludes_and_unlocks_from_another_thread() {
    // SAFETY: the mutex lives until the end of the test.
    let mutex = Shared(unsafe { (ops().mutex_alloc)() });
    // SAFETY: live mutex.
    unsafe { (ops().mutex_lock)(mutex.ptr()) };
    let acquired = AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            // SAFETY: live mutex.
            unsafe { (ops().mutex_lock)(mutex.ptr()) };
            acquired.store(1, Ordering::SeqCst);
            // SAFETY: live mutex, locked by this thread.
            unsafe { (ops().mutex_unlock)(mutex.ptr()) };
        });
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(acquired.load(Ordering::SeqCst), 0);
        // SAFETY: live mutex, locked by this thread.
        unsafe { (ops().mutex_unlock)(mutex.ptr()) };
    });
    assert_eq!(acquired.load(Ordering::SeqCst), 1);
    // SAFETY: no thread uses the mutex anymore.
    unsafe { (ops().mutex_free)(mutex.ptr()) };
}

#[test]
fn memory_is_page_aligned_and_writable() {
    // SAFETY: the block is written within its size, then freed once.
    unsafe {
        let block = (ops().mem_alloc)(1 << 20).cast::<u8>();
        assert!(!block.is_null());
        assert_eq!(block.addr() % 4096, 0);
        block.write_bytes(0xa5, 1 << 20);
        assert_eq!(*block.add((1 << 20) - 1), 0xa5);
        (ops().mem_free)(block.cast());
        assert!((ops().mem_alloc)(0).is_null());
    }
}

#[test]
fn clock_is_monotonic_nanoseconds() {
    // SAFETY: `time` has no preconditions.
    let t0 = unsafe { (ops().time)() };
    std::thread::sleep(Duration::from_millis(20));
    // SAFETY: as above.
    let t1 = unsafe { (ops().time)() };
    assert!(t1 - t0 >= 20_000_000, "{t0} -> {t1}");
}

#[test]
fn thread_self_is_unique_and_nonzero_for_any_thread() {
    // SAFETY: `thread_self` has no preconditions.
    let main = unsafe { (ops().thread_self)() };
    // SAFETY: as above.
    assert_eq!(main, unsafe { (ops().thread_self)() });
    let ids: Vec<_> = (0..8)
        .map(|_| {
            // SAFETY: as above.
            std::thread::spawn(|| unsafe { (ops().thread_self)() })
                .join()
                .unwrap()
        })
        .collect();
    let mut all = ids.clone();
    all.push(main);
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 9);
    assert!(!all.contains(&0));
}

static THREAD_RESULT: AtomicUsize = AtomicUsize::new(0);
static THREAD_SELF_SEEN: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn exits_from_the_middle(arg: *mut c_void) {
    THREAD_RESULT.store(arg.addr(), Ordering::SeqCst);
    // SAFETY: `thread_self` has no preconditions.
    THREAD_SELF_SEEN.store(unsafe { (ops().thread_self)() } as usize, Ordering::SeqCst);
    // SAFETY: this thread was started by thread_create; nothing in this
    // frame needs dropping.
    unsafe { (ops().thread_exit)() };
    THREAD_RESULT.store(0, Ordering::SeqCst);
}

#[test]
fn thread_create_join_and_exit() {
    // SAFETY: the function takes its argument as a plain number.
    let tid = unsafe {
        (ops().thread_create)(
            Some(exits_from_the_middle),
            std::ptr::without_provenance_mut(42),
        )
    };
    assert_ne!(tid, 0);
    // SAFETY: `tid` is joinable.
    assert_eq!(unsafe { (ops().thread_join)(tid) }, 0);
    assert_eq!(THREAD_RESULT.load(Ordering::SeqCst), 42);
    assert_eq!(THREAD_SELF_SEEN.load(Ordering::SeqCst), tid as usize);
    // SAFETY: joining twice is refused, not undefined.
    assert_eq!(unsafe { (ops().thread_join)(tid) }, -1);
}

unsafe extern "C" fn detaches_itself(arg: *mut c_void) {
    // SAFETY: `thread_detach` has no preconditions.
    unsafe { (ops().thread_detach)() };
    // SAFETY: `arg` is the address of a live Sender<()> owned by the test.
    let done = unsafe { &*arg.cast::<mpsc::SyncSender<()>>() };
    done.send(()).unwrap();
}

#[test]
fn detached_threads_cannot_be_joined() {
    let (tx, rx) = mpsc::sync_channel::<()>(1);
    let tx = Box::new(tx);
    // SAFETY: `tx` outlives the thread's use of it (we wait on rx).
    let tid = unsafe {
        (ops().thread_create)(
            Some(detaches_itself),
            std::ptr::from_ref(&*tx).cast_mut().cast(),
        )
    };
    rx.recv_timeout(Duration::from_secs(5)).unwrap();
    // SAFETY: a detached thread is refused, not undefined.
    assert_eq!(unsafe { (ops().thread_join)(tid) }, -1);
}

static JUMPS: AtomicUsize = AtomicUsize::new(0);
static mut JMP_BUF: LklJmpBuf = LklJmpBuf { buf: [0; 64] };

unsafe extern "C" fn jumps_back() {
    JUMPS.fetch_add(1, Ordering::SeqCst);
    // SAFETY: JMP_BUF was set by the jmp_buf_set that called us; nothing
    // in this frame needs dropping.
    unsafe { (ops().jmp_buf_longjmp)(&raw mut JMP_BUF, 1) };
    JUMPS.fetch_add(100, Ordering::SeqCst);
}

#[test]
fn jmp_buf_longjmp_returns_from_jmp_buf_set() {
    // SAFETY: only this test touches JMP_BUF.
    unsafe { (ops().jmp_buf_set)(&raw mut JMP_BUF, Some(jumps_back)) };
    assert_eq!(JUMPS.load(Ordering::SeqCst), 1);
}

static DESTROYED: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn count_destruction(value: *mut c_void) {
    DESTROYED.fetch_add(value.addr(), Ordering::SeqCst);
}

#[test]
fn tls_values_are_per_thread_and_destroyed_at_thread_end() {
    // SAFETY: the destructor only adds up addresses.
    let key = unsafe { (ops().tls_alloc)(Some(count_destruction)) };
    assert!(!key.is_null());
    let value = |n: usize| std::ptr::without_provenance_mut::<c_void>(n);
    // SAFETY: `key` is live until tls_free below.
    unsafe {
        assert_eq!((ops().tls_set)(key, value(1)), 0);
        assert_eq!((ops().tls_get)(key), value(1));
    }
    let key_addr = key.addr();
    std::thread::spawn(move || {
        let key = std::ptr::without_provenance_mut(key_addr);
        // SAFETY: `key` is live.
        unsafe {
            assert!((ops().tls_get)(key).is_null());
            assert_eq!((ops().tls_set)(key, value(1000)), 0);
        }
    })
    .join()
    .unwrap();
    assert_eq!(DESTROYED.load(Ordering::SeqCst), 1000);
    // SAFETY: `key` is live.
    unsafe {
        assert_eq!((ops().tls_get)(key), value(1));
        (ops().tls_free)(key);
        assert_eq!((ops().tls_set)(key, value(2)), -1);
    }
}

static FIRED: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn fire(arg: *mut c_void) {
    // SAFETY: `arg` is the address of a live SyncSender<Instant>.
    let fired = unsafe { &*arg.cast::<mpsc::SyncSender<Instant>>() };
    FIRED.fetch_add(1, Ordering::SeqCst);
    let _ = fired.try_send(Instant::now());
}

#[test]
fn timers_fire_once_rearm_and_cancel() {
    let (tx, rx) = mpsc::sync_channel::<Instant>(8);
    let tx = Box::new(tx);
    // SAFETY: `tx` outlives the timer (freed below, which joins).
    let timer =
        unsafe { (ops().timer_alloc)(Some(fire), std::ptr::from_ref(&*tx).cast_mut().cast()) };
    assert!(!timer.is_null());
    // SAFETY: `timer` is live until timer_free.
    unsafe {
        let start = Instant::now();
        (ops().timer_set_oneshot)(timer, 30_000_000);
        let fired_at = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(fired_at - start >= Duration::from_millis(30));
        assert!(
            rx.recv_timeout(Duration::from_millis(60)).is_err(),
            "fired twice"
        );

        // Re-arming replaces the pending expiry.
        let start = Instant::now();
        (ops().timer_set_oneshot)(timer, 1_000_000_000);
        (ops().timer_set_oneshot)(timer, 20_000_000);
        let fired_at = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(fired_at - start < Duration::from_millis(900));
        assert!(rx.recv_timeout(Duration::from_millis(50)).is_err());

        // 0 cancels.
        (ops().timer_set_oneshot)(timer, 20_000_000);
        (ops().timer_set_oneshot)(timer, 0);
        assert!(rx.recv_timeout(Duration::from_millis(80)).is_err());

        (ops().timer_set_oneshot)(timer, 10_000_000_000);
        (ops().timer_free)(timer);
    }
    assert_eq!(FIRED.load(Ordering::SeqCst), 2);
}

static HOST_THREAD_DESTROYED: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn record_host_thread_destruction(value: *mut c_void) {
    HOST_THREAD_DESTROYED.store(value.addr(), Ordering::SeqCst);
}

unsafe extern "C" fn sets_tls_then_exits(key: *mut c_void) {
    // SAFETY: `key` is a live TLS key; the value is a plain number.
    unsafe { (ops().tls_set)(key.cast(), std::ptr::without_provenance_mut(77)) };
    // SAFETY: started by thread_create; nothing here needs dropping.
    unsafe { (ops().thread_exit)() };
}

#[test]
fn tls_destructors_run_when_a_host_thread_exits_through_thread_exit() {
    // SAFETY: the destructor only records a number.
    let key = unsafe { (ops().tls_alloc)(Some(record_host_thread_destruction)) };
    // SAFETY: the thread takes the key as its argument; joined right after.
    unsafe {
        let tid = (ops().thread_create)(Some(sets_tls_then_exits), key.cast());
        assert_eq!((ops().thread_join)(tid), 0);
    }
    // join returned: the destructor has run.
    assert_eq!(HOST_THREAD_DESTROYED.load(Ordering::SeqCst), 77);
    // SAFETY: `key` is live.
    unsafe { (ops().tls_free)(key) };
}
