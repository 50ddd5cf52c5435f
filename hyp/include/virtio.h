/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtio devices of a cell (virtio.c): register windows that trap, whose
 * accesses the root's backend serves through a ring in the status area.
 */
#ifndef _VHYP_VIRTIO_H
#define _VHYP_VIRTIO_H

#include <linux/types.h>
#include <vhyp/status.h>
#include <vhyp/virtio.h>
#include "cpu.h"
#include "spinlock.h"

struct cell;

/* hyp_cpu.vio_state */
#define VIO_IDLE	0
#define VIO_WAITING	1	/* its read's record is queued or taken: no answer yet */
#define VIO_ANSWERED	2	/* vio_val holds the answer */

struct cell_virtio {
	spinlock_t lock;		/* the ring, seq, and its CPUs' vio_* */
	u32 present;			/* bit i: device i was given */
	u64 ipa[VHYP_CELL_MAX_VIRTIO];	/* their windows */
};

/* called from the root's hypercalls, under cell_lock */
s64 virtio_dev(u64 id, u64 index, u64 ipa, u64 irq);
s64 virtio_answer(u64 id, u64 seq, u64 val);
s64 virtio_consumed(u64 id, u64 tail);
s64 virtio_irq(u64 id, u64 index);
s64 virtio_replay(u64 id);

/* a cell's life, under cell_lock */
void virtio_cell_created(struct cell *cell);
void virtio_cell_reset(struct cell *cell);	/* stopped, or started */
void virtio_cell_destroyed(struct cell *cell);
bool virtio_window_overlaps(struct cell *cell, u64 ipa, u64 size);

/* cell_abort(): an access to one of its windows, emulated (or refused: false) */
bool virtio_access(struct cell *cell, struct hyp_regs *regs, u64 ipa, u64 esr);

#endif
