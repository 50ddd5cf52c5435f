/* SPDX-License-Identifier: GPL-2.0 */
/* The fuzz target of config_fuzz.c and its invariant checks. */
#ifndef CONFIG_FUZZ_H
#define CONFIG_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Also check cell configs against SYS (NULL: only alone). */
void config_fuzz_set_system(const struct vhyp_system *sys);
/* Abort unless C is a config the driver would accept (RESOLVED: with a system). */
void config_fuzz_check_cell(const struct vhyp_cell_config *c, bool resolved);

/*
 * The Linux cell's device tree built with ROOT..LEN as the root's device
 * tree: its devices where config_parse_test.c's boot tree has them.
 * Aborts unless it is built and valid; *DTB is malloc'd.  Returns how many
 * warnings it gave.
 */
unsigned int config_fuzz_linux_dt(const void *root, size_t len, void **dtb, size_t *dtb_len);

#endif
