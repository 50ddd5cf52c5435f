// SPDX-License-Identifier: GPL-2.0
/*
 * The channel ring protocol (tools/channel/vhyp_ring.c, the very file the
 * payloads and the root's library compile) on the host, under ASan and
 * UBSan, printing TAP:
 *   - its arguments, the layout of channel.h, wrap-around in two copies,
 *     partial writes into a full ring;
 *   - two threads streaming both ways at once through one data area in
 *     random pieces, tens of MiB, every byte checked;
 *   - the resume rules, each end restarted in the middle of a stream;
 *   - an end that only reads: its writer never waits, the reader never
 *     gets a byte the writer overwrote under it, and delivered plus lost
 *     is exactly what was written, with both racing;
 *   - a hostile peer that writes random indices into both control blocks:
 *     no copy ever leaves the data area or the caller's buffer (ASan
 *     stops the test at the first byte that would).
 *
 * Byte p of the stream from end E is stream_byte(E, p): a reader checks
 * each byte against its position, which also checks the positions.
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "vhyp_ring.h"

#define SIZE		(16u << 10)	/* data bytes: rings of 4 KiB */
#define STREAM		(24ull << 20)	/* bytes each way in the threaded tests */
#define MAX_PIECE	6000		/* more than a ring: partial writes */

static unsigned char stream_byte(unsigned int end, uint64_t pos)
{
	uint64_t x = (pos + 1) * 0x9e3779b97f4a7c15ull ^ (end + 1) * 0xbf58476d1ce4e5b9ull;

	return (unsigned char)(x >> 29 ^ x >> 47);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void *data_area(void)
{
	void *d = aligned_alloc(4096, SIZE);

	memset(d, 0, SIZE);
	return d;
}

/* Fill BUF with N bytes of END's stream from POS. */
static void fill(unsigned int end, uint64_t pos, unsigned char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = stream_byte(end, pos + i);
}

/* Are the N bytes of BUF END's stream from POS?  fail() says where not. */
static bool check(unsigned int end, uint64_t pos, const unsigned char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (buf[i] != stream_byte(end, pos + i))
			return fail("byte %llu of end %u's stream is 0x%02x, want 0x%02x",
				    (unsigned long long)(pos + i), end, buf[i],
				    stream_byte(end, pos + i));
	return true;
}

static void test_args(void)
{
	unsigned char *d = data_area();
	struct vhyp_ring r;

	ok(vhyp_ring_init(&r, d, SIZE, 2, 0, 0) < 0, "init refuses end 2");
	ok(vhyp_ring_init(&r, d, SIZE, 0, 4, 0) < 0 && vhyp_ring_init(&r, d, SIZE, 0, 0, 2) < 0,
	   "init refuses flags other than VHYP_CHAN_READONLY");
	ok(vhyp_ring_init(&r, d + 8, SIZE - 128, 0, 0, 0) < 0, "init refuses misaligned data");
	ok(vhyp_ring_init(&r, d, VHYP_RING_CTRL_SIZE + 127, 0, 0, 0) < 0 &&
	   vhyp_ring_init(&r, d, 0, 0, 0, 0) < 0, "init refuses data too small for two rings");
	ok(!vhyp_ring_init(&r, d, SIZE, 1, 0, 0) &&
	   r.own == (void *)(d + 128) && r.peer == (void *)d &&
	   r.in == d + VHYP_RING_CTRL_SIZE && r.out == d + VHYP_RING_CTRL_SIZE + 4096 &&
	   r.bytes == VHYP_RING_BYTES(SIZE) && r.bytes == 4096,
	   "end 1: control block at 128, reads the ring at 256, writes the one after it");
	ok(r.own->magic == VHYP_RING_MAGIC && ((struct vhyp_ring_ctrl *)d)->magic == 0,
	   "init sets its own magic only");
	free(d);
}

/* One thread: partial writes, empty reads, wrap-around. */
static void test_basic(void)
{
	unsigned char *d = data_area(), buf[8192];
	struct vhyp_ring a, b;
	uint64_t wpos = 0, rpos = 0;
	size_t n, i;
	bool good = true;

	vhyp_ring_init(&a, d, SIZE, 0, 0, 0);
	vhyp_ring_init(&b, d, SIZE, 1, 0, 0);
	ok(vhyp_ring_peer_ready(&a) && vhyp_ring_peer_ready(&b), "both ends see the other's magic");
	ok(vhyp_ring_read(&b, buf, sizeof(buf)) == 0 && vhyp_ring_readable(&b) == 0,
	   "an empty ring reads nothing");

	fill(0, 0, buf, 5000);
	n = vhyp_ring_write(&a, buf, 5000);
	ok(n == 4096 && vhyp_ring_writable(&a) == 0 && vhyp_ring_write(&a, buf, 1) == 0 &&
	   vhyp_ring_unread(&a) == 4096, "a write takes what fits (4096 of 5000), then nothing");
	wpos = n;
	n = vhyp_ring_read(&b, buf, 1000);
	ok(n == 1000 && check(0, 0, buf, n) && vhyp_ring_writable(&a) == 1000,
	   "a read frees what it took");
	rpos = n;

	/* 200 rounds of odd sizes: each wraps at a different place */
	for (i = 0; i < 200 && good; i++) {
		size_t w = 1 + (i * 977) % 4096, r = 1 + (i * 613) % 4096;

		fill(0, wpos, buf, w);
		wpos += vhyp_ring_write(&a, buf, w);
		n = vhyp_ring_read(&b, buf, r);
		good = check(0, rpos, buf, n) && n <= r;
		rpos += n;
	}
	while ((n = vhyp_ring_read(&b, buf, sizeof(buf))) && good) {
		good = check(0, rpos, buf, n);
		rpos += n;
	}
	ok(good && rpos == wpos && a.head == wpos && b.tail == rpos &&
	   ((struct vhyp_ring_ctrl *)(d + 128))->tail == rpos,
	   "wrap-around in 200 odd-sized rounds: every byte in order, tail published");
	ok(vhyp_ring_lost(&b) == 0 && vhyp_ring_resyncs(&b) == 0, "nothing lost");
	free(d);
}

struct streamer {
	struct vhyp_ring *r;
	unsigned int end;
	uint64_t seed, total;
	uint64_t sent, got;	/* bytes */
	bool lossy_reader;	/* the other end only reads: do not read */
	bool only_read;		/* this end only reads */
	bool good;
	char why[sizeof(why) + 16];
};

static volatile int writers_done;

/*
 * Write END's stream and read the other's, in random pieces, both at once;
 * a reader that only reads goes on until the writer is done and its ring
 * empty.  A read's bytes are at the reader's tail less their count: what
 * it lost comes before them.
 */
static void *stream_thread(void *arg)
{
	struct streamer *s = arg;
	unsigned char out[MAX_PIECE], in[MAX_PIECE];
	uint64_t wpos = s->r->head;
	bool writing, reading, moved;
	size_t n, want;

	s->good = true;
	for (;;) {
		writing = !s->only_read && s->sent < s->total;
		if (s->lossy_reader)
			reading = false;
		else if (s->only_read)
			reading = !writers_done || vhyp_ring_readable(s->r);
		else
			reading = s->got < s->total;
		if (!writing && !reading)
			break;
		moved = false;
		if (writing) {
			want = 1 + xorshift(&s->seed) % MAX_PIECE;
			if (want > s->total - s->sent)
				want = s->total - s->sent;
			fill(s->end, wpos, out, want);
			n = vhyp_ring_write(s->r, out, want);
			wpos += n;
			s->sent += n;
			moved = n;
		}
		if (reading) {
			want = 1 + xorshift(&s->seed) % MAX_PIECE;
			n = vhyp_ring_read(s->r, in, want);
			if (n > want || !check(1 - s->end, s->r->tail - n, in, n)) {
				snprintf(s->why, sizeof(s->why), "end %u: %s", s->end,
					 n > want ? "read more than asked" : why);
				s->good = false;
				break;
			}
			s->got += n;
			moved |= n;
		}
		if (!moved)
			sched_yield();
	}
	return NULL;
}

static void test_threads(void)
{
	unsigned char *d = data_area();
	struct vhyp_ring a, b;
	struct streamer s[2] = {
		{ .r = &a, .end = 0, .seed = 1, .total = STREAM },
		{ .r = &b, .end = 1, .seed = 2, .total = STREAM },
	};
	pthread_t t[2];
	int i;

	vhyp_ring_init(&a, d, SIZE, 0, 0, 0);
	vhyp_ring_init(&b, d, SIZE, 1, 0, 0);
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, stream_thread, &s[i]);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	if (!s[0].good || !s[1].good)
		fail("%s", s[0].good ? s[1].why : s[0].why);
	ok(s[0].good && s[1].good && s[0].got == STREAM && s[1].got == STREAM &&
	   !vhyp_ring_lost(&a) && !vhyp_ring_lost(&b),
	   "two threads, %llu MiB each way in random pieces: every byte, in order",
	   STREAM >> 20);
	free(d);
}

/* Restart each end in the middle of a stream: the rules of channel.h. */
static void test_resume(void)
{
	unsigned char *d = data_area(), buf[4096];
	struct vhyp_ring a, b;
	uint64_t a_head;
	size_t n;

	vhyp_ring_init(&a, d, SIZE, 0, 0, 0);
	vhyp_ring_init(&b, d, SIZE, 1, 0, 0);
	fill(0, 0, buf, 3000);
	vhyp_ring_write(&a, buf, 3000);
	fill(1, 0, buf, 1000);
	vhyp_ring_write(&b, buf, 1000);
	vhyp_ring_read(&b, buf, 500);		/* 2500 of a's left unread */

	/* b starts again: its head stays, a's unread bytes are dropped */
	((struct vhyp_ring_ctrl *)(d + 128))->magic = 0;
	vhyp_ring_init(&b, d, SIZE, 1, 0, 0);
	ok(b.head == 1000 && b.tail == 3000 && vhyp_ring_readable(&b) == 0 &&
	   vhyp_ring_writable(&a) == 4096 && vhyp_ring_peer_ready(&a),
	   "a restarted reader keeps its head, takes the peer's head as its tail");
	fill(0, 3000, buf, 100);
	vhyp_ring_write(&a, buf, 100);
	n = vhyp_ring_read(&b, buf, sizeof(buf));
	ok(n == 100 && check(0, 3000, buf, n), "and reads what is written after its restart");
	fill(1, 1000, buf, 200);
	vhyp_ring_write(&b, buf, 200);
	n = vhyp_ring_read(&a, buf, sizeof(buf));
	ok(n == 1200 && check(1, 0, buf, n),
	   "its stream goes on where it was: the peer reads before and after in one piece");

	/* a starts again, with unread bytes of its own in b's way */
	fill(0, 3100, buf, 700);
	vhyp_ring_write(&a, buf, 700);
	fill(1, 1200, buf, 300);
	vhyp_ring_write(&b, buf, 300);
	a_head = a.head;
	vhyp_ring_init(&a, d, SIZE, 0, 0, 0);
	n = vhyp_ring_read(&b, buf, sizeof(buf));
	ok(a.head == a_head && vhyp_ring_readable(&a) == 0 && n == 700 && check(0, 3100, buf, n),
	   "a restarted writer: what it wrote before still arrives, what it had not read is gone");
	ok(!vhyp_ring_lost(&a) && !vhyp_ring_lost(&b) && !vhyp_ring_resyncs(&b),
	   "a restart is not a loss");

	/* an end's ring never written by it: the peer must not take its 0 head for news */
	memset(d, 0, SIZE);
	vhyp_ring_init(&a, d, SIZE, 0, 0, 0);
	ok(!vhyp_ring_peer_ready(&a) && vhyp_ring_writable(&a) == 4096,
	   "before the peer starts: not ready, but room for a ring");
	free(d);
}

/* Is [FROM, TO) of D all BYTE? */
static bool untouched(const unsigned char *d, size_t from, size_t to, unsigned char byte)
{
	for (; from < to; from++)
		if (d[from] != byte)
			return fail("byte %zu of the data is 0x%02x, was 0x%02x", from, d[from], byte);
	return true;
}

/*
 * Threads with a reader that only reads: the writer never waits, the
 * reader checks each byte against its position, and what it got plus
 * what it lost is what was written, to the byte.
 */
static void test_lossy(void)
{
	unsigned char *d = data_area(), buf[3 * 4096];
	struct vhyp_ring a, b;
	struct streamer s[2] = {
		{ .r = &a, .end = 0, .seed = 3, .total = STREAM, .lossy_reader = true },
		{ .r = &b, .end = 1, .seed = 4, .total = STREAM, .only_read = true },
	};
	uint64_t got, rpos;
	pthread_t t[2];
	size_t n;
	int i;

	/* b's control block and ring, and what is past them: b must write none of it */
	memset(d + 128, 0x5a, SIZE - 128);
	vhyp_ring_init(&a, d, SIZE, 0, 0, VHYP_CHAN_READONLY);
	vhyp_ring_init(&b, d, SIZE, 1, VHYP_CHAN_READONLY, 0);
	ok(vhyp_ring_write(&b, "x", 1) == 0 && vhyp_ring_writable(&b) == 0 &&
	   vhyp_ring_writable(&a) == 4096 && vhyp_ring_peer_ready(&a),
	   "an end that only reads writes nothing; its peer always has room");

	/* one thread first: a write of three rings, then the newest half */
	fill(0, 0, buf, 3 * 4096);
	ok(vhyp_ring_write(&a, buf, 3 * 4096) == 3 * 4096, "its writer never waits for it");
	n = vhyp_ring_read(&b, buf, sizeof(buf));
	ok(n == 2048 && check(0, 3 * 4096 - 2048, buf, n) && vhyp_ring_lost(&b) == 3 * 4096 - 2048,
	   "the reader gets the newest half ring and counts the rest as lost");
	got = n;

	writers_done = 0;
	for (i = 1; i >= 0; i--)
		pthread_create(&t[i], NULL, stream_thread, &s[i]);
	pthread_join(t[0], NULL);
	writers_done = 1;
	pthread_join(t[1], NULL);
	got += s[1].got;
	rpos = b.tail;
	while (s[1].good && (n = vhyp_ring_read(&b, buf, sizeof(buf)))) {
		s[1].good = check(0, rpos, buf, n);
		got += n;
		rpos = b.tail;
	}
	if (s[1].why[0])
		fail("%s", s[1].why);
	ok(s[1].good && s[0].sent == STREAM,
	   "racing %llu MiB: every byte the reader got is the writer's byte at its position",
	   STREAM >> 20);
	if (got + vhyp_ring_lost(&b) != a.head)
		fail("got %llu + lost %llu != written %llu", (unsigned long long)got,
		     (unsigned long long)vhyp_ring_lost(&b), (unsigned long long)a.head);
	ok(b.tail == a.head && got + vhyp_ring_lost(&b) == a.head && !vhyp_ring_resyncs(&b),
	   "got %llu + lost %llu bytes = written, exactly", (unsigned long long)got,
	   (unsigned long long)vhyp_ring_lost(&b));
	ok(untouched(d, 128, VHYP_RING_CTRL_SIZE, 0x5a) &&
	   untouched(d, VHYP_RING_OFFSET(SIZE, 1), SIZE, 0x5a),
	   "the reader wrote nothing into the data");
	free(d);
}

/* An index a hostile peer might try: the edges, and anything at all. */
static uint64_t hostile_index(uint64_t *seed, uint64_t near)
{
	static const int64_t deltas[] = { 0, 1, -1, 4095, 4096, 4097, -4096, -4097, 2048, -2048 };
	uint64_t x = xorshift(seed);

	switch (x % 6) {
	case 0:
		return x;
	case 1:
		return 0;
	case 2:
		return ~0ull - (x >> 60);
	case 3:
		return (1ull << 63) + (x >> 60) - 8;
	default:
		return near + deltas[(x >> 8) % (sizeof(deltas) / sizeof(deltas[0]))];
	}
}

/*
 * The peer writes random indices into both control blocks between our
 * calls.  The data area is exactly SIZE bytes from malloc, the buffers
 * exactly the length asked: ASan stops the test at the first byte read or
 * written outside them.  Every return stays within what was asked.
 */
static void test_hostile(unsigned int flags, unsigned int peer_flags, const char *what)
{
	unsigned char *d = aligned_alloc(128, SIZE), *buf;
	struct vhyp_ring_ctrl *c[2] = { (void *)d, (void *)(d + 128) };
	uint64_t seed = 99, len, n;
	bool good = true;
	int i, j;

	memset(d, 0, SIZE);
	for (i = 0; i < 20000 && good; i++) {
		struct vhyp_ring r;

		vhyp_ring_init(&r, d, SIZE, i & 1, flags, peer_flags);
		for (j = 0; j < 8 && good; j++) {
			c[0]->head = hostile_index(&seed, r.tail);
			c[0]->tail = hostile_index(&seed, r.head);
			c[1]->head = hostile_index(&seed, r.tail);
			c[1]->tail = hostile_index(&seed, r.head);
			len = xorshift(&seed) % (3 * 4096) + 1;
			buf = malloc(len);
			memset(buf, 0, len);
			if (xorshift(&seed) & 1) {
				n = vhyp_ring_write(&r, buf, len);
				good = n <= len && (n <= 4096 || peer_flags);
			} else {
				n = vhyp_ring_read(&r, buf, len);
				good = n <= len && n <= r.window;
			}
			good = good && vhyp_ring_readable(&r) <= r.window &&
			       vhyp_ring_writable(&r) <= r.bytes && vhyp_ring_unread(&r) <= r.bytes;
			free(buf);
		}
	}
	ok(good, "hostile indices (%s): 160000 calls, no byte outside the data or the buffers", what);
	free(d);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* what passed, even if ASan stops us */
	test_args();
	test_basic();
	test_threads();
	test_resume();
	test_lossy();
	test_hostile(0, 0, "both ends write");
	test_hostile(VHYP_CHAN_READONLY, 0, "this end only reads");
	test_hostile(0, VHYP_CHAN_READONLY, "the peer only reads");
	return tap_done();
}
