// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl console: print the hypervisor's console, a byte ring in the
 * status page (uapi/vhyp/status.h) that the driver copies out with
 * VHYP_CONSOLE_READ.
 *
 * Positions count every byte ever written, so reading from 0 starts at the
 * oldest byte still kept and the driver tells how many were overwritten
 * before we got to them: the user must know the start is missing.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vhypctl.h"

#define POLL_NS		(100 * 1000 * 1000)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Without SA_RESTART, so that the signal also cuts the 100 ms sleep (and
 * an ioctl, which then fails with EINTR) short: Ctrl-C stops at once.
 */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int write_all(const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(STDOUT_FILENO, buf, len);
		if (n < 0) {
			if (errno == EINTR && !stop)
				continue;
			return errno;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

static int cmd_console(const struct verb *v, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct timespec poll = { 0, POLL_NS };
	struct vhyp_console_read r;
	bool follow = false;
	struct vhyp_dev d;
	uint64_t pos = 0;
	char buf[4096];
	int c, err, ret;

	while ((c = verb_getopt(v, argc, argv, "f", opts)) != -1) {
		if (c == 'f')
			follow = true;
	}
	if (optind < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind]);

	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	if (follow)
		catch_signals();

	ret = EXIT_OK;
	while (!stop) {
		err = dev_console_read(&d, &r, buf, sizeof(buf), pos);
		if (err == EINTR && stop)
			break;
		if (err) {
			ret = fail(d.path, OP_CONSOLE_READ, err);
			break;
		}
		if (r.lost)
			err_msg("%llu bytes of the console were overwritten before "
				"they could be read", (unsigned long long)r.lost);
		if (r.len > sizeof(buf)) {
			err_msg("the driver returned %u bytes for a %zu-byte buffer; "
				"vhyp.ko is broken or of another ABI.", r.len, sizeof(buf));
			ret = EXIT_ABI;
			break;
		}
		err = write_all(buf, r.len);
		if (err == EINTR)
			break;
		if (err) {
			err_msg("cannot write the console to standard output: %s.",
				strerror(err));
			ret = EXIT_REFUSED;
			break;
		}
		pos = r.pos;
		if (r.len)
			continue;	/* there may be more right away */
		/* a new ring, after disable and enable: start it from its top */
		if (r.head < pos)
			pos = 0;
		if (!follow)
			break;
		nanosleep(&poll, NULL);
	}
	dev_close(&d);
	return ret;
}

static const struct verb_option console_options[] = {
	{ "-f, --follow", "keep printing new output, polling every 100 ms,\n"
			  "until SIGINT or SIGTERM (exit code 0)" },
	{ NULL, NULL },
};

const struct verb verb_console = {
	.name = "console",
	.args = "[-f|--follow]",
	.summary = "print the hypervisor's console",
	.description =
		"Print the hypervisor's console from the oldest byte it still keeps\n"
		"(VHYP_CONSOLE_READ).  The console is a ring: if older output was\n"
		"overwritten, a line on stderr says how many bytes were lost.",
	.options = console_options,
	.run = cmd_console,
};
