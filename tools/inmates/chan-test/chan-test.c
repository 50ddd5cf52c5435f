// SPDX-License-Identifier: GPL-2.0
/*
 * chan-test: a cell's end of the channel tests (tests/qemu/scenarios/
 * channels.sh).  It opens every channel of its config and takes commands
 * from its console, one a line:
 *
 *   src NAME MIB SEED     MIB MiB of test stream SEED (stream.h) into NAME
 *   sink NAME MIB SEED    MIB MiB from NAME, each byte checked against it
 *   storm NAME SECONDS    ring NAME's peer without a pause for SECONDS
 *   ring NAME             ring NAME's peer once
 *   state NAME            what its header says, and its doorbell interrupts
 *
 * and says what happened on its console, in lines the scenario greps:
 *
 *   chan-test: channel NAME id I end E size S irq Q
 *   chan-test: ready
 *   chan-test: src NAME: N bytes sent
 *   chan-test: src NAME: stopped after N bytes: my peer is gone
 *   chan-test: sink NAME: N bytes, all as sent
 *   chan-test: sink NAME: byte N is 0xX, not 0xY
 *   chan-test: sink NAME: stopped after N bytes: my peer is gone
 *   chan-test: storm NAME: R rings in S s (E refused)
 *   chan-test: NAME: peer STATE, generation G     whenever it changes
 *   chan-test: ring NAME: R                       the hypercall's answer
 *   chan-test: state NAME: peer STATE generation G doorbells D events V irqs I
 *
 * While a command runs it keeps watching every channel's peer, so the
 * lines of a peer going and coming back appear as they happen.  Nothing
 * it is told makes it touch memory outside its RAM and its windows.
 */
#include "inmate.h"
#include "stream.h"

#define MAX_CHANS	8
#define BLOCK		4096		/* bytes made or checked at once */
#define WAIT_SECONDS	20		/* for room or data before it gives up */

static struct chan chans[MAX_CHANS];
static char names[MAX_CHANS][VHYP_CHANNEL_NAME_LEN];	/* copied from each header */
static unsigned int nr_chans;
static uint64_t block[BLOCK / 8];

void secondary_main(uint64_t context)
{
	(void)context;
}

static void say(const char *a, const char *b, const char *c)
{
	puts("chan-test: ");
	puts(a);
	puts(b);
	puts(c);
}

static void say_num(uint64_t v, const char *after)
{
	put_dec(v);
	puts(after);
}

/* Every channel's peer: its changes, said once each. */
static void watch(void)
{
	unsigned int i;

	for (i = 0; i < nr_chans; i++) {
		if (!chan_peer_changed(&chans[i]))
			continue;
		say(names[i], ": peer ", chan_peer_state_name(chans[i].peer_state));
		puts(", generation ");
		say_num(chans[i].peer_generation, "\n");
	}
}

static struct chan *by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_chans; i++)
		if (str_same(name, names[i]))
			return &chans[i];
	say("no channel '", name, "'\n");
	return NULL;
}

static int gone(struct chan *c)
{
	return __atomic_load_n(&c->hdr->peer_state, __ATOMIC_ACQUIRE) == VHYP_PEER_GONE;
}

static void stopped(const char *what, struct chan *c, uint64_t done)
{
	say(what, names[c - chans], ": stopped after ");
	say_num(done, " bytes: ");
	puts(gone(c) ? "my peer is gone\n" : "no progress for 20 s\n");
}

static void src(struct chan *c, uint64_t bytes, uint64_t seed)
{
	uint64_t done;

	for (done = 0; done < bytes; done += BLOCK) {
		stream_fill(seed, done, block, BLOCK / 8);
		if (chan_write_all(c, block, BLOCK, timer_now() + WAIT_SECONDS * timer_freq())) {
			stopped("src ", c, done);
			return;
		}
		watch();
	}
	say("src ", names[c - chans], ": ");
	say_num(bytes, " bytes sent\n");
}

static void sink(struct chan *c, uint64_t bytes, uint64_t seed)
{
	uint64_t done = 0, last = timer_now(), fill = 0;
	size_t n, bad;

	while (done < bytes) {
		n = chan_read(c, (char *)block + fill, BLOCK - fill);
		fill += n;
		if (fill == BLOCK) {
			bad = stream_check(seed, done, block, BLOCK / 8);
			if (bad < BLOCK / 8) {
				say("sink ", names[c - chans], ": byte ");
				put_dec(done + bad * 8);
				puts(" is ");
				put_hex(block[bad]);
				puts(", not ");
				put_hex(stream_word(seed, done / 8 + bad));
				puts("\n");
				return;
			}
			done += BLOCK;
			fill = 0;
		}
		if (n) {
			last = timer_now();
			continue;
		}
		watch();
		if (gone(c) || timer_now() - last > WAIT_SECONDS * timer_freq()) {
			stopped("sink ", c, done + fill);
			return;
		}
		chan_wait(c, timer_now() + timer_freq() / 1000);
	}
	say("sink ", names[c - chans], ": ");
	say_num(bytes, " bytes, all as sent\n");
}

static void storm(struct chan *c, uint64_t seconds)
{
	uint64_t end = timer_now() + seconds * timer_freq(), rings = 0, refused = 0;

	while (timer_now() < end) {
		if (chan_ring(c))
			refused++;
		rings++;
	}
	say("storm ", names[c - chans], ": ");
	say_num(rings, " rings in ");
	say_num(seconds, " s (");
	say_num(refused, " refused)\n");
}

static void state(struct chan *c)
{
	say("state ", names[c - chans], ": peer ");
	puts(chan_peer_state_name(c->hdr->peer_state));
	puts(" generation ");
	say_num(c->hdr->peer_generation, " doorbells ");
	say_num(c->hdr->doorbells, " events ");
	say_num(c->hdr->events, " irqs ");
	say_num(c->doorbells, "\n");
}

static void ring(struct chan *c)
{
	long r = chan_ring(c);

	say("ring ", names[c - chans], r < 0 ? ": -" : ": ");
	say_num(r < 0 ? -r : r, "\n");
}

static void command(char *line)
{
	size_t at = 0;
	char *verb = str_word(line, &at), *name = str_word(line, &at);
	uint64_t a = 0, b = 0;
	struct chan *c;

	if (!*verb)
		return;
	c = by_name(name);
	if (!c)
		return;
	if ((!str_same(verb, "src") && !str_same(verb, "sink") && !str_same(verb, "storm") &&
	     !str_same(verb, "state") && !str_same(verb, "ring")) ||
	    (!str_same(verb, "state") && !str_same(verb, "ring") &&
	     str_to_u64(str_word(line, &at), &a)) ||
	    ((str_same(verb, "src") || str_same(verb, "sink")) &&
	     str_to_u64(str_word(line, &at), &b))) {
		say("what is '", verb,
		    "'? src|sink NAME MIB SEED, storm NAME SECONDS, ring NAME, state NAME\n");
		return;
	}
	if (str_same(verb, "src"))
		src(c, a << 20, b);
	else if (str_same(verb, "sink"))
		sink(c, a << 20, b);
	else if (str_same(verb, "storm"))
		storm(c, a);
	else if (str_same(verb, "ring"))
		ring(c);
	else
		state(c);
}

int main(void)
{
	struct chan_desc d;
	char line[80];
	size_t len = 0;
	int ch;

	if (irq_init() || gic_dist_init() || gic_cpu_init())
		return 1;
	for (nr_chans = 0; nr_chans < MAX_CHANS && !chan_query(nr_chans, &d) &&
	     !chan_open(nr_chans, &chans[nr_chans]); nr_chans++) {
		struct chan *c = &chans[nr_chans];
		unsigned int i;

		for (i = 0; i < VHYP_CHANNEL_NAME_LEN - 1; i++)
			names[nr_chans][i] = c->hdr->name[i];

		say("channel ", names[c - chans], " id ");
		say_num(c->id, " end ");
		say_num(c->hdr->end, " size ");
		say_num(c->size, " irq ");
		say_num(c->irq, "\n");
		if (c->irq)
			chan_irq_enable(c, NULL);	/* wakes chan_wait() */
	}
	irq_enable();
	puts("chan-test: ready\n");
	for (;;) {
		watch();
		ch = getc_nowait();
		if (ch < 0) {
			if (nr_chans)
				chan_wait(&chans[0], timer_now() + timer_freq() / 100);
			continue;
		}
		if (ch == '\r' || ch == '\n') {
			line[len] = '\0';
			command(line);
			len = 0;
		} else if (len < sizeof(line) - 1) {
			line[len++] = ch;
		}
	}
}
