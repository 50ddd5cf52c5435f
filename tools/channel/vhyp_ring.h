/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The byte-stream ring protocol of a vhyp channel's data (uapi/vhyp/
 * channel.h), written once for every end: the root's C library
 * (vhyp_channel.c), vhypctl, the payloads' lib and the host's unit test.
 *
 * Freestanding: it needs <stdint.h>, <stddef.h>, the uapi headers and a
 * memcpy() from its environment, nothing else; it neither blocks nor
 * allocates.  Waiting (for room, for data) is its caller's, with the
 * channel's doorbell or a timer.
 *
 * The data is shared with the peer, which may be hostile: every index
 * read from it is used only to bound a copy that is masked into the ring,
 * never as a pointer or a length on its own.  Our own indices live in
 * struct vhyp_ring and are only ever written to the shared control block,
 * never read back from it after vhyp_ring_init().
 *
 * One writer and one reader per ring: a struct vhyp_ring is one end, used
 * by one thread (or CPU) at a time, or by a reader and a writer thread at
 * once (they touch disjoint fields).
 */
#ifndef _VHYP_RING_H
#define _VHYP_RING_H

#include <stddef.h>
#include <stdint.h>

#include <vhyp/cell.h>
#include <vhyp/channel.h>

struct vhyp_ring {
	/* in the shared data: ours to write, the peer's to read */
	struct vhyp_ring_ctrl *own;
	const struct vhyp_ring_ctrl *peer;
	unsigned char *out;		/* the ring we write */
	const unsigned char *in;	/* the ring we read */
	uint64_t bytes;			/* of each ring: a power of 2 */
	uint64_t window;		/* the most a read may return at once */
	/* private: the truth about our own positions */
	uint64_t head;			/* bytes written into 'out' */
	uint64_t tail;			/* bytes consumed from 'in' */
	uint64_t lost;			/* of 'in', skipped without being read */
	uint64_t resyncs;		/* times the peer's head was impossible */
	uint32_t flags;			/* this end's VHYP_CHAN_READONLY */
	uint32_t peer_flags;		/* the peer's */
};

/**
 * vhyp_ring_init() - start (or restart) one end of a channel's rings
 * @r:		the end, filled here
 * @data:	the channel's data (after the header page), 128-byte aligned
 * @size:	its bytes (vhyp_channel_header.size)
 * @end:	0 or 1 (vhyp_channel_header.end)
 * @flags:	VHYP_CHAN_READONLY if this end only reads (.flags)
 * @peer_flags:	VHYP_CHAN_READONLY if the peer only reads (.peer_flags)
 *
 * The resume rule of channel.h: keep our head as found in our control
 * block, take the peer's head as our tail (what it wrote before we came
 * is dropped), then set our magic.  An end that only reads writes nothing
 * to the data, its tail stays private.
 *
 * Return: 0, or -1 if an argument is invalid (end not 0 or 1, unknown
 * flags, @data misaligned, @size too small for two rings of 64 bytes).
 */
int vhyp_ring_init(struct vhyp_ring *r, void *data, uint64_t size, unsigned int end,
		   uint32_t flags, uint32_t peer_flags);

/**
 * vhyp_ring_write() - write what fits, without waiting
 * @r:		this end
 * @buf:	the bytes
 * @len:	how many
 *
 * Never passes the peer's tail, unless the peer only reads: then all of
 * @buf is written over whatever the peer has not read (it counts the loss),
 * in pieces of at most half the ring.
 *
 * Return: the bytes written, 0 if the ring is full or this end only reads.
 */
size_t vhyp_ring_write(struct vhyp_ring *r, const void *buf, size_t len);

/**
 * vhyp_ring_read() - read what is there, without waiting
 * @r:		this end
 * @buf:	where to
 * @len:	at most this many
 *
 * A peer's head more than a ring ahead of our tail (corrupt or hostile, or
 * the overwriting of an end that only reads) moves our tail up to it: the
 * bytes skipped count in vhyp_ring_lost(), a head that went backwards in
 * vhyp_ring_resyncs().  An end that only reads returns only bytes that the
 * writer cannot have overwritten while they were copied.
 *
 * Return: the bytes read, 0 if there was nothing.
 */
size_t vhyp_ring_read(struct vhyp_ring *r, void *buf, size_t len);

/* The bytes a read would return now (at most a ring's). */
uint64_t vhyp_ring_readable(const struct vhyp_ring *r);

/* The bytes a write would take now; a peer that only reads takes all. */
uint64_t vhyp_ring_writable(const struct vhyp_ring *r);

/* What we wrote that the peer has not consumed (0 if it only reads). */
uint64_t vhyp_ring_unread(const struct vhyp_ring *r);

/* The peer has set its magic (or only reads, and never will). */
int vhyp_ring_peer_ready(const struct vhyp_ring *r);

/* Bytes of the incoming ring skipped unread, since vhyp_ring_init(). */
static inline uint64_t vhyp_ring_lost(const struct vhyp_ring *r)
{
	return r->lost;
}

/* Times the peer's head went backwards (a restart of it, or corruption). */
static inline uint64_t vhyp_ring_resyncs(const struct vhyp_ring *r)
{
	return r->resyncs;
}

#endif
