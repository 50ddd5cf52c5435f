// SPDX-License-Identifier: GPL-2.0
/*
 * The backend's log: stderr in the foreground (systemd's journal takes
 * it from there), syslog once daemonized, where stderr is /dev/null.
 */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

#include "serve.h"

static bool to_stderr = true;

void serve_log_open(const char *cell, bool foreground)
{
	static char ident[VHYP_CELL_NAME_LEN + 16];

	to_stderr = foreground;
	if (!foreground) {
		snprintf(ident, sizeof(ident), "vhypctl-serve-%s", cell);
		openlog(ident, LOG_PID, LOG_DAEMON);
	}
}

void serve_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (to_stderr) {
		fputs("vhypctl serve: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vsyslog(LOG_NOTICE, fmt, ap);
	}
	va_end(ap);
}
