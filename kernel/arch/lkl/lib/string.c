// SPDX-License-Identifier: GPL-2.0
/*
 * memcpy/memset/memmove, also the targets of the compiler's own calls.
 * wasm32 (bulk memory): the builtins are memory.copy/memory.fill.
 * x86_64: the string instructions, fast on every current CPU.
 */
#include <linux/types.h>
#include <linux/string.h>
#include <linux/export.h>

#ifdef __x86_64__

void *memcpy(void *dest, const void *src, size_t count)
{
	void *ret = dest;

	asm volatile("rep movsb"
		     : "+D"(dest), "+S"(src), "+c"(count) : : "memory");
	return ret;
}

void *memset(void *s, int c, size_t count)
{
	void *ret = s;

	asm volatile("rep stosb"
		     : "+D"(s), "+c"(count) : "a"(c) : "memory");
	return ret;
}

void *memmove(void *dest, const void *src, size_t count)
{
	void *ret = dest;

	if (dest <= src || dest >= src + count)
		return memcpy(dest, src, count);

	dest += count - 1;
	src += count - 1;
	asm volatile("std\n\trep movsb\n\tcld"
		     : "+D"(dest), "+S"(src), "+c"(count) : : "memory");
	return ret;
}

#else

void *memcpy(void *dest, const void *src, size_t count)
{
	return __builtin_memcpy(dest, src, count);
}

void *memset(void *s, int c, size_t count)
{
	return __builtin_memset(s, c, count);
}

void *memmove(void *dest, const void *src, size_t count)
{
	return __builtin_memmove(dest, src, count);
}

#endif

EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memmove);
