// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's RAM, mapped low in the address space.
 *
 * Page frame numbers are addresses here (no MMU, identity mapping), and at
 * boot the kernel walks the "hole" from frame 0 up to its RAM in
 * page-block steps (mm/mm_init.c, memmap_init). At the usual 0x7f..
 * mmap addresses that walk alone takes ~15 ms; just above 4 GiB, next to
 * nothing.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

void *lkl_host_ram_map(size_t size)
{
	uintptr_t hint;
	void *p;

	for (hint = (uintptr_t)1 << 32; hint < (uintptr_t)1 << 40; hint <<= 1) {
		p = mmap((void *)hint, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p != MAP_FAILED)
			return p;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void lkl_host_ram_unmap(void *p, size_t size)
{
	munmap(p, size);
}
