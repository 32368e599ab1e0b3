/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_LKL_PTRACE_H
#define _ASM_LKL_PTRACE_H

/* There is no user mode and no trap frame; syscalls come from the host. */
struct pt_regs {
	unsigned long unused;
};

#define user_mode(regs)			(0)
#define kernel_mode(regs)		(1)
#define profile_pc(regs)		(0)
#define instruction_pointer(regs)	(0)
#define user_stack_pointer(regs)	(0)
#define arch_has_single_step()		(0)

static inline long regs_return_value(struct pt_regs *regs)
{
	return 0;
}

#endif
