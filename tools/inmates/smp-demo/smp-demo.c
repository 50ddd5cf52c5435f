// SPDX-License-Identifier: GPL-2.0
/*
 * smp-demo: SGI round trips between CPUs.  CPU 0 starts the CPUs with
 * MPIDR Aff0 1, 2, ... 7 (PSCI CPU_ON, up to the first that fails), each
 * sets up its GIC redistributor and CPU interface, and then CPU 0 pings
 * each in turn, one round every ROUND_US: SGI 1 to CPU n, which answers
 * with SGI 1 to CPU 0; the round trip is CNTVCT in CPU 0's handler minus
 * CNTVCT before the send.  Every CPU waits in WFI: CPU 0 with its virtual
 * timer (PPI 27) armed for the next round, or for the answer's timeout,
 * so that no interrupt but the answer arrives while it waits for one.
 * Runs unmodified on the bare machine and in a vhyp cell.
 *
 * Output (tests and tests/bench parse these; keep them stable):
 *   smp-demo: N CPUs up
 *   smp-demo: cpu N: R round trips, rtt min/avg/max = A/B/C ns
 *       for every CPU but 0, once per second, over that second only
 *   smp-demo: cpu N: L pings unanswered
 *       the same second, when answers took longer than PONG_TIMEOUT_US
 *   smp-demo: histogram of N round trips, K lines follow
 *   smp-demo: hist LO_NS COUNT
 *   smp-demo: histogram max M ns of N round trips
 *       on 'h': every round trip to any CPU since the start (or the last
 *       'r'), as timer-demo's (lib/hist.c, HIST_NS buckets)
 * 'r' empties the histogram and records anew, 's' stops recording (until
 * the next 'r'), 'f' makes a round every FAST_ROUND_US (for a benchmark).
 * 'q' powers off (PSCI SYSTEM_OFF).
 *
 * The answer says which ping it is (pong_seq = ping_seq), since GICv3
 * SGIs do not say where they come from: an answer too late for its ping
 * is not counted for the next one.
 */
#include "inmate.h"

#define SGI_PING		1
#define ROUND_US		100
#define FAST_ROUND_US		50
/*
 * Long enough that only a lost SGI counts: without -icount, the virtual
 * counter follows the host's clock, and a busy 2-core host can leave the
 * other vCPU's thread unscheduled for more than 10 ms.
 */
#define PONG_TIMEOUT_US		200000
#define HIST_NS			16

static uint64_t boot_mpidr;		/* set before any other CPU starts */

/* One writer each: CPU 0 for ping_seq, CPU n for cpu_up[n], pong_seq[n]. */
static volatile uint32_t cpu_up[MAX_CPUS];	/* 1 up, 2 failed */
static volatile uint32_t ping_seq[MAX_CPUS];
static volatile uint32_t pong_seq[MAX_CPUS];

/* CPU 0's main and interrupt handlers. */
static volatile unsigned int target;
static volatile int pong_ok;
static volatile uint64_t pong_at;
static volatile int timer_rang;
static volatile int never;		/* set by no one: wait for the deadline */

static struct {
	uint64_t n, sum, min, max, lost;
} stats[MAX_CPUS];			/* CPU 0's main only */
static struct hist hist;		/* CPU 0's main only */

static void sgi_handler(unsigned int intid)
{
	uint64_t now = timer_now();
	uint64_t me = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	unsigned int n;

	(void)intid;
	if (me != boot_mpidr) {		/* a ping: answer it */
		n = me & 0xff;
		pong_seq[n] = ping_seq[n];
		gic_send_sgi(boot_mpidr, SGI_PING);	/* dsb first */
		return;
	}
	n = target;			/* an answer */
	if (!pong_ok && pong_seq[n] == ping_seq[n]) {
		pong_at = now;
		pong_ok = 1;
	}
}

/* CPU 0: the deadline of wait_until() has passed. */
static void timer_irq(unsigned int intid)
{
	(void)intid;
	if (!timer_fired())	/* stopped or moved on before it came */
		return;
	timer_stop();
	timer_rang = 1;
}

/*
 * Sleep in WFI until *flag is set or the deadline passes; 1 if the flag was
 * set.  Interrupts stay masked while the condition is checked, so that
 * none can come between the check and the WFI (which a pending interrupt
 * ends, masked or not); each is taken right after the WFI.
 */
static int wait_until(volatile int *flag, uint64_t deadline)
{
	int ok;

	timer_rang = 0;
	timer_set_deadline(deadline);
	timer_start();
	irq_disable();
	while (!*flag && !timer_rang) {
		wfi();
		irq_enable();
		isb();
		irq_disable();
	}
	ok = *flag;
	irq_enable();
	timer_stop();
	return ok;
}

/* wait_until() needs the timer's interrupt: say so when none comes. */
static void check_timer(uint64_t patience)
{
	uint64_t t0 = timer_now();

	timer_rang = 0;
	timer_set_deadline(t0);
	timer_start();
	while (!timer_rang && timer_now() - t0 < patience)
		cpu_relax();
	timer_stop();
	if (!timer_rang)
		puts("smp-demo: no timer interrupt (PPI 27) within 100 ms\n");
}

void secondary_main(uint64_t context)
{
	uint64_t n = context;

	/* start.S chose this CPU's stack by MPIDR Aff0: that must be n. */
	if (n >= MAX_CPUS || (read_sysreg(mpidr_el1) & MPIDR_AFF_MASK) != n)
		return;
	if (irq_init() || gic_cpu_init()) {
		cpu_up[n] = 2;
	} else {
		gic_enable_irq(SGI_PING);
		irq_enable();
		cpu_up[n] = 1;
	}
	dsb();
	sev();
	for (;;)
		wfi();
}

/* Start CPU n and wait up to a second for it to come up: 0, or -1. */
static int start_cpu(unsigned int n)
{
	uint64_t deadline;

	if (hvc_call(PSCI_CPU_ON, n, (uint64_t)secondary_entry, n))
		return -1;
	deadline = timer_now() + timer_freq();
	while (!cpu_up[n] && timer_now() < deadline)
		cpu_relax();
	if (cpu_up[n] == 1)
		return 0;
	puts("smp-demo: cpu ");
	put_dec(n);
	puts(cpu_up[n] ? " has no interrupts\n" : " started but did not come up\n");
	return -1;
}

static void ping(unsigned int n, uint64_t timeout)
{
	uint64_t t0, rtt;

	target = n;
	pong_ok = 0;
	ping_seq[n] = ping_seq[n] + 1;
	t0 = timer_now();
	gic_send_sgi(n, SGI_PING);
	if (!wait_until(&pong_ok, t0 + timeout)) {
		stats[n].lost++;
		return;
	}
	rtt = pong_at - t0;
	if (!stats[n].n || rtt < stats[n].min)
		stats[n].min = rtt;
	if (rtt > stats[n].max)
		stats[n].max = rtt;
	stats[n].sum += rtt;
	stats[n].n++;
	hist_add(&hist, rtt);
}

static void print_stats(unsigned int ncpus)
{
	uint64_t worst = 0, samples = 0;	/* of all its CPUs, for 'vhypctl top' */
	unsigned int n;

	for (n = 1; n < ncpus; n++) {
		puts("smp-demo: cpu ");
		put_dec(n);
		puts(": ");
		put_dec(stats[n].n);
		puts(" round trips, rtt min/avg/max = ");
		put_dec(ticks_to_ns(stats[n].min));
		putc('/');
		put_dec(stats[n].n ? ticks_to_ns(stats[n].sum) / stats[n].n : 0);
		putc('/');
		put_dec(ticks_to_ns(stats[n].max));
		puts(" ns\n");
		if (stats[n].lost) {
			puts("smp-demo: cpu ");
			put_dec(n);
			puts(": ");
			put_dec(stats[n].lost);
			puts(" pings unanswered\n");
		}
		worst = stats[n].max > worst ? stats[n].max : worst;
		samples += stats[n].n;
		stats[n].n = stats[n].sum = stats[n].min = stats[n].max = 0;
		stats[n].lost = 0;
	}
	status_report(ticks_to_ns(worst), samples, 0);
}

int main(void)
{
	uint64_t freq = timer_freq();
	uint64_t timeout = freq * PONG_TIMEOUT_US / 1000000;
	uint64_t round = freq * ROUND_US / 1000000;
	uint64_t next_round, next_print;
	unsigned int n, ncpus;

	boot_mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	if (irq_init() || gic_dist_init() || gic_cpu_init()) {
		puts("smp-demo: no interrupts, powering off\n");
		hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		return 1;
	}
	irq_set_handler(SGI_PING, sgi_handler);
	irq_set_handler(TIMER_VIRT_PPI, timer_irq);
	gic_enable_irq(SGI_PING);
	gic_enable_irq(TIMER_VIRT_PPI);
	irq_enable();
	check_timer(freq / 10);
	hist_init(&hist, HIST_NS);

	for (ncpus = 1; ncpus < MAX_CPUS; ncpus++)
		if (start_cpu(ncpus))
			break;
	puts("smp-demo: ");
	put_dec(ncpus);
	puts(" CPUs up\n");

	next_round = timer_now();
	next_print = next_round + freq;
	for (;;) {
		uint64_t now;
		int c;

		wait_until(&never, next_round);
		for (n = 1; n < ncpus; n++)
			ping(n, timeout);

		now = timer_now();
		next_round += round;
		if (next_round < now)		/* behind: no burst to catch up */
			next_round = now;
		if (now >= next_print) {
			print_stats(ncpus);
			next_print += freq;
			if (next_print <= now)
				next_print = now + freq;
		}
		c = getc_nowait();
		if (c == 'h') {
			hist_print(&hist, "smp-demo", "round trips");
		} else if (c == 'r') {
			hist_reset(&hist);
		} else if (c == 's') {
			hist.hold = 1;
		} else if (c == 'f') {
			round = freq * FAST_ROUND_US / 1000000;
		} else if (c == 'q') {
			puts("smp-demo: powering off\n");
			hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		}
	}
}
