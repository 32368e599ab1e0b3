// SPDX-License-Identifier: GPL-2.0
/* The kernel log goes to the host's print(). */
#include <linux/console.h>
#include <linux/init.h>
#include <asm/host_ops.h>

static void console_write(struct console *con, const char *str,
			  unsigned int len)
{
	lkl_ops->print(str, len);
}

static struct console lkl_console = {
	.name = "lkl",
	.write = console_write,
	.flags = CON_PRINTBUFFER,
	.index = -1,
};

void __init lkl_console_init(void)
{
	register_console(&lkl_console);
}
