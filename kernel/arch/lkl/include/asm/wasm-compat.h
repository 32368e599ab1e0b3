/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included first in every wasm32 compile (arch/lkl/Makefile).
 *
 * Code addresses are recorded by generic code only for diagnostics (who
 * took a lock, who allocated). WebAssembly has neither label addresses nor
 * a stack it can walk, so they read as 0.
 */
#ifndef _ASM_LKL_WASM_COMPAT_H
#define _ASM_LKL_WASM_COMPAT_H

#define _THIS_IP_ 0UL
#define __builtin_return_address(n) ((void *)0)
/* xfs: where corruption was found (kernel/patches/0001). */
#define __this_address ((void *)0)

#endif
