/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What clang's setjmp/longjmp lowering (-mllvm -wasm-enable-sjlj) keeps in a
 * jmp_buf: which call of which setjmp, and the payload a longjmp throws.
 * Shared by jmp.c (the users) and sjlj.c (the lowering's hooks).
 */
#ifndef LKL_HOST_WASM_SJLJ_H
#define LKL_HOST_WASM_SJLJ_H

#include <stdint.h>

struct wasm_jmp_buf {
	void *func_invocation_id;
	uint32_t label;
	/* Thrown as the exception's payload. */
	struct {
		void *env;
		int val;
	} arg;
};

#endif
