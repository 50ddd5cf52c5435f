/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl: a device of a cell config and its node in the root's device
 * tree (/sys/firmware/fdt).  A cell config knows a device's MMIO range
 * and SPIs; the root's tree knows its bindings: what a Linux cell's copy
 * of the node needs (linux_dt_dev.c), and whether the device masters the
 * bus (vhypctl create's warning).  No I/O: the caller reads the tree and
 * checks it with dt_open(); what the tree says is never trusted beyond
 * the bounds libfdt checks.
 */
#ifndef VHYPCTL_DEV_NODE_H
#define VHYPCTL_DEV_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "dt.h"

/* The reg ranges of a node that are looked at, from its first. */
#define DEV_NODE_MAX_REG	8

/* dev_node_match.c: the device of CFG whose range holds ADDR, or -1. */
int dev_node_at(const struct vhyp_cell_config *cfg, uint64_t addr);

/*
 * dev_node_match.c: the root's node of each device of CFG into NODE[i],
 * -1 for none: the node with a compatible one of whose first
 * DEV_NODE_MAX_REG reg ranges, translated to a physical address through
 * its parents' ranges, starts inside the device's range.  One that starts
 * exactly at the device's base wins, then one whose first range it is,
 * then the first in tree order.
 */
void dev_node_match(const struct dt *dt, const struct vhyp_cell_config *cfg,
		    int node[VHYP_CELL_MAX_DEV]);

/*
 * dev_node_dma.c: whether NODE can master the bus (DMA, or MSIs written
 * by the device itself), by what its node says: "it has 'iommus'" and the
 * like in BUF[LEN], returned; NULL where nothing says so, which does not
 * prove it cannot.
 */
const char *dev_node_dma(const struct dt *dt, int node, char *buf, size_t len);

#endif
