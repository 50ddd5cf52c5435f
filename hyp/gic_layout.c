// SPDX-License-Identifier: GPL-2.0
/*
 * The redistributor walk and the SGI encoding (include/gic_layout.h).
 *
 * A redistributor region holds frames back to back, one per CPU, in an
 * order the SoC chose: affinity order on most, but not all (the Phytium
 * E2000 lists its FTC664 cores before its FTC310 ones in hardware, and
 * Linux numbers them the other way round).  So a CPU's frame is found by
 * its affinity in GICR_TYPER, never by its position.  A frame is 128 KiB
 * (GICv3), 256 KiB (GICv4, GICR_TYPER.VLPIS), or what the device tree's
 * redistributor-stride says where a SoC pads them.  GICR_TYPER.Last
 * marks the last frame of a region, which may end before the region does.
 */
#include <linux/types.h>
#include "include/gic_layout.h"

#define GICR_FRAME_V3		(2 * GICR_RD_SIZE)	/* RD_base, SGI_base */
#define GICR_FRAME_V4		(4 * GICR_RD_SIZE)	/* and VLPI_base, reserved */

/* ICC_SGI1R_EL1 fields (Arm DDI 0487) */
#define SGIR_TARGETS_MASK	0xffffULL		/* [15:0] */
#define SGIR_AFF1_SHIFT		16			/* [23:16] */
#define SGIR_INTID_SHIFT	24			/* [27:24] */
#define SGIR_AFF2_SHIFT		32			/* [39:32] */
#define SGIR_IRM		(1ULL << 40)
#define SGIR_RS_SHIFT		44			/* [47:44] */
#define SGIR_AFF3_SHIFT		48			/* [55:48] */

#define MPIDR_AFF0(m)		((m) & 0xff)
#define MPIDR_AFF1(m)		(((m) >> 8) & 0xff)
#define MPIDR_AFF2(m)		(((m) >> 16) & 0xff)
#define MPIDR_AFF3(m)		(((m) >> 32) & 0xff)

u32 gicr_affinity(u64 mpidr)
{
	return (u32)(mpidr & 0xffffff) | (u32)MPIDR_AFF3(mpidr) << 24;
}

u64 gicr_frame_size(const struct gicr_layout *l, u64 typer)
{
	if (l->stride)
		return l->stride;
	return typer & GICR_TYPER_VLPIS ? GICR_FRAME_V4 : GICR_FRAME_V3;
}

u64 gicr_find(const struct gicr_layout *l, u64 mpidr, gicr_read_typer_t read_typer,
	      void *arg, u64 *frame_size)
{
	u32 aff = gicr_affinity(mpidr);
	u64 frame, end, typer, size;
	unsigned int r;

	for (r = 0; r < l->nr; r++) {
		frame = l->regions[r].base;
		end = frame + l->regions[r].size;
		if (end <= frame)
			continue;	/* empty, or wraps: nothing to walk */
		/* GICR_TYPER is in the first page: read only a frame that has it */
		while (end - frame >= GICR_RD_SIZE) {
			typer = read_typer(arg, frame);
			size = gicr_frame_size(l, typer);
			if (size > end - frame)
				break;
			if ((u32)(typer >> 32) == aff) {
				if (frame_size)
					*frame_size = size;
				return frame;
			}
			if (typer & GICR_TYPER_LAST)
				break;
			frame += size;
		}
	}
	if (frame_size)
		*frame_size = 0;
	return 0;
}

u64 gic_sgir(u64 mpidr, u32 intid)
{
	u64 aff0 = MPIDR_AFF0(mpidr);

	return 1ULL << (aff0 % 16) |
	       MPIDR_AFF1(mpidr) << SGIR_AFF1_SHIFT |
	       (u64)(intid & 0xf) << SGIR_INTID_SHIFT |
	       MPIDR_AFF2(mpidr) << SGIR_AFF2_SHIFT |
	       (aff0 / 16) << SGIR_RS_SHIFT |
	       MPIDR_AFF3(mpidr) << SGIR_AFF3_SHIFT;
}

unsigned int gic_sgir_targets(u64 sgir, u64 mpidrs[16])
{
	u64 cluster, rs;
	unsigned int bit, n = 0;

	if (sgir & SGIR_IRM)
		return 0;
	rs = (sgir >> SGIR_RS_SHIFT) & 0xf;
	cluster = ((sgir >> SGIR_AFF3_SHIFT) & 0xff) << 32 |
		  ((sgir >> SGIR_AFF2_SHIFT) & 0xff) << 16 |
		  ((sgir >> SGIR_AFF1_SHIFT) & 0xff) << 8;
	for (bit = 0; bit < 16; bit++)
		if (sgir & (1ULL << bit))
			mpidrs[n++] = cluster | (rs * 16 + bit);
	return n;
}
