// SPDX-License-Identifier: GPL-2.0
/*
 * chan-bench between two cells, over the channel "bell" (protocol.h).
 *
 * End 1 only answers: its doorbell handler takes the clock first thing
 * and writes how long end 0's ring took to reach it; its main loop then
 * takes the clock again and rings back.  End 0, for each 'b' typed on its
 * console, waits a second (for the root's 'vhypctl console --attach'
 * that typed it to be gone), then rings SAMPLES times, GAP_US apart, both
 * cells asleep in WFI in between:
 *
 *   t0 = clock; ring end 1          end 1's handler: clock - t0   (0 -> 1)
 *   end 0's handler: clock - t0 (round trip), clock - end 1's t_ring (1 -> 0)
 *
 * and prints, over the batch, min, median and max of each ring's latency
 * from the ringer's hypercall to the peer's handler, both ways together
 * (c2c), of the round trip (c2c_rtt), and of end 0's ring hypercall, from
 * before it to its return (c2c_hvc, the ringer's part of the latency):
 *
 *   chan-bench: batch B: N rings, L unanswered
 *   chan-bench: bench c2c_{min,median,max}_ns V
 *   chan-bench: bench c2c_rtt_{min,median,max}_ns V
 *   chan-bench: bench c2c_hvc_{min,median,max}_ns V
 *
 * Both ends go to sleep right after they ring, and end 1 rings from its
 * main loop, not from its handler, because under -icount QEMU runs all
 * CPUs in one thread, in turn, and an interrupt raised for another CPU
 * does not end the ringer's turn: it runs on until it sleeps (WFI), and
 * its instructions until then count in the latency.  Ringing from the
 * handler, they would be its return and its EOI (an exit to the
 * hypervisor: 800 ns more); as it is, they are the same few for both
 * ends (the hypercall's return, the timer set for the wait, the clock
 * read for c2c_hvc).
 *
 * An answer that does not come within TIMEOUT_MS counts as unanswered.
 */
#include "inmate.h"
#include "chan-bench.h"
#include "protocol.h"

#define SAMPLES		1000
#define GAP_US		100
#define TIMEOUT_MS	10

static struct chan bell;
static volatile struct bell_data *bd;
static volatile int timer_due, answered, answer_due;
static volatile uint64_t answered_at;
static volatile uint64_t to_answer;	/* end 1: the seq its handler took */
static uint64_t pending;		/* end 0: the seq of the ring in flight */
static uint64_t lat[2 * SAMPLES], rtt[SAMPLES], hvc[SAMPLES];

static void timer_irq(unsigned int intid)
{
	(void)intid;
	timer_stop();
	timer_due = 1;
}

/* In WFI until the timer's deadline, TICKS from now, or *FLAG (may be NULL). */
static void sleep_until(uint64_t ticks, volatile int *flag)
{
	timer_due = 0;
	timer_set_deadline(timer_now() + ticks);
	timer_start();
	irq_disable();
	while (!timer_due && !(flag && *flag)) {
		wfi();
		irq_enable();
		irq_disable();
	}
	irq_enable();
	timer_stop();
}

static void end1_doorbell(struct chan *c)
{
	uint64_t now = vns_now();

	(void)c;
	bd->end[1].lat = now - bd->end[0].t_ring;
	to_answer = __atomic_load_n(&bd->end[0].seq, __ATOMIC_ACQUIRE);
	answer_due = 1;
}

/* End 1's main loop: ring back what the handler took, then sleep as end 0 does. */
static void answer(void)
{
	uint64_t seq;

	sleep_until(timer_freq(), &answer_due);
	if (!answer_due)
		return;
	answer_due = 0;
	seq = to_answer;
	bd->end[1].t_ring = vns_now();
	__atomic_store_n(&bd->end[1].seq, seq, __ATOMIC_RELEASE);
	chan_ring(&bell);
}

static void end0_doorbell(struct chan *c)
{
	uint64_t now = vns_now();

	(void)c;
	if (__atomic_load_n(&bd->end[1].seq, __ATOMIC_ACQUIRE) != pending || answered)
		return;
	answered_at = now;
	answered = 1;
}

static void batch(unsigned int number)
{
	uint64_t freq = timer_freq(), t0, t1, seq = bd->end[0].seq;
	unsigned int i, n = 0, lost = 0;

	sleep_until(freq, NULL);
	for (i = 0; i < SAMPLES; i++) {
		sleep_until(freq * GAP_US / 1000000, NULL);
		pending = ++seq;
		answered = 0;
		t0 = vns_now();
		bd->end[0].t_ring = t0;
		__atomic_store_n(&bd->end[0].seq, seq, __ATOMIC_RELEASE);
		chan_ring(&bell);
		t1 = vns_now();
		sleep_until(freq * TIMEOUT_MS / 1000, &answered);
		if (!answered) {
			lost++;
			continue;
		}
		lat[2 * n] = bd->end[1].lat;
		lat[2 * n + 1] = answered_at - bd->end[1].t_ring;
		hvc[n] = t1 - t0;
		rtt[n++] = answered_at - t0;
	}
	puts("chan-bench: batch ");
	put_dec(number);
	puts(": ");
	put_dec(n);
	puts(" rings, ");
	put_dec(lost);
	puts(" unanswered\n");
	put_figures("c2c", lat, 2 * n);
	put_figures("c2c_rtt", rtt, n);
	put_figures("c2c_hvc", hvc, n);
}

void bell_main(void)
{
	unsigned int end, batches = 0;

	if (chan_find_raw("bell", &bell))
		return;
	end = bell.hdr->end;
	bd = bell.data;
	vns_init();
	irq_set_handler(TIMER_VIRT_PPI, timer_irq);
	gic_enable_irq(TIMER_VIRT_PPI);
	if (chan_irq_enable(&bell, end ? end1_doorbell : end0_doorbell))
		return;
	irq_enable();
	puts("chan-bench: ready, end ");
	put_dec(end);
	puts(end ? " of channel bell: I answer\n" : " of channel bell: 'b' runs a batch\n");
	for (;;) {
		if (end) {
			answer();
			continue;
		}
		sleep_until(timer_freq() / 100, NULL);	/* a look at the console each 10 ms */
		if (getc_nowait() == 'b')
			batch(++batches);
	}
}
