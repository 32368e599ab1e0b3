/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_LKL_CPU_H
#define _ASM_LKL_CPU_H

/*
 * The one "CPU": only the host thread that owns it runs kernel code.
 * See arch/lkl/kernel/cpu.c for the ownership rules.
 */
int lkl_cpu_init(void);
int lkl_cpu_get(void);
void lkl_cpu_put(void);
int lkl_cpu_try_get(void);
void lkl_cpu_hand_to(lkl_thread_t tid);
void lkl_cpu_idle_wait(void);
void lkl_cpu_shutdown(void);

/* Threads (threads.c). */
void lkl_threads_init(void);
void lkl_threads_kill_all(void);
struct task_struct;
void lkl_switch_to_host_task(struct task_struct *task);
bool lkl_schedule_away(struct task_struct *task);
void lkl_exit_host_task(void);
int lkl_host_task_stub(void *unused);
bool lkl_is_host_task(struct task_struct *task);

/* IRQs (irq.c). */
int lkl_irqs_pending(void);
void lkl_run_irqs(void);
int lkl_get_free_irq(const char *user);
int lkl_claim_irq(int irq);
void lkl_put_irq(int irq);
int lkl_trigger_irq(int irq);

/* Syscalls (syscalls.c). */
int lkl_syscalls_init(void);
void lkl_host_task_exit(void *task);

/* Time (time.c). */
void lkl_time_cleanup(void);

extern int lkl_running;

#endif
