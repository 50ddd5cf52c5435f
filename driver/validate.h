/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the driver checks of what user space passes it, as pure functions:
 * no kernel state, no allocation, nothing but the argument and a
 * description of the machine.  The module calls them from main.c and
 * cell.c; tests/fuzz builds the same validate.c for the host (with the
 * few kernel definitions it uses from tests/fuzz/shim/) and fuzzes it.
 */
#ifndef _VHYP_DRIVER_VALIDATE_H
#define _VHYP_DRIVER_VALIDATE_H

#include <linux/types.h>
#include <vhyp/ioctl.h>
#include <vhyp/status.h>

/* What the checks of a cell config need to know of the machine and its cells. */
struct vhyp_cell_env {
	unsigned int ncpus;		/* CPU slots (nr_cpu_ids, at most 64) */
	u64 online;			/* bit n: CPU n is online in the root */
	unsigned long ram_pages;	/* the machine's RAM, in pages */
	u32 gic_irqs;			/* INTIDs of the GIC: 32 + its SPIs */
	/* the configs of the cells that exist (cell n at [n - 1]), NULL: none */
	const struct vhyp_cell_config *cells[VHYP_MAX_CELLS];
	/* where a cell sees its emulated GIC: the distributor, the redistributors */
	u64 gicd_base, gicd_size, gicr_base, gicr_size;
	/* does [base, base + size) hold any of the machine's System RAM? */
	bool (*is_ram)(u64 base, u64 size);
};

/*
 * The argument struct of ioctl CMD, copied in whole (_IOC_SIZE(CMD)
 * bytes): its size field, and its reserved fields, flags and ranges where
 * they can be checked without state.  0 or -EINVAL, silently.
 */
int vhyp_check_arg(unsigned int cmd, const void *arg);

/*
 * A cell config for VHYP_CELL_CREATE against ENV: 0, or the errno of
 * uapi/vhyp/ioctl.h with one sentence in the kernel log saying why.
 */
int vhyp_check_cell_config(const struct vhyp_cell_config *cfg,
			   const struct vhyp_cell_env *env);

/*
 * An image for a cell created from CFG (VHYP_CELL_LOAD); FULL: the cell
 * holds as many images as it can.  0 or -EINVAL.
 */
int vhyp_check_load(const struct vhyp_cell_config *cfg, const struct vhyp_cell_load *req,
		    bool full);

#endif
