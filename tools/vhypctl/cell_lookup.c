// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: cells by name.  The driver knows cells by id (1..VHYP_MAX_CELLS)
 * and has no lookup by name, so a name is resolved by asking VHYP_CELL_INFO
 * for every id (ENOENT: a free slot): eight small ioctls, cheaper than
 * keeping a second copy of the truth anywhere.  A name wins over an id: a
 * cell may be called "2" (names are [A-Za-z0-9_-]+), and the name is what
 * scripts get from 'vhypctl list --json'.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "cell_lookup.h"
#include "top.h"

static const char *const state_names[] = {
	[VHYP_CELL_CREATED] = "created",
	[VHYP_CELL_RUNNING] = "running",
	[VHYP_CELL_STOPPED] = "stopped",
	[VHYP_CELL_FAILED]  = "failed",
	[VHYP_CELL_RESET]   = "reset",
};

const char cell_state_names[] = "created, running, stopped, failed, reset or gone";

#define EXIT_NAME(id, name) [id] = name,
const char *const cell_exit_names[VHYP_EXIT_NR] = {
	VHYP_EXIT_LIST(EXIT_NAME)
};
#undef EXIT_NAME

const char *cell_state_name(uint32_t state)
{
	if (state == CELL_GONE)
		return "gone";
	if (state < sizeof(state_names) / sizeof(state_names[0]) && state_names[state])
		return state_names[state];
	return "unknown";
}

bool cell_state_parse(const char *name, uint32_t *state)
{
	uint32_t s;

	if (!strcmp(name, "gone")) {
		*state = CELL_GONE;
		return true;
	}
	for (s = 0; s < sizeof(state_names) / sizeof(state_names[0]); s++) {
		if (state_names[s] && !strcmp(name, state_names[s])) {
			*state = s;
			return true;
		}
	}
	return false;
}

const char *cell_name(const struct vhyp_cell_info *info, char buf[VHYP_CELL_NAME_LEN + 1])
{
	memcpy(buf, info->name, VHYP_CELL_NAME_LEN);
	buf[VHYP_CELL_NAME_LEN] = '\0';
	return buf;
}

int cell_find(struct vhyp_dev *d, const char *cell, struct vhyp_cell_info *info)
{
	char name[VHYP_CELL_NAME_LEN + 1];
	uint64_t id = 0;
	uint32_t i;
	int err;

	for (i = 1; i <= VHYP_MAX_CELLS; i++) {
		err = dev_cell_info(d, i, info);
		if (err == ENOENT)
			continue;
		if (err)
			return err;
		if (!strcmp(cell_name(info, name), cell))
			return 0;
	}
	/* digits only: parse_u64 would take "0x2" too, which no one types for an id */
	if (cell[strspn(cell, "0123456789")] || !parse_u64(cell, &id) ||
	    id < 1 || id > VHYP_MAX_CELLS)
		return ENOENT;
	return dev_cell_info(d, id, info);
}

int cell_lookup(struct vhyp_dev *d, const char *cell, struct vhyp_cell_info *info)
{
	int err = cell_find(d, cell, info);

	if (err == ENOENT) {
		err_msg("no cell %s on %s: 'vhypctl list' shows the cells.", cell, d->path);
		return EXIT_REFUSED;
	}
	if (err)
		return fail_cell(d->path, OP_CELL_INFO, cell, err);
	return EXIT_OK;
}

int cells_read(struct vhyp_dev *d, struct vhyp_cell_info cells[VHYP_MAX_CELLS],
	       unsigned int *n)
{
	uint32_t id;
	int err;

	*n = 0;
	/* no hypervisor, no cells: VHYP_CELL_INFO would say ENOTCONN */
	if (!(d->info.flags & VHYP_INFO_ENABLED))
		return EXIT_OK;
	for (id = 1; id <= VHYP_MAX_CELLS; id++) {
		err = dev_cell_info(d, id, &cells[*n]);
		if (err == ENOENT)
			continue;
		if (err == ENOTCONN) {	/* disabled a moment ago */
			d->info.flags &= ~VHYP_INFO_ENABLED;
			*n = 0;
			break;
		}
		if (err) {
			char num[12];

			snprintf(num, sizeof(num), "%u", id);
			return fail_cell(d->path, OP_CELL_INFO, num, err);
		}
		(*n)++;
	}
	return EXIT_OK;
}

int cpu_stats_read(struct vhyp_dev *d, uint64_t mask, struct vhyp_cpu_stats st[64],
		   unsigned int *n)
{
	unsigned int cpu;
	int err;

	*n = 0;
	for (cpu = 0; cpu < 64; cpu++) {
		if (!(mask & (1ull << cpu)))
			continue;
		err = dev_cpu_stats(d, cpu, &st[*n]);
		if (err)
			return fail(d->path, OP_CPU_STATS, err);
		(*n)++;
	}
	return EXIT_OK;
}

uint64_t boottime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

uint64_t cell_uptime_ns(const struct vhyp_cell_info *info)
{
	uint64_t now = boottime_ns();

	if (info->state != VHYP_CELL_RUNNING || !info->started_ns || now < info->started_ns)
		return 0;
	return now - info->started_ns;
}

const char *duration_str(uint64_t ns, char *buf, size_t len)
{
	unsigned long long s = ns / 1000000000u;

	if (s < 60)
		snprintf(buf, len, "%llus", s);
	else if (s < 3600)
		snprintf(buf, len, "%llum %02llus", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lluh %02llum %02llus", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%llud %02lluh %02llum", s / 86400, s / 3600 % 24, s / 60 % 60);
	return buf;
}

void cell_json_fields(struct json *j, const struct vhyp_cell_info *info)
{
	char name[VHYP_CELL_NAME_LEN + 1];
	int cpu, e;

	json_string(j, "name", cell_name(info, name));
	json_u64(j, "id", info->id);
	json_string(j, "state", cell_state_name(info->state));
	json_array_begin(j, "cpus");
	for (cpu = 0; cpu < 64; cpu++)
		if (info->cpus & (1ull << cpu))
			json_u64(j, NULL, cpu);
	json_array_end(j);
	json_u64(j, "mem_bytes", info->mem_bytes);
	json_u64(j, "starts", info->starts);
	json_u64(j, "created_ns", info->created_ns);
	json_u64(j, "started_ns", info->started_ns);
	json_u64(j, "uptime_ns", cell_uptime_ns(info));
	json_u64(j, "irqs_denied", info->irqs_denied);
	json_u64(j, "sgis_denied", info->sgis_denied);
	json_u64(j, "serrors", info->serrors);
	if (info->state == VHYP_CELL_FAILED) {
		char reason[sizeof(info->reason) + 1];

		memcpy(reason, info->reason, sizeof(info->reason));
		reason[sizeof(info->reason)] = '\0';
		json_object_begin(j, "failure");
		json_string(j, "reason", reason);
		json_u64(j, "cpu", info->failed_cpu);
		json_u64(j, "esr", info->esr);
		json_u64(j, "far", info->far);
		json_u64(j, "pc", info->pc);
		json_object_end(j);
	} else {
		json_null(j, "failure");
	}
	json_object_begin(j, "exits");
	for (e = 0; e < VHYP_EXIT_NR; e++)
		json_u64(j, cell_exit_names[e], info->exits[e]);
	json_object_end(j);
	cell_report_json(j, &info->report);
}

void cell_report_json(struct json *j, const struct vhyp_cell_report *r)
{
	if (!r->reports) {
		json_null(j, "report");
		return;
	}
	json_object_begin(j, "report");
	json_u64(j, "reports", r->reports);
	json_u64(j, "worst_ns", r->worst_ns);
	json_u64(j, "max_ns", r->max_ns);
	json_u64(j, "samples", r->samples);
	json_u64(j, "period_samples", r->period_samples);
	json_u64(j, "code", r->code);
	json_object_end(j);
}

void cell_report_line(const struct vhyp_cell_report *r, const char *indent)
{
	char worst[32], max[32];

	if (!r->reports)
		return;
	printf("%spayload report: worst %s over its last period (%u samples), %s since its start; %llu reports, %llu samples, code %u\n",
	       indent, top_latency_str(r->worst_ns, worst, sizeof(worst)), r->period_samples,
	       top_latency_str(r->max_ns, max, sizeof(max)), (unsigned long long)r->reports,
	       (unsigned long long)r->samples, r->code);
}

void cell_failure_line(const struct vhyp_cell_info *info, const char *indent)
{
	printf("%sfailed on CPU %u: %.*s (ESR 0x%llx, FAR 0x%llx, PC 0x%llx)\n", indent,
	       info->failed_cpu, (int)sizeof(info->reason), info->reason,
	       (unsigned long long)info->esr, (unsigned long long)info->far,
	       (unsigned long long)info->pc);
}

int cell_arg_open(const struct verb *v, int argc, char **argv, struct vhyp_dev *d,
		  struct vhyp_cell_info *info)
{
	if (verb_getopt(v, argc, argv, NULL, NULL) != -1)
		return EXIT_ABI;	/* no verb option was declared */
	return cell_operand_open(v, argc, argv, d, info);
}

int cell_operand_open(const struct verb *v, int argc, char **argv, struct vhyp_dev *d,
		      struct vhyp_cell_info *info)
{
	int ret;

	if (optind == argc)
		return usage_error(v, "no cell given");
	if (optind + 1 < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind + 1]);

	ret = dev_open(d, g.device);
	if (ret)
		return ret;
	ret = cell_lookup(d, argv[optind], info);
	if (ret)
		dev_close(d);
	return ret;
}
