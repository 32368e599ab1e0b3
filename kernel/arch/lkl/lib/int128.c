// SPDX-License-Identifier: GPL-2.0
/*
 * wasm32 has no compiler runtime here: the 128-bit multiply clang emits a
 * call for (mul_u64_u64 and friends). Weak, so a host runtime may win.
 */
#include <linux/types.h>

typedef unsigned __int128 u128_t;

__attribute__((weak)) u128_t __multi3(u128_t a, u128_t b)
{
	u64 a_lo = (u64)a, a_hi = (u64)(a >> 64);
	u64 b_lo = (u64)b, b_hi = (u64)(b >> 64);
	u64 a0 = (u32)a_lo, a1 = a_lo >> 32, b0 = (u32)b_lo, b1 = b_lo >> 32;
	u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	u64 mid = (p00 >> 32) + (u32)p01 + (u32)p10;
	u64 lo = (mid << 32) | (u32)p00;
	u64 hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);

	hi += a_lo * b_hi + a_hi * b_lo;
	return ((u128_t)hi << 64) | lo;
}
