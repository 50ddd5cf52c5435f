// SPDX-License-Identifier: GPL-2.0
/*
 * chaos and its own report (VHYP_HC_CELL_REPORT): among its random calls
 * the report, half of the time with arguments that are valid (worst below
 * 2^63, samples and code that fit in 32 bits, no worst without samples),
 * the rest anything at all.  The valid ones must be taken (0), every
 * other refused with -EINVAL, and no register but x0 changed either way.
 * As an SMC it is refused like any call.
 */
#include <vhyp/hypercall.h>
#include "chaos.h"

#define EINVAL		22

static int valid(const uint64_t *a)
{
	return !(a[1] >> 63) && !(a[2] >> 32) && !(a[3] >> 32) && (a[2] || !a[1]);
}

/* Arguments the hypervisor takes, half of the time. */
void report_arguments(uint64_t *a)
{
	if ((uint32_t)a[0] != (uint32_t)VHYP_HC_CELL_REPORT || rnd() % 2)
		return;
	a[2] = rnd() % 4 ? (uint32_t)rnd() : 0;
	a[1] = a[2] ? rnd() >> (1 + rnd() % 63) : 0;
	a[3] = (uint32_t)rnd();
}

/* The rules of a report sent as an HVC: 1 if SENT was one, 0 to leave it to the others. */
int report_rules(const uint64_t *sent, const uint64_t *got)
{
	unsigned int i;

	if ((uint32_t)sent[0] != (uint32_t)VHYP_HC_CELL_REPORT)
		return 0;
	if (valid(sent) ? got[0] : got[0] != (uint64_t)-EINVAL)
		wrong(valid(sent) ? "a valid report was refused" : "a bad report was not refused",
		      sent[1], got[0]);
	for (i = 1; i < 18; i++)
		if (got[i] != sent[i])
			wrong("a report changed a register", i, got[i]);
	return 1;
}
