//! `#[repr(C)]` mirror of `kernel/arch/lkl/include/uapi/asm/host_ops.h`,
//! the one seam between the kernel and its host. The header is
//! authoritative: keep the field order and the types identical to it.

use core::ffi::{c_char, c_int, c_ulong, c_ulonglong, c_void};

/// A host thread handle (`lkl_thread_t`); 0 is never a valid thread.
pub type LklThread = c_ulong;

/// Declares opaque C types that the kernel only ever holds pointers to.
macro_rules! opaque_types {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[repr(C)]
        pub struct $name {
            _opaque: [u8; 0],
        }
    )*};
}

opaque_types! {
    /// `struct lkl_sem`: a counting semaphore.
    LklSem;
    /// `struct lkl_mutex`: a non-recursive mutex.
    LklMutex;
    /// `struct lkl_tls_key`: a thread-local storage key.
    LklTlsKey;
    /// `struct lkl_timer`: a one-shot timer.
    LklTimer;
}

/// `struct lkl_jmp_buf`: room for the host's setjmp state.
#[repr(C)]
pub struct LklJmpBuf {
    pub buf: [c_ulong; 64],
}

/// `void (*fn)(void *)`: a thread body, a timer callback, a TLS destructor.
pub type ArgFn = unsafe extern "C" fn(*mut c_void);

/// `void (*f)(void)`: the function `jmp_buf_set` calls.
pub type VoidFn = unsafe extern "C" fn();

/// `struct lkl_host_operations`, field for field.
#[repr(C)]
pub struct LklHostOperations {
    pub print: unsafe extern "C" fn(str: *const c_char, len: c_int),
    pub panic: unsafe extern "C" fn(),

    pub sem_alloc: unsafe extern "C" fn(count: c_int) -> *mut LklSem,
    pub sem_free: unsafe extern "C" fn(sem: *mut LklSem),
    pub sem_up: unsafe extern "C" fn(sem: *mut LklSem),
    pub sem_down: unsafe extern "C" fn(sem: *mut LklSem),

    pub mutex_alloc: unsafe extern "C" fn() -> *mut LklMutex,
    pub mutex_free: unsafe extern "C" fn(mutex: *mut LklMutex),
    pub mutex_lock: unsafe extern "C" fn(mutex: *mut LklMutex),
    pub mutex_unlock: unsafe extern "C" fn(mutex: *mut LklMutex),

    pub thread_create: unsafe extern "C" fn(f: Option<ArgFn>, arg: *mut c_void) -> LklThread,
    pub thread_detach: unsafe extern "C" fn(),
    pub thread_exit: unsafe extern "C" fn(),
    pub thread_join: unsafe extern "C" fn(tid: LklThread) -> c_int,
    pub thread_self: unsafe extern "C" fn() -> LklThread,

    pub tls_alloc: unsafe extern "C" fn(destructor: Option<ArgFn>) -> *mut LklTlsKey,
    pub tls_free: unsafe extern "C" fn(key: *mut LklTlsKey),
    pub tls_set: unsafe extern "C" fn(key: *mut LklTlsKey, data: *mut c_void) -> c_int,
    pub tls_get: unsafe extern "C" fn(key: *mut LklTlsKey) -> *mut c_void,

    pub mem_alloc: unsafe extern "C" fn(size: c_ulong) -> *mut c_void,
    pub mem_free: unsafe extern "C" fn(ptr: *mut c_void),

    pub time: unsafe extern "C" fn() -> c_ulonglong,

    pub timer_alloc: unsafe extern "C" fn(f: Option<ArgFn>, arg: *mut c_void) -> *mut LklTimer,
    pub timer_set_oneshot: unsafe extern "C" fn(timer: *mut LklTimer, ns: c_ulonglong) -> c_int,
    pub timer_free: unsafe extern "C" fn(timer: *mut LklTimer),

    pub jmp_buf_set: unsafe extern "C" fn(jmpb: *mut LklJmpBuf, f: Option<VoidFn>),
    pub jmp_buf_longjmp: unsafe extern "C" fn(jmpb: *mut LklJmpBuf, val: c_int),

    pub iomem_access:
        unsafe extern "C" fn(addr: *const c_void, val: *mut c_void, size: c_int, write: c_int) -> c_int,
}
