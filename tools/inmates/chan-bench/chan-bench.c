// SPDX-License-Identifier: GPL-2.0
/*
 * chan-bench: the doorbells of channels, timed (tests/bench/run.sh's
 * channel section, tests/qemu/scenarios/bench-channel.sh).  One binary,
 * two roles, by the channels of its cell's config:
 *
 *   "bell"        (bell.c) two cells, tests/bench/chan-bell0.dts and
 *                 chan-bell1.dts: end 0 rings, end 1's doorbell handler
 *                 rings back; each ring's latency to the peer's handler,
 *                 both ways, and the round trip, in virtual ns (clock.c)
 *   "lat", "bulk" (root.c) one cell, tests/bench/chan-root.dts, whose
 *                 peer is the root's tests/bench/chan-root.c: it answers
 *                 the root's doorbell and rings it when asked ("lat"), and
 *                 reads what the root streams through "bulk"
 *
 * Both data layouts are in protocol.h.  On its console:
 *   chan-bench: clock: ...                       which clock, its resolution
 *   chan-bench: ready, end E of channel bell|lat
 *   chan-bench: bench NAME_{min,median,max}_ns V  after each batch (bell)
 */
#include "inmate.h"
#include "chan-bench.h"

void secondary_main(uint64_t context)
{
	(void)context;
}

static void sort_u64(uint64_t *v, unsigned int n)
{
	unsigned int i, j;
	uint64_t x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void put_figure(const char *name, const char *which, uint64_t v)
{
	puts("chan-bench: bench ");
	puts(name);
	puts(which);
	putc(' ');
	put_dec(v);
	putc('\n');
}

void put_figures(const char *name, uint64_t *v, unsigned int n)
{
	if (!n)
		return;
	sort_u64(v, n);
	put_figure(name, "_min_ns", v[0]);
	put_figure(name, "_median_ns", n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
	put_figure(name, "_max_ns", v[n - 1]);
}

int main(void)
{
	if (irq_init() || gic_dist_init() || gic_cpu_init()) {
		puts("chan-bench: no interrupts, powering off\n");
		hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		return 1;
	}
	if (chan_index("bell") >= 0)
		bell_main();
	else
		root_main();
	puts("chan-bench: cannot go on, powering off\n");
	hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	return 1;
}
