/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VHYP_PRINTF_H
#define _VHYP_PRINTF_H

#include <linux/types.h>
#include <stdarg.h>

int hyp_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hyp_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
