// SPDX-License-Identifier: GPL-2.0
/*
 * Non-local exits for the native host, in C on purpose.
 *
 * The kernel's frames have no unwind tables, so a host thread cannot leave
 * them by unwinding; it leaves them with longjmp. No Rust frame may sit
 * between the setjmp and the longjmp, so both ends live here and the host
 * operations table points straight at these functions.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

/* Mirror of struct lkl_jmp_buf in kernel/arch/lkl/include/uapi/asm/host_ops.h. */
struct lkl_jmp_buf {
	unsigned long buf[64];
};

_Static_assert(sizeof(jmp_buf) <= sizeof(struct lkl_jmp_buf),
	       "jmp_buf does not fit in struct lkl_jmp_buf");
_Static_assert(_Alignof(jmp_buf) <= _Alignof(struct lkl_jmp_buf),
	       "struct lkl_jmp_buf is less aligned than jmp_buf");

/* Where lkl_host_thread_exit() lands: the start of this host thread. */
static _Thread_local jmp_buf thread_start;
static _Thread_local int thread_start_set;

/*
 * The body of every host thread that thread_create() starts: run fn(arg),
 * and come back here if it calls lkl_host_thread_exit() at any depth.
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
	if (!thread_start_set) {
		fputs("lkl-host: thread_exit on a thread that thread_create did not start\n",
		      stderr);
		abort();
	}
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
