// SPDX-License-Identifier: GPL-2.0
/*
 * The distributor as the root and each cell see it.  Their GICD page is
 * not mapped: every access traps here and reaches the real distributor
 * only for interrupts the caller owns (gic.c).  Writes to anyone else's
 * are ignored and counted, reads of them return zero.  A cell's GICD
 * reports only as many interrupts as it has, routes only to its own CPUs
 * (virtual affinity, translated), and has one purely virtual SPI: its
 * emulated UART's.  The root's distributor enable stays on.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "mmio.h"
#include "owner.h"


static spinlock_t gicd_lock;	/* read-modify-write of registers owners share */

static bool is_vspi(struct cell *cell, u32 intid)
{
	return cell && cell->vgic.vspi && intid == cell->vgic.vspi;
}

/* Is physical SPI 'intid' the caller's (a cell, or NULL: the root)? */
static bool owns(struct cell *cell, u32 intid)
{
	if (intid < GIC_NR_PRIVATE || intid >= gic_nr_irqs || intid >= GIC_MAX_INTID ||
	    is_vspi(cell, intid))
		return false;
	return irq_owner[intid] == (cell ? cell->id : 0);
}

static void deny(struct cell *cell, u32 intid)
{
	if (cell && intid >= GIC_NR_PRIVATE)
		__atomic_fetch_add(&cell->status->irqs_denied, 1, __ATOMIC_RELAXED);
}

/* The cell's CPU a route names: virtual Aff0, else its first CPU. */
static struct hyp_cpu *route_vcpu(struct cell *cell, u64 route, u32 *vcpu)
{
	struct hyp_cpu *c = NULL;

	*vcpu = 0;
	if (!(route & GICD_IROUTER_IRM) && !(route & ~0xffULL))
		c = cell_vcpu(cell, route & 0xff);
	if (c)
		*vcpu = route & 0xff;
	else
		c = cell_vcpu(cell, 0);
	return c;
}

/* ISENABLER .. ICACTIVER and IGROUPR: one bit per INTID. */
static void bits_access(struct cell *cell, struct mmio *m)
{
	u32 reg = m->off & ~0x7fULL, first = (m->off & 0x7f) * 8, mask = 0, vbit = 0;
	u32 set = reg == GICD_ISENABLER || reg == GICD_ISPENDR || reg == GICD_ISACTIVER;
	unsigned int i;

	for (i = 0; i < 32; i++)
		if (owns(cell, first + i))
			mask |= BIT(i);
	if (cell && cell->vgic.vspi >= first && cell->vgic.vspi < first + 32)
		vbit = BIT(cell->vgic.vspi - first);
	if (reg == GICD_IGROUPR) {		/* all group 1, fixed */
		if (!m->write)
			m->val = mask | vbit;
		return;
	}
	if (!m->write) {
		m->val = mask ? mmio_read32(gicd_base() + m->off) & mask : 0;
		if (vbit && ((reg <= GICD_ICENABLER && cell->vgic.vspi_enabled) ||
			     ((reg == GICD_ISPENDR || reg == GICD_ICPENDR) && vpl011_line(cell))))
			m->val |= vbit;
		return;
	}
	if (first >= GIC_NR_PRIVATE && (m->val & ~(mask | vbit)))
		deny(cell, first);
	if (m->val & mask)
		mmio_write32(gicd_base() + m->off, m->val & mask);
	if ((m->val & vbit) && reg <= GICD_ICENABLER) {
		cell->vgic.vspi_enabled = set;
		vspi_update(cell);
	}
}

static void priority_access(struct cell *cell, struct mmio *m)
{
	unsigned int i;
	u64 v = 0;

	for (i = 0; i < m->size; i++) {
		u32 intid = m->off - GICD_IPRIORITYR + i;
		u8 b = m->val >> (8 * i);

		if (is_vspi(cell, intid)) {
			if (m->write)
				cell->vgic.vspi_prio = b;
			v |= (u64)cell->vgic.vspi_prio << (8 * i);
		} else if (owns(cell, intid)) {
			if (m->write) {
				mmio_write8(gicd_base() + m->off + i, gic_phys_prio(b));
				spi_prio[intid] = b;
			}
			v |= (u64)spi_prio[intid] << (8 * i);
		} else if (m->write) {
			deny(cell, intid);
		}
	}
	m->val = v;
}

/* ICFGR: two bits per INTID, sixteen to a register the owners share. */
static void config_access(struct cell *cell, struct mmio *m)
{
	u32 first = (m->off - GICD_ICFGR) * 4, mask = 0, hw;
	unsigned int i;

	for (i = 0; i < 16; i++)
		if (owns(cell, first + i))
			mask |= 3U << (2 * i);
	if (!m->write) {
		m->val = mask ? mmio_read32(gicd_base() + m->off) & mask : 0;
		return;
	}
	if (first >= GIC_NR_PRIVATE && (m->val & ~mask & 0xaaaaaaaa))
		deny(cell, first);
	if (!mask)
		return;
	spin_lock(&gicd_lock);
	hw = mmio_read32(gicd_base() + m->off);
	mmio_write32(gicd_base() + m->off, (hw & ~mask) | (m->val & mask));
	spin_unlock(&gicd_lock);
}

/* The root routes its SPIs to its own CPUs only: anything else to this one. */
static u64 root_route(u64 route)
{
	int slot = hyp_slot_of(route & MPIDR_AFF_MASK);

	if (route & GICD_IROUTER_IRM || slot < 0 || !root_runs_on(hyp_cpu_slot(slot)))
		return this_cpu()->mpidr;
	return route & MPIDR_AFF_MASK;
}

static void route_access(struct cell *cell, struct mmio *m)
{
	u32 intid = (m->off - GICD_IROUTER) / 8, vcpu;
	u64 hw_addr = gicd_base() + GICD_IROUTER + 8 * intid;
	bool high = m->off & 4;
	u64 route;

	if (!is_vspi(cell, intid) && !owns(cell, intid)) {
		if (m->write)
			deny(cell, intid);
		m->val = 0;
		return;
	}
	if (!cell) {			/* the root: physical affinity, checked */
		route = mmio_read64(hw_addr);
		if (m->write) {
			if (m->size == 8)
				route = m->val;
			else if (high)
				route = (route & 0xffffffffULL) | m->val << 32;
			else
				route = (route & ~0xffffffffULL) | m->val;
			mmio_write64(hw_addr, root_route(route));
			return;
		}
		m->val = m->size == 8 ? route : high ? route >> 32 : (u32)route;
		return;
	}
	if (m->write) {			/* a cell: virtual Aff0 .. its own CPUs */
		struct hyp_cpu *c;

		if (high)
			return;
		c = route_vcpu(cell, m->val, &vcpu);
		if (is_vspi(cell, intid)) {
			cell->vgic.vspi_vcpu = vcpu;
			vspi_update(cell);
		} else {
			mmio_write64(hw_addr, c->mpidr);
		}
		return;
	}
	if (high) {
		m->val = 0;
		return;
	}
	vcpu = 0;
	if (is_vspi(cell, intid)) {
		vcpu = cell->vgic.vspi_vcpu;
	} else {
		route = mmio_read64(hw_addr) & MPIDR_AFF_MASK;
		while (vcpu < cell->nr_vcpus && cell_vcpu(cell, vcpu)->mpidr != route)
			vcpu++;
	}
	m->val = vcpu;
}

static void ctlr_typer_access(struct cell *cell, struct mmio *m)
{
	u32 hw = mmio_read32(gicd_base() + m->off);

	if (m->off == GICD_CTLR) {
		if (!cell) {
			m->val = hw;	/* the root's writes are ignored: it stays enabled */
		} else if (m->write) {
			cell->vgic.ctlr = m->val & GICD_CTLR_ENABLES;
		} else {
			m->val = GICD_CTLR_ARE_NS | (hw & GICD_CTLR_DS) | cell->vgic.ctlr;
		}
		return;
	}
	if (m->write)
		return;
	m->val = hw;
	if (cell && m->off == GICD_TYPER)	/* no LPIs, its own interrupts only */
		m->val = (hw & ~(0x1fU | 0xe0U | GICD_TYPER_LPIS | GICD_TYPER_MBIS)) |
			 (cell->vgic.nr_irqs / 32 - 1) | ((cell->nr_vcpus - 1) & 7) << 5;
}

static void dispatch(struct cell *cell, struct mmio *m)
{
	u64 off = m->off;

	if (off <= GICD_TYPER2 && m->size == 4 && !(off & 3)) {
		ctlr_typer_access(cell, m);
	} else if ((off == GICD_SETSPI_NSR || off == GICD_CLRSPI_NSR) && m->size == 4) {
		if (m->write && owns(cell, m->val & 0x3ff))
			mmio_write32(gicd_base() + off, m->val & 0x3ff);
		else if (m->write)
			deny(cell, m->val & 0x3ff);
		m->val = 0;
	} else if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR && m->size == 4 && !(off & 3)) {
		bits_access(cell, m);
	} else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + GIC_MAX_INTID &&
		   (m->size == 1 || (m->size == 4 && !(off & 3)))) {
		priority_access(cell, m);
	} else if (off >= GICD_ICFGR && off < GICD_IGRPMODR && m->size == 4 && !(off & 3)) {
		config_access(cell, m);
	} else if (off >= GICD_IROUTER + 8 * GIC_NR_PRIVATE &&
		   off < GICD_IROUTER + 8 * GIC_MAX_INTID &&
		   ((m->size == 8 && !(off & 7)) || (m->size == 4 && !(off & 3)))) {
		route_access(cell, m);
	} else if (off >= GICD_ID_REGS && m->size == 4 && !(off & 3)) {
		m->val = m->write ? 0 : mmio_read32(gicd_base() + off);
	} else {
		m->val = 0;		/* reserved, or without ARE: read as zero */
	}
}

bool vgicd_access(struct cell *cell, struct hyp_regs *regs, u64 ipa, u64 esr)
{
	struct mmio m;

	if (ipa < gicd_base() || ipa - gicd_base() >= GICD_SIZE ||
	    !mmio_decode(regs, esr, ipa - gicd_base(), &m))
		return false;
	dispatch(cell, &m);
	mmio_finish(regs, &m);
	return true;
}

/* A cell's distributor as it comes out of reset. */
void vgic_reset(struct cell *cell)
{
	struct vgic *v = &cell->vgic;
	u32 top = v->vspi, i;

	for (i = GIC_NR_PRIVATE; i < gic_nr_irqs; i++)
		if (irq_owner[i] == cell->id && i > top)
			top = i;
	v->ctlr = 0;
	v->nr_irqs = top < GIC_NR_PRIVATE ? GIC_NR_PRIVATE : (top / 32 + 1) * 32;
	v->vspi_enabled = false;
	v->vspi_prio = 0;
	v->vspi_vcpu = 0;
}

/*
 * The console's virtual SPI follows its UART's line.  Only the CPU it is
 * routed to can touch its list registers: any other asks that one.
 */
void vspi_update(struct cell *cell)
{
	struct vgic *v = &cell->vgic;
	struct hyp_cpu *cpu = this_cpu(), *target;

	if (!v->vspi)
		return;
	target = cell_vcpu(cell, v->vspi_vcpu);
	if (!target)
		return;
	if (target != cpu || !own_in_cell(cpu)) {
		/* it looks at the flag at the kick, or when it enters the cell */
		__atomic_store_n(&target->vspi_check, true, __ATOMIC_RELEASE);
		if (own_in_cell(target))
			cpu_kick(target);
		return;
	}
	if (v->vspi_enabled && vpl011_line(cell)) {
		if (!virq_present(cpu, v->vspi))
			virq_inject(cpu, VIRQ(v->vspi, v->vspi_prio) | VIRQ_VIRTUAL);
	} else {
		virq_withdraw(cpu, v->vspi);
	}
}
