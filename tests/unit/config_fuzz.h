/* SPDX-License-Identifier: GPL-2.0 */
/* The fuzz target of config_fuzz.c and its invariant checks, for every fuzz target. */
#ifndef CONFIG_FUZZ_H
#define CONFIG_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

/* A broken invariant: say which, and abort (the fuzzer keeps the input). */
#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz: %s:%d: %s\n", __FILE__,		\
			__LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

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

/* Abort unless ERR is one printable sentence and OBJ..SIZE (if any) is zeroed. */
static inline void config_fuzz_check_refusal(const struct cfg_err *err, const void *obj,
					     size_t size)
{
	const unsigned char *p = obj;
	size_t i, len = strnlen(err->msg, sizeof(err->msg));

	CHECK(len > 0 && len < sizeof(err->msg));
	for (i = 0; i < len; i++)
		CHECK(err->msg[i] >= 0x20 && err->msg[i] < 0x7f);
	for (i = 0; obj && i < size; i++)
		CHECK(p[i] == 0);
}

#endif
