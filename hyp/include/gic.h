/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GICv3: register offsets, the physical GIC as the hypervisor drives
 * it (gic.c), the emulated distributor and redistributors (vgicd.c,
 * vgicr.c) and SGI routing (sgi.c).
 */
#ifndef _VHYP_GIC_H
#define _VHYP_GIC_H

#include <linux/types.h>
#include "cpu.h"
#include "gic_layout.h"

#define GIC_NR_PRIVATE		32		/* SGIs and PPIs */
#define GIC_MAX_INTID		1020		/* SPIs end below the special INTIDs */
#define GIC_SPURIOUS		1023		/* what ICC_IAR1_EL1 reads when nothing is pending */
#define GIC_LPI_BASE		8192		/* LPIs: the ITS's MSIs */
#define GIC_DEFAULT_PRIO	0xa0		/* what Linux gives every interrupt */

/*
 * Physical priorities: the hypervisor's own kick SGI and maintenance PPI
 * above everything an owner may program (owners' values are raised to
 * GIC_PRIO_FLOOR at the GIC; what they see is what they wrote), so that a
 * full queue can hold the rest back with the priority mask alone.
 */
#define GIC_HYP_PRIO		0x10
#define GIC_PRIO_FLOOR		0x20
#define GIC_PMR_THROTTLE	GIC_PRIO_FLOOR	/* only the hypervisor's own pass */
#define GIC_PMR_OPEN		0xff

#define GICD_SIZE		0x10000
#define GICR_FRAME_SIZE		0x20000		/* a cell's frames: RD_base + SGI_base */
#define GICR_SGI_BASE		0x10000

/* distributor; the redistributor's SGI_base has the same layout for 0..31 */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IIDR		0x0008
#define GICD_TYPER2		0x000c
#define GICD_SETSPI_NSR		0x0040
#define GICD_CLRSPI_NSR		0x0048
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IGRPMODR		0x0d00
#define GICD_IROUTER		0x6000
#define GICD_ID_REGS		0xffd0		/* PIDR4..CIDR3 */

#define GICD_CTLR_RWP		BIT(31)
#define GICD_CTLR_ARE_NS	BIT(4)
#define GICD_CTLR_DS		BIT(6)		/* one security state: groups are ours to read */
#define GICD_CTLR_ENABLES	0x3		/* EnableGrp1 / EnableGrp1A (or Grp0/Grp1) */
#define GICD_TYPER_LPIS		BIT(17)
#define GICD_TYPER_MBIS		BIT(16)
#define GICD_IROUTER_IRM	BIT_ULL(31)

/* redistributor RD_base */
#define GICR_CTLR		0x0000
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_CTLR_RWP		BIT(3)


static inline u32 mmio_read32(u64 addr)
{
	return *(volatile u32 *)addr;
}

static inline void mmio_write32(u64 addr, u32 v)
{
	*(volatile u32 *)addr = v;
}

static inline u64 mmio_read64(u64 addr)
{
	return *(volatile u64 *)addr;
}

static inline void mmio_write64(u64 addr, u64 v)
{
	*(volatile u64 *)addr = v;
}

static inline u8 mmio_read8(u64 addr)
{
	return *(volatile u8 *)addr;
}

static inline void mmio_write8(u64 addr, u8 v)
{
	*(volatile u8 *)addr = v;
}

struct cell;
struct hyp_regs;

/* gic.c */
extern u8 irq_owner[GIC_MAX_INTID];	/* SPI -> cell id, 0: the root's */
extern u8 spi_prio[GIC_MAX_INTID];	/* the SPIs' priorities, as programmed */
extern u32 gic_nr_irqs;			/* INTIDs the distributor has: 32 + SPIs */

void gic_setup(void);
int gic_init_cpu(struct hyp_cpu *cpu, bool fresh);
void gic_exit_cpu(struct hyp_cpu *cpu);
void gic_reset_private(struct hyp_cpu *cpu);
void gic_send_sgi(u64 mpidr, u32 intid);
u32 gic_hyp_private(void);
u8 gic_phys_prio(u8 prio);
void gic_spi_quiesce(u32 intid, u64 route_mpidr);
void gic_spi_route(u32 intid, u64 mpidr);
void gic_spi_redeliver(u32 intid, u64 route_mpidr);
void gic_repend_edge(struct hyp_cpu *cpu, u32 intid);
bool gic_is_gic_range(u64 pa, u64 size);
struct hyp_cpu *gic_cpu_of_frame(u64 pa);
u64 gic_root_mpidr(void);
bool gic_root_mpidr_except(struct hyp_cpu *not, u64 *mpidr);

static inline u64 gicd_base(void)
{
	extern struct vhyp_hyp_header hyp_header;

	return hyp_header.gicd_base;
}

/* vgicd.c, vgicr.c: MMIO a cell (NULL: the root) made to its GIC; false: not the GIC's */
bool vgicd_access(struct cell *cell, struct hyp_regs *regs, u64 ipa, u64 esr);
bool vgicr_access(struct cell *cell, struct hyp_regs *regs, u64 ipa, u64 esr);
bool vgicr_root_access(struct hyp_regs *regs, u64 pa, u64 esr);
u64 vgicr_size(struct cell *cell);

/* sgi.c: a trapped ICC_SGI*R write */
void sgi_from_root(u32 reg, u64 val);
void sgi_from_cell(struct cell *cell, u64 val);

#endif
