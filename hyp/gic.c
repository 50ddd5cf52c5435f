// SPDX-License-Identifier: GPL-2.0
/*
 * The physical GICv3 as the hypervisor drives it: the distributor, each
 * CPU's redistributor (found by its affinity), who owns each SPI, and the
 * reset of a CPU's private interrupts whenever the CPU changes hands, so
 * that nothing pending or active goes with it.
 *
 * The root owns every SPI no cell owns.  A cell's SPIs are disabled,
 * cleared and routed to the root again when they change hands.  The
 * hypervisor keeps two private interrupts for itself on every CPU: its
 * kick SGI and the maintenance PPI.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"

u8 irq_owner[GIC_MAX_INTID];
u8 spi_prio[GIC_MAX_INTID];
u32 gic_nr_irqs;

static void gicd_wait_rwp(void)
{
	while (mmio_read32(gicd_base() + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

static void gicr_wait_rwp(u64 rd)
{
	while (mmio_read32(rd + GICR_CTLR) & GICR_CTLR_RWP)
		;
}

/* Once: how many interrupts there are, and the priorities Linux gave them. */
void gic_setup(void)
{
	u32 typer = mmio_read32(gicd_base() + GICD_TYPER);
	unsigned int i;

	gic_nr_irqs = 32 * ((typer & 0x1f) + 1);
	if (gic_nr_irqs > GIC_MAX_INTID)
		gic_nr_irqs = GIC_MAX_INTID;
	hyp_status()->gic_irqs = gic_nr_irqs;
	for (i = GIC_NR_PRIVATE; i < gic_nr_irqs; i++)
		spi_prio[i] = mmio_read8(gicd_base() + GICD_IPRIORITYR + i);
}

/* This CPU's redistributor: the frame whose affinity is its MPIDR's. */
int gic_init_cpu(struct hyp_cpu *cpu)
{
	u64 mpidr = cpu->mpidr;
	u32 aff = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
	unsigned int r, i;

	for (r = 0; r < hyp_header.nr_gicr; r++) {
		u64 rd, end = hyp_header.gicr_base[r] + hyp_header.gicr_size[r];

		for (rd = hyp_header.gicr_base[r]; rd + GICR_FRAME_SIZE <= end;
		     rd += GICR_FRAME_SIZE) {
			u64 typer = mmio_read64(rd + GICR_TYPER);

			if ((typer >> 32) == aff) {
				cpu->gicr = rd;
				for (i = 0; i < GIC_NR_PRIVATE; i++)
					cpu->prio[i] = mmio_read8(rd + GICR_SGI_BASE +
								  GICD_IPRIORITYR + i);
				return 0;
			}
			if (typer & GICR_TYPER_LAST)
				break;
		}
	}
	return -1;
}

/*
 * This CPU's SGIs and PPIs, as a CPU changing hands needs them: all off,
 * nothing pending or active, default priorities; only the hypervisor's own
 * two stay on.
 */
void gic_reset_private(struct hyp_cpu *cpu)
{
	u64 sgi = cpu->gicr + GICR_SGI_BASE;
	u32 ours = gic_hyp_private();
	unsigned int i;

	mmio_write32(sgi + GICD_ICENABLER, ~ours);
	gicr_wait_rwp(cpu->gicr);
	mmio_write32(sgi + GICD_ICPENDR, ~ours);
	mmio_write32(sgi + GICD_ICACTIVER, ~ours);
	for (i = 0; i < GIC_NR_PRIVATE / 4; i++)
		mmio_write32(sgi + GICD_IPRIORITYR + 4 * i, GIC_DEFAULT_PRIO * 0x01010101u);
	for (i = 0; i < GIC_NR_PRIVATE; i++)
		cpu->prio[i] = GIC_DEFAULT_PRIO;
	mmio_write32(sgi + GICD_ISENABLER, ours);
}

/* The hypervisor's own private interrupts: its kick SGI and the maintenance PPI. */
u32 gic_hyp_private(void)
{
	return BIT(KICK_SGI) | BIT(hyp_header.maint_irq);
}

/* An ICC_SGI*R_EL1 value: SGI 'intid' to the one CPU with affinity 'mpidr'. */
u64 gic_sgir(u64 mpidr, u32 intid)
{
	u64 aff0 = mpidr & 0xff;

	return (1ULL << (aff0 & 0xf)) | ((mpidr >> 8) & 0xff) << 16 |
	       (u64)(intid & 0xf) << 24 | ((mpidr >> 16) & 0xff) << 32 |
	       (aff0 >> 4) << 44 | ((mpidr >> 32) & 0xff) << 48;
}

void gic_send_sgi(u64 mpidr, u32 intid)
{
	write_sysreg(gic_sgir(mpidr, intid), ICC_SGI1R_EL1);
	isb();
}

void gic_spi_route(u32 intid, u64 mpidr)
{
	mmio_write64(gicd_base() + GICD_IROUTER + 8 * intid, mpidr & MPIDR_AFF_MASK);
}

/* An SPI changing hands: off, not pending, not active, routed to 'route_mpidr'. */
void gic_spi_quiesce(u32 intid, u64 route_mpidr)
{
	u64 d = gicd_base();
	u32 bit = BIT(intid % 32), reg = 4 * (intid / 32);

	mmio_write32(d + GICD_ICENABLER + reg, bit);
	gicd_wait_rwp();
	mmio_write32(d + GICD_ICPENDR + reg, bit);
	mmio_write32(d + GICD_ICACTIVER + reg, bit);
	mmio_write8(d + GICD_IPRIORITYR + intid, GIC_DEFAULT_PRIO);
	spi_prio[intid] = GIC_DEFAULT_PRIO;
	gic_spi_route(intid, route_mpidr);
}

/* Does [pa, pa + size) touch the GIC's registers? */
bool gic_is_gic_range(u64 pa, u64 size)
{
	unsigned int r;

	if (pa < gicd_base() + GICD_SIZE && gicd_base() < pa + size)
		return true;
	for (r = 0; r < hyp_header.nr_gicr; r++)
		if (pa < hyp_header.gicr_base[r] + hyp_header.gicr_size[r] &&
		    hyp_header.gicr_base[r] < pa + size)
			return true;
	return false;
}

/* A CPU of the root's: this one if it is, else the first. */
u64 gic_root_mpidr(void)
{
	struct hyp_cpu *cpu = this_cpu();
	unsigned int slot;

	if (root_runs_on(cpu))
		return cpu->mpidr;
	for (slot = 0; slot < hyp_header.ncpus; slot++)
		if (root_runs_on(hyp_cpu_slot(slot)))
			return hyp_cpu_slot(slot)->mpidr;
	return cpu->mpidr;
}
