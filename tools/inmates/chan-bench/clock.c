// SPDX-License-Identifier: GPL-2.0
/*
 * A clock in virtual ns that two cells on two CPUs share, finer than the
 * generic counter's 16 ns ticks (62.5 MHz on QEMU virt).
 *
 * Under QEMU -icount shift=0 the virtual clock counts the instructions of
 * all CPUs together, one ns each, and QEMU's cycle counter (PMCCNTR_EL0,
 * the cell's own with 'pmu;' in its config) runs at 1 GHz of that clock:
 * one count per virtual ns, the same on every CPU but for an origin of
 * its own (the hypervisor zeroes it at the cell's start).  The origin is
 * found against CNTVCT, which all CPUs share: right after a CNTVCT read,
 * PMCCNTR - ns_per_tick * CNTVCT is the origin plus the part of a tick
 * that had passed, plus the fixed instructions between the two reads.
 * Its smallest value over reads that fall on every part of a tick (the
 * loop below shifts where they fall) is the origin plus that fixed
 * count, the same for every cell running this code: their clocks then
 * agree to the ns.  The cycle counter also counts at EL2
 * (PMCCFILTR_EL0.NSH), where a cell's CPU spends the hypervisor's part
 * of a doorbell.
 *
 * Where this does not hold (no PMU, a tick not a whole number of ns, a
 * cycle counter that does not run at 1 GHz of the counter's time: real
 * hardware) the clock is the counter's, in steps of a tick.
 */
#include "inmate.h"
#include "chan-bench.h"

#define PMCR_E		(1u << 0)	/* counters on */
#define PMCR_C		(1u << 2)	/* zero the cycle counter */
#define PMCR_LC		(1u << 6)	/* its overflow at 64 bits */
#define PMCNTEN_C	(1u << 31)	/* the cycle counter's enable */
#define PMCCFILTR_NSH	(1u << 27)	/* count at EL2 as well */

#define CAL_READS	4096

static uint64_t tick_ns;
static uint64_t origin;
static int use_pmu;

static int has_pmu(void)
{
	unsigned int ver = read_sysreg(id_aa64dfr0_el1) >> 8 & 0xf;

	return ver && ver != 0xf;
}

/* Does the cycle counter run at one count a ns of the counter's time (1 %)? */
static int cycles_are_ns(void)
{
	uint64_t c0, p0, c1, p1, ns;

	c0 = timer_now();
	p0 = read_sysreg(pmccntr_el0);
	while (timer_now() - c0 < timer_freq() / 1000)
		cpu_relax();
	c1 = timer_now();
	p1 = read_sysreg(pmccntr_el0);
	ns = (c1 - c0) * tick_ns;
	return p1 - p0 > ns - ns / 100 && p1 - p0 < ns + ns / 100;
}

/* The origin, and how many of a tick's tick_ns phases the reads fell on. */
static unsigned int calibrate(void)
{
	uint64_t c, p, off, seen = 0;
	unsigned int i, j, phases = 0;

	for (i = 0; i < CAL_READS; i++) {
		for (j = 0; j < i % 17; j++)
			barrier();
		isb();
		c = read_sysreg(cntvct_el0);
		p = read_sysreg(pmccntr_el0);
		off = p - c * tick_ns;
		if (!i || (int64_t)(off - origin) < 0)
			origin = off;
		seen |= 1ull << (off % tick_ns);
	}
	for (i = 0; i < tick_ns; i++)
		phases += seen >> i & 1;
	return phases;
}

void vns_init(void)
{
	uint64_t freq = timer_freq();
	unsigned int phases;

	tick_ns = 1000000000 / freq;
	use_pmu = has_pmu() && tick_ns <= 64 && tick_ns * freq == 1000000000;
	if (use_pmu) {
		write_sysreg(PMCCFILTR_NSH, pmccfiltr_el0);
		write_sysreg(PMCR_E | PMCR_C | PMCR_LC, pmcr_el0);
		write_sysreg(PMCNTEN_C, pmcntenset_el0);
		isb();
		use_pmu = cycles_are_ns();
	}
	puts("chan-bench: clock: ");
	if (!use_pmu) {
		puts("CNTVCT_EL0, in steps of ");
		put_dec(tick_ns);
		puts(" ns (no PMU, or its cycles are not virtual ns)\n");
		return;
	}
	phases = calibrate();
	puts("PMCCNTR_EL0, 1 ns, its origin found against CNTVCT_EL0 (reads on ");
	put_dec(phases);
	puts(" of ");
	put_dec(tick_ns);
	puts(" phases of a tick)\n");
}

uint64_t vns_now(void)
{
	isb();
	if (use_pmu)
		return read_sysreg(pmccntr_el0) - origin;
	return read_sysreg(cntvct_el0) * tick_ns;
}
