// SPDX-License-Identifier: GPL-2.0
/*
 * The ring protocol of channel.h, for every end (vhyp_ring.h).
 *
 * Ordering: the peer's index is loaded with acquire, so that our copy
 * from (or into) the bytes it covers is not done before we saw it; ours
 * is stored with release, so that the copy is complete before the peer
 * sees it.  On arm64 these are LDAR and STLR, which payloads with their
 * MMU off (Device memory) may use too: no exclusives are needed, each
 * index has one writer.
 *
 * An end that only reads cannot publish its tail, so its writer
 * overwrites: it writes in pieces of at most half the ring (LOSSY_PIECE),
 * and the reader takes only the newest half, then checks after the copy
 * that the writer's head has not moved far enough to have overwritten
 * what it copied (the check of a seqlock), counting what it drops.
 */
#include "vhyp_ring.h"

#define CTRL_LINE	(VHYP_RING_CTRL_SIZE / 2)
#define MIN_RING	64
#define HALF_U64	(1ull << 63)	/* a difference above this went backwards */
#define READ_TRIES	4		/* copies a lossy read retries */

static inline uint64_t load_acquire(const __u64 *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_release(__u64 *p, uint64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static inline uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

int vhyp_ring_init(struct vhyp_ring *r, void *data, uint64_t size, unsigned int end,
		   uint32_t flags, uint32_t peer_flags)
{
	unsigned char *d = data;
	uint64_t bytes;

	if (end > 1 || (flags | peer_flags) & ~VHYP_CHAN_READONLY || !data ||
	    (uintptr_t)data % CTRL_LINE)
		return -1;
	bytes = VHYP_RING_BYTES(size);
	if (bytes < MIN_RING)
		return -1;

	r->own = (struct vhyp_ring_ctrl *)(d + end * CTRL_LINE);
	r->peer = (const struct vhyp_ring_ctrl *)(d + (1 - end) * CTRL_LINE);
	r->out = d + VHYP_RING_OFFSET(size, end);
	r->in = d + VHYP_RING_OFFSET(size, 1 - end);
	r->bytes = bytes;
	/* a reader that cannot hold the writer back trusts the newest half */
	r->window = flags & VHYP_CHAN_READONLY ? bytes / 2 : bytes;
	r->flags = flags;
	r->peer_flags = peer_flags;
	r->lost = 0;
	r->resyncs = 0;
	r->tail = load_acquire(&r->peer->head);
	if (flags & VHYP_CHAN_READONLY) {
		r->head = 0;
		return 0;
	}
	/* our head from our last life: whatever it holds, it is only a position */
	r->head = __atomic_load_n(&r->own->head, __ATOMIC_RELAXED);
	__atomic_store_n(&r->own->tail, r->tail, __ATOMIC_RELAXED);
	__atomic_store_n(&r->own->magic, VHYP_RING_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

/* N (at most a ring) bytes of BUF into 'out' at position POS: two copies at most. */
static void copy_in(struct vhyp_ring *r, uint64_t pos, const unsigned char *buf, uint64_t n)
{
	uint64_t off = pos & (r->bytes - 1);
	uint64_t first = min_u64(n, r->bytes - off);

	__builtin_memcpy(r->out + off, buf, first);
	if (n > first)
		__builtin_memcpy(r->out, buf + first, n - first);
}

/* N (at most a ring) bytes of 'in' at position POS into BUF. */
static void copy_out(const struct vhyp_ring *r, uint64_t pos, unsigned char *buf, uint64_t n)
{
	uint64_t off = pos & (r->bytes - 1);
	uint64_t first = min_u64(n, r->bytes - off);

	__builtin_memcpy(buf, r->in + off, first);
	if (n > first)
		__builtin_memcpy(buf + first, r->in, n - first);
}

/* To a reader that only reads: all of it, never waiting. */
static size_t write_lossy(struct vhyp_ring *r, const unsigned char *buf, size_t len)
{
	size_t done = 0;
	uint64_t n;

	while (done < len) {
		n = min_u64(len - done, r->bytes / 2);
		/*
		 * The head published last must be visible before any byte
		 * of this piece is: the reader's check relies on it (a
		 * store-store barrier; release only orders what came before).
		 */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		copy_in(r, r->head, buf + done, n);
		r->head += n;
		store_release(&r->own->head, r->head);
		done += n;
	}
	return done;
}

size_t vhyp_ring_write(struct vhyp_ring *r, const void *buf, size_t len)
{
	uint64_t n;

	if (r->flags & VHYP_CHAN_READONLY || !len)
		return 0;
	if (r->peer_flags & VHYP_CHAN_READONLY)
		return write_lossy(r, buf, len);
	n = min_u64(len, vhyp_ring_writable(r));
	if (!n)
		return 0;
	copy_in(r, r->head, buf, n);
	r->head += n;
	store_release(&r->own->head, r->head);
	return n;
}

uint64_t vhyp_ring_writable(const struct vhyp_ring *r)
{
	uint64_t used;

	if (r->flags & VHYP_CHAN_READONLY)
		return 0;
	if (r->peer_flags & VHYP_CHAN_READONLY)
		return r->bytes;
	/* a tail ahead of our head, or a ring behind: full until the peer mends it */
	used = r->head - load_acquire(&r->peer->tail);
	return used > r->bytes ? 0 : r->bytes - used;
}

uint64_t vhyp_ring_unread(const struct vhyp_ring *r)
{
	uint64_t used;

	if (r->flags & VHYP_CHAN_READONLY || r->peer_flags & VHYP_CHAN_READONLY)
		return 0;
	used = r->head - load_acquire(&r->peer->tail);
	return min_u64(used, r->bytes);
}

int vhyp_ring_peer_ready(const struct vhyp_ring *r)
{
	if (r->peer_flags & VHYP_CHAN_READONLY)
		return 1;
	return __atomic_load_n(&r->peer->magic, __ATOMIC_ACQUIRE) == VHYP_RING_MAGIC;
}

/*
 * The peer's head as a count of bytes ahead of our tail, our tail moved
 * up to what we may read first: an impossible head is a resync.
 */
static uint64_t available(struct vhyp_ring *r, uint64_t head)
{
	uint64_t avail = head - r->tail;

	if (avail >= HALF_U64) {
		r->resyncs++;		/* behind us: nothing of it is new */
		r->tail = head;
		return 0;
	}
	if (avail > r->window) {
		/* lossless: more than a ring is a lie, skip it all */
		uint64_t skip = r->window == r->bytes ? avail : avail - r->window;

		r->lost += skip;
		r->tail += skip;
		avail -= skip;
	}
	return avail;
}

uint64_t vhyp_ring_readable(const struct vhyp_ring *r)
{
	uint64_t avail = load_acquire(&r->peer->head) - r->tail;

	return avail >= HALF_U64 ? 0 : min_u64(avail, r->window);
}

/*
 * Lossy: after copying from TAIL, the bytes before the writer's head less
 * what it may be writing now (half a ring) less a ring may have changed
 * under the copy.  Returns how many of the copied bytes may have.
 */
static uint64_t overwritten(struct vhyp_ring *r, uint64_t tail, uint64_t n)
{
	uint64_t head, safe_from;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* the copy's loads first */
	head = load_acquire(&r->peer->head);
	safe_from = head - r->window;
	if (safe_from - tail >= HALF_U64)
		return 0;			/* safe_from <= tail */
	return min_u64(safe_from - tail, n);
}

size_t vhyp_ring_read(struct vhyp_ring *r, void *buf, size_t len)
{
	uint64_t n, bad;
	int tries;

	for (tries = 0; tries < READ_TRIES; tries++) {
		n = min_u64(len, available(r, load_acquire(&r->peer->head)));
		if (!n)
			break;
		copy_out(r, r->tail, buf, n);
		if (!(r->flags & VHYP_CHAN_READONLY)) {
			r->tail += n;
			store_release(&r->own->tail, r->tail);
			return n;
		}
		bad = overwritten(r, r->tail, n);
		if (!bad) {
			r->tail += n;
			return n;
		}
		/* the writer lapped the copy: drop it, try the newer bytes */
		r->lost += bad;
		r->tail += bad;
	}
	if (!(r->flags & VHYP_CHAN_READONLY))
		store_release(&r->own->tail, r->tail);	/* after a resync */
	return 0;
}
