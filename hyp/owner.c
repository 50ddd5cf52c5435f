// SPDX-License-Identifier: GPL-2.0
/*
 * The one place where a CPU changes hands (include/owner.h): every
 * transition is a compare-and-swap from the state the caller saw, and
 * only the transitions below exist.  Anything else is a bug in vhyp and
 * panics it rather than let a CPU run for two owners.
 */
#include "hyp.h"
#include "owner.h"

static const char *const own_names[OWN_NR] = {
	[OWN_ROOT] = "root", [OWN_PARKING] = "parking", [OWN_PARKED] = "parked",
	[OWN_ENTERING] = "entering", [OWN_CELL] = "cell", [OWN_STOPPING] = "stopping",
};

static bool allowed(u32 from, u32 to)
{
	switch (from << 8 | to) {
	/* Linux took a CPU given to a cell offline (PSCI CPU_OFF): it parks. */
	case OWN_ROOT << 8 | OWN_PARKING:
	/* Its interrupts and state are gone from it: it may be claimed. */
	case OWN_PARKING << 8 | OWN_PARKED:
	/* Claimed by the root's start of its cell, a CPU_ON from the cell, or
	 * the root's CPU_ON once its cell is gone (run_to says which). */
	case OWN_PARKED << 8 | OWN_ENTERING:
	/* Reset for its cell, it runs it (the CPU itself, just before ERET). */
	case OWN_ENTERING << 8 | OWN_CELL:
	/* Reset for the root, Linux runs on it again. */
	case OWN_ENTERING << 8 | OWN_ROOT:
	/* A stop of its cell overtook the start: it parks instead of entering. */
	case OWN_ENTERING << 8 | OWN_STOPPING:
	/* Another CPU stops the cell: this one parks at its next exit. */
	case OWN_CELL << 8 | OWN_STOPPING:
	/* The CPU leaves its cell itself: CPU_OFF, a fault, SYSTEM_OFF/RESET. */
	case OWN_CELL << 8 | OWN_PARKING:
	/* It saw the stop (at an exit, or instead of entering). */
	case OWN_STOPPING << 8 | OWN_PARKING:
		return true;
	}
	return false;
}

bool own_move(struct hyp_cpu *cpu, u32 from, u32 to)
{
	u32 seen = from;

	if (unlikely(from >= OWN_NR || to >= OWN_NR || !allowed(from, to)))
		hyp_panic("CPU %u: no transition from %s to %s", cpu->slot,
			  from < OWN_NR ? own_names[from] : "?", to < OWN_NR ? own_names[to] : "?");
	return __atomic_compare_exchange_n(&cpu->own, &seen, to, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}
