/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_LKL_THREAD_INFO_H
#define _ASM_LKL_THREAD_INFO_H

#include <asm/page.h>

/* The real stack is the host thread's; this block only holds thread_info. */
#define THREAD_SIZE_ORDER	0
#define THREAD_SIZE		(PAGE_SIZE << THREAD_SIZE_ORDER)

#ifndef __ASSEMBLY__
#include <asm/types.h>
#include <asm/processor.h>
#include <asm/host_ops.h>

struct thread_info {
	struct task_struct *task;
	unsigned long flags;
	int preempt_count;
	/* The host thread that runs this task (the adopting one, for host tasks). */
	lkl_thread_t tid;
	/* Upped when the scheduler hands the CPU to this task. */
	struct lkl_sem *sched_sem;
	/* The task switched away from when this one was switched in. */
	struct task_struct *prev_sched;
	/* Set at halt: the host thread must end when it wakes. */
	bool dead;
	/* Kernel threads: what their host thread runs. */
	int (*thread_fn)(void *);
	void *thread_arg;
};

#define INIT_THREAD_INFO(tsk)				\
{							\
	.task = &tsk,					\
	.flags = 0,					\
	.preempt_count = INIT_PREEMPT_COUNT,		\
}

extern struct thread_info *lkl_current_ti;

static inline struct thread_info *current_thread_info(void)
{
	return lkl_current_ti;
}

#endif /* __ASSEMBLY__ */

#define TIF_SYSCALL_TRACE	0
#define TIF_NOTIFY_RESUME	1
#define TIF_SIGPENDING		2
#define TIF_NEED_RESCHED	3
#define TIF_RESTORE_SIGMASK	4
#define TIF_MEMDIE		5
#define TIF_NOHZ		6
#define TIF_NOTIFY_SIGNAL	7
/* A task run by whichever host thread calls into the kernel for it. */
#define TIF_HOST_THREAD		8

#define _TIF_SYSCALL_TRACE	(1 << TIF_SYSCALL_TRACE)
#define _TIF_NOTIFY_RESUME	(1 << TIF_NOTIFY_RESUME)
#define _TIF_SIGPENDING		(1 << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED	(1 << TIF_NEED_RESCHED)
#define _TIF_NOHZ		(1 << TIF_NOHZ)
#define _TIF_NOTIFY_SIGNAL	(1 << TIF_NOTIFY_SIGNAL)
#define _TIF_HOST_THREAD	(1 << TIF_HOST_THREAD)

#endif
