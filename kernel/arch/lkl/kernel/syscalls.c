// SPDX-License-Identifier: GPL-2.0
/*
 * Syscalls run on the calling host thread. Each host thread gets a task of
 * its own the first time it calls in (a thread of the "host0" process, pid
 * 1, so all of them share files and fs), kept in host TLS; the calling
 * thread takes the CPU, makes its task current, runs the syscall and lets
 * go of the CPU.
 */
#include <linux/syscalls.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include <linux/task_work.h>
#include <linux/pid_namespace.h>
#include <asm/host_ops.h>
#include <asm/cpu.h>
#include <asm/unistd.h>

/* Every entry has this one type (asm/syscall_wrapper.h). */
typedef long (*syscall_t)(LKL_SYSCALL_PARAMS);

/* Architecture syscalls that mean nothing without user mode. */
#define sys_rt_sigreturn	sys_ni_syscall
#define sys_mmap		sys_ni_syscall
#define sys_mmap2		sys_ni_syscall

static long __lkl_sys_ni_syscall(LKL_SYSCALL_PARAMS)
{
	return -ENOSYS;
}

/* Declare every entry point, then fill the table with them. */
#undef __SYSCALL
#define __SYSCALL(nr, sym) long __lkl_##sym(LKL_SYSCALL_PARAMS);
#include <asm/unistd.h>

#undef __SYSCALL
#define __SYSCALL(nr, sym) [nr] = __lkl_##sym,

static const syscall_t syscall_table[__NR_syscalls] = {
	[0 ... __NR_syscalls - 1] = __lkl_sys_ni_syscall,
#include <asm/unistd.h>
};

/* pid 1 after boot: the process every host task is a thread of. */
struct task_struct *lkl_host0;
static struct lkl_tls_key *task_key;

static void host_thread_ended(void *task);

int lkl_syscalls_init(void)
{
	task_key = lkl_ops->tls_alloc(host_thread_ended);
	return task_key ? 0 : -ENOMEM;
}

void lkl_syscalls_cleanup(void)
{
	lkl_ops->tls_free(task_key);
}

static struct task_struct *new_host_task(void)
{
	struct task_struct *task;
	pid_t pid;

	lkl_switch_to_host_task(lkl_host0);
	pid = user_mode_thread(lkl_host_task_stub, NULL,
			       CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
			       CLONE_THREAD);
	if (pid < 0)
		return ERR_PTR(pid);

	rcu_read_lock();
	task = find_task_by_pid_ns(pid, &init_pid_ns);
	rcu_read_unlock();
	return task ? task : ERR_PTR(-ESRCH);
}

/* The calling host thread's task, made current. Needs the CPU. */
static int enter_host_task(void)
{
	struct task_struct *task = lkl_ops->tls_get(task_key);

	if (!task) {
		task = new_host_task();
		if (IS_ERR(task))
			return PTR_ERR(task);
		lkl_ops->tls_set(task_key, task);
	}
	lkl_switch_to_host_task(task);
	return 0;
}

long lkl_syscall(long nr, long long *params)
{
	long ret;

	if (!lkl_running)
		return -ESHUTDOWN;
	if (nr < 0 || nr >= __NR_syscalls)
		return -ENOSYS;

	ret = lkl_cpu_get();
	if (ret < 0)
		return ret;

	ret = enter_host_task();
	if (!ret) {
		ret = syscall_table[nr](params[0], params[1], params[2],
					params[3], params[4], params[5]);
		/* What a return to user space would run, e.g. the last fput. */
		if (current->task_works)
			task_work_run();
	}

	lkl_cpu_put();
	return ret;
}

/* Host TLS destructor: a host thread that made syscalls has ended. */
static void host_thread_ended(void *task)
{
	if (!lkl_running || lkl_cpu_get() < 0)
		return;
	lkl_switch_to_host_task(task);
	lkl_exit_host_task();
}

/*
 * The calling host thread is done with the kernel: end its task now, as the
 * TLS destructor would when the thread ends. For hosts whose threads can
 * end without running TLS destructors (a Worker that is terminated). A
 * later system call from the thread gets it a new task.
 */
int lkl_thread_detach(void)
{
	struct task_struct *task;

	if (!lkl_running)
		return -ESHUTDOWN;
	task = lkl_ops->tls_get(task_key);
	if (!task)
		return 0;
	lkl_ops->tls_set(task_key, NULL);
	host_thread_ended(task);
	return 0;
}

/* Run by the halting host thread before it stops the kernel. */
int lkl_enter_for_halt(void)
{
	int ret = lkl_cpu_get();

	if (ret < 0)
		return ret;
	ret = enter_host_task();
	if (ret)
		lkl_cpu_put();
	return ret;
}
