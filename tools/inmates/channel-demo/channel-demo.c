// SPDX-License-Identifier: GPL-2.0
/*
 * channel-demo: a cell's telemetry to the root over the channel
 * "telemetry" (tools/configs/qemu-virt/channel-demo.dts), and a command
 * line from the root over the same channel.
 *
 * To the root, a line each second of its virtual timer, and an answer to
 * each command line it reads:
 *   tick N t=COUNTER      N from 0, COUNTER its CNTVCT_EL0
 *   set V   ->  ok set V  remembers V (a decimal number)
 *   get     ->  value V   what was set last (0 at first)
 *   else    ->  error: unknown command 'LINE' (set N, get)
 * Each write rings the root (VHYP_HC_CHANNEL_RING); it sleeps in WFI
 * between its timer's interrupt and the channel's doorbell.  A line that
 * does not fit, because the root does not read, is dropped and counted.
 *
 * On its console (tests/qemu/scenarios/demo-channel.sh reads these):
 *   channel-demo: SCTLR_EL1 X, PAR_EL1 of its data Y    after chan_find():
 *       its MMU and caches (X), and what its stage 1 makes of the window (Y)
 *   channel-demo: channel telemetry (id I, end E, S bytes), doorbell INTID D
 *   channel-demo: the root is STATE
 *   channel-demo: got 'LINE' -> 'ANSWER'
 *   channel-demo: N ticks sent, K dropped     every 10 ticks
 * 'q' on the console powers it off.
 */
#include "inmate.h"

#define TICK_MS		1000

static struct chan ch;
static volatile uint64_t ticks;		/* the timer's; main sends them */
static uint64_t value, sent, dropped;

static void on_tick(void)
{
	ticks++;
}

void secondary_main(uint64_t context)
{
	(void)context;
}

/* LINE into the channel, whole or not at all; counted. */
static void send_line(const char *line)
{
	if (chan_put(&ch, line))
		dropped++;
	else
		sent++;
}

static void send_tick(uint64_t n)
{
	char line[64], num[21];
	size_t at;

	at = str_cat(line, sizeof(line), 0, "tick ");
	u64_to_str(n, num);
	at = str_cat(line, sizeof(line), at, num);
	at = str_cat(line, sizeof(line), at, " t=");
	u64_to_str(timer_now(), num);
	at = str_cat(line, sizeof(line), at, num);
	str_cat(line, sizeof(line), at, "\n");
	send_line(line);
	if (n % 10 == 9) {
		puts("channel-demo: ");
		put_dec(sent);
		puts(" lines sent, ");
		put_dec(dropped);
		puts(" dropped (the root did not read them)\n");
	}
}

/* The answer to one command line, into OUT; its length. */
static size_t answer(const struct chan_line *l, char *out, size_t len)
{
	const char *arg;
	char num[21];
	uint64_t v;
	size_t at;

	if (!l->cut && (arg = str_skip(l->buf, "set ")) && !str_to_u64(arg, &v)) {
		value = v;
		at = str_cat(out, len, 0, "ok set ");
		u64_to_str(v, num);
		return str_cat(out, len, at, num);
	}
	if (!l->cut && (arg = str_skip(l->buf, "get")) && !*arg) {
		at = str_cat(out, len, 0, "value ");
		u64_to_str(value, num);
		return str_cat(out, len, at, num);
	}
	at = str_cat(out, len, 0, "error: unknown command '");
	at = str_cat(out, len, at, l->buf);
	return str_cat(out, len, at, l->cut ? "...' (set N, get)" : "' (set N, get)");
}

static void serve(void)
{
	static struct chan_line l;
	char out[sizeof(l.buf) + 48];
	size_t at;

	while (chan_getline(&ch, &l)) {
		at = answer(&l, out, sizeof(out) - 1);	/* room for the newline */
		puts("channel-demo: got '");
		puts(l.buf);
		puts("' -> '");
		puts(out);
		puts("'\n");
		str_cat(out, sizeof(out), at, "\n");
		send_line(out);
	}
}

/*
 * What chan_find() left its MMU as (lib/mmu.c): on, with the caches, and
 * the window's data Normal write-back.  AT S1E1R: the stage 1 alone.
 */
static void say_mmu(void)
{
	uint64_t data = (uint64_t)ch.hdr + VHYP_CHANNEL_HDR_SIZE;

	asm volatile("at s1e1r, %0; isb" : : "r" (data) : "memory");
	puts("channel-demo: SCTLR_EL1 ");
	put_hex(read_sysreg(sctlr_el1));
	puts(", PAR_EL1 of its data ");
	put_hex(read_sysreg(par_el1));
	puts("\n");
}

static void say_peer(void)
{
	puts("channel-demo: the root is ");
	puts(chan_peer_state_name(ch.peer_state));
	puts("\n");
}

int main(void)
{
	uint64_t done = 0;
	int c;

	puts("channel-demo: looking for channel telemetry\n");
	if (chan_find("telemetry", &ch) || irq_init() || gic_dist_init() || gic_cpu_init()) {
		puts("channel-demo: cannot go on, powering off\n");
		hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		return 1;
	}
	say_mmu();
	puts("channel-demo: channel telemetry (id ");
	put_dec(ch.id);
	puts(", end ");
	put_dec(ch.hdr->end);
	puts(", ");
	put_dec(ch.size);
	puts(" bytes), doorbell INTID ");
	put_dec(ch.irq);
	puts("\n");
	if (ch.irq)
		chan_irq_enable(&ch, NULL);	/* it only wakes the WFI below */
	timer_every(timer_freq() / 1000 * TICK_MS, on_tick);
	irq_enable();

	for (;;) {
		if (chan_peer_changed(&ch))
			say_peer();
		while (done < ticks)
			send_tick(done++);
		serve();
		c = getc_nowait();
		if (c == 'q') {
			puts("channel-demo: powering off\n");
			hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		}
		/* masked: an interrupt after the look still ends the WFI */
		irq_disable();
		if (done == ticks && !vhyp_ring_readable(&ch.ring))
			wfi();
		irq_enable();
	}
}
