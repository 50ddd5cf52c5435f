/* SPDX-License-Identifier: GPL-2.0 */
/* The machine the fuzz targets check cell configs against. */
#ifndef FUZZ_SYSTEM_H
#define FUZZ_SYSTEM_H

#include "config.h"

/*
 * tests/unit/configs/system.dts (the machine of the config unit tests), as
 * the Makefile compiled it to FUZZ_SYSTEM_DTB; parsed on the first call.
 */
const struct vhyp_system *fuzz_system(void);

#endif
