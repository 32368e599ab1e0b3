// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks on host threads.
 *
 * Every kernel thread gets a host thread of its own (copy_thread). A context
 * switch wakes the next task's host thread and puts the previous one to
 * sleep on its semaphore, handing the CPU over: no stack switching at all.
 *
 * Host tasks (TIF_HOST_THREAD) have no host thread of their own: they run on
 * whichever host thread calls into the kernel for them (a syscall). Such a
 * thread sometimes has to run schedule() on behalf of a task it is not the
 * thread of (to leave the kernel, or to take the CPU away from a parked
 * task); when the switch happens it escapes back with a longjmp instead of
 * sleeping in __switch_to.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/sched/debug.h>
#include <asm/host_ops.h>
#include <asm/cpu.h>

struct thread_info *lkl_current_ti = &init_thread_union.thread_info;

/* Set while a host thread runs schedule() for a task it does not own. */
static struct {
	struct task_struct *task;
	struct lkl_jmp_buf *jb;
	bool *switched;
} escape;

bool lkl_is_host_task(struct task_struct *task)
{
	return test_ti_thread_flag(task_thread_info(task), TIF_HOST_THREAD);
}

void lkl_threads_init(void)
{
	struct thread_info *ti = &init_thread_union.thread_info;

	ti->sched_sem = lkl_ops->sem_alloc(0);
	ti->tid = lkl_ops->thread_self();
}

/* Pass the CPU to @next's host thread and wake it. */
static void hand_over(struct task_struct *next)
{
	struct thread_info *ti = task_thread_info(next);

	lkl_cpu_hand_to(ti->tid);
	lkl_ops->sem_up(ti->sched_sem);
}

static void free_sched_sem(struct thread_info *ti)
{
	lkl_ops->sem_free(ti->sched_sem);
	ti->sched_sem = NULL;
}

struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next)
{
	struct thread_info *prev_ti = task_thread_info(prev);
	struct task_struct *last;
	bool prev_dead = READ_ONCE(prev->__state) == TASK_DEAD;

	task_thread_info(next)->prev_sched = prev;
	lkl_current_ti = task_thread_info(next);

	if (prev == escape.task) {
		struct lkl_jmp_buf *jb = escape.jb;

		*escape.switched = true;
		escape.task = NULL;
		if (prev_dead)
			free_sched_sem(prev_ti);
		hand_over(next);
		lkl_ops->jmp_buf_longjmp(jb, 1);
	}

	if (prev_dead) {
		/* A kernel thread ran do_exit(): its host thread ends here. */
		free_sched_sem(prev_ti);
		hand_over(next);
		lkl_ops->thread_detach();
		lkl_ops->thread_exit();
	}

	hand_over(next);
	lkl_ops->sem_down(prev_ti->sched_sem);
	if (prev_ti->dead)
		lkl_ops->thread_exit();

	last = prev_ti->prev_sched;
	prev_ti->prev_sched = NULL;
	return last;
}

/* The first thing a new task does once scheduled: finish that switch. */
static void finish_first_switch(struct thread_info *ti)
{
	struct task_struct *prev = ti->prev_sched;

	ti->prev_sched = NULL;
	schedule_tail(prev);
}

static void thread_bootstrap(void *arg)
{
	struct thread_info *ti = arg;

	lkl_ops->sem_down(ti->sched_sem);
	if (ti->dead)
		lkl_ops->thread_exit();
	finish_first_switch(ti);

	ti->thread_fn(ti->thread_arg);
	do_exit(0);
}

/* Never runs: marks tasks created for host threads (see syscalls.c). */
int lkl_host_task_stub(void *unused)
{
	return 0;
}

int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	struct thread_info *ti = task_thread_info(p);

	/* setup_thread_stack() copied the parent's thread_info. */
	ti->prev_sched = NULL;
	ti->dead = false;
	ti->tid = 0;
	clear_ti_thread_flag(ti, TIF_HOST_THREAD);

	if (!args->fn)
		return -EINVAL; /* fork()/clone() from a host thread */

	ti->sched_sem = lkl_ops->sem_alloc(0);
	if (!ti->sched_sem)
		return -ENOMEM;

	if (args->fn == lkl_host_task_stub) {
		set_ti_thread_flag(ti, TIF_HOST_THREAD);
		return 0;
	}

	ti->thread_fn = args->fn;
	ti->thread_arg = args->fn_arg;
	ti->tid = lkl_ops->thread_create(thread_bootstrap, ti);
	if (!ti->tid) {
		free_sched_sem(ti);
		return -ENOMEM;
	}
	return 0;
}

static void schedule_for_escape(void)
{
	schedule();
}

/*
 * Run @fn (which must end in a context switch away from @task, the current
 * task) on the calling host thread, which is not @task's own: when the
 * switch happens the CPU goes to the next task and we come back here.
 * Returns false if no switch happened (we still own the CPU).
 */
static bool run_and_escape(struct task_struct *task, void (*fn)(void))
{
	struct lkl_jmp_buf jb;
	bool switched = false;

	escape.task = task;
	escape.jb = &jb;
	escape.switched = &switched;
	lkl_ops->jmp_buf_set(&jb, fn);
	if (!READ_ONCE(switched))
		escape.task = NULL;
	return READ_ONCE(switched);
}

/*
 * Take the CPU away from the current task on behalf of its absent thread:
 * a host task is parked (it sleeps until its host thread calls in again).
 */
bool lkl_schedule_away(struct task_struct *task)
{
	if (!is_idle_task(task))
		WRITE_ONCE(task->__state, TASK_UNINTERRUPTIBLE);
	if (run_and_escape(task, schedule_for_escape))
		return true;
	/* Nothing else could run after all: the caller still owns the CPU. */
	WRITE_ONCE(task->__state, TASK_RUNNING);
	return false;
}

/*
 * Make @task (a host task) current on the calling host thread, which owns
 * the CPU.
 */
void lkl_switch_to_host_task(struct task_struct *task)
{
	struct thread_info *ti = task_thread_info(task);

	ti->tid = lkl_ops->thread_self();
	if (current == task) {
		WRITE_ONCE(task->__state, TASK_RUNNING);
		return;
	}

	wake_up_process(task);
	/* @task is runnable and the old current is not: a switch must happen. */
	BUG_ON(!lkl_schedule_away(current));

	lkl_ops->sem_down(ti->sched_sem);
	finish_first_switch(ti);
}

static void exit_for_escape(void)
{
	do_exit(0);
}

/* End the current host task for good; the CPU passes to the next task. */
void lkl_exit_host_task(void)
{
	run_and_escape(current, exit_for_escape);
}

static void kill_thread(struct task_struct *task)
{
	struct thread_info *ti = task_thread_info(task);

	if (!ti->sched_sem)
		return;
	if (!lkl_is_host_task(task)) {
		ti->dead = true;
		lkl_ops->sem_up(ti->sched_sem);
		lkl_ops->thread_join(ti->tid);
	}
	free_sched_sem(ti);
}

/* At halt, with the CPU held: end every kernel thread and join it. */
void lkl_threads_kill_all(void)
{
	struct task_struct *p, *t;

	for_each_process_thread(p, t) {
		if (t != current)
			kill_thread(t);
	}
	kill_thread(&init_task);
}
