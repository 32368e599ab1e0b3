/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_LKL_PROCESSOR_H
#define _ASM_LKL_PROCESSOR_H

#include <linux/compiler.h>

struct task_struct;

/* A task's machine state lives in its host thread; nothing to keep here. */
struct thread_struct { };

#define INIT_THREAD { }

static inline void cpu_relax(void)
{
	barrier();
}

#define TASK_SIZE	(~0UL)
#define STACK_TOP	TASK_SIZE
#define STACK_TOP_MAX	TASK_SIZE

#define task_pt_regs(tsk)	((struct pt_regs *)NULL)
#define KSTK_EIP(tsk)		(0)
#define KSTK_ESP(tsk)		(0)

static inline unsigned long __get_wchan(struct task_struct *p)
{
	return 0;
}

static inline void flush_thread(void)
{
}

#endif
