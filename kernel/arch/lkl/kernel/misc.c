// SPDX-License-Identifier: GPL-2.0
/* Things generic code asks every architecture for, that mean little here. */
#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/sched/debug.h>
#include <linux/seq_file.h>

void show_regs(struct pt_regs *regs)
{
}

void show_stack(struct task_struct *task, unsigned long *sp,
		const char *loglvl)
{
}

/* No user mode: nothing can be traced. */
long arch_ptrace(struct task_struct *child, long request, unsigned long addr,
		 unsigned long data)
{
	return -EINVAL;
}

void ptrace_disable(struct task_struct *child)
{
}

void user_disable_single_step(struct task_struct *child)
{
}

/*
 * The generic UP cmpxchg falls back to these for sizes it cannot do; when
 * the compiler does not inline it, the calls survive (never taken).
 */
unsigned long wrong_size_cmpxchg(volatile void *ptr)
{
	BUG();
}

/* /proc/cpuinfo */
static int show_cpuinfo(struct seq_file *m, void *v)
{
	seq_puts(m, "processor\t: 0\nmodel name\t: lkl\n\n");
	return 0;
}

static void *c_start(struct seq_file *m, loff_t *pos)
{
	return *pos < 1 ? (void *)1 : NULL;
}

static void *c_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return NULL;
}

static void c_stop(struct seq_file *m, void *v)
{
}

const struct seq_operations cpuinfo_op = {
	.start = c_start,
	.next = c_next,
	.stop = c_stop,
	.show = show_cpuinfo,
};
