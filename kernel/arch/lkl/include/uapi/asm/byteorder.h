/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _ASM_UAPI_LKL_BYTEORDER_H
#define _ASM_UAPI_LKL_BYTEORDER_H

/* Both hosts (x86_64, wasm32) are little-endian. */
#include <linux/byteorder/little_endian.h>

#endif
