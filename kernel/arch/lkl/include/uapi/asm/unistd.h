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

/* Our own calls, in the range asm-generic leaves to architectures. */
#define __NR_virtio_mmio_device_add	(__NR_arch_specific_syscall + 0)
#define __NR_virtio_mmio_device_remove	(__NR_arch_specific_syscall + 1)
#ifdef __SYSCALL
__SYSCALL(__NR_virtio_mmio_device_add, sys_virtio_mmio_device_add)
__SYSCALL(__NR_virtio_mmio_device_remove, sys_virtio_mmio_device_remove)
#endif
