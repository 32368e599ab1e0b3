// SPDX-License-Identifier: GPL-2.0
/*
 * The three functions clang's setjmp/longjmp lowering (-mllvm
 * -wasm-enable-sjlj) calls, for a target without libc. They must not be in
 * a file that itself calls setjmp (clang-19 then emits an invalid
 * try/catch nesting), but must be compiled with the same flag (the
 * exception tag they throw is defined by it).
 */
#include <stdint.h>

#include "sjlj.h"

/* Called by the lowering at each setjmp: remember where it returns to. */
void __wasm_setjmp(void *env, uint32_t label, void *func_invocation_id)
{
	struct wasm_jmp_buf *jb = env;

	if (!label || !func_invocation_id)
		__builtin_trap();
	jb->func_invocation_id = func_invocation_id;
	jb->label = label;
}

/* Called when a longjmp is caught: is it for this invocation? Which setjmp? */
uint32_t __wasm_setjmp_test(void *env, void *func_invocation_id)
{
	struct wasm_jmp_buf *jb = env;

	return jb->func_invocation_id == func_invocation_id ? jb->label : 0;
}

/* What longjmp becomes: throw the C longjmp exception (tag 1). */
_Noreturn void __wasm_longjmp(void *env, int val)
{
	struct wasm_jmp_buf *jb = env;

	jb->arg.env = env;
	jb->arg.val = val ? val : 1;
	__builtin_wasm_throw(1, &jb->arg);
}
