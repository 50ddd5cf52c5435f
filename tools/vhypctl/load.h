/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl load: what its two ways of loading share.  cmd_load.c loads
 * images where the user says; cmd_load_linux.c (--kernel) loads a Linux
 * kernel, its device tree and an initrd where the arm64 boot protocol
 * wants them.
 */
#ifndef VHYPCTL_LOAD_H
#define VHYPCTL_LOAD_H

#include "vhypctl.h"

/*
 * The cell CELL on the open device D: its info, its name as the driver has
 * it, and its config: from the cell config file CONFIG (which must describe
 * that cell), or the driver's copy if CONFIG is NULL.  Returns an exit
 * code, the sentence printed.
 */
int load_target(struct vhyp_dev *d, const char *cell, const char *config,
		struct vhyp_cell_info *info, char name[VHYP_CELL_NAME_LEN + 1],
		struct vhyp_cell_config *cfg);

/*
 * Read FILE, one image for the cell (WHAT names it: "image", "initrd"),
 * whole: refused with a sentence if it cannot be read, is empty, or is
 * larger than one VHYP_CELL_LOAD takes (TOO_BIG: what to do then).
 */
int load_read(const char *what, const char *file, const char *too_big, void **data,
	      size_t *len);

/* load CELL --kernel IMAGE [--initrd FILE] [--cmdline TEXT] [--dtb FILE] */
struct linux_args {
	const char *cell;
	const char *kernel;
	const char *initrd;	/* NULL: none */
	const char *cmdline;	/* NULL: the default, or the --dtb's own */
	const char *dtb;	/* NULL: build one from the cell's config */
	const char *config;	/* --config */
	const char *system;	/* --system: the GIC's addresses for the built tree */
};

int load_linux(const struct linux_args *a);

#endif
