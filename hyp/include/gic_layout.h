/* SPDX-License-Identifier: GPL-2.0 */
/* placeholder: replaced by the tested version */
#ifndef _VHYP_GIC_LAYOUT_H
#define _VHYP_GIC_LAYOUT_H
#include <linux/types.h>
#define GICR_TYPER_VLPIS	(1ULL << 1)
#define GICR_TYPER_LAST		(1ULL << 4)
#define GICR_RD_SIZE		0x10000ULL
struct gicr_region { u64 base, size; };
struct gicr_layout {
	const struct gicr_region *regions;
	unsigned int nr;
	u64 stride;
};
typedef u64 (*gicr_read_typer_t)(void *arg, u64 frame);
u32 gicr_affinity(u64 mpidr);
u64 gicr_frame_size(const struct gicr_layout *l, u64 typer);
u64 gicr_find(const struct gicr_layout *l, u64 mpidr, gicr_read_typer_t read_typer,
	      void *arg, u64 *frame_size);
u64 gic_sgir(u64 mpidr, u32 intid);
unsigned int gic_sgir_targets(u64 sgir, u64 mpidrs[16]);
#endif
