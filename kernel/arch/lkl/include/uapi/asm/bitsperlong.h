/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _ASM_UAPI_LKL_BITSPERLONG_H
#define _ASM_UAPI_LKL_BITSPERLONG_H

/* The same sources build for 64-bit (x86_64) and 32-bit (wasm32) hosts. */
#define __BITS_PER_LONG (__SIZEOF_LONG__ * 8)

#include <asm-generic/bitsperlong.h>

#endif
