// SPDX-License-Identifier: GPL-2.0
/*
 * The redistributors a cell sees: one frame per CPU of the cell, at
 * contiguous IPAs from the machine's first redistributor address, frame n
 * for virtual CPU n (its TYPER says so, and the last one says Last),
 * whichever physical CPUs they are.  An access reaches the physical
 * redistributor of that CPU, except for the hypervisor's own kick SGI and
 * maintenance PPI; power management (WAKER) and LPIs are not the cell's.
 *
 * The root keeps its RD_base pages (LPIs, power management) but not the
 * SGI_base pages: Linux's GIC driver would switch the hypervisor's two
 * private interrupts off whenever it brings a CPU up.  Its accesses there
 * trap and reach the hardware with those two left alone.  The frames of
 * a cell's CPUs are out of the root's reach while the cell exists
 * (cell.c), but for reading RD_base.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "mmio.h"
#include "owner.h"

u64 vgicr_size(struct cell *cell)
{
	return (u64)cell->nr_vcpus * GICR_FRAME_SIZE;
}

static void rd_access(struct cell *cell, u32 vcpu, struct hyp_cpu *c, struct mmio *m)
{
	u64 typer = (u64)vcpu << 32 | vcpu << 8 |
		    (vcpu == cell->nr_vcpus - 1 ? GICR_TYPER_LAST : 0);

	if (m->write) {
		if (m->off == GICR_TYPER || m->off == GICR_TYPER + 4)
			__atomic_fetch_add(&cell->status->irqs_denied, 1, __ATOMIC_RELAXED);
		return;			/* CTLR, WAKER, LPIs: nothing for a cell to change */
	}
	if (m->off == GICR_TYPER && m->size == 8)
		m->val = typer;
	else if (m->off == GICR_TYPER && m->size == 4)
		m->val = (u32)typer;
	else if (m->off == GICR_TYPER + 4 && m->size == 4)
		m->val = typer >> 32;
	else if ((m->off == GICR_IIDR || m->off >= GICD_ID_REGS) && m->size == 4 && !(m->off & 3))
		m->val = mmio_read32(c->gicr + m->off);
	else
		m->val = 0;		/* CTLR, WAKER (awake), the rest */
}

static void sgi_access(struct hyp_cpu *c, struct mmio *m)
{
	u64 off = m->off - GICR_SGI_BASE, hw = c->gicr + m->off;
	u32 mask = ~gic_hyp_private();
	unsigned int i;

	/*
	 * Register 0 of each block, aligned, only: the access to the hardware
	 * is the cell's own, and an unaligned one would read the hypervisor's
	 * own bits shifted past the mask (and fault at EL2 on hardware).
	 */
	if (off >= GICD_ISENABLER && off <= GICD_ICACTIVER && !(off & 0x7f) && m->size == 4) {
		if (!m->write) {
			m->val = mmio_read32(hw) & mask;
			return;
		}
		mmio_write32(hw, m->val & mask);
		if (off == GICD_ICENABLER)
			while (mmio_read32(c->gicr + GICR_CTLR) & GICR_CTLR_RWP)
				;
	} else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + GIC_NR_PRIVATE &&
		   (m->size == 1 || (m->size == 4 && !(off & 3)))) {
		u64 v = 0;

		for (i = 0; i < m->size; i++) {
			u32 intid = off - GICD_IPRIORITYR + i;

			if (gic_hyp_private() & BIT(intid))
				continue;
			if (m->write) {
				c->prio[intid] = m->val >> (8 * i);
				mmio_write8(hw + i, gic_phys_prio(c->prio[intid]));
			}
			v |= (u64)c->prio[intid] << (8 * i);
		}
		m->val = v;
	} else if (off == GICD_ICFGR + 4 && m->size == 4) {	/* the PPIs' */
		u32 keep = 3U << (2 * (hyp_header.maint_irq - 16));

		if (m->write)
			mmio_write32(hw, (mmio_read32(hw) & keep) | (m->val & ~keep));
		else
			m->val = mmio_read32(hw) & ~keep;
	} else if (off == GICD_ICFGR && m->size == 4 && !m->write) {
		m->val = mmio_read32(hw);	/* SGIs: edge, fixed */
	} else if (off == GICD_IGROUPR && m->size == 4 && !m->write) {
		m->val = ~0U;			/* group 1, fixed */
	} else if (!m->write) {
		m->val = 0;
	}
}

/*
 * The root's access to an SGI_base page: as the hardware, but for the
 * hypervisor's own two interrupts, and for the frames of cells' CPUs,
 * which read as zero and ignore writes.
 */
static void root_sgi_access(struct hyp_cpu *c, struct mmio *m)
{
	u64 off = m->off - GICR_SGI_BASE, hw = c->gicr + m->off;
	u32 ours = gic_hyp_private();

	if (!root_runs_on(c) || (m->size != 4 && m->size != 1) || (m->off & (m->size - 1))) {
		m->val = 0;
		return;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + GIC_NR_PRIVATE) {
		sgi_access(c, m);		/* the per-CPU priorities it keeps */
		return;
	}
	if (m->size == 4 && (off == GICD_IGROUPR || off == GICD_IGRPMODR)) {
		/* plain read-write: ours keep what they have */
		if (m->write)
			mmio_write32(hw, (mmio_read32(hw) & ours) | (m->val & ~ours));
		else
			m->val = mmio_read32(hw) & ~ours;
	} else if (m->size == 4 && off >= GICD_ISENABLER && off <= GICD_ICACTIVER &&
		   !(off & 0x7f)) {
		/* set and clear registers: a 0 leaves ours alone */
		if (m->write)
			mmio_write32(hw, m->val & ~ours);
		else
			m->val = mmio_read32(hw) & ~ours;
	} else if (m->size == 4 && off == GICD_ICFGR + 4) {
		sgi_access(c, m);		/* the maintenance PPI's bits kept */
		return;
	} else if (m->write) {			/* the rest is the root's, as it is */
		if (m->size == 4)
			mmio_write32(hw, m->val);
		else
			mmio_write8(hw, m->val);
	} else {
		m->val = m->size == 4 ? mmio_read32(hw) : mmio_read8(hw);
	}
	if (m->write && off == GICD_ICENABLER)
		while (mmio_read32(c->gicr + GICR_CTLR) & GICR_CTLR_RWP)
			;
}

bool vgicr_root_access(struct hyp_regs *regs, u64 pa, u64 esr)
{
	struct hyp_cpu *c = gic_cpu_of_frame(pa);
	struct mmio m;

	if (!c || pa - c->gicr < GICR_SGI_BASE || pa - c->gicr >= GICR_FRAME_SIZE ||
	    !mmio_decode(regs, esr, pa - c->gicr, &m))
		return false;
	root_sgi_access(c, &m);
	mmio_finish(regs, &m);
	return true;
}

bool vgicr_access(struct cell *cell, struct hyp_regs *regs, u64 ipa, u64 esr)
{
	u64 base = hyp_header.gicr_base[0], off = ipa - base;
	struct hyp_cpu *c;
	struct mmio m;
	u32 vcpu;

	if (ipa < base || off >= vgicr_size(cell))
		return false;
	vcpu = off / GICR_FRAME_SIZE;
	c = cell_vcpu(cell, vcpu);
	if (!c || !mmio_decode(regs, esr, off % GICR_FRAME_SIZE, &m))
		return false;
	if (m.off < GICR_SGI_BASE)
		rd_access(cell, vcpu, c, &m);
	else
		sgi_access(c, &m);
	mmio_finish(regs, &m);
	return true;
}
