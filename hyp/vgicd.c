// SPDX-License-Identifier: GPL-2.0
/*
 * The distributor as the root and each cell see it.  Their GICD page is
 * not mapped: every access traps here and reaches the real distributor
 * only for interrupts the caller owns (gic.c).  Writes to anyone else's
 * are ignored and counted, reads of them return zero.  A cell's GICD
 * reports only as many interrupts as it has, routes only to its own CPUs
 * (virtual affinity, translated), and has purely virtual SPIs: its
 * emulated UART's and its channels' doorbells.  The root's distributor
 * enable stays on.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "mmio.h"
#include "owner.h"
#include "channel.h"


static spinlock_t gicd_lock;	/* read-modify-write of registers owners share */

/* The cell's virtual SPI 'intid' (its console's, a channel's doorbell), or NULL. */
static struct vspi *vspi_of(struct cell *cell, u32 intid)
{
	unsigned int i;

	for (i = 0; cell && i < VSPI_MAX; i++)
		if (cell->vgic.vspi[i].intid && cell->vgic.vspi[i].intid == intid)
			return &cell->vgic.vspi[i];
	return NULL;
}

/* Is virtual SPI 'v' pending, as ISPENDR shows it? */
static bool vspi_pending(struct cell *cell, const struct vspi *v)
{
	if (v == &cell->vgic.vspi[VSPI_CONSOLE])
		return vpl011_line(cell);
	return __atomic_load_n(&v->db.rung, __ATOMIC_RELAXED);
}

/* Is physical SPI 'intid' the caller's (a cell, or NULL: the root)? */
static bool owns(struct cell *cell, u32 intid)
{
	if (intid < GIC_NR_PRIVATE || intid >= gic_nr_irqs || intid >= GIC_MAX_INTID ||
	    vspi_of(cell, intid))
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
	u32 reg = m->off & ~0x7fULL, first = (m->off & 0x7f) * 8, mask = 0, vbits = 0, vval = 0;
	u32 set = reg == GICD_ISENABLER || reg == GICD_ISPENDR || reg == GICD_ISACTIVER;
	/* not IGROUPR, below them: its read-modify-write must not disable a doorbell */
	bool enables = reg == GICD_ISENABLER || reg == GICD_ICENABLER;
	bool changed = false;
	unsigned int i;

	for (i = 0; i < 32; i++)
		if (owns(cell, first + i))
			mask |= BIT(i);
	for (i = 0; cell && i < VSPI_MAX; i++) {
		struct vspi *v = &cell->vgic.vspi[i];
		u32 bit;

		if (!v->intid || v->intid < first || v->intid >= first + 32)
			continue;
		bit = BIT(v->intid - first);
		vbits |= bit;
		if ((enables && v->enabled) ||
		    ((reg == GICD_ISPENDR || reg == GICD_ICPENDR) && vspi_pending(cell, v)))
			vval |= bit;
		if (m->write && (m->val & bit) && enables && v->enabled != set) {
			v->enabled = set;
			changed = true;
		}
	}
	if (reg == GICD_IGROUPR) {		/* all group 1, fixed */
		if (!m->write)
			m->val = mask | vbits;
		return;
	}
	if (!m->write) {
		m->val = (mask ? mmio_read32(gicd_base() + m->off) & mask : 0) | vval;
		return;
	}
	if (first >= GIC_NR_PRIVATE && (m->val & ~(mask | vbits)))
		deny(cell, first);
	if (m->val & mask)
		mmio_write32(gicd_base() + m->off, m->val & mask);
	if (changed)
		vspi_update(cell);
}

static void priority_access(struct cell *cell, struct mmio *m)
{
	unsigned int i;
	u64 v = 0;

	for (i = 0; i < m->size; i++) {
		u32 intid = m->off - GICD_IPRIORITYR + i;
		u8 b = m->val >> (8 * i);

		struct vspi *vs = vspi_of(cell, intid);

		if (vs) {
			if (m->write)
				vs->prio = b;
			v |= (u64)vs->prio << (8 * i);
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

/*
 * ICFGR: two bits per INTID, sixteen to a register the owners share.  A
 * cell's doorbells read as edges and take the writes that keep them so
 * (the console's SPI is a level, as its UART's line is).
 */
static void config_access(struct cell *cell, struct mmio *m)
{
	u32 first = (m->off - GICD_ICFGR) * 4, mask = 0, vmask = 0, vedge = 0, hw;
	unsigned int i;

	for (i = 0; i < 16; i++) {
		struct vspi *v = vspi_of(cell, first + i);

		if (owns(cell, first + i))
			mask |= 3U << (2 * i);
		else if (v)
			vmask |= 3U << (2 * i);
		if (v && v != &cell->vgic.vspi[VSPI_CONSOLE])
			vedge |= 2U << (2 * i);
	}
	if (!m->write) {
		m->val = (mask ? mmio_read32(gicd_base() + m->off) & mask : 0) | vedge;
		return;
	}
	if (first >= GIC_NR_PRIVATE && (m->val & ~(mask | vmask) & 0xaaaaaaaa))
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
	struct vspi *vs = vspi_of(cell, intid);
	u64 route;

	if (!vs && !owns(cell, intid)) {
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
		if (vs) {
			__atomic_store_n(&vs->vcpu, vcpu, __ATOMIC_RELAXED);
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
	if (vs) {
		vcpu = vs->vcpu;
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
	u32 top = 0, i;

	for (i = 0; i < VSPI_MAX; i++) {
		struct vspi *vs = &v->vspi[i];

		*vs = (struct vspi){ .intid = vs->intid };
		if (vs->intid > top)
			top = vs->intid;
	}
	for (i = GIC_NR_PRIVATE; i < gic_nr_irqs; i++)
		if (irq_owner[i] == cell->id && i > top)
			top = i;
	v->ctlr = 0;
	v->nr_irqs = top < GIC_NR_PRIVATE ? GIC_NR_PRIVATE : (top / 32 + 1) * 32;
}

/*
 * A virtual SPI where its state may have changed: the console's follows
 * its UART's line, a doorbell its latch (doorbell.c).  Only the CPU it is
 * routed to can touch its list registers: any other asks that one, and
 * only if there is something for it to do.
 */
void vspi_update_one(struct cell *cell, unsigned int i)
{
	struct vspi *v = &cell->vgic.vspi[i];
	struct hyp_cpu *cpu = this_cpu(), *target;

	if (!v->intid)
		return;
	target = cell_vcpu(cell, __atomic_load_n(&v->vcpu, __ATOMIC_RELAXED));
	if (!target)
		return;
	if (target != cpu || !own_in_cell(cpu)) {
		if (i != VSPI_CONSOLE && !__atomic_load_n(&v->db.rung, __ATOMIC_ACQUIRE))
			return;
		/* it looks at the flag at the kick, or when it enters the cell */
		__atomic_store_n(&target->vspi_check, true, __ATOMIC_RELEASE);
		if (own_in_cell(target))
			cpu_kick(target);
		return;
	}
	if (i != VSPI_CONSOLE) {
		doorbell_update(cpu, v);
	} else if (v->enabled && vpl011_line(cell)) {
		if (!virq_present(cpu, v->intid))
			virq_inject(cpu, VIRQ(v->intid, v->prio) | VIRQ_VIRTUAL);
	} else {
		virq_withdraw(cpu, v->intid);
	}
}

void vspi_update(struct cell *cell)
{
	unsigned int i;

	for (i = 0; i < VSPI_MAX; i++)
		vspi_update_one(cell, i);
}
