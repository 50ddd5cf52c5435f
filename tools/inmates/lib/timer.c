// SPDX-License-Identifier: GPL-2.0
/*
 * The EL1 virtual timer of the generic timer: counter CNTVCT_EL0 at
 * CNTFRQ_EL0 Hz, deadline CNTV_CVAL_EL0, control CNTV_CTL_EL0, interrupt
 * PPI 27 (TIMER_VIRT_PPI), level-sensitive while the deadline has passed
 * and the timer is enabled and unmasked.
 */
#include "inmate.h"

#define CNTV_CTL_ENABLE		(1u << 0)
#define CNTV_CTL_IMASK		(1u << 1)
#define CNTV_CTL_ISTATUS	(1u << 2)

#define NSEC_PER_SEC		1000000000UL

uint64_t timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/* The isb keeps the read from being done early, before earlier code. */
uint64_t timer_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

uint64_t timer_deadline(void)
{
	return read_sysreg(cntv_cval_el0);
}

/* The interrupt condition follows at once: no stale interrupt after the isb. */
void timer_set_deadline(uint64_t cval)
{
	write_sysreg(cval, cntv_cval_el0);
	isb();
}

void timer_start(void)
{
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
}

void timer_stop(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
}

/* Has the deadline passed, the timer enabled?  (ISTATUS) */
int timer_fired(void)
{
	return !!(read_sysreg(cntv_ctl_el0) & CNTV_CTL_ISTATUS);
}

/* Without overflow for any count a 64-bit tick counter reaches in years. */
uint64_t ticks_to_ns(uint64_t ticks)
{
	uint64_t freq = timer_freq();

	return ticks / freq * NSEC_PER_SEC + ticks % freq * NSEC_PER_SEC / freq;
}

static uint64_t every_period;
static void (*every_fn)(void);

static void every_irq(unsigned int intid)
{
	uint64_t next = timer_deadline() + every_period, now = timer_now();

	(void)intid;
	if (!timer_fired())		/* the line went down before we came */
		return;
	/* late by more than a period (a stopped CPU): from now, no burst */
	timer_set_deadline(next > now ? next : now + every_period);
	every_fn();
}

/* FN from the timer's interrupt every PERIOD ticks; after the GIC is set up. */
void timer_every(uint64_t period, void (*fn)(void))
{
	every_period = period;
	every_fn = fn;
	irq_set_handler(TIMER_VIRT_PPI, every_irq);
	gic_enable_irq(TIMER_VIRT_PPI);
	timer_set_deadline(timer_now() + period);
	timer_start();
}
