// SPDX-License-Identifier: GPL-2.0
/*
 * Boot and halt.
 *
 * lkl_start_kernel() starts a host thread that runs start_kernel() and then
 * becomes the idle task. Boot is complete when pid 1 executes "/init": a
 * binary format of our own takes that exec, turns pid 1 into "host0" (the
 * process host threads' tasks belong to) and wakes the caller.
 */
#include <linux/binfmts.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/panic_notifier.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/start_kernel.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <asm/host_ops.h>
#include <asm/cpu.h>
#include <asm/setup.h>

const struct lkl_host_operations *lkl_ops;
int lkl_running;

static struct lkl_sem *boot_done;
static int boot_result;
static unsigned long ram_size;
static lkl_thread_t kernel_thread_tid;

extern struct task_struct *lkl_host0;
int lkl_bootmem_init(unsigned long size);
void lkl_memory_cleanup(void);
void lkl_console_init(void);
int lkl_syscalls_init(void);
void lkl_syscalls_cleanup(void);
int lkl_enter_for_halt(void);

/*
 * A panic ends the kernel: a boot in progress fails, host threads waiting
 * for the CPU get -ESHUTDOWN, new system calls too, and the host decides
 * what becomes of the panicking thread (it never comes back).
 */
static int panicked(struct notifier_block *nb, unsigned long event, void *msg)
{
	if (!lkl_running) {
		/* Tells the host why, before its panic operation runs. */
		boot_result = -ENOTRECOVERABLE;
		lkl_ops->sem_up(boot_done);
	}
	lkl_running = 0;
	lkl_cpu_shutdown();
	lkl_ops->panic();
	return NOTIFY_DONE;
}

static struct notifier_block panic_block = {
	.notifier_call = panicked,
};

void __init setup_arch(char **cmdline_p)
{
	/* First: a panic this early must still fail the boot, not hang it. */
	atomic_notifier_chain_register(&panic_notifier_list, &panic_block);
	*cmdline_p = boot_command_line;
	lkl_console_init();
	parse_early_param();
	if (lkl_bootmem_init(ram_size))
		panic("lkl: cannot get %lu bytes of RAM from the host", ram_size);
}

/* __ref: boot code may call init code; init sections are never freed. */
static void __ref run_kernel(void *arg)
{
	lkl_threads_init();
	lkl_cpu_get();
	start_kernel();
}

int __ref lkl_start_kernel(const struct lkl_host_operations *ops,
		     unsigned long mem_size, const char *cmdline)
{
	int ret;

	/* Kernel state is static: one boot per loaded copy of the kernel. */
	if (lkl_ops)
		return -EALREADY;
	lkl_ops = ops;

	ram_size = mem_size ? mem_size :
		(unsigned long)CONFIG_LKL_MEMORY_DEFAULT_MB << 20;
	strscpy(boot_command_line, cmdline ? cmdline : "", COMMAND_LINE_SIZE);

	boot_done = lkl_ops->sem_alloc(0);
	if (!boot_done)
		return -ENOMEM;
	ret = lkl_cpu_init();
	if (ret)
		return ret;
	ret = lkl_syscalls_init();
	if (ret)
		return ret;

	kernel_thread_tid = lkl_ops->thread_create(run_kernel, NULL);
	if (!kernel_thread_tid)
		return -ENOMEM;

	lkl_ops->sem_down(boot_done);
	if (boot_result)
		return boot_result;
	lkl_running = 1;
	return 0;
}

int lkl_is_running(void)
{
	return lkl_running;
}

/* The exec of /init by pid 1 ends the boot. */
static int load_init(struct linux_binprm *bprm)
{
	struct k_sigaction *ka;
	int ret, i;

	if (strcmp(bprm->filename, "/init"))
		return -ENOEXEC;

	ret = begin_new_exec(bprm);
	if (ret)
		return ret;
	setup_new_exec(bprm);
	current->in_execve = 0;

	/* No signal is ever delivered to a host thread: ignore them all. */
	spin_lock_irq(&current->sighand->siglock);
	for (i = 0, ka = current->sighand->action; i < _NSIG; i++, ka++)
		ka->sa.sa_handler = SIG_IGN;
	spin_unlock_irq(&current->sighand->siglock);

	lkl_host0 = current;
	set_thread_flag(TIF_HOST_THREAD);

	/* pid 1 is now a parked host task; its own host thread is done. */
	lkl_ops->sem_up(boot_done);
	lkl_cpu_put();
	lkl_ops->thread_detach();
	lkl_ops->thread_exit();
	return 0;
}

static struct linux_binfmt init_format = {
	.load_binary = load_init,
};

static int __init init_file_setup(void)
{
	/* kernel_init() runs /init if it exists; load_init() takes that exec. */
	struct file *file = filp_open("/init", O_CREAT | O_RDONLY, 0700);

	if (IS_ERR(file))
		pr_err("lkl: cannot create /init: %ld\n", PTR_ERR(file));
	else
		__fput_sync(file);
	register_binfmt(&init_format);
	return 0;
}
late_initcall(init_file_setup);

void machine_halt(void)
{
}

void machine_power_off(void)
{
}

void machine_restart(char *cmd)
{
}

long lkl_halt(void)
{
	long ret;

	if (!lkl_running)
		return -ESHUTDOWN;

	ret = lkl_enter_for_halt();
	if (ret)
		return ret;

	ksys_sync();
	kernel_power_off();

	lkl_running = 0;
	lkl_cpu_shutdown();
	lkl_time_cleanup();
	lkl_threads_kill_all();
	lkl_syscalls_cleanup();
	/*
	 * The CPU lock stays: a host thread ending now may still run the TLS
	 * destructor of its task and must find a shut-down CPU, not freed memory.
	 */
	lkl_memory_cleanup();
	return 0;
}
