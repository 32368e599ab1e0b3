/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one seam between the kernel and its host.
 *
 * The kernel reaches the host only through this table, filled in by the host
 * (host-wasm: std threads natively, Workers + atomics on wasm32) and passed to
 * lkl_start_kernel(). Every function may be called from any host thread.
 */
#ifndef _ASM_UAPI_LKL_HOST_OPS_H
#define _ASM_UAPI_LKL_HOST_OPS_H

struct lkl_sem;
struct lkl_mutex;
struct lkl_tls_key;
struct lkl_timer;

/* A host thread handle; 0 is never a valid thread. */
typedef unsigned long lkl_thread_t;

/* Room for the host's setjmp state (glibc x86_64 needs 200 bytes). */
struct lkl_jmp_buf {
	unsigned long buf[64];
};

struct lkl_host_operations {
	/* Console output: the kernel log, not NUL-terminated. */
	void (*print)(const char *str, int len);
	/* The kernel panicked; the host decides what happens next (must not return). */
	void (*panic)(void);

	/* Counting semaphores: down blocks while the count is 0. */
	struct lkl_sem *(*sem_alloc)(int count);
	void (*sem_free)(struct lkl_sem *sem);
	void (*sem_up)(struct lkl_sem *sem);
	void (*sem_down)(struct lkl_sem *sem);

	/* Non-recursive mutexes. */
	struct lkl_mutex *(*mutex_alloc)(void);
	void (*mutex_free)(struct lkl_mutex *mutex);
	void (*mutex_lock)(struct lkl_mutex *mutex);
	void (*mutex_unlock)(struct lkl_mutex *mutex);

	/*
	 * Threads. thread_create starts fn(arg) on a new host thread and
	 * returns at once (0 on failure). thread_exit ends the calling thread
	 * and never returns; thread_join waits for a thread that was not
	 * detached.
	 */
	lkl_thread_t (*thread_create)(void (*fn)(void *), void *arg);
	void (*thread_detach)(void);
	void (*thread_exit)(void);
	int (*thread_join)(lkl_thread_t tid);
	lkl_thread_t (*thread_self)(void);

	/* Thread-local storage; the destructor runs when a host thread ends. */
	struct lkl_tls_key *(*tls_alloc)(void (*destructor)(void *));
	void (*tls_free)(struct lkl_tls_key *key);
	int (*tls_set)(struct lkl_tls_key *key, void *data);
	void *(*tls_get)(struct lkl_tls_key *key);

	/* Memory: the kernel asks once for its whole RAM, page aligned. */
	void *(*mem_alloc)(unsigned long size);
	void (*mem_free)(void *ptr);

	/* Monotonic clock in nanoseconds. */
	unsigned long long (*time)(void);

	/*
	 * One-shot timers: after set_oneshot(t, ns) the host calls fn(arg) once,
	 * ns nanoseconds later, from some host thread, unless set again before;
	 * ns == 0 cancels. timer_free cancels and waits for a running callback
	 * to finish.
	 */
	struct lkl_timer *(*timer_alloc)(void (*fn)(void *), void *arg);
	int (*timer_set_oneshot)(struct lkl_timer *timer, unsigned long long ns);
	void (*timer_free)(struct lkl_timer *timer);

	/*
	 * Non-local exit: jmp_buf_set saves a point and calls f(); a
	 * jmp_buf_longjmp on the same buffer from within f (any depth) makes
	 * jmp_buf_set return. Used when a host thread leaves the scheduler on
	 * behalf of a task it does not run.
	 */
	void (*jmp_buf_set)(struct lkl_jmp_buf *jmpb, void (*f)(void));
	void (*jmp_buf_longjmp)(struct lkl_jmp_buf *jmpb, int val);

	/*
	 * Device registers: every readX/writeX of I/O memory (the windows of
	 * the virtio-mmio devices the host registers, see LKL_IOMEM_BASE) comes
	 * here: size is 1, 2, 4 or 8 bytes, val points at the value to write or
	 * the place to read into. Returns 0, or -1 for an address with no
	 * device (a read then yields all ones).
	 */
	int (*iomem_access)(const volatile void *addr, void *val, int size, int write);
};

/*
 * Virtio-mmio devices live at LKL_IOMEM_BASE + slot * LKL_IOMEM_SLOT_SIZE
 * (I/O memory that is never dereferenced: every access goes to
 * iomem_access) and raise interrupt LKL_VIRTIO_IRQ_BASE + slot. The host
 * sets a device up in a free slot, then the system call
 * virtio_mmio_device_add(slot) makes the kernel probe it; lkl_trigger_irq()
 * raises its interrupt.
 */
#define LKL_IOMEM_BASE		0xf0000000UL
#define LKL_IOMEM_SLOT_SIZE	0x1000UL
#define LKL_IOMEM_SLOTS		32
#define LKL_VIRTIO_IRQ_BASE	16

/*
 * Entry points exported by the kernel library (every other symbol is local).
 *
 * lkl_start_kernel: boot with mem_size bytes of RAM and the given command
 * line; returns 0 once init has run, or a negative errno (-ENOTRECOVERABLE:
 * the kernel panicked while booting).
 * lkl_syscall: run syscall nr with 6 arguments on the calling host thread;
 * returns the result or a negative errno. Each argument has a 64-bit slot
 * (a loff_t is one argument on 32-bit hosts too).
 * lkl_thread_detach: end the calling host thread's task now (for a thread
 * that will end without running TLS destructors); 0 or a negative errno.
 * lkl_trigger_irq: raise interrupt irq from any host thread; 0 or -EINVAL.
 * lkl_halt: sync, shut down, stop and join every kernel thread, free memory.
 */
int lkl_start_kernel(const struct lkl_host_operations *ops,
		     unsigned long mem_size, const char *cmdline);
long lkl_syscall(long nr, long long *params);
int lkl_thread_detach(void);
int lkl_trigger_irq(int irq);
long lkl_halt(void);
int lkl_is_running(void);

#endif
