// SPDX-License-Identifier: GPL-2.0
/* Kbuild wants this file; there is no assembly that needs offsets. */
