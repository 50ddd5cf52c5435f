/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GICv3/v4 redistributor layout and the SGI register encoding, as
 * pure functions: which redistributor frame is a CPU's (walking the
 * regions the device tree gives, frame by frame, as the architecture lays
 * them out), and the ICC_SGI1R_EL1 value that sends an SGI to one CPU,
 * and back.  No MMIO and no system register here: the caller reads
 * GICR_TYPER through a callback, so that the hypervisor, the driver and
 * the host unit tests (tests/unit/gic_layout_test.c, on recorded layouts
 * of real machines) run the same code.  Depends on <linux/types.h> only.
 *
 * References: Arm IHI 0069 (GICv3 and GICv4), 9.1 (the redistributor
 * frames: RD_base, SGI_base, and with GICv4 VLPI_base and a reserved
 * page), 12.11.35 GICR_TYPER; Arm DDI 0487, ICC_SGI1R_EL1; Linux's
 * Documentation/devicetree/bindings/interrupt-controller/arm,gic-v3.yaml
 * (#redistributor-regions, redistributor-stride).
 */
#ifndef _VHYP_GIC_LAYOUT_H
#define _VHYP_GIC_LAYOUT_H

#include <linux/types.h>

#define GICR_TYPER_VLPIS	(1ULL << 1)	/* GICv4: the frame has VLPI_base and a reserved page */
#define GICR_TYPER_LAST		(1ULL << 4)	/* the last frame of its region */
#define GICR_RD_SIZE		0x10000ULL	/* one 64 KiB page: RD_base, SGI_base, VLPI_base, reserved */

/* One range of the GIC node's reg after the distributor: frames, back to back. */
struct gicr_region {
	u64 base, size;
};

struct gicr_layout {
	const struct gicr_region *regions;
	unsigned int nr;		/* #redistributor-regions */
	u64 stride;		/* the DT's redistributor-stride, 0: from each frame's GICR_TYPER.VLPIS */
};

/* Reads the 64-bit GICR_TYPER of the frame at physical address 'frame'. */
typedef u64 (*gicr_read_typer_t)(void *arg, u64 frame);

/*
 * GICR_TYPER[63:32] affinity (Aff3.Aff2.Aff1.Aff0) of an MPIDR_EL1 value:
 * Aff3 (MPIDR[39:32]) above Aff2..Aff0 (MPIDR[23:0]); the U, MT and RES1
 * bits of MPIDR_EL1 are not part of it.
 */
u32 gicr_affinity(u64 mpidr);

/*
 * The size of a frame: the stride if given, else 256 KiB with VLPIS
 * (GICv4: four 64 KiB pages), else 128 KiB (GICv3: RD_base and SGI_base).
 */
u64 gicr_frame_size(const struct gicr_layout *l, u64 typer);

/*
 * The frame of the CPU with 'mpidr', walking every region frame by frame
 * until a frame with Last or the region's end; 0 if none; *frame_size its
 * size. A frame that would run past its region's end ends the walk of that
 * region. read_typer() is called only for frames whose first 64 KiB page
 * lies inside their region, in walk order; a region that is empty or
 * wraps around the address space is not walked. frame_size may be NULL;
 * it is set to 0 when no frame is the CPU's.
 */
u64 gicr_find(const struct gicr_layout *l, u64 mpidr, gicr_read_typer_t read_typer,
	      void *arg, u64 *frame_size);

/*
 * ICC_SGI1R_EL1 for SGI 'intid' to the one CPU 'mpidr' (Aff3/Aff2/Aff1,
 * RS = Aff0 / 16, target list bit Aff0 % 16). IRM is 0; only the low 4
 * bits of 'intid' are an SGI's.
 */
u64 gic_sgir(u64 mpidr, u32 intid);

/*
 * The MPIDRs (affinity only) an ICC_SGI1R value names by target list
 * (IRM = 0), in ascending Aff0; returns how many (at most 16). A value
 * with IRM set names CPUs by "all but self", not a list: 0.
 */
unsigned int gic_sgir_targets(u64 sgir, u64 mpidrs[16]);

#endif
