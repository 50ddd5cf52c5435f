// SPDX-License-Identifier: GPL-2.0
/*
 * 'n': parks in an interrupt handler, for the root to stop the cell
 * there.  First what its CPU interface has active (ICC_AP0R0_EL1 and
 * ICC_AP1R0_EL1, the virtual ones: an earlier owner's must not show),
 * then its virtual timer's interrupt is taken and never completed (no
 * EOI, no deactivation): its priority stays active, and the CPU spins in
 * the handler with interrupts masked until the cell is stopped.
 *   isolation: active priorities before -> AP1R0 << 32 | AP0R0   (0)
 *   isolation: parked in a handler, active priorities -> AP1R0 << 32 | AP0R0
 *   isolation: no timer interrupt in 3 s -> 0      if it never came
 */
#include "isolation.h"

static uint64_t active_priorities(void)
{
	return read_sysreg(S3_0_C12_C9_0) << 32 | read_sysreg(S3_0_C12_C8_4);
}

static void park_handler(unsigned int intid)
{
	(void)intid;
	result("parked in a handler, active priorities", active_priorities());
	for (;;)
		cpu_relax();
}

void park_in_handler(void)
{
	uint64_t t0;

	result("active priorities before", active_priorities());
	if (gic_up())
		return;
	irq_set_handler(TIMER_VIRT_PPI, park_handler);
	gic_enable_irq(TIMER_VIRT_PPI);
	timer_set_deadline(timer_now() + timer_freq() / 1000);
	timer_start();
	t0 = timer_now();
	irq_enable();
	while (timer_now() - t0 < 3 * timer_freq())
		cpu_relax();
	irq_disable();
	timer_stop();
	result("no timer interrupt in 3 s", 0);
}
