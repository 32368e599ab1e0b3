//! The native `struct lkl_host_operations`: C-ABI shims over the safe
//! modules. This is the FFI boundary, so the `unsafe` lives here.
//!
//! Objects handed to the kernel are passed as raw pointers (semaphores and
//! mutexes, both `Semaphore`, from `Arc::into_raw`; timers boxed); the
//! kernel gives each back until it frees it.
//! Kernel pointers the host only stores (thread and timer arguments, TLS
//! values) travel as exposed addresses.

use core::ffi::{c_char, c_int, c_ulong, c_ulonglong, c_void};
use std::ptr;
use std::sync::Arc;
use std::time::Duration;

use super::sem::Semaphore;
use super::timer::Timer;
use super::{clock, console, jmp, memory, stop, thread, tls, virtio};
use crate::ffi::{ArgFn, LklHostOperations, LklMutex, LklSem, LklThread, LklTimer, LklTlsKey};

static HOST_OPERATIONS: LklHostOperations = LklHostOperations {
    print,
    panic: kernel_panic,
    sem_alloc,
    sem_free,
    sem_up,
    sem_down,
    mutex_alloc,
    mutex_free,
    mutex_lock,
    mutex_unlock,
    thread_create,
    thread_detach,
    // Straight to C: no Rust frame between the kernel and longjmp.
    thread_exit: jmp::lkl_host_thread_exit,
    thread_join,
    thread_self,
    tls_alloc,
    tls_free,
    tls_set,
    tls_get,
    mem_alloc,
    mem_free,
    time,
    timer_alloc,
    timer_set_oneshot,
    timer_free,
    jmp_buf_set: jmp::lkl_host_jmp_buf_set,
    jmp_buf_longjmp: jmp::lkl_host_jmp_buf_longjmp,
    iomem_access,
};

/// The host operations table to pass to `lkl_start_kernel`.
pub fn host_operations() -> &'static LklHostOperations {
    &HOST_OPERATIONS
}

/// Moves `value` to the heap and hands it out as an opaque C pointer.
fn into_raw<T, C>(value: T) -> *mut C {
    Box::into_raw(Box::new(value)).cast()
}

/// Safety: `str` is null or valid for reads of `len` bytes.
unsafe extern "C" fn print(str: *const c_char, len: c_int) {
    let Ok(len) = usize::try_from(len) else {
        return;
    };
    if str.is_null() || len == 0 {
        return;
    }
    // SAFETY: the kernel passes `len` readable bytes at `str` (non-null,
    // checked), which it does not change during the call.
    let bytes = unsafe { std::slice::from_raw_parts(str.cast::<u8>(), len) };
    console::write(bytes);
}

extern "C" fn kernel_panic() {
    stop::end_panicking_thread()
}

extern "C" fn sem_alloc(count: c_int) -> *mut LklSem {
    Arc::into_raw(Semaphore::new(u64::try_from(count).unwrap_or(0))).cast_mut().cast()
}

/// Safety: `sem` is null or from `sem_alloc`, unused from now on.
unsafe extern "C" fn sem_free(sem: *mut LklSem) {
    if !sem.is_null() {
        // SAFETY: `sem` came from `Arc::into_raw` in `sem_alloc` and the
        // kernel frees it once, with no thread still using it.
        drop(unsafe { Arc::from_raw(sem.cast::<Semaphore>()) });
    }
}

/// Safety: `sem` is from `sem_alloc` and not freed.
unsafe extern "C" fn sem_up(sem: *mut LklSem) {
    // SAFETY: `sem` points to a live Semaphore (from `sem_alloc`, not yet
    // freed); it is only used through shared references.
    unsafe { &*sem.cast::<Semaphore>() }.up();
}

/// Safety: `sem` is from `sem_alloc` and not freed.
unsafe extern "C" fn sem_down(sem: *mut LklSem) {
    // SAFETY: as in `sem_up`.
    unsafe { &*sem.cast::<Semaphore>() }.down();
}

/// A host mutex is a binary semaphore (it may be unlocked from another
/// thread, so no guard is held).
extern "C" fn mutex_alloc() -> *mut LklMutex {
    Arc::into_raw(Semaphore::new(1)).cast_mut().cast()
}

/// Safety: `mutex` is null or from `mutex_alloc`, unused from now on.
unsafe extern "C" fn mutex_free(mutex: *mut LklMutex) {
    // SAFETY: a mutex is a semaphore from `Arc::into_raw`, freed once.
    unsafe { sem_free(mutex.cast()) }
}

/// Safety: `mutex` is from `mutex_alloc` and not freed.
unsafe extern "C" fn mutex_lock(mutex: *mut LklMutex) {
    // SAFETY: as in `sem_down`.
    unsafe { sem_down(mutex.cast()) }
}

/// Safety: `mutex` is from `mutex_alloc` and not freed.
unsafe extern "C" fn mutex_unlock(mutex: *mut LklMutex) {
    // SAFETY: as in `sem_up`.
    unsafe { sem_up(mutex.cast()) }
}

/// Safety: `f(arg)` may be called once on another thread.
unsafe extern "C" fn thread_create(f: Option<ArgFn>, arg: *mut c_void) -> LklThread {
    let Some(f) = f else { return 0 };
    let arg = arg.expose_provenance();
    let id = thread::spawn(move || {
        let arg = ptr::with_exposed_provenance_mut::<c_void>(arg);
        // SAFETY: the kernel asked for `f(arg)` to run on a new thread.
        // The trampoline is C: it calls f(arg) and is where thread_exit
        // longjmps to, so only C frames are ever skipped.
        unsafe { jmp::lkl_host_thread_run(f, arg) };
    });
    id.map_or(0, |id| id as LklThread)
}

extern "C" fn thread_detach() {
    thread::detach_current();
}

extern "C" fn thread_join(tid: LklThread) -> c_int {
    // `as`: lkl_thread_t is unsigned long, 32 bits on wasm32 (lossless).
    if thread::join(tid as thread::ThreadId) {
        0
    } else {
        -1
    }
}

extern "C" fn thread_self() -> LklThread {
    thread::current_id() as LklThread
}

/// Safety: `destructor`, if any, may be called on any thread that set a
/// non-null value for the key, as that thread ends.
unsafe extern "C" fn tls_alloc(destructor: Option<ArgFn>) -> *mut LklTlsKey {
    let destructor = destructor.map(|d| -> tls::Destructor {
        Arc::new(move |value| {
            // SAFETY: the kernel registered `d` for values it stored with
            // tls_set; `value` is such a value, passed back once.
            unsafe { d(ptr::with_exposed_provenance_mut(value)) }
        })
    });
    // Keys are plain numbers: the kernel never dereferences them.
    tls::alloc(destructor).map_or(ptr::null_mut(), ptr::without_provenance_mut)
}

extern "C" fn tls_free(key: *mut LklTlsKey) {
    tls::free(key.addr());
}

extern "C" fn tls_set(key: *mut LklTlsKey, data: *mut c_void) -> c_int {
    if tls::set(key.addr(), data.expose_provenance()) {
        0
    } else {
        -1
    }
}

extern "C" fn tls_get(key: *mut LklTlsKey) -> *mut c_void {
    ptr::with_exposed_provenance_mut(tls::get(key.addr()))
}

extern "C" fn mem_alloc(size: c_ulong) -> *mut c_void {
    match usize::try_from(size) {
        Ok(size) => memory::alloc(size).cast(),
        Err(_) => ptr::null_mut(),
    }
}

/// Safety: `block` is null or from `mem_alloc`, unused from now on.
unsafe extern "C" fn mem_free(block: *mut c_void) {
    memory::free(block.cast());
}

extern "C" fn time() -> c_ulonglong {
    clock::monotonic_ns()
}

/// Safety: `f(arg)` may be called on another thread until `timer_free`.
unsafe extern "C" fn timer_alloc(f: Option<ArgFn>, arg: *mut c_void) -> *mut LklTimer {
    let Some(f) = f else {
        return ptr::null_mut();
    };
    let arg = arg.expose_provenance();
    let callback = Box::new(move || {
        // SAFETY: the kernel asked for `f(arg)` to be called on expiry,
        // from any thread, until it frees the timer (whose drop waits for
        // a running callback).
        unsafe { f(ptr::with_exposed_provenance_mut(arg)) };
        // One-shot: the kernel re-arms it when it wants.
        None
    });
    match Timer::new(callback) {
        Ok(timer) => into_raw(timer),
        Err(_) => ptr::null_mut(),
    }
}

/// Safety: `timer` is from `timer_alloc` and not freed.
unsafe extern "C" fn timer_set_oneshot(timer: *mut LklTimer, ns: c_ulonglong) -> c_int {
    // SAFETY: `timer` points to a live boxed Timer (from `timer_alloc`,
    // not yet freed), only used through shared references.
    let timer = unsafe { &*timer.cast::<Timer>() };
    // The arch port's clockevent passes 0 to cancel a pending expiry.
    if ns == 0 {
        timer.cancel();
    } else {
        timer.set_oneshot(Duration::from_nanos(ns));
    }
    0
}

/// Safety: `timer` is null or from `timer_alloc`, unused from now on.
unsafe extern "C" fn timer_free(timer: *mut LklTimer) {
    if !timer.is_null() {
        // SAFETY: `timer` came from `timer_alloc` (a boxed Timer) and the
        // kernel frees it once; dropping it cancels and joins its thread.
        drop(unsafe { Box::from_raw(timer.cast::<Timer>()) });
    }
}

/// Safety: `val` is valid for `size` bytes (read for a write, written for
/// a read); `addr` is only compared, never dereferenced.
unsafe extern "C" fn iomem_access(addr: *const c_void, val: *mut c_void, size: c_int, write: c_int) -> c_int {
    let size = match size {
        1 | 2 | 4 | 8 => size as usize,
        _ => return -1,
    };
    if val.is_null() {
        return -1;
    }
    let addr = addr.addr() as u64;
    let val = val.cast::<u8>();
    if write != 0 {
        let mut bytes = [0u8; 8];
        // SAFETY: the kernel passes `size` readable bytes at `val`.
        unsafe { ptr::copy_nonoverlapping(val, bytes.as_mut_ptr(), size) };
        if virtio::write(addr, u64::from_le_bytes(bytes)) { 0 } else { -1 }
    } else {
        let Some(value) = virtio::read(addr, size) else { return -1 };
        // SAFETY: the kernel passes `size` writable bytes at `val`; a
        // little-endian value's low bytes come first.
        unsafe { ptr::copy_nonoverlapping(value.to_le_bytes().as_ptr(), val, size) };
        0
    }
}
