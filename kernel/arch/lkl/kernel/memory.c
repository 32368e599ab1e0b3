// SPDX-License-Identifier: GPL-2.0
/* RAM is one block from the host, given to memblock and then the buddy allocator. */
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <asm/host_ops.h>

unsigned long memory_start, memory_end;
void *empty_zero_page;
static void *ram;

int __init lkl_bootmem_init(unsigned long size)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { 0 };
	void *mem = lkl_ops->mem_alloc(size);

	if (!mem)
		return -ENOMEM;
	ram = mem;
	memory_start = PAGE_ALIGN((unsigned long)mem);
	memory_end = ((unsigned long)mem + size) & PAGE_MASK;

	memblock_add(memory_start, memory_end - memory_start);
	min_low_pfn = PFN_UP(memory_start);
	max_low_pfn = max_pfn = PFN_DOWN(memory_end);
	max_mapnr = max_pfn - min_low_pfn;
	high_memory = (void *)memory_end;

	empty_zero_page = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!empty_zero_page)
		return -ENOMEM;

	max_zone_pfn[ZONE_NORMAL] = max_pfn;
	free_area_init(max_zone_pfn);
	return 0;
}

void __init mem_init(void)
{
	memblock_free_all();
}

/* Init sections stay: they are part of the host program's image. */
void free_initmem(void)
{
}

void lkl_memory_cleanup(void)
{
	lkl_ops->mem_free(ram);
	ram = NULL;
}
