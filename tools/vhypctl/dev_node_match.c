// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: each device of a cell config looked up, by address, in the
 * root's device tree (dev_node.h).  One walk of the tree: every node with
 * a compatible and a reg whose ranges are whole pairs, each of its first
 * ranges translated to a physical address and scored against the
 * device it starts in.
 */
#include <libfdt.h>

#include "dev_node.h"

/* The config's count of devices, bounded (a driver's copy is input too). */
static unsigned int ndev(const struct vhyp_cell_config *cfg)
{
	return cfg->num_dev < VHYP_CELL_MAX_DEV ? cfg->num_dev : VHYP_CELL_MAX_DEV;
}

int dev_node_at(const struct vhyp_cell_config *cfg, uint64_t addr)
{
	unsigned int i;

	for (i = 0; i < ndev(cfg); i++)
		if (addr >= cfg->dev[i].base && addr - cfg->dev[i].base < cfg->dev[i].size)
			return i;
	return -1;
}

void dev_node_match(const struct dt *dt, const struct vhyp_cell_config *cfg,
		    int node[VHYP_CELL_MAX_DEV])
{
	int score[VHYP_CELL_MAX_DEV];
	int n = 0, depth = 0, d, s;
	struct dt_reg w;
	uint64_t addr, size;
	unsigned int i, j;

	for (i = 0; i < VHYP_CELL_MAX_DEV; i++) {
		node[i] = -1;
		score[i] = -1;
	}
	for (;;) {
		n = fdt_next_node(dt->fdt, n, &depth);
		if (n < 0 || depth < 1)
			break;
		if (!dt_has(dt, n, "compatible") || !dt_reg_open(&w, dt, n) || !w.whole)
			continue;
		for (j = 0; j < w.n && j < DEV_NODE_MAX_REG; j++) {
			if (!dt_reg_get(&w, j, &addr, &size))
				continue;
			d = dev_node_at(cfg, addr);
			if (d < 0)
				continue;
			/* a range at the device's base beats one inside it; reg's first, the others */
			s = (addr == cfg->dev[d].base ? 2 : 0) + !j;
			if (s > score[d]) {
				score[d] = s;
				node[d] = n;
			}
		}
	}
}
