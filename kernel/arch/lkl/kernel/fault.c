// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/lkl-fault: makes this kernel fail on purpose, so that the host's
 * handling of a dying kernel can be tested end to end (a kernel bug that
 * panics or faults is not something a test can count on finding). Root
 * only; whoever can write it owns the kernel anyway (built into every
 * kernel for now: a Kconfig switch would let a release leave it out).
 * Write one word:
 *
 *   panic        panic() in the writing thread
 *   trap         a machine trap in the writing thread (on wasm32 the
 *                instance traps; natively it is a fault like any other)
 *   panic-later  panic() in a kernel worker thread 100 ms from now
 *   trap-later   a trap in a kernel worker thread 100 ms from now
 */
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/proc_fs.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

static void lkl_fault(bool trap)
{
	if (trap) {
		pr_emerg("lkl-fault: trapping on request\n");
		__builtin_trap();
	}
	panic("lkl-fault: panic on request");
}

static void trap_later_fn(struct work_struct *work)
{
	lkl_fault(true);
}

static void panic_later_fn(struct work_struct *work)
{
	lkl_fault(false);
}

static DECLARE_DELAYED_WORK(trap_later, trap_later_fn);
static DECLARE_DELAYED_WORK(panic_later, panic_later_fn);

static ssize_t lkl_fault_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *pos)
{
	char buffer[16], *word;
	size_t n = min(count, sizeof(buffer) - 1);

	if (copy_from_user(buffer, buf, n))
		return -EFAULT;
	buffer[n] = '\0';
	word = strim(buffer);
	if (!strcmp(word, "panic"))
		lkl_fault(false);
	else if (!strcmp(word, "trap"))
		lkl_fault(true);
	else if (!strcmp(word, "panic-later"))
		schedule_delayed_work(&panic_later, msecs_to_jiffies(100));
	else if (!strcmp(word, "trap-later"))
		schedule_delayed_work(&trap_later, msecs_to_jiffies(100));
	else
		return -EINVAL;
	return count;
}

static const struct proc_ops lkl_fault_ops = {
	.proc_write = lkl_fault_write,
};

static int __init lkl_fault_init(void)
{
	return proc_create("lkl-fault", 0200, NULL, &lkl_fault_ops) ? 0 : -ENOMEM;
}
late_initcall(lkl_fault_init);
