//! The C half of the wasm32 host (`host-wasm/wasm/jmp.c` and `sjlj.c`,
//! built with clang's setjmp/longjmp lowering): the same four functions as
//! on native hosts, kept in C so no Rust frame sits between the two ends.

use core::ffi::{c_int, c_void};

use crate::ffi::{ArgFn, LklJmpBuf, VoidFn};

extern "C" {
    /// Runs `f(arg)`; returns early when `f` calls
    /// [`lkl_host_thread_exit`] at any depth on this thread.
    pub fn lkl_host_thread_run(f: ArgFn, arg: *mut c_void);
    /// The `thread_exit` operation (never returns).
    pub fn lkl_host_thread_exit();
    /// The `jmp_buf_set` operation.
    pub fn lkl_host_jmp_buf_set(jmpb: *mut LklJmpBuf, f: Option<VoidFn>);
    /// The `jmp_buf_longjmp` operation (never returns).
    pub fn lkl_host_jmp_buf_longjmp(jmpb: *mut LklJmpBuf, val: c_int);
}
