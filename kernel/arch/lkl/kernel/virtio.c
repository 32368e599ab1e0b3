// SPDX-License-Identifier: GPL-2.0
/*
 * Virtio-mmio devices the host adds and removes while the kernel runs.
 * The host emulates the device behind the slot's I/O window (iomem_access)
 * and raises the slot's interrupt; here the kernel's own virtio-mmio driver
 * is bound to it, which probes it synchronously (virtio-blk reads the
 * partition table before the call returns).
 */
#include <linux/interrupt.h>
#include <linux/ioport.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/syscalls.h>
#include <asm/host_ops.h>
#include <asm/cpu.h>

static struct platform_device *devices[LKL_IOMEM_SLOTS];
static DEFINE_MUTEX(devices_lock);

/* Add the device the host set up in @slot; 0 or a negative errno. */
SYSCALL_DEFINE1(virtio_mmio_device_add, unsigned int, slot)
{
	unsigned long base = LKL_IOMEM_BASE + slot * LKL_IOMEM_SLOT_SIZE;
	struct resource res[2] = {
		DEFINE_RES_MEM(base, LKL_IOMEM_SLOT_SIZE),
		DEFINE_RES_IRQ(LKL_VIRTIO_IRQ_BASE + slot),
	};
	struct platform_device *pdev;
	int ret = 0;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (slot >= LKL_IOMEM_SLOTS)
		return -EINVAL;
	BUILD_BUG_ON(LKL_VIRTIO_IRQ_BASE + LKL_IOMEM_SLOTS > NR_IRQS);

	mutex_lock(&devices_lock);
	if (devices[slot]) {
		ret = -EBUSY;
		goto out;
	}
	ret = lkl_claim_irq(LKL_VIRTIO_IRQ_BASE + slot);
	if (ret)
		goto out;
	/* The slot is the device id: virtio-mmio.<slot> in sysfs. */
	pdev = platform_device_register_simple("virtio-mmio", slot, res, ARRAY_SIZE(res));
	if (IS_ERR(pdev)) {
		lkl_put_irq(LKL_VIRTIO_IRQ_BASE + slot);
		ret = PTR_ERR(pdev);
		goto out;
	}
	devices[slot] = pdev;
out:
	mutex_unlock(&devices_lock);
	return ret;
}

/* Remove the device in @slot (its driver lets go of it first). */
SYSCALL_DEFINE1(virtio_mmio_device_remove, unsigned int, slot)
{
	int ret = 0;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (slot >= LKL_IOMEM_SLOTS)
		return -EINVAL;

	mutex_lock(&devices_lock);
	if (!devices[slot]) {
		ret = -ENODEV;
	} else {
		platform_device_unregister(devices[slot]);
		devices[slot] = NULL;
		lkl_put_irq(LKL_VIRTIO_IRQ_BASE + slot);
	}
	mutex_unlock(&devices_lock);
	return ret;
}
