/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every syscall gets one entry point of one type:
 *     long __lkl_sys_<name>(long long, long long, ... 6 times)
 * On wasm32 an indirect call must match its callee's type exactly, so the
 * syscall table cannot mix signatures; and each argument gets a 64-bit slot,
 * so a loff_t is one argument on 32-bit hosts too.
 */
#ifndef _ASM_LKL_SYSCALL_WRAPPER_H
#define _ASM_LKL_SYSCALL_WRAPPER_H

#define LKL_SYSCALL_PARAMS						\
	long long __a0, long long __a1, long long __a2,			\
	long long __a3, long long __a4, long long __a5

/* A slot to the declared type: through long unless the type is 64-bit. */
#define __LKL_ARG(t, slot)						\
	((__force t)(__typeof(__builtin_choose_expr(__TYPE_IS_LL(t), 0LL, 0L)))(slot))

#define __LKL_ARGS1(t1, a1) __LKL_ARG(t1, __a0)
#define __LKL_ARGS2(t1, a1, t2, a2) __LKL_ARGS1(t1, a1), __LKL_ARG(t2, __a1)
#define __LKL_ARGS3(t1, a1, t2, a2, t3, a3)				\
	__LKL_ARGS2(t1, a1, t2, a2), __LKL_ARG(t3, __a2)
#define __LKL_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4)			\
	__LKL_ARGS3(t1, a1, t2, a2, t3, a3), __LKL_ARG(t4, __a3)
#define __LKL_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)		\
	__LKL_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4), __LKL_ARG(t5, __a4)
#define __LKL_ARGS6(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)	\
	__LKL_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5), __LKL_ARG(t6, __a5)

#define __SYSCALL_DEFINEx(x, name, ...)					\
	long __lkl_sys##name(LKL_SYSCALL_PARAMS);			\
	static inline long __do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__)); \
	long __lkl_sys##name(LKL_SYSCALL_PARAMS)			\
	{								\
		return __do_sys##name(__LKL_ARGS##x(__VA_ARGS__));	\
	}								\
	static inline long __do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__))

#define SYSCALL_DEFINE0(sname)						\
	long __lkl_sys_##sname(LKL_SYSCALL_PARAMS);			\
	long __lkl_sys_##sname(LKL_SYSCALL_PARAMS)

#define COND_SYSCALL(name)						\
	long __lkl_sys_##name(LKL_SYSCALL_PARAMS);			\
	long __weak __lkl_sys_##name(LKL_SYSCALL_PARAMS)		\
	{								\
		return sys_ni_syscall();				\
	}

/* No compat syscalls (and their default, an asm alias, is ELF-only). */
#define COND_SYSCALL_COMPAT(name)

#endif
