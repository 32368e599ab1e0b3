// SPDX-License-Identifier: GPL-2.0
/*
 * Drives host-wasm/wasm/jmp.c the way the arch port does: a longjmp from
 * deep inside frames that know nothing about it, nested jump points, and a
 * thread body left from deep inside. Each export returns what happened.
 */
struct lkl_jmp_buf {
	unsigned long buf[64];
};

void lkl_host_jmp_buf_set(struct lkl_jmp_buf *jmpb, void (*f)(void));
_Noreturn void lkl_host_jmp_buf_longjmp(struct lkl_jmp_buf *jmpb, int val);
void lkl_host_thread_run(void (*fn)(void *), void *arg);
_Noreturn void lkl_host_thread_exit(void);

static struct lkl_jmp_buf outer, inner;
static volatile int trace;

/* Deep frames in between, as the scheduler's would be. */
__attribute__((noinline)) static void deep(int depth, struct lkl_jmp_buf *to)
{
	if (depth == 0) {
		trace = trace * 10 + 2;
		lkl_host_jmp_buf_longjmp(to, 1);
	}
	deep(depth - 1, to);
	trace = 9; /* never: the jump skips the rest of every frame */
}

static void jump_from_deep(void)
{
	trace = trace * 10 + 1;
	deep(50, &outer);
}

/* 12: f ran (1), jumped (2), and jmp_buf_set returned. */
int test_escape(void)
{
	trace = 0;
	lkl_host_jmp_buf_set(&outer, jump_from_deep);
	return trace;
}

static void inner_jumps_to_outer(void)
{
	trace = trace * 10 + 3;
	deep(10, &outer);
}

static void outer_sets_inner(void)
{
	trace = trace * 10 + 1;
	lkl_host_jmp_buf_set(&inner, inner_jumps_to_outer);
	trace = 9; /* never: the jump goes past the inner point */
}

/* 132: a jump to the outer point passes the inner one. */
int test_nested(void)
{
	trace = 0;
	lkl_host_jmp_buf_set(&outer, outer_sets_inner);
	return trace;
}

static void returns_normally(void)
{
	trace = trace * 10 + 4;
}

/* 4: no jump, f returns, so does jmp_buf_set. */
int test_no_jump(void)
{
	trace = 0;
	lkl_host_jmp_buf_set(&outer, returns_normally);
	return trace;
}

__attribute__((noinline)) static void exit_deep(int depth)
{
	if (depth == 0)
		lkl_host_thread_exit();
	exit_deep(depth - 1);
	trace = 9;
}

static void thread_body(void *arg)
{
	trace = trace * 10 + (int)(unsigned long)arg;
	exit_deep(20);
}

/* 75: the body ran (7) and thread_exit came back to thread_run (5). */
int test_thread_exit(void)
{
	trace = 0;
	lkl_host_thread_run(thread_body, (void *)7UL);
	trace = trace * 10 + 5;
	return trace;
}

/* The escapes can be taken again and again (no state left behind). */
int test_repeat(int times)
{
	int i, ok = 0;

	for (i = 0; i < times; i++)
		ok += test_escape() == 12 && test_thread_exit() == 75;
	return ok;
}
