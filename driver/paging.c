// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's translation-table code, compiled into the driver as
 * well: the driver builds the first tables (EL2 stage 1 and the root
 * cell's stage 2) in the hypervisor's memory before EL2 runs on them.
 */
#include "../hyp/paging.c"
