/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_LKL_SYSCALL_H
#define _ASM_LKL_SYSCALL_H

struct task_struct;

/* Syscalls come from host threads, not from a trap frame of some ISA. */
static inline int syscall_get_arch(struct task_struct *task)
{
	return 0;
}

#endif
