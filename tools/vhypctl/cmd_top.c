// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl top: the root and every cell, refreshed every --interval
 * seconds as top(1) does: state, CPUs, exits per second by reason (the
 * counters of uapi/vhyp/exits.h), interrupts per second (the irq exits:
 * physical interrupts taken at EL2 on its CPUs) and the worst latency its
 * payload reported (VHYP_HC_CELL_REPORT; "-" before its first report).
 *
 * Rates need two samples: each frame compares with the sample before it,
 * the first with one taken a short while earlier (FIRST_NS, or the
 * interval if shorter).  A cell's rates come from its own counters
 * (VHYP_CELL_INFO, summed over its CPUs since its create); a cell that
 * was not there at the previous sample, or was destroyed and created
 * again since, has none yet ("-", null).  The root's come from the
 * per-CPU counters (VHYP_GET_CPU_STATS) of the online CPUs no cell holds.
 * The arithmetic and the figures' text are top_calc.c's, the reading is
 * cell_lookup.c's, shared with list and stats.
 *
 * On a terminal each frame replaces the last (cursor home, clear); into a
 * pipe, frames follow one another with a blank line between them.  With
 * --json, one JSON object per frame, each on a line of its own.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cell_lookup.h"
#include "config.h"
#include "top.h"

#define MAX_INTERVAL	3600		/* s */
#define MIN_INTERVAL	0.01		/* s */
#define FIRST_NS	250000000ull	/* the first frame's two samples, at most */

struct sample {
	uint64_t t_ns;			/* CLOCK_MONOTONIC, when it was taken */
	struct vhyp_cell_info cells[VHYP_MAX_CELLS];
	unsigned int ncells;
	struct vhyp_cpu_stats cpu[64];
	unsigned int ncpus;
	uint64_t cell_cpus;		/* the CPUs of every cell */
};

/* What a frame shows of the root or of a cell. */
struct row {
	const struct vhyp_cell_info *info;	/* NULL: the root */
	uint64_t cpus;
	bool have_rates;		/* false: a cell new since the last sample */
	double rate[VHYP_EXIT_NR], total;
};

static int not_enabled(void)
{
	err_msg("top: vhyp is not enabled; run 'vhypctl enable' first");
	return EXIT_REFUSED;
}

static int take_sample(struct vhyp_dev *d, struct sample *s)
{
	uint32_t possible;
	unsigned int i;
	int err, ret;

	s->t_ns = now_ns();
	err = dev_get_info(d, &d->info);
	if (err)
		return fail(d->path, OP_GET_INFO, err);
	if (!(d->info.flags & VHYP_INFO_ENABLED))
		return not_enabled();
	possible = d->info.cpus_possible < 64 ? d->info.cpus_possible : 64;
	ret = cells_read(d, s->cells, &s->ncells);
	if (!ret)
		ret = cpu_stats_read(d, possible == 64 ? ~0ull : (1ull << possible) - 1,
				     s->cpu, &s->ncpus);
	if (ret)
		return ret;
	if (!(d->info.flags & VHYP_INFO_ENABLED))	/* cells_read() saw it go */
		return not_enabled();
	s->cell_cpus = 0;
	for (i = 0; i < s->ncells; i++)
		s->cell_cpus |= s->cells[i].cpus;
	return EXIT_OK;
}

/* The root: its online CPUs, each one's exits since the previous sample. */
static void root_row(const struct sample *prev, const struct sample *cur, struct row *r)
{
	__u64 none[VHYP_EXIT_NR] = { 0 }, delta[VHYP_EXIT_NR] = { 0 };
	unsigned int i;
	int e;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < cur->ncpus; i++) {
		const struct vhyp_cpu_stats *c = &cur->cpu[i], *p = &prev->cpu[i];

		if (!(c->flags & VHYP_CPU_ONLINE) || (cur->cell_cpus & (1ull << c->cpu)))
			continue;
		r->cpus |= 1ull << c->cpu;
		if (i >= prev->ncpus || p->cpu != c->cpu)
			continue;
		for (e = 0; e < VHYP_EXIT_NR; e++)
			if (c->exits[e] >= p->exits[e])		/* not across a new enable */
				delta[e] += c->exits[e] - p->exits[e];
	}
	r->total = top_rates(none, delta, cur->t_ns - prev->t_ns, r->rate);
	r->have_rates = true;
}

static void cell_row(const struct sample *prev, const struct sample *cur,
		     const struct vhyp_cell_info *c, struct row *r)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	r->info = c;
	r->cpus = c->cpus;
	for (i = 0; i < prev->ncells; i++) {
		const struct vhyp_cell_info *p = &prev->cells[i];

		if (p->id != c->id || p->created_ns != c->created_ns)
			continue;
		r->total = top_rates(p->exits, c->exits, cur->t_ns - prev->t_ns, r->rate);
		r->have_rates = true;
	}
}

/* ---- text ---- */

enum { COL_NAME, COL_ID, COL_STATE, COL_CPUS, COL_EXITS, COL_IRQS, COL_WORST, COL_MAX,
       COL_REPORTS, COL_CODE, NR_COLS };

static const char *const headers[NR_COLS] = {
	"NAME", "ID", "STATE", "CPUS", "EXITS/s", "IRQS/s", "WORST", "MAX", "REPORTS", "CODE"
};

#define COL_LEN		(VHYP_CELL_NAME_LEN + 200)
#define NR_ROWS		(VHYP_MAX_CELLS + 1)

static void row_columns(const struct row *r, char col[NR_COLS][COL_LEN])
{
	const struct vhyp_cell_report *rep = r->info ? &r->info->report : NULL;
	unsigned int k;

	for (k = 0; k < NR_COLS; k++)
		snprintf(col[k], COL_LEN, "-");
	if (r->info) {
		cell_name(r->info, col[COL_NAME]);
		snprintf(col[COL_ID], COL_LEN, "%u", r->info->id);
		snprintf(col[COL_STATE], COL_LEN, "%s", cell_state_name(r->info->state));
	} else {
		snprintf(col[COL_NAME], COL_LEN, "root");
		snprintf(col[COL_STATE], COL_LEN, "running");
	}
	if (r->cpus)
		cpu_mask_str(r->cpus, ",", col[COL_CPUS], COL_LEN);
	if (r->have_rates) {
		top_rate_str(r->total, col[COL_EXITS], COL_LEN);
		top_rate_str(r->rate[VHYP_EXIT_IRQ], col[COL_IRQS], COL_LEN);
	}
	if (rep && rep->reports) {
		top_latency_str(rep->worst_ns, col[COL_WORST], COL_LEN);
		top_latency_str(rep->max_ns, col[COL_MAX], COL_LEN);
		snprintf(col[COL_REPORTS], COL_LEN, "%llu", (unsigned long long)rep->reports);
		snprintf(col[COL_CODE], COL_LEN, "%u", rep->code);
	}
}

/* Left-aligned: name, state, CPUs; the figures right-aligned.  No trailing blanks. */
static bool col_left(unsigned int k)
{
	return k == COL_NAME || k == COL_STATE || k == COL_CPUS;
}

static void print_table(const struct row *rows, unsigned int n)
{
	static char col[NR_ROWS][NR_COLS][COL_LEN];
	int width[NR_COLS], w;
	unsigned int i, k;

	for (k = 0; k < NR_COLS; k++)
		width[k] = strlen(headers[k]);
	for (i = 0; i < n; i++) {
		row_columns(&rows[i], col[i]);
		for (k = 0; k < NR_COLS; k++) {
			w = strlen(col[i][k]);
			if (w > width[k])
				width[k] = w;
		}
	}
	for (k = 0; k < NR_COLS; k++)
		printf(k == NR_COLS - 1 ? "%*s\n" : col_left(k) ? "%-*s  " : "%*s  ", width[k],
		       headers[k]);
	for (i = 0; i < n; i++)
		for (k = 0; k < NR_COLS; k++)
			printf(k == NR_COLS - 1 ? "%*s\n" : col_left(k) ? "%-*s  " : "%*s  ",
			       width[k], col[i][k]);
}

/* Exits per second by reason, a column each. */
static void print_reasons(const struct row *rows, unsigned int n)
{
	char name[VHYP_CELL_NAME_LEN + 1], buf[32];
	int width[VHYP_EXIT_NR], name_w = 4, e;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (rows[i].info && (int)strlen(cell_name(rows[i].info, name)) > name_w)
			name_w = strlen(name);
	for (e = 0; e < VHYP_EXIT_NR; e++) {
		width[e] = strlen(cell_exit_names[e]);
		for (i = 0; i < n; i++)
			if (rows[i].have_rates &&
			    (int)strlen(top_rate_str(rows[i].rate[e], buf, sizeof(buf))) > width[e])
				width[e] = strlen(buf);
	}
	printf("\nexits/s by reason:\n%-*s", name_w, "NAME");
	for (e = 0; e < VHYP_EXIT_NR; e++)
		printf("  %*s", width[e], cell_exit_names[e]);
	putchar('\n');
	for (i = 0; i < n; i++) {
		printf("%-*s", name_w, rows[i].info ? cell_name(rows[i].info, name) : "root");
		for (e = 0; e < VHYP_EXIT_NR; e++)
			printf("  %*s", width[e], rows[i].have_rates ?
			       top_rate_str(rows[i].rate[e], buf, sizeof(buf)) : "-");
		putchar('\n');
	}
}

static void print_text(const struct row *rows, unsigned int n, unsigned long long frame,
		       double interval, bool tty)
{
	char root_cpus[256], cell_cpus[256];
	uint64_t mask = 0;
	unsigned int i;

	if (tty)
		fputs("\033[H\033[2J", stdout);		/* home, clear: in place, like top */
	else if (frame > 1)
		putchar('\n');
	for (i = 1; i < n; i++)
		mask |= rows[i].cpus;
	printf("vhyp top, frame %llu, every %g s: root on CPUs %s, %u cell%s on CPUs %s\n\n",
	       frame, interval,
	       rows[0].cpus ? cpu_mask_str(rows[0].cpus, ",", root_cpus, sizeof(root_cpus)) : "-",
	       n - 1, n == 2 ? "" : "s",
	       mask ? cpu_mask_str(mask, ",", cell_cpus, sizeof(cell_cpus)) : "-");
	print_table(rows, n);
	print_reasons(rows, n);
}

/* ---- JSON ---- */

static void rates_json(struct json *j, const struct row *r)
{
	int e;

	if (!r->have_rates) {
		json_null(j, "exits_per_s");
		json_null(j, "exits_per_s_total");
		json_null(j, "irqs_per_s");
		return;
	}
	json_object_begin(j, "exits_per_s");
	for (e = 0; e < VHYP_EXIT_NR; e++)
		json_double(j, cell_exit_names[e], r->rate[e]);
	json_object_end(j);
	json_double(j, "exits_per_s_total", r->total);
	json_double(j, "irqs_per_s", r->rate[VHYP_EXIT_IRQ]);
}

static void print_json(const struct row *rows, unsigned int n, unsigned long long frame,
		       uint64_t dt_ns)
{
	unsigned int i;
	struct json j;
	int cpu;

	json_init_line(&j, stdout);
	json_object_begin(&j, NULL);
	json_u64(&j, "frame", frame);
	json_u64(&j, "time_ns", boottime_ns());
	json_u64(&j, "sample_ns", dt_ns);
	json_object_begin(&j, "root");
	json_string(&j, "name", "root");
	json_string(&j, "state", "running");
	json_array_begin(&j, "cpus");
	for (cpu = 0; cpu < 64; cpu++)
		if (rows[0].cpus & (1ull << cpu))
			json_u64(&j, NULL, cpu);
	json_array_end(&j);
	rates_json(&j, &rows[0]);
	json_null(&j, "report");
	json_object_end(&j);
	json_array_begin(&j, "cells");
	for (i = 1; i < n; i++) {
		json_object_begin(&j, NULL);
		cell_json_fields(&j, rows[i].info);
		rates_json(&j, &rows[i]);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
}

/* ---- the loop ---- */

/*
 * Until CLOCK_MONOTONIC reaches AT_NS, or a stop is asked for.  Ctrl-C and
 * the like are only let in here: elsewhere they would cut an ioctl or a
 * write short (EINTR) and end 'top' with an error instead of exit 0.
 */
static void sleep_until(uint64_t at_ns, const sigset_t *stops)
{
	struct timespec ts = { .tv_sec = at_ns / 1000000000u, .tv_nsec = at_ns % 1000000000u };

	sigprocmask(SIG_UNBLOCK, stops, NULL);
	while (!stop_requested &&
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
	sigprocmask(SIG_BLOCK, stops, NULL);
}

static int run(struct vhyp_dev *d, double interval, uint64_t iterations)
{
	static struct sample s[2];
	static struct row rows[NR_ROWS];
	uint64_t interval_ns = interval * 1e9;
	bool tty = isatty(STDOUT_FILENO);
	unsigned long long frame;
	struct sample *prev, *cur;
	sigset_t stops;
	unsigned int i;
	int ret;

	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	sigprocmask(SIG_BLOCK, &stops, NULL);
	ret = take_sample(d, &s[0]);
	if (ret)
		return ret;
	sleep_until(s[0].t_ns + (interval_ns < FIRST_NS ? interval_ns : FIRST_NS), &stops);
	for (frame = 1; !stop_requested; frame++) {
		prev = &s[(frame - 1) % 2];
		cur = &s[frame % 2];
		ret = take_sample(d, cur);
		if (ret)
			return ret;
		root_row(prev, cur, &rows[0]);
		for (i = 0; i < cur->ncells; i++)
			cell_row(prev, cur, &cur->cells[i], &rows[1 + i]);
		if (g.json)
			print_json(rows, 1 + cur->ncells, frame, cur->t_ns - prev->t_ns);
		else
			print_text(rows, 1 + cur->ncells, frame, interval, tty);
		if (fflush(stdout) == EOF) {
			err_msg("top: cannot write the frame: %s.", strerror(errno));
			return EXIT_REFUSED;
		}
		if (iterations && frame >= iterations)
			break;
		sleep_until(cur->t_ns + interval_ns, &stops);
	}
	return EXIT_OK;
}

static int cmd_top(const struct verb *v, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "once", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t iterations = 0;
	double interval = 1;
	struct vhyp_dev d;
	int c, ret;

	while ((c = verb_getopt(v, argc, argv, "i:n:", longopts)) != -1) {
		switch (c) {
		case 'i':
			if (!parse_seconds(v, "--interval", optarg, MAX_INTERVAL, &interval, &ret))
				return ret;
			if (interval < MIN_INTERVAL)
				return usage_error(v, "--interval '%s' is too short: %g s at least",
						   optarg, MIN_INTERVAL);
			break;
		case 'n':
			if (!parse_u64(optarg, &iterations) || !iterations)
				return usage_error(v, "--iterations '%s' is not a number of frames, 1 or more",
						   optarg);
			break;
		case 'o':
			iterations = 1;
			break;
		default:
			return EXIT_ABI;
		}
	}
	if (optind < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind]);
	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	catch_stop_signals();
	ret = run(&d, interval, iterations);
	dev_close(&d);
	return ret;
}

static const struct verb_option options[] = {
	{ "-i, --interval SECONDS", "a frame every SECONDS (default 1, fractions\n"
				    "allowed, 0.01 to 3600)" },
	{ "-n, --iterations N", "stop after N frames (default: until Ctrl-C)" },
	{ "--once", "one frame, the same as -n 1" },
	{ NULL, NULL },
};

const struct verb verb_top = {
	.name = "top",
	.args = "[--interval SECONDS] [-n N | --once]",
	.summary = "watch the root and the cells: exits, interrupts, payload latency",
	.description =
		"Show the root and every cell, refreshed every SECONDS like top(1):\n"
		"NAME, ID, STATE, CPUS, EXITS/s (all reasons), IRQS/s (physical\n"
		"interrupts taken by the hypervisor on its CPUs), and what its payload\n"
		"last reported (VHYP_HC_CELL_REPORT): WORST, the worst latency over\n"
		"its last period, MAX, the worst since its start, REPORTS and CODE;\n"
		"\"-\" where there is nothing yet.  Below, exits per second by reason.\n"
		"Rates are over the time since the previous frame; the first frame's\n"
		"over a quarter of a second (or the interval, if shorter).  On a\n"
		"terminal each frame replaces the last; into a pipe they follow one\n"
		"another.  With --json, one JSON object per frame, one per line\n"
		"(Documentation/vhypctl.md).  Exits 2 if vhyp is not enabled, or stops\n"
		"being so; Ctrl-C ends it (exit 0).",
	.options = options,
	.json = true,
	.run = cmd_top,
};
