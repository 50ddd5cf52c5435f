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

#endif
