// SPDX-License-Identifier: GPL-2.0
/*
 * A cell's payload reports its own figures (VHYP_HC_CELL_REPORT,
 * uapi/vhyp/hypercall.h): the worst latency it measured over its last
 * period, how many samples that period had, and a status code of its own.
 * The hypervisor checks the three numbers and writes them into the cell's
 * struct vhyp_cell_report in the status area, which the root reads and
 * only the hypervisor writes: the cell never touches root-visible memory.
 *
 * No lock: payloads report often, from any of their CPUs.  Each field is
 * written on its own with an atomic, the running maximum with a
 * compare-and-swap, and 'reports' last, with release; a reader may see
 * the newest fields of two reports made at once, which is documented.
 * The root clears the figures through cell_report_clear() at each start,
 * with every CPU of the cell parked: no report can be under way then.
 */
#include <vhyp/hypercall.h>
#include "hyp.h"
#include "cell.h"

#define EINVAL		22

void cell_report_call(struct hyp_regs *regs, struct cell *cell)
{
	struct vhyp_cell_report *r = &cell->status->report;
	u64 worst = regs->x[1], samples = regs->x[2], code = regs->x[3];
	u64 max = __atomic_load_n(&r->max_ns, __ATOMIC_RELAXED);

	if ((worst >> 63) || (samples >> 32) || (code >> 32) || (!samples && worst)) {
		regs->x[0] = -EINVAL;
		return;
	}
	__atomic_store_n(&r->worst_ns, worst, __ATOMIC_RELAXED);
	__atomic_store_n(&r->period_samples, (u32)samples, __ATOMIC_RELAXED);
	__atomic_store_n(&r->code, (u32)code, __ATOMIC_RELAXED);
	__atomic_fetch_add(&r->samples, samples, __ATOMIC_RELAXED);
	while (worst > max &&
	       !__atomic_compare_exchange_n(&r->max_ns, &max, worst, true, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
	__atomic_fetch_add(&r->reports, 1, __ATOMIC_RELEASE);
	regs->x[0] = 0;
}

void cell_report_clear(struct cell *cell)
{
	cell->status->report = (struct vhyp_cell_report){ 0 };
}
