// SPDX-License-Identifier: GPL-2.0
/* The machine the fuzz targets check cell configs against (fuzz_system.h). */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_system.h"

const struct vhyp_system *fuzz_system(void)
{
	static struct vhyp_system sys;
	static bool done;
	static char dtb[65536];
	struct cfg_err err;
	FILE *f;
	size_t len;

	if (done)
		return &sys;
	f = fopen(FUZZ_SYSTEM_DTB, "rb");
	if (!f) {
		perror("fuzz: " FUZZ_SYSTEM_DTB " (make -C tests/fuzz builds it)");
		exit(1);
	}
	len = fread(dtb, 1, sizeof(dtb), f);
	fclose(f);
	if (system_parse(dtb, len, &sys, &err)) {
		fprintf(stderr, "fuzz: %s: %s\n", FUZZ_SYSTEM_DTB, err.msg);
		exit(1);
	}
	done = true;
	return &sys;
}
