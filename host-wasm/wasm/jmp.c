// SPDX-License-Identifier: GPL-2.0
/*
 * Non-local exits for the wasm32 host: the same four functions as
 * native/jmp.c, for a target without libc.
 *
 * Compile with -mllvm -wasm-enable-sjlj (with sjlj.c): clang then turns setjmp/longjmp
 * into WebAssembly exceptions (the legacy encoding, which Node 20 and
 * Chromium run). A longjmp throws through any frames, kernel or not, to the
 * function that called setjmp, which catches it and asks
 * __wasm_setjmp_test() whether the jump is meant for one of its setjmps.
 * No Rust frame may sit between the two ends, so both live here; the
 * lowering's own hooks are in sjlj.c.
 */
#include <stdint.h>

#include "sjlj.h"

typedef struct wasm_jmp_buf jmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int val);

/* Mirror of struct lkl_jmp_buf in kernel/arch/lkl/include/uapi/asm/host_ops.h. */
struct lkl_jmp_buf {
	unsigned long buf[64];
};

_Static_assert(sizeof(jmp_buf) <= sizeof(struct lkl_jmp_buf),
	       "jmp_buf does not fit in struct lkl_jmp_buf");

/* Where lkl_host_thread_exit() lands: the start of this host thread. */
static _Thread_local jmp_buf thread_start;
static _Thread_local int thread_start_set;

/*
 * The body of every host thread (a Worker): run fn(arg), and come back here
 * if it calls lkl_host_thread_exit() at any depth.
 */
void lkl_host_thread_run(void (*fn)(void *), void *arg)
{
	if (!fn)
		return;
	if (setjmp(thread_start) == 0) {
		thread_start_set = 1;
		fn(arg);
	}
	thread_start_set = 0;
}

/* The thread_exit host operation: end the calling thread, never return. */
_Noreturn void lkl_host_thread_exit(void)
{
	if (!thread_start_set)
		__builtin_trap();
	longjmp(thread_start, 1);
}

/* The jmp_buf_set host operation: save a point, then call f(). */
void lkl_host_jmp_buf_set(struct lkl_jmp_buf *jmpb, void (*f)(void))
{
	if (!f)
		return;
	if (setjmp(*(jmp_buf *)jmpb->buf) == 0)
		f();
}

/* The jmp_buf_longjmp host operation: return from the matching jmp_buf_set. */
_Noreturn void lkl_host_jmp_buf_longjmp(struct lkl_jmp_buf *jmpb, int val)
{
	longjmp(*(jmp_buf *)jmpb->buf, val);
}
