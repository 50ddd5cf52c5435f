// SPDX-License-Identifier: GPL-2.0
/*
 * timer-demo: interrupt latency of the EL1 virtual timer (PPI 27).  The
 * timer fires every PERIOD_US; each deadline is the previous one plus the
 * period, so a late interrupt does not move the next one.  The handler's
 * latency is CNTVCT - CNTV_CVAL when it runs, in counter ticks.  Runs
 * unmodified on the bare machine and in a vhyp cell.
 *
 * Output (tests and tests/bench parse these; keep them stable):
 *   timer-demo: virtual timer every X us, counter F Hz
 *   timer-demo: N irqs, latency min/avg/max = A/B/C ns
 *       once per second of deadlines (every 1000000 / PERIOD_US
 *       interrupts), over the interrupts of that second only
 *   timer-demo: histogram of N irqs, K lines follow
 *   timer-demo: hist LO_NS COUNT
 *       on 'h': every latency since the start (or the last 'r'), in
 *       buckets of HIST_NS (at least one counter tick), a line for each
 *       bucket in use; beyond the HIST_LINEAR of them (16 us), buckets
 *       twice as wide each (lib/hist.c)
 *   timer-demo: histogram max M ns of N irqs
 *       after them: the largest latency exactly, and the count
 * 'r' empties the histogram and records anew, 's' stops recording (until
 * the next 'r'), 'f' makes the period FAST_PERIOD_US from the next
 * deadline on (printing the first line again), so that a benchmark gets
 * its samples in a twentieth of the time.
 * 'q' powers off (PSCI SYSTEM_OFF).
 */
#include "inmate.h"

#define PERIOD_US	1000
#define FAST_PERIOD_US	50
#define HIST_NS		16

static volatile uint64_t period;	/* ticks */

/* Written by the interrupt handler; main reads them with interrupts masked. */
static struct {
	uint64_t n, sum, min, max;
} window;
static struct hist hist;

static void timer_irq(unsigned int intid)
{
	uint64_t now = timer_now();
	uint64_t cval = timer_deadline();
	uint64_t lat;

	(void)intid;
	if (!timer_fired())		/* the line went down before we came */
		return;
	lat = now - cval;
	timer_set_deadline(cval + period);

	if (!window.n || lat < window.min)
		window.min = lat;
	if (lat > window.max)
		window.max = lat;
	window.sum += lat;
	window.n++;
	hist_add(&hist, lat);
}

/* One CPU only. */
void secondary_main(uint64_t context)
{
	(void)context;
}

static void print_window(void)
{
	uint64_t n, sum, min, max;

	irq_disable();
	n = window.n;
	sum = window.sum;
	min = window.min;
	max = window.max;
	window.n = window.sum = window.min = window.max = 0;
	irq_enable();

	puts("timer-demo: ");
	put_dec(n);
	puts(" irqs, latency min/avg/max = ");
	put_dec(ticks_to_ns(min));
	putc('/');
	put_dec(n ? ticks_to_ns(sum) / n : 0);
	putc('/');
	put_dec(ticks_to_ns(max));
	puts(" ns\n");
	status_report(ticks_to_ns(max), n, 0);	/* for 'vhypctl top' */
}

static void print_period(uint64_t freq)
{
	puts("timer-demo: virtual timer every ");
	put_dec(ticks_to_ns(period) / 1000);
	puts(" us, counter ");
	put_dec(freq);
	puts(" Hz\n");
}

int main(void)
{
	uint64_t freq = timer_freq();
	uint64_t per_second = 1000000 / PERIOD_US;
	uint64_t first;

	period = freq * PERIOD_US / 1000000;
	hist_init(&hist, HIST_NS);
	print_period(freq);

	if (irq_init() || gic_dist_init() || gic_cpu_init()) {
		puts("timer-demo: no interrupts, powering off\n");
		hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		return 1;
	}
	irq_set_handler(TIMER_VIRT_PPI, timer_irq);
	gic_enable_irq(TIMER_VIRT_PPI);
	first = timer_now() + period;
	timer_set_deadline(first);
	timer_start();
	irq_enable();

	/* Say so when no interrupt comes: WFI would wait for ever, silently. */
	while (!window.n && timer_now() < first + freq / 10)
		cpu_relax();
	if (!window.n)
		puts("timer-demo: no timer interrupt (PPI 27) 100 ms after the deadline\n");

	for (;;) {
		int c;

		wfi();
		if (window.n >= per_second)
			print_window();
		c = getc_nowait();
		if (c == 'h') {
			hist_print(&hist, "timer-demo", "irqs");
		} else if (c == 'r') {
			hist_reset(&hist);
		} else if (c == 's') {
			hist.hold = 1;
		} else if (c == 'f') {
			period = freq * FAST_PERIOD_US / 1000000;
			per_second = 1000000 / FAST_PERIOD_US;
			print_period(freq);
		} else if (c == 'q') {
			puts("timer-demo: powering off\n");
			hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		}
	}
}
