// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: what the verbs that stream until told to stop share ('console
 * --follow' and '--attach', 'channel --attach' and '--send'): a flag that
 * SIGINT, SIGTERM and SIGHUP raise, and writing all of a buffer to
 * standard output.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "vhypctl.h"

volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/*
 * Without SA_RESTART, so that the signal also cuts a sleep, a poll() (and
 * an ioctl, which then fails with EINTR) short: Ctrl-C stops at once.
 */
void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* All of BUF to standard output: 0, or the errno (EINTR once stop is asked). */
int write_all(const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(STDOUT_FILENO, buf, len);
		if (n < 0) {
			if (errno == EINTR && !stop_requested)
				continue;
			return errno;
		}
		buf += n;
		len -= n;
	}
	return 0;
}
