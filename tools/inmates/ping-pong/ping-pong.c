// SPDX-License-Identifier: GPL-2.0
/*
 * ping-pong: two cells over the channel "link" (tools/configs/qemu-virt/
 * ping.dts and pong.dts), one binary: its role is its end of the channel
 * (the header's 'end').  End 0 sends "ping N" and waits for "pong N"
 * before it sends N + 1; end 1 answers each "ping N" with "pong N".
 *
 * Each survives its peer going away and coming back: the header's
 * peer_state says gone, then restarted, and the peer dropped what it had
 * not read.  End 0 then sends its ping again (so it does too when no pong
 * comes for a second); end 1 answers whatever comes.  Both sleep in WFI
 * between the channel's doorbell and a 10 ms timer that looks at the
 * peer's state, which may change without a doorbell.
 *
 * On its console (tests/qemu/scenarios/demo-channel.sh reads these):
 *   ping-pong: end E of channel link: I send pings | I answer pings
 *   ping-pong: N round trips                 every 100
 *   ping-pong: my peer is gone | is up | started again: resuming
 *   ping-pong: no pong N for 1 s: sending ping N again
 * 'q' on the console powers it off.
 */
#include "inmate.h"

#define CHECK_MS	10
#define RESEND_MS	1000
#define REPORT_EVERY	100

static struct chan ch;
static struct chan_line line;
static volatile uint64_t ticks;
static uint64_t count, waiting_since;	/* end 0: the ping in flight is count */
static int need_ping;			/* end 0: send it once the peer's ring runs */

static void on_tick(void)
{
	ticks++;
}

void secondary_main(uint64_t context)
{
	(void)context;
}

/* "WORD N\n" into the channel; -1 if it does not fit now. */
static int send_word(const char *word, uint64_t n)
{
	char buf[48], num[21];
	size_t at;

	at = str_cat(buf, sizeof(buf), 0, word);
	u64_to_str(n, num);
	at = str_cat(buf, sizeof(buf), at, num);
	str_cat(buf, sizeof(buf), at, "\n");
	return chan_put(&ch, buf);
}

/* (No room: the peer does not read; the resend tries again in a second.) */
static void send_ping(void)
{
	send_word("ping ", count);
	waiting_since = ticks;
}

static void round_trip(void)
{
	count++;
	if (count % REPORT_EVERY == 0) {
		puts("ping-pong: ");
		put_dec(count);
		puts(" round trips\n");
	}
}

/* The lines that came: end 0 takes its pong, end 1 answers each ping. */
static void serve(unsigned int end)
{
	const char *arg;
	uint64_t n;

	while (chan_getline(&ch, &line)) {
		if (end == 0 && (arg = str_skip(line.buf, "pong ")) && !str_to_u64(arg, &n)) {
			if (n != count)
				continue;	/* the answer to a ping sent again */
			round_trip();
			send_ping();
		} else if (end == 1 && (arg = str_skip(line.buf, "ping ")) &&
			   !str_to_u64(arg, &n)) {
			if (send_word("pong ", n))
				puts("ping-pong: no room for a pong: my peer does not read\n");
			else
				round_trip();
		} else {
			puts("ping-pong: a line I do not understand: '");
			puts(line.buf);
			puts("'\n");
		}
	}
}

static void peer_changed(unsigned int end)
{
	uint32_t state = ch.peer_state;

	puts("ping-pong: my peer ");
	puts(state == VHYP_PEER_GONE ? "is gone" :
	     state == VHYP_PEER_RESTARTED ? "started again: resuming" :
	     state == VHYP_PEER_UP ? "is up" : "has not started yet");
	puts("\n");
	/* what was on its way is lost: a half line from before, our ping */
	memset(&line, 0, sizeof(line));
	need_ping = end == 0 && (state == VHYP_PEER_UP || state == VHYP_PEER_RESTARTED);
}

int main(void)
{
	uint64_t per_tick = timer_freq() / 1000 * CHECK_MS;
	unsigned int end;

	puts("ping-pong: looking for channel link\n");
	if (chan_find("link", &ch) || irq_init() || gic_dist_init() || gic_cpu_init()) {
		puts("ping-pong: cannot go on, powering off\n");
		hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		return 1;
	}
	end = ch.hdr->end;
	puts("ping-pong: end ");
	put_dec(end);
	puts(end == 0 ? " of channel link: I send pings\n" : " of channel link: I answer pings\n");
	if (ch.irq)
		chan_irq_enable(&ch, NULL);	/* it only wakes the WFI below */
	timer_every(per_tick, on_tick);
	irq_enable();

	for (;;) {
		if (chan_peer_changed(&ch))
			peer_changed(end);
		serve(end);
		/* a peer's first start: its magic says its ring runs (a restart's was set before) */
		if (need_ping && vhyp_ring_peer_ready(&ch.ring)) {
			need_ping = 0;
			send_ping();
		}
		if (end == 0 && !need_ping && (ch.peer_state == VHYP_PEER_UP ||
						ch.peer_state == VHYP_PEER_RESTARTED) &&
		    (ticks - waiting_since) * CHECK_MS >= RESEND_MS) {
			puts("ping-pong: no pong ");
			put_dec(count);
			puts(" for 1 s: sending ping ");
			put_dec(count);
			puts(" again\n");
			send_ping();
		}
		if (getc_nowait() == 'q') {
			puts("ping-pong: powering off\n");
			hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		}
		/* masked: an interrupt after the look still ends the WFI */
		irq_disable();
		if (!vhyp_ring_readable(&ch.ring))
			wfi();
		irq_enable();
	}
}
