// SPDX-License-Identifier: GPL-2.0
/* Busy-wait delays on the host clock: no loop calibration at boot. */
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/printk.h>
#include <linux/time64.h>
#include <asm/host_ops.h>

/* Loops are nanoseconds. */
void __delay(unsigned long ns)
{
	unsigned long long end = lkl_ops->time() + ns;

	while (lkl_ops->time() < end)
		cpu_relax();
}

void __ndelay(unsigned long ns)
{
	__delay(ns);
}

void __udelay(unsigned long us)
{
	__delay(us * NSEC_PER_USEC);
}

/* asm-generic/delay.h passes usecs * 2^32 / 10^6 (or nsecs * 2^32 / 10^9). */
void __const_udelay(unsigned long xloops)
{
	__delay(((unsigned long long)xloops * NSEC_PER_USEC) >> 32);
}

void __init calibrate_delay(void)
{
	loops_per_jiffy = NSEC_PER_SEC / HZ;
}
