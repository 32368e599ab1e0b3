/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* The asm-generic syscall numbers, as used by arm64 and riscv. */
#include <asm/bitsperlong.h>

#define __ARCH_WANT_SYS_CLONE
#define __ARCH_WANT_SET_GET_RLIMIT
#define __ARCH_WANT_RENAMEAT
#if __BITS_PER_LONG == 64
#define __ARCH_WANT_NEW_STAT
#else
#define __ARCH_WANT_STAT64
#define __ARCH_WANT_SYS_LLSEEK
#endif

#include <asm-generic/unistd.h>
