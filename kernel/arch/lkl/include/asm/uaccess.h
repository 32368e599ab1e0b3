/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_LKL_UACCESS_H
#define _ASM_LKL_UACCESS_H

#ifdef __wasm__
#include <linux/limits.h>
#include <linux/types.h>

/*
 * No MMU: "user" pointers are the host's, in the kernel's own address
 * space. On wasm32 that space is the linear memory, and an access past its
 * end traps the whole instance instead of failing one call; so a user
 * range must lie inside the memory (-EFAULT otherwise). That is all it can
 * check: a pointer into the kernel's own memory passes, as on any nommu
 * arch. Natively the host's address space is not checked (as in LKL).
 */
static inline unsigned long lkl_user_space_end(void)
{
	u64 end = (u64)__builtin_wasm_memory_size(0) << 16;

	return end > ULONG_MAX ? ULONG_MAX : (unsigned long)end;
}

/* Also bounds strncpy_from_user() and strnlen_user(). */
#define TASK_SIZE_MAX lkl_user_space_end()

#define __access_ok __access_ok
static inline int __access_ok(const void __user *ptr, unsigned long size)
{
	unsigned long end = lkl_user_space_end();
	unsigned long addr = (unsigned long)ptr;

	return size <= end && addr <= end - size;
}
#endif /* __wasm__ */

#include <asm-generic/uaccess.h>

#endif
