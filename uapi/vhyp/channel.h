/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: channels between cells, and between a cell and the root
 * (Documentation/channels.md).
 *
 * Each end sees a window: a header page that only the hypervisor writes
 * (the end maps it read-only), then the channel's data, which both ends
 * share.  A cell finds its window at the IPA of its config; the root maps
 * it from the channel's file (VHYP_CHANNEL_OPEN, ioctl.h), header at
 * offset 0.  A cell rings its peer with VHYP_HC_CHANNEL_RING (hypercall.h);
 * the root with write() or VHYP_CHANNEL_RING on the file.
 *
 * The data is the ends' own; vhyp gives it no structure.  The byte-stream
 * ring protocol below is the one vhyp's own tools and libraries speak
 * (tools/channel/vhyp_ring.h): both ends must use it for `vhypctl channel
 * --attach` to understand them.
 */
#ifndef _UAPI_VHYP_CHANNEL_H
#define _UAPI_VHYP_CHANNEL_H

#include <linux/types.h>

#define VHYP_MAX_CHANNELS	16	/* in the system, ids 1..16 */
#define VHYP_CHANNEL_HDR_SIZE	4096	/* the header page; the data follows it */
#define VHYP_CHANNEL_MAGIC	0x4e414843u	/* "CHAN" */
#define VHYP_CHANNEL_ABI	1	/* this header's layout and meaning */

/* vhyp_channel_header.peer_state */
#define VHYP_PEER_NONE		0	/* the peer never ran yet */
#define VHYP_PEER_UP		1	/* the peer runs (the root always does) */
#define VHYP_PEER_GONE		2	/* it stopped, failed, reset or was destroyed */
#define VHYP_PEER_RESTARTED	3	/* it runs again after GONE: peer_generation > 1 */

/*
 * One per end, in the hypervisor's status area (status.h): the root can
 * read every end's; a cell maps its own at its window's base.
 */
struct vhyp_channel_header {
	__u32 magic;		/* VHYP_CHANNEL_MAGIC */
	__u32 abi;		/* VHYP_CHANNEL_ABI */
	__u32 id;		/* the channel, for VHYP_HC_CHANNEL_RING */
	__u32 end;		/* 0: the end that was created first, 1: the other */
	char name[16];		/* NUL-terminated */
	__u64 size;		/* data bytes, after this page */
	__u32 flags;		/* this end's VHYP_CHAN_READONLY */
	__u32 peer_flags;	/* VHYP_CHAN_READONLY if the peer only reads */
	__u32 peer_is_root;	/* 1: the peer is the root */
	__u32 peer_state;	/* VHYP_PEER_* */
	__u64 peer_generation;	/* times the peer has started (the root: 1) */
	__u64 doorbells;	/* the peer's rings that reached this end */
	__u64 events;		/* doorbells and changes of peer_state: what a waiter
				 * compares with the value it saw last */
};

/*
 * The ring protocol, in the data: two byte rings, end 0 -> end 1 and
 * end 1 -> end 0, of VHYP_RING_BYTES(size) bytes each.  Each end writes
 * only its own control block: the position after the last byte it wrote
 * into its outgoing ring (head) and after the last byte it consumed from
 * its incoming one (tail).  Positions count bytes ever, modulo 2^64; byte
 * p of a ring is at data[p % ring bytes].  A writer never passes its
 * reader's tail by more than the ring's size, unless the reader only reads
 * (VHYP_CHAN_READONLY: it cannot publish a tail): then the writer never
 * waits and the reader counts what it lost.  An end that starts (again)
 * keeps its head where it finds it and takes the peer's head as its tail.
 */
#define VHYP_RING_MAGIC		0x474e4952u	/* "RING": set by an end when it starts */
#define VHYP_RING_CTRL_SIZE	256		/* two control blocks, a 128-byte line each */

struct vhyp_ring_ctrl {
	__u32 magic;		/* VHYP_RING_MAGIC once this end speaks the protocol */
	__u32 reserved;
	__u64 head;		/* bytes written into this end's outgoing ring */
	__u64 tail;		/* bytes consumed from its incoming ring */
	__u64 pad[13];		/* to 128 bytes */
};

/* The size of each ring for a channel of 'size' data bytes: a power of 2. */
#define VHYP_RING_BYTES(size)	__vhyp_ring_bytes(size)
#define VHYP_RING_OFFSET(size, from_end) \
	(VHYP_RING_CTRL_SIZE + (__u64)(from_end) * VHYP_RING_BYTES(size))

static inline __u64 __vhyp_ring_bytes(__u64 size)
{
	__u64 half = (size - VHYP_RING_CTRL_SIZE) / 2, r = 1;

	if (size <= VHYP_RING_CTRL_SIZE)
		return 0;
	while (r * 2 <= half)
		r *= 2;
	return r;
}

_Static_assert(sizeof(struct vhyp_channel_header) == 80, "vhyp_channel_header layout");
_Static_assert(sizeof(struct vhyp_ring_ctrl) == 128, "vhyp_ring_ctrl layout");

#endif
