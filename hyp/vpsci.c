// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI as a cell sees it, over HVC or SMC: PSCI 1.1 with CPU_ON, CPU_OFF
 * and AFFINITY_INFO among the cell's own CPUs (virtual MPIDRs 0..n-1, in
 * Aff0), SYSTEM_OFF and SYSTEM_RESET for the cell alone.  Anything else
 * is answered NOT_SUPPORTED: a cell reaches no firmware but through the
 * few Arm architecture calls smccc.c passes on.
 */
#include "hyp.h"
#include "cell.h"
#include "owner.h"

#define PSCI_VERSION		0x84000000u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON_32		0x84000003u
#define PSCI_CPU_ON_64		0xc4000003u
#define PSCI_AFFINITY_32	0x84000004u
#define PSCI_AFFINITY_64	0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE	0x84000006u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_FEATURES		0x8400000au
#define SMCCC_VERSION		0x80000000u

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMS	(-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_TOS_NOT_PRESENT	2

static bool supported(u32 fn)
{
	switch (fn) {
	case PSCI_VERSION: case PSCI_CPU_OFF: case PSCI_CPU_ON_32: case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_32: case PSCI_AFFINITY_64: case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET: case PSCI_FEATURES:
	case SMCCC_VERSION:		/* so that Linux asks for it (smccc.c) */
		return true;
	}
	return false;
}

/* The cell's CPU with virtual MPIDR 'mpidr', or NULL. */
static struct hyp_cpu *vcpu_of(struct cell *cell, u64 mpidr)
{
	return mpidr & ~0xffULL ? NULL : cell_vcpu(cell, mpidr);
}

/* Under the cell's power_lock, so that a stop in progress sees every CPU it starts. */
static s64 cpu_on(struct cell *cell, u64 mpidr, u64 entry, u64 ctx)
{
	struct hyp_cpu *c = vcpu_of(cell, mpidr & MPIDR_AFF_MASK);
	s64 ret = PSCI_SUCCESS;
	u32 own;

	if (!c)
		return PSCI_INVALID_PARAMS;
	spin_lock(&cell->power_lock);
	own = own_get(c);
	if (cell->stopping)
		ret = PSCI_DENIED;
	else if (own == OWN_ENTERING)
		ret = PSCI_ON_PENDING;
	else if (own != OWN_PARKED || !cpu_claim(c, RUN_CELL, entry, ctx))
		ret = PSCI_ALREADY_ON;		/* running, or on its way to the park */
	spin_unlock(&cell->power_lock);
	return ret;
}

void vpsci_call(struct hyp_regs *regs)
{
	struct cell *cell = cell_of(this_cpu());
	u32 fn = regs->x[0];
	struct hyp_cpu *c;

	count_exit(VHYP_EXIT_PSCI);
	switch (fn) {
	case PSCI_VERSION:
		regs->x[0] = 0x10001;
		break;
	case PSCI_FEATURES:
		regs->x[0] = supported(regs->x[1]) ? PSCI_SUCCESS : (u64)PSCI_NOT_SUPPORTED;
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		regs->x[0] = cpu_on(cell, regs->x[1], regs->x[2], regs->x[3]);
		break;
	case PSCI_CPU_OFF:
		cpu_leave_cell(regs);
	case PSCI_AFFINITY_32:
	case PSCI_AFFINITY_64:
		c = vcpu_of(cell, regs->x[1] & MPIDR_AFF_MASK);
		if (!c || regs->x[2])
			regs->x[0] = PSCI_INVALID_PARAMS;
		else
			regs->x[0] = own_in_cell(c) ? 0 : own_get(c) == OWN_ENTERING ? 2 : 1;
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		regs->x[0] = PSCI_TOS_NOT_PRESENT;
		break;
	case PSCI_SYSTEM_OFF:
		cell_power(regs, VHYP_CELL_STOPPED);
	case PSCI_SYSTEM_RESET:
		cell_power(regs, VHYP_CELL_RESET);
	default:
		regs->x[0] = PSCI_NOT_SUPPORTED;
	}
}
