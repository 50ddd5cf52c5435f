/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who has a CPU: one per-CPU state, changed only by own_move() (owner.c),
 * with compare-and-swap, so that two CPUs can never both act on one
 * transition and no CPU reads a mix of several flags.  The transitions,
 * each explained in owner.c:
 *
 *   ROOT -> PARKING -> PARKED -> ENTERING -> CELL -> STOPPING -> PARKING
 *                                   |          |                  ^
 *                                   |          +------------------+ (itself)
 *                                   +-> STOPPING (a stop overtook the start)
 *                                   +-> ROOT (the root's CPU_ON of a free CPU)
 *
 * Only the CPU itself leaves PARKING, ENTERING and STOPPING, and enters
 * PARKING; other CPUs claim a PARKED one (-> ENTERING) or stop a running
 * one (CELL or ENTERING -> STOPPING) and then wake it.
 */
#ifndef _VHYP_OWNER_H
#define _VHYP_OWNER_H

#include "cpu.h"

enum cpu_owner {
	OWN_ROOT = 0,	/* Linux runs here (or has it off in firmware) */
	OWN_PARKING,	/* leaving its owner: nothing may be asked of it yet */
	OWN_PARKED,	/* waiting in the hypervisor (cpu_park): may be claimed */
	OWN_ENTERING,	/* claimed: being reset to enter its cell or the root (run_to) */
	OWN_CELL,	/* running its cell */
	OWN_STOPPING,	/* asked to leave its cell: parks at its next exit */
	OWN_NR,
};

/* where an ENTERING CPU goes (struct hyp_cpu.run_to) */
#define RUN_CELL	1
#define RUN_ROOT	2

static inline u32 own_get(const struct hyp_cpu *cpu)
{
	return __atomic_load_n(&cpu->own, __ATOMIC_ACQUIRE);
}

/* Move 'cpu' from 'from' to 'to' if it is in 'from': false if it was not. */
bool own_move(struct hyp_cpu *cpu, u32 from, u32 to);

/* Sleep until 'cpu' is no longer in state 'state'; returns the new state. */
static inline u32 own_wait_leave(struct hyp_cpu *cpu, u32 state)
{
	u32 now;

	while ((now = own_get(cpu)) == state)
		wfe_while_u32(&cpu->own, state);
	return now;
}

/* Does the CPU run a cell's code (CELL, or STOPPING until its next exit)? */
static inline bool own_in_cell(const struct hyp_cpu *cpu)
{
	u32 own = own_get(cpu);

	return own == OWN_CELL || own == OWN_STOPPING;
}

/* Does Linux (the root) run on 'cpu'?  A CPU given to a cell does until it parks. */
static inline bool root_runs_on(const struct hyp_cpu *cpu)
{
	return own_get(cpu) == OWN_ROOT;
}

#endif
