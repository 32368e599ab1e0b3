/* SPDX-License-Identifier: GPL-2.0 */
/*
 * I/O memory is the host's: device registers are not memory here, so every
 * raw access is a call to the host (iomem_access), which emulates the
 * device behind the address. The rest (readl, ioread32, memcpy_fromio, a
 * no-MMU ioremap that keeps the address) is asm-generic on top of these.
 */
#ifndef _ASM_LKL_IO_H
#define _ASM_LKL_IO_H

#include <linux/types.h>
#include <asm/host_ops.h>

#define LKL_IOMEM_READ(name, type)					\
static inline type name(const volatile void __iomem *addr)		\
{									\
	type val;							\
									\
	if (lkl_ops->iomem_access((const volatile void __force *)addr,	\
				  &val, sizeof(val), 0))		\
		val = (type)~0ULL;					\
	return val;							\
}

#define LKL_IOMEM_WRITE(name, type)					\
static inline void name(type val, volatile void __iomem *addr)		\
{									\
	lkl_ops->iomem_access((const volatile void __force *)addr,	\
			      &val, sizeof(val), 1);			\
}

#define __raw_readb __raw_readb
LKL_IOMEM_READ(__raw_readb, u8)
#define __raw_readw __raw_readw
LKL_IOMEM_READ(__raw_readw, u16)
#define __raw_readl __raw_readl
LKL_IOMEM_READ(__raw_readl, u32)
#define __raw_writeb __raw_writeb
LKL_IOMEM_WRITE(__raw_writeb, u8)
#define __raw_writew __raw_writew
LKL_IOMEM_WRITE(__raw_writew, u16)
#define __raw_writel __raw_writel
LKL_IOMEM_WRITE(__raw_writel, u32)
#ifdef CONFIG_64BIT
#define __raw_readq __raw_readq
LKL_IOMEM_READ(__raw_readq, u64)
#define __raw_writeq __raw_writeq
LKL_IOMEM_WRITE(__raw_writeq, u64)
#endif

#include <asm-generic/io.h>

#endif
