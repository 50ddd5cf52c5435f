/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channels: pages two ends share, a header page per end that only the
 * hypervisor writes, and a doorbell each way (channel.c, doorbell.c).
 * uapi/vhyp/channel.h has what the ends see.
 */
#ifndef _VHYP_CHANNEL_H
#define _VHYP_CHANNEL_H

#include <linux/types.h>
#include <vhyp/cell.h>
#include <vhyp/channel.h>
#include "cpu.h"

#define CHANNEL_MAX_RUNS	64	/* physically contiguous runs of its data */
#define CHAN_END_ROOT		0xffffffffu	/* chan_end.cell: the root */

struct cell;
struct cell_range;

/* A cell's channel, in its config's order: which, and which end it is. */
struct cell_chan {
	u32 id;
	u32 end;
};

/* Doorbells not yet taken by the end they ring (doorbell.c). */
struct doorbell {
	u32 rung;			/* rung since last injected: the kick was sent */
	bool inflight;			/* injected, not yet EOIed (the target CPU's) */
};

/*
 * Virtual SPIs of a cell: [0] its console's, [1 + k] its k-th channel's
 * doorbell, [VSPI_VIRTIO(i)] its i-th virtio device's interrupt.  All
 * but the console's are latched edges (doorbell.c).
 */
#define VSPI_CONSOLE		0
#define VSPI_VIRTIO(i)		(1 + VHYP_CELL_MAX_CHANNELS + (i))
#define VSPI_MAX		(1 + VHYP_CELL_MAX_CHANNELS + VHYP_CELL_MAX_VIRTIO)

struct vspi {
	u32 intid;			/* 0: none */
	u32 vcpu;			/* routed to */
	u8 prio;
	bool enabled;
	struct doorbell db;		/* a channel's: edge, latched */
};

/* channel.c, called from the root's hypercalls under cell_lock */
s64 channel_create(u64 id, u64 size, u64 flags, u64 name_lo, u64 name_hi);
s64 channel_mem(u64 id, u64 off, u64 pa, u64 size);
s64 channel_attach(u64 id, u64 cell_id, u64 ipa, u64 flags, u64 irq);
s64 channel_destroy(u64 id);

/* channel.c: a cell's life, under cell_lock */
void channel_cell_started(struct cell *cell);
void channel_cell_stopped(struct cell *cell);
void channel_cell_destroyed(struct cell *cell);
bool channel_window_overlaps(struct cell *cell, u64 ipa, u64 size);
void channels_each_ram(void (*fn)(const struct cell_range *r, void *arg), void *arg);

/* channel.c: calls from an end, no lock */
void channel_ring_call(struct hyp_regs *regs, struct cell *caller);
void channel_query_call(struct hyp_regs *regs, struct cell *caller);

/* doorbell.c: delivery to a cell's virtual SPI, or to the root */
void doorbell_ring_cell(struct cell *cell, unsigned int vspi);
void doorbell_update(struct hyp_cpu *cpu, struct vspi *v);
void doorbell_ring_root(void);
void doorbell_root_collect(struct hyp_cpu *cpu);
bool doorbell_root_drained(struct hyp_cpu *cpu, u32 intid);

#endif
