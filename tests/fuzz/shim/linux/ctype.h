/* SPDX-License-Identifier: GPL-2.0 */
/* The host's <ctype.h> for driver/validate.c (isascii() first: the C locale's). */
#ifndef _FUZZ_SHIM_LINUX_CTYPE_H
#define _FUZZ_SHIM_LINUX_CTYPE_H
#include <ctype.h>
#endif
