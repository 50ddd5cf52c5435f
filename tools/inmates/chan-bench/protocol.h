/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The channel benchmark's data, as both ends lay it out: the payload
 * chan-bench (tools/inmates/chan-bench) and the root's end,
 * tests/bench/chan-root.c.  These two channels carry no ring protocol:
 * their data is these structs, each 64-byte block written by one end
 * only, its 'seq' stored last (release) and loaded first (acquire), then
 * the doorbell rung.
 */
#ifndef _CHAN_BENCH_PROTOCOL_H
#define _CHAN_BENCH_PROTOCOL_H

#include <stdint.h>

/*
 * "bell", between two cells: end 0 rings, end 1 rings back.  Times are
 * virtual ns on a clock both cells share (clock.c).
 */
struct bell_side {
	uint64_t seq;		/* the ring this block is for */
	uint64_t t_ring;	/* the writer's clock just before it rang */
	uint64_t lat;		/* end 1: its handler's entry - end 0's t_ring */
	uint64_t pad[5];
};

struct bell_data {
	struct bell_side end[2];
};

/*
 * "lat", between a cell and the root.  Times are CNTVCT_EL0 ticks, the
 * counter the root's user space reads too.
 */
#define LAT_READY	0x4c41545259ULL	/* "LATRY": the cell answers */

enum lat_cmd {
	LAT_R2C = 1,	/* the root rang at t_ring: say when the handler ran */
	LAT_C2R,	/* wait 'gap' ticks, then ring the root at cell.t_ring */
};

struct lat_root {		/* the root's */
	uint64_t seq;
	uint64_t cmd;		/* enum lat_cmd */
	uint64_t t_ring;	/* LAT_R2C: CNTVCT just before its write() */
	uint64_t gap;		/* LAT_C2R: ticks from the cell's handler to its ring */
	uint64_t pad[4];
};

struct lat_cell {		/* the cell's */
	uint64_t seq;		/* the root's seq it answered */
	uint64_t ready;		/* LAT_READY once it answers */
	uint64_t t_ring;	/* LAT_C2R: CNTVCT just before it rang */
	uint64_t lat;		/* LAT_R2C: CNTVCT at its handler's entry - root's t_ring */
	uint64_t bulk_bytes;	/* read from the channel "bulk" since its start */
	uint64_t bulk_ticks;	/* CNTVCT ticks its doorbell handler spent reading them */
	uint64_t pad[2];
};

struct lat_data {
	struct lat_root root;
	struct lat_cell cell;
};

_Static_assert(sizeof(struct bell_data) == 128, "bell_data layout");
_Static_assert(sizeof(struct lat_data) == 128, "lat_data layout");

#endif
