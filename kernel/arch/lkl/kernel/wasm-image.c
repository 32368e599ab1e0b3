// SPDX-License-Identifier: GPL-2.0
/*
 * wasm32: what the linker script defines on other builds.
 *
 * Code is not in linear memory and data is not laid out by section, so the
 * image bounds (_stext.._etext, __init_begin.., __start_rodata..) are all
 * one address: every range is empty, and no pointer is mistaken for kernel
 * text or rodata (kstrdup_const() then always copies, which is safe).
 * Tables that stay empty here (exception table, built-in firmware, notes)
 * are empty ranges the same way.
 */
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <asm/thread_info.h>

static char image_mark[1] __aligned(8);

#define IMAGE_MARK(sym) extern char sym[1] __attribute__((alias("image_mark")))
IMAGE_MARK(_text);
IMAGE_MARK(_stext);
IMAGE_MARK(_etext);
IMAGE_MARK(_sdata);
IMAGE_MARK(_edata);
IMAGE_MARK(_sinittext);
IMAGE_MARK(_einittext);
IMAGE_MARK(__init_begin);
IMAGE_MARK(__init_end);
IMAGE_MARK(__start_rodata);
IMAGE_MARK(__end_rodata);
IMAGE_MARK(__bss_start);
IMAGE_MARK(__bss_stop);
IMAGE_MARK(_end);
IMAGE_MARK(__sched_text_start);
IMAGE_MARK(__sched_text_end);
IMAGE_MARK(__cpuidle_text_start);
IMAGE_MARK(__cpuidle_text_end);
IMAGE_MARK(__start___ex_table);
IMAGE_MARK(__stop___ex_table);
IMAGE_MARK(__start_builtin_fw);
IMAGE_MARK(__end_builtin_fw);
IMAGE_MARK(__start_notes);
IMAGE_MARK(__stop_notes);

/* The idle task's thread_info (the linker script's INIT_TASK_DATA). */
union thread_union init_thread_union __aligned(THREAD_SIZE) = {
	.thread_info = INIT_THREAD_INFO(init_task),
};
extern unsigned long init_stack[THREAD_SIZE / sizeof(unsigned long)]
	__attribute__((alias("init_thread_union")));
