// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl stats: a cell's state and how often its CPUs left it for the
 * hypervisor, by reason: the sum since the cell was created from
 * VHYP_CELL_INFO and each CPU's own counters from VHYP_GET_CPU_STATS (the
 * status page counts per physical CPU since vhyp was enabled, so those
 * include what a CPU did for the root or an earlier cell before this one),
 * what its interrupt controller refused it, and its channels: the peer's
 * state and the doorbells this end received (cell_channels.c).
 */
#include <string.h>

#include "cell_lookup.h"
#include "config.h"

static void print_row(const char *label, const __u64 *exits, const int *width)
{
	int e;

	printf("  %4s", label);
	for (e = 0; e < VHYP_EXIT_NR; e++)
		printf("  %*llu", width[e], (unsigned long long)exits[e]);
	putchar('\n');
}

static void print_text(const struct vhyp_cell_info *info, const struct vhyp_cpu_stats *st,
		       unsigned int n, const struct vhyp_cell_config *cfg,
		       const struct chan_list *list)
{
	char name[VHYP_CELL_NAME_LEN + 1], buf[200], size[32];
	int width[VHYP_EXIT_NR], e, w;
	uint64_t up = cell_uptime_ns(info);
	unsigned int i;

	printf("cell %s (id %u): %s", cell_name(info, name), info->id,
	       cell_state_name(info->state));
	if (up)
		printf(" for %s", duration_str(up, buf, sizeof(buf)));
	printf(", started %llu time%s\n", (unsigned long long)info->starts,
	       info->starts == 1 ? "" : "s");
	printf("  CPUs %s, %s of RAM\n", cpu_mask_str(info->cpus, ",", buf, sizeof(buf)),
	       size_str(info->mem_bytes, size, sizeof(size)));
	if (info->state == VHYP_CELL_FAILED)
		cell_failure_line(info, "  ");
	printf("  refused: %llu distributor accesses to interrupts not its own, %llu SGIs aimed outside it\n",
	       (unsigned long long)info->irqs_denied, (unsigned long long)info->sgis_denied);
	if (info->serrors)
		printf("  %llu SErrors it caused, passed on to it\n",
		       (unsigned long long)info->serrors);
	cell_report_line(&info->report, "  ");
	cell_chans_text(cfg, list, info->id);
	virtio_text(cfg);

	/* columns as wide as their widest number: counters grow fast */
	for (e = 0; e < VHYP_EXIT_NR; e++) {
		width[e] = strlen(cell_exit_names[e]);
		for (i = 0; i <= n; i++) {
			w = snprintf(NULL, 0, "%llu", (unsigned long long)
				     (i < n ? st[i].exits[e] : info->exits[e]));
			if (w > width[e])
				width[e] = w;
		}
	}
	printf("\nexits by reason:\n  %4s", "cpu");
	for (e = 0; e < VHYP_EXIT_NR; e++)
		printf("  %*s", width[e], cell_exit_names[e]);
	putchar('\n');
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%u", st[i].cpu);
		print_row(buf, st[i].exits, width);
	}
	print_row("cell", info->exits, width);
}

static void print_json(const struct vhyp_cell_info *info, const struct vhyp_cpu_stats *st,
		       unsigned int n, const struct vhyp_cell_config *cfg,
		       const struct chan_list *list)
{
	unsigned int i;
	struct json j;
	int e;

	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	cell_json_fields(&j, info);
	cell_chans_json(&j, cfg, list, info->id, true);
	virtio_json(&j, cfg);
	json_array_begin(&j, "per_cpu");
	for (i = 0; i < n; i++) {
		json_object_begin(&j, NULL);
		json_u64(&j, "cpu", st[i].cpu);
		json_object_begin(&j, "exits");
		for (e = 0; e < VHYP_EXIT_NR; e++)
			json_u64(&j, cell_exit_names[e], st[i].exits[e]);
		json_object_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
}

static int cmd_stats(const struct verb *v, int argc, char **argv)
{
	static struct vhyp_cpu_stats st[64];
	static struct vhyp_cell_config cfg;
	static struct chan_list list;
	struct vhyp_cell_info info;
	struct vhyp_dev d;
	unsigned int n;
	int ret;

	ret = cell_arg_open(v, argc, argv, &d, &info);
	if (ret)
		return ret;
	ret = cpu_stats_read(&d, info.cpus, st, &n);
	if (ret)
		goto out;
	ret = cell_chans_read(&d, &info, &cfg, &list);
	if (ret)
		goto out;
	if (g.json)
		print_json(&info, st, n, &cfg, &list);
	else
		print_text(&info, st, n, &cfg, &list);
out:
	dev_close(&d);
	return ret;
}

const struct verb verb_stats = {
	.name = "stats",
	.args = "CELL",
	.summary = "show a cell's state and its CPUs' exits by reason",
	.description =
		"Show the state of the cell CELL (a name, or an id), its CPUs and\n"
		"RAM, why it failed if it did, how many of its accesses to interrupts\n"
		"and SGIs not its own were refused, and for each of its CPUs how often\n"
		"it left the cell for the hypervisor, by reason (VHYP_CELL_INFO,\n"
		"VHYP_GET_CPU_STATS).  A CPU's row counts since vhyp was enabled: it\n"
		"includes what the CPU did for the root, or an earlier cell, before\n"
		"this cell took it; the row 'cell' sums its CPUs since it was created.\n"
		"Its channels and virtio devices have a line each; a cell with virtio\n"
		"devices is marked as one whose RAM the root shares.  What its payload\n"
		"reported of itself (VHYP_HC_CELL_REPORT), if it did, has a line.",
	.json = true,
	.run = cmd_stats,
};
