// SPDX-License-Identifier: GPL-2.0
/*
 * The GICv3 as a payload uses it: affinity routing, every private
 * interrupt (SGI, PPI) and every SPI it enables in group 1 at one
 * priority, SPIs routed to the CPU that enables them, the CPU interface
 * through system registers.  No LPIs.  The same code runs on the
 * bare machine and in a cell, where the hypervisor emulates the
 * distributor and the redistributors at the same addresses.
 *
 * MMIO registers it touches:
 *   GICD_CTLR                 read, write (ARE_NS, EnableGrp1), RWP
 *   GICD_IGROUPR, GICD_ICFGR  read, write (an SPI's group, its trigger)
 *   GICD_IPRIORITYR           write (8 bit)
 *   GICD_IROUTER              write (64 bit)
 *   GICD_ISENABLER            write
 *   GICR_TYPER (64 bit)       read: affinity, Last, VLPIS
 *   GICR_WAKER                read, write (ProcessorSleep), ChildrenAsleep
 *   GICR_CTLR                 read: RWP
 *   GICR_ICENABLER0           write
 *   GICR_IGROUPR0             write
 *   GICR_IPRIORITYR0..7       write (32 bit)
 *   GICR_ISENABLER0           write
 */
#include "inmate.h"

#define GICD_CTLR		0x0000
#define GICD_CTLR_RWP		(1u << 31)
#define GICD_CTLR_ARE_NS	(1u << 4)
#define GICD_CTLR_ENABLE_G1	(1u << 1)	/* Grp1NS, Grp1A, or Grp1 (DS) */
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000

/* RD_base frame */
#define GICR_CTLR		0x0000
#define GICR_CTLR_RWP		(1u << 3)
#define GICR_TYPER		0x0008
#define GICR_TYPER_VLPIS	(1u << 1)
#define GICR_TYPER_LAST		(1u << 4)
#define GICR_WAKER		0x0014
#define GICR_WAKER_SLEEP	(1u << 1)	/* ProcessorSleep */
#define GICR_WAKER_ASLEEP	(1u << 2)	/* ChildrenAsleep */

/* SGI_base frame, 64 KiB above RD_base */
#define GICR_SGI_BASE		0x10000
#define GICR_IGROUPR0		(GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0		(GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0		(GICR_SGI_BASE + 0x0180)
#define GICR_IPRIORITYR(n)	(GICR_SGI_BASE + 0x0400 + 4 * (n))

#define GICR_FRAME		0x20000		/* RD_base + SGI_base */
#define GICR_MAX_FRAMES		256

#define ICC_SRE_SRE		(1u << 0)
#define ICC_CTLR_EOIMODE	(1u << 1)

/* Wait until a register bit clears; 0, or -1 after about a million tries. */
static int wait_clear(unsigned long addr, uint32_t bit, const char *what)
{
	long i;

	for (i = 0; i < 1000000; i++) {
		if (!(mmio_read32(addr) & bit))
			return 0;
		cpu_relax();
	}
	puts("gic: ");
	puts(what);
	puts(" does not clear\n");
	return -1;
}

int gic_dist_init(void)
{
	unsigned long ctlr = GICD_BASE + GICD_CTLR;

	/* Affinity routing first, with the groups disabled, as the spec asks. */
	if (!(mmio_read32(ctlr) & GICD_CTLR_ARE_NS)) {
		mmio_write32(ctlr, GICD_CTLR_ARE_NS);
		if (wait_clear(ctlr, GICD_CTLR_RWP, "GICD_CTLR.RWP"))
			return -1;
	}
	mmio_write32(ctlr, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1);
	return wait_clear(ctlr, GICD_CTLR_RWP, "GICD_CTLR.RWP");
}

/* Affinity of this CPU as GICR_TYPER[63:32] has it: Aff3.Aff2.Aff1.Aff0. */
static uint32_t this_affinity(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);

	return (uint32_t)(mpidr & 0xffffff) | (uint32_t)((mpidr >> 32) & 0xff) << 24;
}

/* This CPU's RD_base, or 0. */
static unsigned long gicr_this_cpu(void)
{
	uint32_t aff = this_affinity();
	unsigned long rd = GICR_BASE;
	int i;

	for (i = 0; i < GICR_MAX_FRAMES; i++) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
		rd += GICR_FRAME;
		if (typer & GICR_TYPER_VLPIS)	/* GICv4: VLPI_base, reserved */
			rd += GICR_FRAME;
	}
	return 0;
}

int gic_cpu_init(void)
{
	unsigned long rd = gicr_this_cpu();
	uint32_t waker;
	int i;

	if (!rd) {
		puts("gic: no redistributor for MPIDR ");
		put_hex(read_sysreg(mpidr_el1) & MPIDR_AFF_MASK);
		putc('\n');
		return -1;
	}

	waker = mmio_read32(rd + GICR_WAKER);
	if (waker & GICR_WAKER_SLEEP)
		mmio_write32(rd + GICR_WAKER, waker & ~GICR_WAKER_SLEEP);
	if (wait_clear(rd + GICR_WAKER, GICR_WAKER_ASLEEP, "GICR_WAKER.ChildrenAsleep"))
		return -1;

	/* Everything off while groups and priorities change. */
	mmio_write32(rd + GICR_ICENABLER0, 0xffffffff);
	if (wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP"))
		return -1;
	mmio_write32(rd + GICR_IGROUPR0, 0xffffffff);
	for (i = 0; i < GIC_NR_PRIVATE / 4; i++)
		mmio_write32(rd + GICR_IPRIORITYR(i), GIC_PRIORITY * 0x01010101u);

	/* The CPU interface, through system registers. */
	write_sysreg(read_sysreg(icc_sre_el1) | ICC_SRE_SRE, icc_sre_el1);
	isb();
	if (!(read_sysreg(icc_sre_el1) & ICC_SRE_SRE)) {
		puts("gic: no system register interface (ICC_SRE_EL1.SRE)\n");
		return -1;
	}
	write_sysreg(read_sysreg(icc_ctlr_el1) & ~ICC_CTLR_EOIMODE, icc_ctlr_el1);
	write_sysreg(0xff, icc_pmr_el1);
	write_sysreg(0, icc_bpr1_el1);
	write_sysreg(1, icc_igrpen1_el1);
	isb();
	return 0;
}

/* An SPI: group 1, default priority, routed to this CPU, enabled. */
static void enable_spi(unsigned int intid)
{
	unsigned long d = GICD_BASE, bit = 1u << (intid % 32), reg = 4 * (intid / 32);
	uint64_t mpidr = read_sysreg(mpidr_el1);

	mmio_write32(d + GICD_IGROUPR + reg, mmio_read32(d + GICD_IGROUPR + reg) | bit);
	asm volatile("strb %w0, [%1]" : : "r" (GIC_PRIORITY), "r" (d + GICD_IPRIORITYR + intid)
		     : "memory");
	asm volatile("str %0, [%1]" : : "r" ((mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 32),
		     "r" (d + GICD_IROUTER + 8 * intid) : "memory");
	mmio_write32(d + GICD_ISENABLER + reg, bit);
}

/* An SPI edge-triggered (a channel's doorbell), before it is enabled. */
void gic_set_edge(unsigned int intid)
{
	unsigned long reg = GICD_BASE + GICD_ICFGR + 4 * (intid / 16);

	if (intid >= GIC_NR_PRIVATE && intid < GIC_MAX_INTID)
		mmio_write32(reg, mmio_read32(reg) | 2u << 2 * (intid % 16));
}

void gic_enable_irq(unsigned int intid)
{
	unsigned long rd = gicr_this_cpu();

	if (intid >= GIC_NR_PRIVATE && intid < GIC_MAX_INTID)
		enable_spi(intid);
	else if (rd && intid < GIC_NR_PRIVATE)
		mmio_write32(rd + GICR_ISENABLER0, 1u << intid);
}

/*
 * Group 1 SGI to one CPU: ICC_SGI1R_EL1 with a target list of one.  The
 * dsb makes this CPU's earlier stores visible before the SGI is.
 */
void gic_send_sgi(uint64_t mpidr, unsigned int intid)
{
	uint64_t aff0 = mpidr & 0xff;
	uint64_t v;

	v = ((mpidr >> 32) & 0xff) << 48 |	/* Aff3 */
	    ((mpidr >> 16) & 0xff) << 32 |	/* Aff2 */
	    ((mpidr >> 8) & 0xff) << 16 |	/* Aff1 */
	    (aff0 >> 4) << 44 |			/* RS */
	    (uint64_t)(intid & 0xf) << 24 |
	    1u << (aff0 & 0xf);
	dsb();
	write_sysreg(v, icc_sgi1r_el1);
	isb();
}

uint32_t gic_ack(void)
{
	return (uint32_t)read_sysreg(icc_iar1_el1);
}

void gic_eoi(uint32_t iar)
{
	write_sysreg(iar, icc_eoir1_el1);
}
