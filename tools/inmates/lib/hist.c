// SPDX-License-Identifier: GPL-2.0
/*
 * A latency histogram for the demos (timer-demo, smp-demo): HIST_LINEAR
 * buckets of a fixed width (at least one counter tick), then HIST_LOG
 * buckets each twice as wide as the one before, so that no latency is
 * lost in a catch-all bucket; and the count and the largest latency
 * since the last hist_reset(), exactly.
 *
 * One writer: hist_add() from one CPU (an interrupt handler, or main);
 * hist_print() and hist_reset() from main on the same CPU, the samples
 * that come meanwhile dropped (h->hold), so that no lock is needed.
 */
#include "inmate.h"

void hist_init(struct hist *h, uint64_t bucket_ns)
{
	h->hold = 1;
	barrier();
	h->bucket_ticks = timer_freq() * bucket_ns / 1000000000;
	if (!h->bucket_ticks)
		h->bucket_ticks = 1;
	memset(h->lin, 0, sizeof(h->lin));
	memset(h->log, 0, sizeof(h->log));
	h->n = h->max = 0;
	barrier();
	h->hold = 0;
}

void hist_reset(struct hist *h)
{
	hist_init(h, ticks_to_ns(h->bucket_ticks));
}

void hist_add(struct hist *h, uint64_t ticks)
{
	uint64_t b = ticks / h->bucket_ticks, k;

	if (h->hold)
		return;
	h->n++;
	if (ticks > h->max)
		h->max = ticks;
	if (b < HIST_LINEAR) {
		h->lin[b]++;
		return;
	}
	for (k = 0, b /= HIST_LINEAR; b > 1 && k < HIST_LOG - 1; k++)
		b >>= 1;
	h->log[k]++;
}

/* A pause now and then, so that a console ring read every 20 ms keeps up. */
static void hist_pace(int line)
{
	uint64_t until;

	if (line % 8)
		return;
	until = timer_now() + timer_freq() / 500;
	while (timer_now() < until)
		cpu_relax();
}

static void hist_line(const char *who, uint64_t lo_ticks, uint32_t count)
{
	puts(who);
	puts(": hist ");
	put_dec(ticks_to_ns(lo_ticks));
	putc(' ');
	put_dec(count);
	putc('\n');
}

void hist_print(struct hist *h, const char *who, const char *what)
{
	uint64_t total = 0;
	int b, lines = 0, held = h->hold;

	h->hold = 1;
	barrier();
	for (b = 0; b < HIST_LINEAR; b++) {
		total += h->lin[b];
		lines += !!h->lin[b];
	}
	for (b = 0; b < HIST_LOG; b++) {
		total += h->log[b];
		lines += !!h->log[b];
	}
	puts(who);
	puts(": histogram of ");
	put_dec(total);
	putc(' ');
	puts(what);
	puts(", ");
	put_dec(lines);
	puts(" lines follow\n");
	lines = 0;
	for (b = 0; b < HIST_LINEAR; b++)
		if (h->lin[b]) {
			hist_line(who, b * h->bucket_ticks, h->lin[b]);
			hist_pace(++lines);
		}
	for (b = 0; b < HIST_LOG; b++)
		if (h->log[b]) {
			hist_line(who, (HIST_LINEAR * h->bucket_ticks) << b, h->log[b]);
			hist_pace(++lines);
		}
	puts(who);
	puts(": histogram max ");
	put_dec(ticks_to_ns(h->max));
	puts(" ns of ");
	put_dec(h->n);
	putc(' ');
	puts(what);
	putc('\n');
	barrier();
	h->hold = held;
}
