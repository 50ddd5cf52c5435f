// SPDX-License-Identifier: GPL-2.0
/*
 * Doorbells: a channel's end rings the other, and the other gets one
 * interrupt, however often it was rung.
 *
 * A cell's doorbell is a virtual SPI of its GIC, an edge, latched in
 * 'rung'.  The ringer sets the latch and, only if it was clear, tells the
 * CPU the SPI is routed to (a kick); that CPU injects it and clears the
 * latch.  While it is in flight (injected, not yet EOIed) the latch stays
 * set and nobody is kicked again: when the cell EOIs it, the EOI
 * maintenance interrupt injects it once more if it was rung meanwhile.
 * So a storm of rings costs the rung cell at most one kick, one interrupt
 * and one EOI per run of its handler, and nothing while it keeps the SPI
 * disabled.
 *
 * The root's doorbell is the same, with one latch for all of its
 * channels: the virtual GIC maintenance interrupt (a PPI Linux cannot
 * have a device on, whose physical twin the hypervisor keeps), on one
 * of the root's CPUs.  The driver's handler for it looks at every root
 * channel's header.  A root CPU that leaves with it pending hands it on.
 */
#include "hyp.h"
#include "cell.h"
#include "channel.h"
#include "gic.h"
#include "owner.h"

/*
 * A cell's doorbell SPI: to the CPU it is routed to, now or at its next
 * kick (vspi_update_one()); rung already, one pending doorbell is one
 * interrupt.
 */
void doorbell_ring_cell(struct cell *cell, unsigned int vspi)
{
	if (!__atomic_exchange_n(&cell->vgic.vspi[vspi].db.rung, 1, __ATOMIC_ACQ_REL))
		vspi_update_one(cell, vspi);
}

/* On the CPU 'v' is routed to, in its cell: inject it if rung, enabled and not in flight. */
void doorbell_update(struct hyp_cpu *cpu, struct vspi *v)
{
	if (v->db.inflight && !virq_present(cpu, v->intid))
		v->db.inflight = false;		/* EOIed, or withdrawn */
	if (v->db.inflight || !v->enabled)
		return;
	if (__atomic_exchange_n(&v->db.rung, 0, __ATOMIC_ACQ_REL)) {
		virq_inject(cpu, VIRQ(v->intid, v->prio) | VIRQ_VIRTUAL);
		v->db.inflight = true;
	}
}

static u32 root_rung;
static s32 root_inflight = -1;	/* the slot of the root CPU that has it in flight */

void doorbell_ring_root(void)
{
	struct hyp_cpu *cpu = this_cpu();

	if (__atomic_exchange_n(&root_rung, 1, __ATOMIC_ACQ_REL))
		return;
	if (root_runs_on(cpu))
		doorbell_root_collect(cpu);
	else
		gic_send_sgi(gic_root_mpidr(), hyp_header.kick_sgi);
}

/* On a CPU the root runs on (a kick, an EOI, a ring): inject the root's doorbell here. */
void doorbell_root_collect(struct hyp_cpu *cpu)
{
	u32 intid = hyp_header.maint_irq;
	s32 me = cpu->slot, none;

	if (__atomic_load_n(&root_inflight, __ATOMIC_ACQUIRE) == me && !virq_present(cpu, intid))
		__atomic_store_n(&root_inflight, -1, __ATOMIC_RELEASE);	/* EOIed */
	for (;;) {
		if (!__atomic_load_n(&root_rung, __ATOMIC_ACQUIRE))
			return;
		none = -1;
		if (!__atomic_compare_exchange_n(&root_inflight, &none, me, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return;		/* in flight elsewhere: its EOI brings the next */
		if (__atomic_exchange_n(&root_rung, 0, __ATOMIC_ACQ_REL)) {
			virq_inject(cpu, VIRQ(intid, GIC_DEFAULT_PRIO) | VIRQ_VIRTUAL);
			return;
		}
		/* taken meanwhile: let go, and look again (a ring may have found us holding it) */
		__atomic_store_n(&root_inflight, -1, __ATOMIC_RELEASE);
	}
}

/*
 * virq_drain(): the CPU leaves the root with INTID 'intid' in a list
 * register or its queue.  The root's doorbell is rung again on another of
 * its CPUs; true if 'intid' was it.
 */
bool doorbell_root_drained(struct hyp_cpu *cpu, u32 intid)
{
	s32 me = cpu->slot;
	u64 mpidr;

	if (intid != hyp_header.maint_irq)
		return false;
	__atomic_compare_exchange_n(&root_inflight, &me, -1, false, __ATOMIC_ACQ_REL,
				    __ATOMIC_ACQUIRE);
	__atomic_store_n(&root_rung, 1, __ATOMIC_RELEASE);
	if (gic_root_mpidr_except(cpu, &mpidr))
		gic_send_sgi(mpidr, hyp_header.kick_sgi);
	return true;
}
