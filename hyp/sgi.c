// SPDX-License-Identifier: GPL-2.0
/*
 * SGIs, as the root and the cells send them: every ICC_SGI0R, SGI1R and
 * ASGI1R write traps (interrupts are routed to EL2) and is sent here on
 * the sender's behalf, to CPUs of its own cell only.  A cell names its
 * CPUs by virtual affinity (Aff0 = 0..n-1), translated to the physical
 * ones; anything aimed elsewhere is dropped and counted.  The
 * hypervisor's kick SGI (hyp_header.kick_sgi) is nobody else's.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "owner.h"

#define SGIR_TARGETS(v)		((v) & 0xffff)
#define SGIR_AFF1(v)		(((v) >> 16) & 0xff)
#define SGIR_INTID(v)		(((v) >> 24) & 0xf)
#define SGIR_AFF2(v)		(((v) >> 32) & 0xff)
#define SGIR_IRM		BIT_ULL(40)
#define SGIR_RS(v)		(((v) >> 44) & 0xf)
#define SGIR_AFF3(v)		(((v) >> 48) & 0xff)

static void write_sgir(u32 reg, u64 val)
{
	if (reg == SYS64_ICC_SGI0R)
		write_sysreg(val, ICC_SGI0R_EL1);
	else if (reg == SYS64_ICC_ASGI1R)
		write_sysreg(val, ICC_ASGI1R_EL1);
	else
		write_sysreg(val, ICC_SGI1R_EL1);
	isb();
}

/* The same SGI to the one CPU with affinity 'mpidr'. */
static void sgir_to(u32 reg, u64 val, u64 mpidr)
{
	write_sgir(reg, gic_sgir(mpidr, SGIR_INTID(val)));
}

/* The root's: its target list less the CPUs the root does not run on. */
void sgi_from_root(u32 reg, u64 val)
{
	struct hyp_cpu *self = this_cpu();
	u64 mpidrs[16];
	u32 allowed = 0;
	unsigned int slot, i, n;

	if (SGIR_INTID(val) == hyp_header.kick_sgi)
		return;
	if (val & SGIR_IRM) {
		for (slot = 0; slot < hyp_header.ncpus; slot++) {
			struct hyp_cpu *c = hyp_cpu_slot(slot);

			if (c != self && root_runs_on(c) && c->status &&
			    c->status->state == VHYP_CPU_STATE_HYP)
				sgir_to(reg, val, c->mpidr);
		}
		return;
	}
	n = gic_sgir_targets(val, mpidrs);
	for (i = 0; i < n; i++) {
		int s = hyp_slot_of(mpidrs[i]);

		if (s >= 0 && root_runs_on(hyp_cpu_slot(s)))
			allowed |= BIT(mpidrs[i] & 0xf);
	}
	if (allowed)
		write_sgir(reg, (val & ~0xffffULL) | allowed);
}

/* A cell's: virtual affinity, its own CPUs only. */
void sgi_from_cell(struct cell *cell, u64 val)
{
	struct hyp_cpu *self = this_cpu();
	unsigned int v, denied = 0;

	if (SGIR_INTID(val) == hyp_header.kick_sgi) {
		denied = 1;
	} else if (val & SGIR_IRM) {
		for (v = 0; v < cell->nr_vcpus; v++)
			if (v != self->vcpu)
				sgir_to(SYS64_ICC_SGI1R, val, cell_vcpu(cell, v)->mpidr);
	} else if (SGIR_AFF1(val) || SGIR_AFF2(val) || SGIR_AFF3(val)) {
		denied = 1;
	} else {
		for (v = 0; v < 16; v++) {
			u32 vcpu = SGIR_RS(val) * 16 + v;

			if (!(SGIR_TARGETS(val) & BIT(v)))
				continue;
			if (vcpu < cell->nr_vcpus)
				sgir_to(SYS64_ICC_SGI1R, val, cell_vcpu(cell, vcpu)->mpidr);
			else
				denied++;
		}
	}
	if (denied)
		__atomic_fetch_add(&cell->status->sgis_denied, denied, __ATOMIC_RELAXED);
}
