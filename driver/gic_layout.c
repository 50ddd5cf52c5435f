// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's redistributor walk, compiled into the driver as well:
 * the driver finds each CPU's frame the same way before enabling, to
 * choose the SGI the hypervisor keeps (gic.c).
 */
#include "../hyp/gic_layout.c"
