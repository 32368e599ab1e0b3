// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU lock: exactly one host thread at a time runs kernel code, the
 * owner. Ownership moves in two ways:
 *  - a host thread entering from outside (a syscall, an interrupt, halt)
 *    waits in lkl_cpu_get() until the CPU is free;
 *  - a context switch hands it straight to the host thread of the next
 *    task (lkl_cpu_hand_to), which is waiting on its sched_sem.
 *
 * While the CPU is free, `current` is either the idle task (its thread waits
 * in lkl_cpu_idle_wait) or a host task whose host thread has left the
 * kernel ("parked"). Whoever releases the CPU makes sure runnable work is not
 * left behind: a parked host task is scheduled away, a sleeping idle task is
 * woken.
 */
#include <linux/sched.h>
#include <linux/sched/stat.h>
#include <linux/sched/task.h>
#include <linux/irqflags.h>
#include <asm/host_ops.h>
#include <asm/cpu.h>

static struct {
	struct lkl_mutex *lock;
	/* Host threads waiting in lkl_cpu_get(). */
	struct lkl_sem *sem;
	unsigned int sleepers;
	lkl_thread_t owner;
	/* How many times the owner has taken the CPU (nesting). */
	unsigned int count;
	bool shutdown;
} cpu;

int lkl_cpu_init(void)
{
	cpu.lock = lkl_ops->mutex_alloc();
	cpu.sem = lkl_ops->sem_alloc(0);
	if (!cpu.lock || !cpu.sem)
		return -ENOMEM;
	return 0;
}


int lkl_cpu_get(void)
{
	lkl_thread_t self = lkl_ops->thread_self();

	lkl_ops->mutex_lock(cpu.lock);
	while (cpu.owner && cpu.owner != self && !cpu.shutdown) {
		cpu.sleepers++;
		lkl_ops->mutex_unlock(cpu.lock);
		lkl_ops->sem_down(cpu.sem);
		lkl_ops->mutex_lock(cpu.lock);
		cpu.sleepers--;
	}
	if (cpu.shutdown && cpu.owner != self) {
		lkl_ops->mutex_unlock(cpu.lock);
		return -ESHUTDOWN;
	}
	cpu.owner = self;
	cpu.count++;
	lkl_ops->mutex_unlock(cpu.lock);
	return 0;
}

/* Take the CPU only if nobody else holds it; 1 when taken. */
int lkl_cpu_try_get(void)
{
	lkl_thread_t self = lkl_ops->thread_self();
	int taken = 0;

	lkl_ops->mutex_lock(cpu.lock);
	if (!cpu.shutdown && (!cpu.owner || cpu.owner == self)) {
		cpu.owner = self;
		cpu.count++;
		taken = 1;
	}
	lkl_ops->mutex_unlock(cpu.lock);
	return taken;
}

/* A context switch: the CPU passes to @tid without becoming free. */
void lkl_cpu_hand_to(lkl_thread_t tid)
{
	lkl_ops->mutex_lock(cpu.lock);
	cpu.owner = tid;
	cpu.count = 1;
	lkl_ops->mutex_unlock(cpu.lock);
}

/* Called with cpu.lock held; drops it. */
static void release_locked(void)
{
	cpu.owner = 0;
	cpu.count = 0;
	if (cpu.sleepers)
		lkl_ops->sem_up(cpu.sem);
	lkl_ops->mutex_unlock(cpu.lock);
}

void lkl_cpu_put(void)
{
	struct task_struct *task;

	lkl_ops->mutex_lock(cpu.lock);
	if (cpu.count > 1) {
		cpu.count--;
		lkl_ops->mutex_unlock(cpu.lock);
		return;
	}

	while (lkl_irqs_pending() && !irqs_disabled() && !cpu.shutdown) {
		lkl_ops->mutex_unlock(cpu.lock);
		lkl_run_irqs();
		lkl_ops->mutex_lock(cpu.lock);
	}

	task = current;
	if (!cpu.shutdown && lkl_is_host_task(task) && !single_task_running()) {
		/* Others can run: park the host task and let the scheduler pick. */
		lkl_ops->mutex_unlock(cpu.lock);
		if (lkl_schedule_away(task))
			return;
		lkl_ops->mutex_lock(cpu.lock);
	}
	if (!cpu.shutdown && is_idle_task(task) && test_tsk_need_resched(task)) {
		/* Work arrived while idle slept: wake it, it schedules. */
		struct thread_info *ti = task_thread_info(task);

		cpu.owner = ti->tid;
		cpu.count = 1;
		lkl_ops->mutex_unlock(cpu.lock);
		lkl_ops->sem_up(ti->sched_sem);
		return;
	}
	release_locked();
}

/*
 * The idle task has nothing to do: free the CPU and sleep until the CPU is
 * handed back (a switch to idle, or work arriving while idle is current).
 */
void lkl_cpu_idle_wait(void)
{
	struct thread_info *ti = current_thread_info();

	lkl_ops->mutex_lock(cpu.lock);
	if (need_resched() || lkl_irqs_pending() || cpu.shutdown) {
		lkl_ops->mutex_unlock(cpu.lock);
		return;
	}
	release_locked();

	lkl_ops->sem_down(ti->sched_sem);
	if (ti->dead)
		lkl_ops->thread_exit();
	if (ti->prev_sched) {
		struct task_struct *prev = ti->prev_sched;

		ti->prev_sched = NULL;
		schedule_tail(prev);
	}
}

void lkl_cpu_shutdown(void)
{
	unsigned int i;

	lkl_ops->mutex_lock(cpu.lock);
	cpu.shutdown = true;
	for (i = 0; i < cpu.sleepers; i++)
		lkl_ops->sem_up(cpu.sem);
	lkl_ops->mutex_unlock(cpu.lock);
}

void arch_cpu_idle(void)
{
	raw_local_irq_enable();
	lkl_cpu_idle_wait();
}
