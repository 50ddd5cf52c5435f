// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl wait: block until a cell is in a state, for scripts.
 *
 * The driver has no way to wait for a change (no poll() on /dev/vhyp), so
 * this polls VHYP_CELL_INFO every 50 ms, resolving the name each time: a
 * cell destroyed while we wait is "gone", which is a state one may wait
 * for.  Waiting for any other state of a cell that is not there is
 * refused at once rather than after the timeout: it cannot come true
 * unless someone creates the cell, and a typo should not cost 30 s.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cell_lookup.h"

#define POLL_NS		(50 * 1000 * 1000)
#define MAX_TIMEOUT	(7 * 86400.0)

static int wait_state(const char *cell, uint32_t want, double timeout)
{
	const struct timespec poll = { 0, POLL_NS };
	char name[VHYP_CELL_NAME_LEN + 1];
	struct vhyp_cell_info info;
	uint64_t t0 = now_ns(), ns;
	bool seen = false;
	struct vhyp_dev d;
	uint32_t state;
	int ret, err;

	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	snprintf(name, sizeof(name), "%s", cell);
	for (;;) {
		err = cell_find(&d, cell, &info);
		if (err == ENOENT || (err == ENOTCONN && (seen || want == CELL_GONE))) {
			state = CELL_GONE;
		} else if (err) {
			ret = fail_cell(d.path, OP_CELL_INFO, cell, err);
			break;
		} else {
			state = info.state;
			cell_name(&info, name);
			seen = true;
		}
		ns = now_ns() - t0;
		if (state == want) {
			if (g.json) {
				struct json j;

				json_init(&j, stdout);
				json_object_begin(&j, NULL);
				json_bool(&j, "ok", true);
				json_string(&j, "name", name);
				json_string(&j, "state", cell_state_name(state));
				json_u64(&j, "elapsed_ns", ns);
				json_object_end(&j);
				json_finish(&j);
			} else if (!g.quiet) {
				printf("cell %s is %s\n", name, cell_state_name(state));
			}
			ret = EXIT_OK;
			break;
		}
		if (state == CELL_GONE) {
			if (seen)
				err_msg("cell %s was destroyed while waiting for it to be %s.",
					name, cell_state_name(want));
			else
				err_msg("no cell %s on %s: 'vhypctl list' shows the cells.",
					cell, d.path);
			ret = EXIT_REFUSED;
			break;
		}
		if (ns >= timeout * 1e9) {
			if (state == VHYP_CELL_FAILED)
				err_msg("cell %s did not become %s within %g s: it is failed (%.*s); 'vhypctl list' shows where.",
					name, cell_state_name(want), timeout,
					(int)sizeof(info.reason), info.reason);
			else
				err_msg("cell %s did not become %s within %g s: it is %s; 'vhypctl list' shows it.",
					name, cell_state_name(want), timeout, cell_state_name(state));
			ret = EXIT_REFUSED;
			break;
		}
		nanosleep(&poll, NULL);
	}
	dev_close(&d);
	return ret;
}

static int cmd_wait(const struct verb *v, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	double timeout = 30;
	bool have_state = false;
	uint32_t want = 0;
	int c, ret;

	while ((c = verb_getopt(v, argc, argv, "s:t:", longopts)) != -1) {
		switch (c) {
		case 's':
			if (!cell_state_parse(optarg, &want))
				return usage_error(v, "--state '%s' is not a state: use %s",
						   optarg, cell_state_names);
			have_state = true;
			break;
		case 't':
			if (!parse_seconds(v, "--timeout", optarg, MAX_TIMEOUT, &timeout, &ret))
				return ret;
			break;
		default:
			return EXIT_ABI;
		}
	}
	if (optind == argc)
		return usage_error(v, "no cell given");
	if (optind + 1 < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind + 1]);
	if (!have_state)
		return usage_error(v, "--state is missing: name the state to wait for");
	return wait_state(argv[optind], want, timeout);
}

static const struct verb_option options[] = {
	{ "-s, --state STATE", "created, running, stopped, failed, reset, or\n"
			       "gone (destroyed)" },
	{ "-t, --timeout SECONDS", "give up after SECONDS (default 30, fractions\n"
				   "allowed; 0: look once) with exit code 2" },
	{ NULL, NULL },
};

const struct verb verb_wait = {
	.name = "wait",
	.args = "CELL --state STATE [--timeout SECONDS]",
	.summary = "wait until a cell is in a state (for scripts)",
	.description =
		"Poll the state of the cell CELL (a name, or an id) every 50 ms\n"
		"(VHYP_CELL_INFO) until it is STATE, then print \"cell NAME is STATE\"\n"
		"and exit 0.  After the timeout, exit 2 with a sentence saying the\n"
		"state it is in.  A cell that does not exist, or is destroyed while\n"
		"waited for, is 'gone': exit 2 at once unless STATE is gone.",
	.options = options,
	.json = true,
	.run = cmd_wait,
};
