// SPDX-License-Identifier: GPL-2.0
/*
 * A payload's channels (Documentation/channels.md): found with
 * VHYP_HC_CHANNEL_QUERY (index 0, 1, ... in its config's order) and by the
 * name in each window's header page, checked, then a byte stream each way
 * with the ring protocol every end compiles (tools/channel/vhyp_ring.c),
 * or, opened raw, data that the payload and its peer lay out themselves.
 * The peer's doorbell comes as an edge-triggered virtual SPI, or is seen
 * as a change of the header's event count; ours is VHYP_HC_CHANNEL_RING.
 *
 * The window at the IPA of the config: the header page, which only the
 * hypervisor writes (the cell's stage 2 maps it read-only), then the data.
 * The other end accesses it as Normal write-back memory (the root, Linux,
 * through its caches), so this one must too: accesses with the MMU off
 * are Device accesses, which go past the caches, and on real hardware
 * would miss what the other end's caches hold.  So before the first look
 * at a window (its name, by chan_find(), or its header) the MMU is on
 * with an identity map (mmu.c) and the window is Normal write-back.
 */
#include <vhyp/hypercall.h>

#include "inmate.h"

#define HC_ENOENT	2		/* Linux's errno numbers, negated */
#define HC_ENOTCONN	107
#define HC_UNKNOWN	(-1L)		/* SMCCC NOT_SUPPORTED: no channels in this vhyp */

static struct chan *by_irq[VHYP_CELL_MAX_CHANNELS];

static void put_name(const volatile char *name, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len && name[i]; i++)
		putc(name[i]);
}

static void chan_say(const struct chan *c, const char *what)
{
	puts("channel ");
	put_name(c->hdr->name, sizeof(c->hdr->name));
	puts(": ");
	puts(what);
}

/* Is the header's name NAME (NUL-terminated, shorter than the field)? */
static int name_is(const volatile char *field, const char *name)
{
	unsigned int i;

	for (i = 0; i < VHYP_CHANNEL_NAME_LEN; i++) {
		if (field[i] != name[i])
			return 0;
		if (!name[i])
			return 1;
	}
	return 0;
}

long chan_query(unsigned int index, struct chan_desc *d)
{
	struct hvc_res r;
	long ret = (long)hvc_call_res(VHYP_HC_CHANNEL_QUERY, index, 0, 0, &r);

	if (ret)
		return ret;
	d->id = r.x[1];
	d->ipa = r.x[2];
	d->size = r.x[3];
	d->irq = r.x[4];
	d->flags = r.x[5];
	return 0;
}

/* D's window mapped as its other end maps it, and this CPU's MMU on: 0, or -1 said why. */
static int window_map(const struct chan_desc *d)
{
	if (!mmu_map_normal(d->ipa, VHYP_CHANNEL_HDR_SIZE + d->size))
		return 0;
	puts("channel ");
	put_dec(d->id);
	puts(": its window cannot be mapped cacheable (above 512 GiB, or no page tables left)\n");
	return -1;
}

/* The header is what the hypervisor promised for this channel: 0, or -1 said why. */
static int check_header(const struct chan *c, const struct chan_desc *d)
{
	const volatile struct vhyp_channel_header *h = c->hdr;
	const char *why = NULL;

	if (h->magic != VHYP_CHANNEL_MAGIC)
		why = "no channel header at its window (magic)";
	else if (h->abi != VHYP_CHANNEL_ABI)
		why = "its header is of another channel ABI than this payload's";
	else if (h->id != d->id || h->size != d->size || h->end > 1 ||
		 (h->flags & VHYP_CHAN_READONLY) != (d->flags & VHYP_CHAN_READONLY))
		why = "its header and VHYP_HC_CHANNEL_QUERY disagree";
	if (!why)
		return 0;
	puts("channel ");
	put_dec(d->id);
	puts(": ");
	puts(why);
	puts("\n");
	return -1;
}

int chan_open_raw(unsigned int index, struct chan *c)
{
	struct chan_desc d;
	long ret = chan_query(index, &d);

	if (ret) {
		puts(ret == HC_UNKNOWN ? "channel: this vhyp has no channels\n"
				       : "channel: no such channel in this cell's config\n");
		return -1;
	}
	memset(c, 0, sizeof(*c));
	c->index = index;
	c->id = d.id;
	c->irq = d.irq;
	c->size = d.size;
	c->hdr = (const volatile struct vhyp_channel_header *)d.ipa;
	if (d.ipa % VHYP_CHANNEL_HDR_SIZE || window_map(&d) || check_header(c, &d))
		return -1;
	c->data = (void *)(d.ipa + VHYP_CHANNEL_HDR_SIZE);
	c->events = c->hdr->events;
	c->peer_state = ~0u;		/* the first chan_peer_changed() says it */
	return 0;
}

int chan_open(unsigned int index, struct chan *c)
{
	if (chan_open_raw(index, c))
		return -1;
	if (vhyp_ring_init(&c->ring, c->data, c->size, c->hdr->end, c->hdr->flags,
			   c->hdr->peer_flags)) {
		chan_say(c, "its data holds no rings\n");
		return -1;
	}
	return 0;
}

long chan_index(const char *name)
{
	struct chan_desc d;
	unsigned int i;
	long ret = -HC_ENOENT;

	for (i = 0; i < VHYP_CELL_MAX_CHANNELS; i++) {
		ret = chan_query(i, &d);
		if (ret)
			break;
		if (!(d.ipa % VHYP_CHANNEL_HDR_SIZE) && !window_map(&d) &&
		    name_is(((const volatile struct vhyp_channel_header *)d.ipa)->name, name))
			return i;
	}
	return ret == HC_UNKNOWN ? HC_UNKNOWN : -HC_ENOENT;
}

/* Channel NAME's index, or -1 said why. */
static long find(const char *name)
{
	long i = chan_index(name);

	if (i >= 0)
		return i;
	puts("channel: no channel ");
	puts(name);
	puts(i == HC_UNKNOWN ? ": this vhyp has no channels\n" : " in this cell's config\n");
	return -1;
}

int chan_find(const char *name, struct chan *c)
{
	long i = find(name);

	return i < 0 ? -1 : chan_open(i, c);
}

int chan_find_raw(const char *name, struct chan *c)
{
	long i = find(name);

	return i < 0 ? -1 : chan_open_raw(i, c);
}

long chan_ring(struct chan *c)
{
	return (long)hvc_call(VHYP_HC_CHANNEL_RING, c->id, 0, 0);
}

size_t chan_write(struct chan *c, const void *buf, size_t len)
{
	size_t n = vhyp_ring_write(&c->ring, buf, len);

	if (n)
		chan_ring(c);		/* -ENOTCONN: it reads when it runs */
	return n;
}

size_t chan_read(struct chan *c, void *buf, size_t len)
{
	return vhyp_ring_read(&c->ring, buf, len);
}

int chan_put(struct chan *c, const char *s)
{
	size_t len = 0;

	while (s[len])
		len++;
	if (vhyp_ring_writable(&c->ring) < len)
		return -1;
	return chan_write(c, s, len) == len ? 0 : -1;
}

int chan_getline(struct chan *c, struct chan_line *l)
{
	char ch;

	if (l->whole) {			/* the last call's line: done with */
		l->len = 0;
		l->cut = 0;
		l->whole = 0;
	}
	while (chan_read(c, &ch, 1)) {
		if (ch == '\r')
			continue;
		if (ch == '\n') {
			l->buf[l->len] = '\0';
			l->whole = 1;
			return 1;
		}
		if (l->len < sizeof(l->buf) - 1)
			l->buf[l->len++] = ch;
		else
			l->cut = 1;
	}
	return 0;
}

int chan_write_all(struct chan *c, const void *buf, size_t len, uint64_t deadline)
{
	const char *p = buf;
	uint64_t now, soon;
	size_t n;

	while (len) {
		n = chan_write(c, p, len);
		p += n;
		len -= n;
		if (n)
			continue;
		now = timer_now();
		if (c->hdr->peer_state == VHYP_PEER_GONE || now >= deadline)
			return -1;
		/* a reader need not ring when it has read: look again each ms */
		soon = now + timer_freq() / 1000;
		chan_wait(c, soon < deadline ? soon : deadline);
	}
	return 0;
}

int chan_peer_changed(struct chan *c)
{
	uint32_t state = __atomic_load_n(&c->hdr->peer_state, __ATOMIC_ACQUIRE);
	uint64_t gen = c->hdr->peer_generation;

	if (state == c->peer_state && gen == c->peer_generation)
		return 0;
	c->peer_state = state;
	c->peer_generation = gen;
	return 1;
}

const char *chan_peer_state_name(uint32_t state)
{
	switch (state) {
	case VHYP_PEER_NONE:
		return "none";
	case VHYP_PEER_UP:
		return "up";
	case VHYP_PEER_GONE:
		return "gone";
	case VHYP_PEER_RESTARTED:
		return "restarted";
	default:
		return "unknown";
	}
}

static void doorbell_irq(unsigned int intid)
{
	unsigned int i;

	for (i = 0; i < VHYP_CELL_MAX_CHANNELS; i++) {
		if (by_irq[i] && by_irq[i]->irq == intid) {
			by_irq[i]->doorbells++;
			if (by_irq[i]->on_doorbell)
				by_irq[i]->on_doorbell(by_irq[i]);
		}
	}
}

int chan_irq_enable(struct chan *c, void (*fn)(struct chan *c))
{
	unsigned int i;

	if (!c->irq || c->irq < GIC_NR_PRIVATE || c->irq >= GIC_MAX_INTID) {
		chan_say(c, "its config gives it no doorbell interrupt\n");
		return -1;
	}
	for (i = 0; i < VHYP_CELL_MAX_CHANNELS && by_irq[i] && by_irq[i] != c; i++)
		;
	if (i == VHYP_CELL_MAX_CHANNELS)
		return -1;
	c->on_doorbell = fn;
	by_irq[i] = c;
	irq_set_handler(c->irq, doorbell_irq);
	gic_set_edge(c->irq);
	gic_enable_irq(c->irq);
	return 0;
}

/*
 * The generic timer's event stream: a WFE wake-up about every ms, so that
 * a wait without interrupts still sees its deadline (CNTKCTL_EL1.EVNTI is
 * the counter bit whose flips make the events: every 2^(EVNTI + 1) ticks).
 */
static void event_stream_on(void)
{
	uint64_t per_ms = timer_freq() / 1000, k = 0;

	while (k < 15 && 2ull << (k + 1) <= per_ms)
		k++;
	write_sysreg((read_sysreg(cntkctl_el1) & ~0xf0UL) | k << 4 | 1 << 2, cntkctl_el1);
	isb();
}

/*
 * WFE, not WFI: the event stream wakes it whatever the payload's
 * interrupts are, and so does any interrupt taken (its return sets the
 * event register).  Under QEMU's TCG a WFE only yields: this spins there.
 */
int chan_wait(struct chan *c, uint64_t deadline)
{
	uint64_t events;

	event_stream_on();
	for (;;) {
		events = __atomic_load_n(&c->hdr->events, __ATOMIC_ACQUIRE);
		if (events != c->events) {
			c->events = events;
			return 1;
		}
		if (timer_now() >= deadline)
			return 0;
		wfe();
	}
}
