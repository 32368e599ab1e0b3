// SPDX-License-Identifier: GPL-2.0
/*
 * Time from the host: its monotonic clock is our clocksource and
 * sched_clock, and one host one-shot timer, raising an IRQ, is our only
 * clockevent device (tickless when idle).
 */
#include <linux/clocksource.h>
#include <linux/clockchips.h>
#include <linux/interrupt.h>
#include <linux/sched/clock.h>
#include <linux/time.h>
#include <asm/host_ops.h>
#include <asm/cpu.h>

static u64 boot_ns;
static struct lkl_timer *timer;
static int timer_irq;

unsigned long long sched_clock(void)
{
	return lkl_ops ? lkl_ops->time() - boot_ns : 0;
}

static u64 clock_read(struct clocksource *cs)
{
	return lkl_ops->time();
}

static struct clocksource clocksource = {
	.name = "lkl",
	.rating = 499,
	.read = clock_read,
	.flags = CLOCK_SOURCE_IS_CONTINUOUS | CLOCK_SOURCE_VALID_FOR_HRES,
	.mask = CLOCKSOURCE_MASK(64),
};

static int set_next_event(unsigned long delta_ns,
			  struct clock_event_device *evt)
{
	return lkl_ops->timer_set_oneshot(timer, delta_ns);
}

static int set_state_shutdown(struct clock_event_device *evt)
{
	/* 0 cancels a pending expiry. */
	return lkl_ops->timer_set_oneshot(timer, 0);
}

static struct clock_event_device clockevent = {
	.name = "lkl",
	.features = CLOCK_EVT_FEAT_ONESHOT,
	.set_next_event = set_next_event,
	.set_state_shutdown = set_state_shutdown,
	.set_state_oneshot_stopped = set_state_shutdown,
	.rating = 100,
};

static irqreturn_t timer_interrupt(int irq, void *dev)
{
	clockevent.event_handler(&clockevent);
	return IRQ_HANDLED;
}

static void timer_expired(void *arg)
{
	lkl_trigger_irq(timer_irq);
}

void __init time_init(void)
{
	int ret;

	boot_ns = lkl_ops->time();
	ret = clocksource_register_hz(&clocksource, NSEC_PER_SEC);
	if (ret)
		pr_err("lkl: clocksource: %d\n", ret);

	timer = lkl_ops->timer_alloc(timer_expired, NULL);
	timer_irq = lkl_get_free_irq("timer");
	if (!timer || timer_irq < 0)
		panic("lkl: no host timer");
	ret = request_irq(timer_irq, timer_interrupt, IRQF_TIMER, "timer", NULL);
	if (ret)
		panic("lkl: timer irq: %d", ret);

	clockevents_config_and_register(&clockevent, NSEC_PER_SEC, 1, ULONG_MAX);
}

void lkl_time_cleanup(void)
{
	lkl_ops->timer_free(timer);
}
