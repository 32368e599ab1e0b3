/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_LKL_XOR_H
#define _ASM_LKL_XOR_H

#include <asm-generic/xor.h>

/* Skip the boot-time speed contest: 32regs is a good choice on every host. */
#define XOR_SELECT_TEMPLATE(FASTEST) (&xor_block_32regs)

#endif
