/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP for the C unit tests: ok() prints one result, fail() records why the
 * next ok() fails (a checker returns fail(...) and its caller passes that to
 * ok()), tap_done() prints the plan and gives main()'s exit status.
 */
#ifndef _VHYP_TEST_TAP_H
#define _VHYP_TEST_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned int n_test, n_failed;
static char why[256];		/* the last checker's complaint */

static bool ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	n_test++;
	printf("%sok %u - ", cond ? "" : "not ", n_test);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		n_failed++;
		if (why[0])
			printf("#   %s\n", why);
	}
	why[0] = '\0';
	return cond;
}

static bool fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return false;
}

static int tap_done(void)
{
	printf("1..%u\n", n_test);
	return n_failed ? 1 : 0;
}

#endif
