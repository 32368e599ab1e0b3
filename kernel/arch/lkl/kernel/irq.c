// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts from host threads. A host thread (a timer, a device) marks an
 * IRQ pending and tries to take the CPU: if it gets it, it runs the handler
 * itself; if not, the owner runs it as soon as it enables interrupts or lets
 * go of the CPU. "Disabling interrupts" only defers that.
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/hardirq.h>
#include <linux/bitops.h>
#include <asm/irq_regs.h>
#include <asm/host_ops.h>
#include <asm/cpu.h>

static unsigned long irq_state = ARCH_IRQ_DISABLED;

/* Written by any host thread: only touched with host atomics. */
static unsigned long pending[BITS_TO_LONGS(NR_IRQS)];

static DECLARE_BITMAP(allocated, NR_IRQS);

unsigned long arch_local_save_flags(void)
{
	return irq_state;
}

void arch_local_irq_restore(unsigned long flags)
{
	if (flags == ARCH_IRQ_ENABLED && irq_state == ARCH_IRQ_DISABLED &&
	    !in_interrupt())
		lkl_run_irqs();
	irq_state = flags;
}

int lkl_irqs_pending(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(pending); i++)
		if (__atomic_load_n(&pending[i], __ATOMIC_SEQ_CST))
			return 1;
	return 0;
}

/*
 * The register frame handlers see (get_irq_regs()). There are no user-mode
 * registers to save, but it must not be NULL: the tick handler skips
 * update_process_times() without one, and that is what raises the timer
 * softirq, so no timer_list (schedule_timeout, delayed work, jbd2 commits,
 * writeback) would ever expire.
 */
static struct pt_regs irq_frame;

static void run_irq(int irq)
{
	struct pt_regs *old = set_irq_regs(&irq_frame);

	irq_enter();
	generic_handle_irq(irq);
	irq_exit();
	set_irq_regs(old);
}

/* Run every pending handler; the caller owns the CPU. */
void lkl_run_irqs(void)
{
	unsigned long saved = irq_state;
	bool ran;
	int i;

	irq_state = ARCH_IRQ_DISABLED;
	do {
		ran = false;
		for (i = 0; i < ARRAY_SIZE(pending); i++) {
			unsigned long bits = __atomic_exchange_n(&pending[i], 0,
							__ATOMIC_SEQ_CST);

			while (bits) {
				int bit = __ffs(bits);

				bits &= bits - 1;
				run_irq(i * BITS_PER_LONG + bit);
				ran = true;
			}
		}
	} while (ran);
	irq_state = saved;
}

int lkl_trigger_irq(int irq)
{
	if (irq <= 0 || irq >= NR_IRQS)
		return -EINVAL;

	__atomic_fetch_or(&pending[irq / BITS_PER_LONG],
			  1UL << (irq % BITS_PER_LONG), __ATOMIC_SEQ_CST);
	/* Run it now if the CPU is free; else its owner will. */
	if (lkl_cpu_try_get())
		lkl_cpu_put();
	return 0;
}

int lkl_get_free_irq(const char *user)
{
	/* From LKL_VIRTIO_IRQ_BASE on, interrupts belong to device slots. */
	int irq = find_next_zero_bit(allocated, LKL_VIRTIO_IRQ_BASE, 1);

	if (irq >= LKL_VIRTIO_IRQ_BASE)
		return -ENOSPC;
	set_bit(irq, allocated);
	return irq;
}

/* Take a given interrupt number (a device slot's); -EBUSY if taken. */
int lkl_claim_irq(int irq)
{
	if (irq <= 0 || irq >= NR_IRQS)
		return -EINVAL;
	return test_and_set_bit(irq, allocated) ? -EBUSY : 0;
}

void lkl_put_irq(int irq)
{
	clear_bit(irq, allocated);
}

void __init init_IRQ(void)
{
	int irq;

	for (irq = 1; irq < NR_IRQS; irq++)
		irq_set_chip_and_handler(irq, &dummy_irq_chip, handle_simple_irq);
}
