// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl list: every cell, as VHYP_CELL_INFO reports it for ids
 * 1..VHYP_MAX_CELLS (ENOENT: a free slot).
 *
 * Text is a table for people, with a line under each failed cell saying
 * why, where and at which instruction; --json is an array of one object
 * per cell for scripts, its field names an interface of their own
 * (Documentation/vhypctl.md), shared with 'vhypctl stats --json', with
 * each cell's channels and virtio devices (its config, VHYP_CELL_CONFIG).
 * Under a cell with virtio devices, the text says that the root shares
 * its RAM: the cell is not isolated from the root.
 */
#include <string.h>

#include "cell_lookup.h"
#include "config.h"

enum { COL_NAME, COL_ID, COL_STATE, COL_CPUS, COL_MEM, COL_UPTIME, NR_COLS };

static const char *const headers[NR_COLS] = {
	"NAME", "ID", "STATE", "CPUS", "MEMORY", "UPTIME"
};

#define COL_LEN	(VHYP_CELL_NAME_LEN + 200)

static void cell_columns(const struct vhyp_cell_info *c, char col[NR_COLS][COL_LEN])
{
	uint64_t up = cell_uptime_ns(c);

	cell_name(c, col[COL_NAME]);
	snprintf(col[COL_ID], sizeof(col[COL_ID]), "%u", c->id);
	snprintf(col[COL_STATE], sizeof(col[COL_STATE]), "%s", cell_state_name(c->state));
	cpu_mask_str(c->cpus, ",", col[COL_CPUS], sizeof(col[COL_CPUS]));
	size_str(c->mem_bytes, col[COL_MEM], sizeof(col[COL_MEM]));
	if (up)
		duration_str(up, col[COL_UPTIME], sizeof(col[COL_UPTIME]));
	else
		snprintf(col[COL_UPTIME], sizeof(col[COL_UPTIME]), "-");
}

static void print_text(const struct vhyp_cell_info *cells, unsigned int n, bool enabled,
		       const struct vhyp_cell_config *cfg)
{
	static char col[VHYP_MAX_CELLS][NR_COLS][COL_LEN];
	int width[NR_COLS], w;
	unsigned int i, k;

	if (!n) {
		if (!g.quiet)
			printf("no cells%s\n", enabled ? "" : " (vhyp is not enabled)");
		return;
	}
	for (k = 0; k < NR_COLS; k++)
		width[k] = strlen(headers[k]);
	for (i = 0; i < n; i++) {
		cell_columns(&cells[i], col[i]);
		for (k = 0; k < NR_COLS; k++) {
			w = strlen(col[i][k]);
			if (w > width[k])
				width[k] = w;
		}
	}
	/* numbers right-aligned, the rest left; no trailing blanks */
	for (k = 0; k < NR_COLS - 1; k++)
		printf(k == COL_ID ? "%*s  " : "%-*s  ", width[k], headers[k]);
	printf("%s\n", headers[NR_COLS - 1]);
	for (i = 0; i < n; i++) {
		for (k = 0; k < NR_COLS - 1; k++)
			printf(k == COL_ID ? "%*s  " : "%-*s  ", width[k], col[i][k]);
		printf("%s\n", col[i][NR_COLS - 1]);
		if (cells[i].state == VHYP_CELL_FAILED)
			cell_failure_line(&cells[i], "  ");
		virtio_list_line(&cfg[i], "  ");
	}
}

static void print_json(const struct vhyp_cell_info *cells, unsigned int n,
		       const struct vhyp_cell_config *cfg, const struct chan_list *list)
{
	unsigned int i;
	struct json j;

	json_init(&j, stdout);
	json_array_begin(&j, NULL);
	for (i = 0; i < n; i++) {
		json_object_begin(&j, NULL);
		cell_json_fields(&j, &cells[i]);
		cell_chans_json(&j, &cfg[i], list, cells[i].id, false);
		virtio_json(&j, &cfg[i]);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_finish(&j);
}

static int cmd_list(const struct verb *v, int argc, char **argv)
{
	static struct vhyp_cell_info cells[VHYP_MAX_CELLS];
	static struct vhyp_cell_config cfg[VHYP_MAX_CELLS];
	static struct chan_list list;
	struct vhyp_dev d;
	unsigned int n, i;
	int ret;

	verb_no_args(v, argc, argv);
	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	ret = cells_read(&d, cells, &n);
	/*
	 * Each cell's config (channels, virtio devices), read before a byte
	 * is written.  The text shows no channels, so it does not ask the
	 * driver for them: marked as read, the list stays empty.
	 */
	list.read = !g.json;
	for (i = 0; !ret && i < n; i++)
		ret = cell_chans_read(&d, &cells[i], &cfg[i], &list);
	if (!ret) {
		if (g.json)
			print_json(cells, n, cfg, &list);
		else
			print_text(cells, n, d.info.flags & VHYP_INFO_ENABLED, cfg);
	}
	dev_close(&d);
	return ret;
}

const struct verb verb_list = {
	.name = "list",
	.args = "",
	.summary = "list the cells: name, id, state, CPUs, memory, uptime",
	.description =
		"List every cell (VHYP_CELL_INFO) as a table: NAME, ID, STATE\n"
		"(created, running, stopped, failed or reset), CPUS (Linux CPU\n"
		"numbers), MEMORY (its RAM), UPTIME (since its last start, while it\n"
		"runs).  Under a failed cell, a line says why it was stopped, on\n"
		"which CPU, with the ESR, the faulting address (FAR; an IPA for\n"
		"aborts) and the PC.  Under a cell with virtio devices, a line says\n"
		"that the root shares its RAM (its backend reads and writes it).  With --json, an array of one object per cell\n"
		"(Documentation/vhypctl.md).  No cells, or vhyp not enabled, is not\n"
		"an error: \"no cells\", or [] with --json.",
	.json = true,
	.run = cmd_list,
};
