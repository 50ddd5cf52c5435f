// SPDX-License-Identifier: GPL-2.0
/*
 * The backend library's last failure, as a sentence for the caller to log
 * (the library runs in a daemon, where stderr may be gone).
 */
#include <stdarg.h>
#include <stdio.h>

#include "vio.h"

static char error[256];

const char *vio_error(void)
{
	return error;
}

int vio_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error, sizeof(error), fmt, ap);
	va_end(ap);
	return -1;
}

void vio_error_clear(void)
{
	error[0] = '\0';
}
