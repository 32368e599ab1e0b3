/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_LKL_ATOMIC_H
#define _ASM_LKL_ATOMIC_H

/*
 * One CPU, and only its owner runs kernel code: UP atomics (interrupts off
 * around plain accesses) are correct on every host.
 */
#include <asm-generic/atomic.h>

#ifdef CONFIG_64BIT

#define ATOMIC64_INIT(i)	{ (i) }

static inline s64 arch_atomic64_read(const atomic64_t *v)
{
	return READ_ONCE(v->counter);
}

static inline void arch_atomic64_set(atomic64_t *v, s64 i)
{
	WRITE_ONCE(v->counter, i);
}

#define LKL_ATOMIC64_OP(op, c_op)					\
static inline void arch_atomic64_##op(s64 i, atomic64_t *v)		\
{									\
	unsigned long flags;						\
									\
	raw_local_irq_save(flags);					\
	v->counter = v->counter c_op i;					\
	raw_local_irq_restore(flags);					\
}									\
static inline s64 arch_atomic64_fetch_##op(s64 i, atomic64_t *v)	\
{									\
	unsigned long flags;						\
	s64 old;							\
									\
	raw_local_irq_save(flags);					\
	old = v->counter;						\
	v->counter = old c_op i;					\
	raw_local_irq_restore(flags);					\
	return old;							\
}

#define LKL_ATOMIC64_OP_RETURN(op, c_op)				\
static inline s64 arch_atomic64_##op##_return(s64 i, atomic64_t *v)	\
{									\
	unsigned long flags;						\
	s64 ret;							\
									\
	raw_local_irq_save(flags);					\
	ret = (v->counter = v->counter c_op i);				\
	raw_local_irq_restore(flags);					\
	return ret;							\
}

LKL_ATOMIC64_OP_RETURN(add, +)
LKL_ATOMIC64_OP_RETURN(sub, -)
#define arch_atomic64_add_return	arch_atomic64_add_return
#define arch_atomic64_sub_return	arch_atomic64_sub_return
#undef LKL_ATOMIC64_OP_RETURN

LKL_ATOMIC64_OP(add, +)
LKL_ATOMIC64_OP(sub, -)
LKL_ATOMIC64_OP(and, &)
LKL_ATOMIC64_OP(or, |)
LKL_ATOMIC64_OP(xor, ^)

#define arch_atomic64_add		arch_atomic64_add
#define arch_atomic64_sub		arch_atomic64_sub
#define arch_atomic64_and		arch_atomic64_and
#define arch_atomic64_or		arch_atomic64_or
#define arch_atomic64_xor		arch_atomic64_xor
#define arch_atomic64_fetch_add		arch_atomic64_fetch_add
#define arch_atomic64_fetch_sub		arch_atomic64_fetch_sub
#define arch_atomic64_fetch_and		arch_atomic64_fetch_and
#define arch_atomic64_fetch_or		arch_atomic64_fetch_or
#define arch_atomic64_fetch_xor		arch_atomic64_fetch_xor

#undef LKL_ATOMIC64_OP

#else
#include <asm-generic/atomic64.h>
#endif

#endif
