// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl console: print the hypervisor's console, or a cell's, and type
 * into a cell's.  Each console is a byte ring in the status page
 * (uapi/vhyp/status.h) that the driver copies out with VHYP_CONSOLE_READ
 * (.cell 0: the hypervisor's); a cell's input goes to its emulated UART
 * with VHYP_CONSOLE_WRITE.
 *
 * Positions count every byte ever written, so reading from 0 starts at the
 * oldest byte still kept and the driver tells how many were overwritten
 * before we got to them: the user must know the start is missing.
 *
 * --attach is a terminal on the cell's UART: output followed, standard
 * input sent.  On a terminal, input is raw (each key as it is typed,
 * Ctrl-C included, goes to the cell) and Ctrl-] detaches, as in telnet;
 * the terminal's settings are restored on every way out, SIGINT, SIGTERM
 * and SIGHUP included.  From a pipe (scripts), everything is sent, and
 * vhypctl exits once input has ended and the cell has been quiet for
 * --linger seconds, so that its answer is printed.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cell_lookup.h"

#define POLL_NS		(100 * 1000 * 1000)
#define ATTACH_POLL_MS	20		/* output latency while attached */
#define DETACH_KEY	0x1d		/* Ctrl-] */
#define MAX_LINGER	3600.0

struct con {
	struct vhyp_dev d;
	uint32_t cell;		/* 0: the hypervisor's console */
	const char *name;	/* the cell's */
	uint64_t pos;
};

static int con_fail(const struct con *c, enum vhyp_op op, int err)
{
	return c->cell ? fail_cell(c->d.path, op, c->name, err) : fail(c->d.path, op, err);
}

/* Print what the console holds beyond c->pos; *got: there was some. */
static int pump_output(struct con *c, bool *got)
{
	struct vhyp_console_read r;
	char buf[4096];
	int err;

	*got = false;
	while (!stop_requested) {
		err = dev_console_read(&c->d, &r, c->cell, buf, sizeof(buf), c->pos);
		if (err == EINTR && stop_requested)
			break;
		if (err)
			return con_fail(c, c->cell ? OP_CELL_CONSOLE_READ : OP_CONSOLE_READ, err);
		if (r.lost)
			err_msg("%llu bytes of the console were overwritten before "
				"they could be read", (unsigned long long)r.lost);
		if (r.len > sizeof(buf)) {
			err_msg("the driver returned %u bytes for a %zu-byte buffer; "
				"vhyp.ko is broken or of another ABI.", r.len, sizeof(buf));
			return EXIT_ABI;
		}
		err = write_all(buf, r.len);
		if (err == EINTR)
			break;
		if (err) {
			err_msg("cannot write the console to standard output: %s.",
				strerror(err));
			return EXIT_REFUSED;
		}
		c->pos = r.pos;
		if (!r.len) {
			/* a new ring, after disable and enable: start it from its top */
			if (r.head < c->pos)
				c->pos = 0;
			break;
		}
		*got = true;
	}
	return EXIT_OK;
}

static int follow(struct con *c, bool forever)
{
	const struct timespec poll = { 0, POLL_NS };
	bool got;
	int ret;

	for (;;) {
		ret = pump_output(c, &got);
		if (ret || !forever || stop_requested)
			return ret;
		nanosleep(&poll, NULL);
	}
}

/* Everything of BUF into the cell's UART. */
static int send_input(struct con *c, const char *buf, size_t len)
{
	const struct timespec pause = { 0, ATTACH_POLL_MS * 1000 * 1000 };
	uint32_t taken;
	int err;

	while (len) {
		err = dev_console_write(&c->d, c->cell, buf, len > 4096 ? 4096 : len, &taken);
		if (err == EINTR && stop_requested)
			return EXIT_OK;
		if (err)
			return con_fail(c, OP_CONSOLE_WRITE, err);
		if (!taken)
			nanosleep(&pause, NULL);	/* the UART is full: let it drain */
		buf += taken;
		len -= taken;
	}
	return EXIT_OK;
}

static int attach(struct con *c, bool tty, double linger)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	uint64_t quiet_since = now_ns();
	bool input = true, got;
	char buf[4096], *key;
	ssize_t n;
	int ret;

	for (;;) {
		ret = pump_output(c, &got);
		if (ret || stop_requested)
			return ret;
		if (got)
			quiet_since = now_ns();
		if (!input && now_ns() - quiet_since >= linger * 1e9)
			return EXIT_OK;
		if (poll(&pfd, input ? 1 : 0, ATTACH_POLL_MS) <= 0)
			continue;	/* timeout, or a signal: see above */
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			err_msg("cannot read standard input for the console of cell %s: %s.",
				c->name, strerror(errno));
			return EXIT_REFUSED;
		}
		if (!n) {
			input = false;
			quiet_since = now_ns();
			continue;
		}
		key = tty ? memchr(buf, DETACH_KEY, n) : NULL;
		ret = send_input(c, buf, key ? key - buf : n);
		if (ret || key)
			return ret;
	}
}

/* Keys as they are typed, to the cell; output processing stays (\n is \r\n). */
static bool tty_raw(struct termios *saved)
{
	struct termios raw;

	if (tcgetattr(STDIN_FILENO, saved))
		return false;
	raw = *saved;
	raw.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	raw.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	raw.c_cflag &= ~(CSIZE | PARENB);
	raw.c_cflag |= CS8;
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	return !tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

static int cmd_console(const struct verb *v, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "attach", no_argument, NULL, 'a' },
		{ "linger", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	bool forever = false, attaching = false, tty = false, have_linger = false;
	struct vhyp_cell_info info;
	char name[VHYP_CELL_NAME_LEN + 1];
	struct con c = { .cell = 0 };
	struct termios saved;
	double linger = 0.5;
	int ch, ret;

	while ((ch = verb_getopt(v, argc, argv, "fa", opts)) != -1) {
		switch (ch) {
		case 'f':
			forever = true;
			break;
		case 'a':
			attaching = true;
			break;
		case 'l':
			if (!parse_seconds(v, "--linger", optarg, MAX_LINGER, &linger, &ret))
				return ret;
			have_linger = true;
			break;
		default:
			return EXIT_ABI;
		}
	}
	if (optind + 1 < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind + 1]);
	if (attaching && optind == argc)
		return usage_error(v, "--attach needs a CELL: the hypervisor's console takes no input");
	if (have_linger && !attaching)
		return usage_error(v, "--linger applies to --attach only");

	ret = dev_open(&c.d, g.device);
	if (ret)
		return ret;
	if (optind < argc) {
		ret = cell_lookup(&c.d, argv[optind], &info);
		if (ret)
			goto out;
		c.cell = info.id;
		c.name = cell_name(&info, name);
	}
	if (!forever && !attaching) {
		ret = follow(&c, false);
		goto out;
	}
	catch_stop_signals();
	if (!attaching) {
		ret = follow(&c, true);
		goto out;
	}
	/* an EPIPE on stdout must not kill us with the terminal raw */
	signal(SIGPIPE, SIG_IGN);
	tty = isatty(STDIN_FILENO) && tty_raw(&saved);
	if (tty && !g.quiet)
		err_msg("attached to the console of cell %s: Ctrl-] detaches.", c.name);
	ret = attach(&c, tty, linger);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
		if (!g.quiet)
			err_msg("detached from the console of cell %s.", c.name);
	}
out:
	dev_close(&c.d);
	return ret;
}

static const struct verb_option console_options[] = {
	{ "-f, --follow", "keep printing new output, polling every 100 ms,\n"
			  "until SIGINT or SIGTERM (exit code 0)" },
	{ "-a, --attach", "follow the cell's console and send standard\n"
			  "input to it: on a terminal key by key (raw),\n"
			  "Ctrl-] detaches; from a pipe, all of it, then\n"
			  "exit 0 once the cell is quiet (--linger)" },
	{ "--linger SECONDS", "with --attach: after the end of the input, exit\n"
			      "once the console has been quiet for SECONDS\n"
			      "(default 0.5)" },
	{ NULL, NULL },
};

const struct verb verb_console = {
	.name = "console",
	.args = "[CELL] [-f|--follow] [--attach [--linger SECONDS]]",
	.summary = "print the hypervisor's console or a cell's; type into a cell's",
	.description =
		"Print the console of the cell CELL (a name, or an id), or without\n"
		"CELL the hypervisor's, from the oldest byte it still keeps\n"
		"(VHYP_CONSOLE_READ).  A console is a ring: if older output was\n"
		"overwritten, a line on stderr says how many bytes were lost.\n"
		"--attach also sends what is typed to the cell's UART\n"
		"(VHYP_CONSOLE_WRITE); press Ctrl-] (0x1d) to detach.",
	.options = console_options,
	.run = cmd_console,
};
