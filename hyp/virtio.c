// SPDX-License-Identifier: GPL-2.0
/*
 * Virtio devices of a cell, served by the root (uapi/vhyp/virtio.h).
 *
 * Each device is a 4 KiB register window no stage 2 maps, and a latched
 * edge virtual SPI (doorbell.c).  An access to the window is a stage-2
 * abort: it is decoded (no valid syndrome: the cell fails, as for any
 * access outside what it owns), queued as a record in the cell's ring in
 * the status area, under the cell's virtio lock, and the root's doorbell
 * is rung.  A write goes on at once; a read waits on its CPU for the
 * root's VHYP_HC_VIRTIO_ANSWER.  Who waits, for room in the ring or for
 * an answer, waits in WFE, never holding the lock, and leaves when its
 * cell is stopped (OWN_STOPPING, with an SEV) or the hypervisor panics;
 * a backend that never answers stalls only the CPUs of its own cell.
 *
 * The last nr_vcpus slots of the ring are kept for VHYP_HC_VIRTIO_REPLAY:
 * a new backend gets again the reads its dead predecessor took, in front
 * of the records it never took.
 */
#include <vhyp/hypercall.h>
#include "hyp.h"
#include "cell.h"
#include "channel.h"
#include "gic.h"
#include "mmio.h"
#include "owner.h"
#include "virtio.h"

#define EINVAL		22
#define ENOENT		2
#define EBUSY		16
#define EEXIST		17
#define ENOTCONN	107

#define RING_LEN	VHYP_VIRTIO_RING_LEN
#define ESR_S1PTW	BIT(7)		/* the fault was a stage-1 table walk's */

#define for_each_cell_cpu(cell, slot) \
	for (slot = 0; slot < hyp_header.ncpus; slot++) if ((cell)->cpus & (1ULL << slot))

static struct vhyp_virtio_ring *ring(const struct cell *cell)
{
	return (void *)(hyp_header.phys_base + hyp_header.status_offset +
			VHYP_VIRTIO_RING_OFFSET(cell->id));
}

/* A cell with virtio devices, or NULL. */
static struct cell *vio_cell(u64 id)
{
	struct cell *cell = cell_by_id(id);

	return cell && cell->virtio.present ? cell : NULL;
}

/* Queue 'q' at the head, with the next seq; its position.  The lock is held. */
static u64 push(struct cell *cell, struct vhyp_virtio_req *q)
{
	struct vhyp_virtio_ring *r = ring(cell);
	u64 head = r->head;

	q->seq = ++r->seq;
	r->req[head % RING_LEN] = *q;
	__atomic_store_n(&r->head, head + 1, __ATOMIC_RELEASE);
	return head;
}

/*
 * On a cell's CPU, without the lock: sleep until 'word' may have changed
 * from 'old'; a stop of the cell parks the CPU instead (its state is
 * cleared by virtio_cell_reset() once every CPU parked).  The store to
 * 'word' wakes it through the monitor; a stop's SEV could come between
 * the look at the owner and the WFE, and be eaten by the SEVL/WFE pair
 * of wfe_while_u32(): the event stream bounds that wait to a few ms.
 */
static void wait_for(struct hyp_regs *regs, const u32 *word, u32 old)
{
	cpu_check_stop(regs);
	if (__atomic_load_n(word, __ATOMIC_ACQUIRE) == old) {
		event_stream(true);
		wfe_while_u32(word, old);
		event_stream(false);
	}
	cpu_check_stop(regs);
}

bool virtio_access(struct cell *cell, struct hyp_regs *regs, u64 ipa, u64 esr)
{
	struct cell_virtio *v = &cell->virtio;
	struct vhyp_virtio_ring *r = ring(cell);
	struct hyp_cpu *cpu = this_cpu();
	struct vhyp_virtio_req q;
	struct mmio m;
	unsigned int i;
	u64 pos;

	for (i = 0; i < VHYP_CELL_MAX_VIRTIO; i++)
		if ((v->present & BIT(i)) && ipa >= v->ipa[i] && ipa - v->ipa[i] < VHYP_VIRTIO_WINDOW)
			break;
	/* no syndrome (a pair, a write-back, cache maintenance), or its page tables there: refused */
	if (i == VHYP_CELL_MAX_VIRTIO || (esr & ESR_S1PTW) ||
	    !mmio_decode(regs, esr, ipa - v->ipa[i], &m))
		return false;
	q = (struct vhyp_virtio_req){ .dev = i, .off = m.off, .val = m.val, .size = m.size,
				      .flags = m.write ? VHYP_VIRTIO_REQ_WRITE : 0 };
	spin_lock(&v->lock);
	while (r->head - r->tail >= RING_LEN - cell->nr_vcpus) {	/* full: the rest is REPLAY's */
		u32 tail = (u32)r->tail;

		spin_unlock(&v->lock);
		wait_for(regs, (const u32 *)&r->tail, tail);	/* its low half: little-endian */
		spin_lock(&v->lock);
	}
	pos = push(cell, &q);
	if (!m.write) {
		cpu->vio_req = q;
		cpu->vio_pos = pos;
		__atomic_store_n(&cpu->vio_state, VIO_WAITING, __ATOMIC_RELEASE);
		r->waiting++;
	}
	spin_unlock(&v->lock);
	doorbell_ring_root();
	if (!m.write) {
		while (__atomic_load_n(&cpu->vio_state, __ATOMIC_ACQUIRE) == VIO_WAITING)
			wait_for(regs, &cpu->vio_state, VIO_WAITING);
		m.val = cpu->vio_val;
		__atomic_store_n(&cpu->vio_state, VIO_IDLE, __ATOMIC_RELEASE);
	}
	mmio_finish(regs, &m);		/* a read's value cut to its size, as loaded */
	return true;
}

/* Is anything of [ipa, ipa + size) one of the cell's windows? */
bool virtio_window_overlaps(struct cell *cell, u64 ipa, u64 size)
{
	unsigned int i;

	for (i = 0; i < VHYP_CELL_MAX_VIRTIO; i++)
		if ((cell->virtio.present & BIT(i)) && ipa < cell->virtio.ipa[i] + VHYP_VIRTIO_WINDOW &&
		    cell->virtio.ipa[i] < ipa + size)
			return true;
	return false;
}

/* Device 'index' of a created cell that never ran, with its RAM shared. */
s64 virtio_dev(u64 id, u64 index, u64 ipa, u64 irq)
{
	struct cell *cell = cell_by_id(id);
	unsigned int i;

	if (!cell)
		return -ENOENT;
	if (cell->status->state != VHYP_CELL_CREATED || cell->status->starts)
		return -EBUSY;
	if (!(cell->flags & VHYP_CELL_SHARED_RAM) || index >= VHYP_CELL_MAX_VIRTIO ||
	    ipa & (VHYP_VIRTIO_WINDOW - 1) || ipa + VHYP_VIRTIO_WINDOW > (1ULL << CELL_IA_BITS) ||
	    irq < GIC_NR_PRIVATE || irq >= gic_nr_irqs || irq >= GIC_MAX_INTID)
		return -EINVAL;
	if (cell->virtio.present & BIT(index) || cell_ipa_taken(cell, ipa, VHYP_VIRTIO_WINDOW) ||
	    irq_owner[irq] == cell->id)
		return -EEXIST;
	for (i = 0; i < VSPI_MAX; i++)
		if (cell->vgic.vspi[i].intid == irq)
			return -EEXIST;		/* its console's, a channel's, a device's */
	spin_lock(&cell->virtio.lock);
	cell->virtio.ipa[index] = ipa;
	cell->virtio.present |= BIT(index);
	spin_unlock(&cell->virtio.lock);
	cell->vgic.vspi[VSPI_VIRTIO(index)] = (struct vspi){ .intid = irq };
	vgic_reset(cell);
	return 0;
}

/* The answer to read 'seq': its CPU goes on. */
s64 virtio_answer(u64 id, u64 seq, u64 val)
{
	struct cell *cell = vio_cell(id);
	s64 ret = -ENOENT;
	unsigned int slot;

	if (!cell)
		return -ENOENT;
	spin_lock(&cell->virtio.lock);
	for_each_cell_cpu(cell, slot) {
		struct hyp_cpu *c = hyp_cpu_slot(slot);

		if (c->vio_state != VIO_WAITING || c->vio_req.seq != seq)
			continue;
		c->vio_val = val;
		__atomic_store_n(&c->vio_state, VIO_ANSWERED, __ATOMIC_RELEASE);	/* wakes it */
		ring(cell)->waiting--;
		ret = 0;
		break;
	}
	spin_unlock(&cell->virtio.lock);
	return ret;
}

/* The root took every record before 'tail': their slots are free. */
s64 virtio_consumed(u64 id, u64 tail)
{
	struct cell *cell = vio_cell(id);
	struct vhyp_virtio_ring *r;
	s64 ret = 0;

	if (!cell)
		return -ENOENT;
	r = ring(cell);
	spin_lock(&cell->virtio.lock);
	if (tail > r->head)
		ret = -EINVAL;
	else if (tail > r->tail)	/* older news (from before a reset) changes nothing */
		__atomic_store_n(&r->tail, tail, __ATOMIC_RELEASE);	/* wakes who waits for room */
	spin_unlock(&cell->virtio.lock);
	return ret;
}

s64 virtio_irq(u64 id, u64 index)
{
	struct cell *cell = vio_cell(id);

	if (!cell || index >= VHYP_CELL_MAX_VIRTIO || !(cell->virtio.present & BIT(index)))
		return -ENOENT;
	if (cell->status->state != VHYP_CELL_RUNNING)
		return -ENOTCONN;
	doorbell_ring_cell(cell, VSPI_VIRTIO(index));
	return 0;
}

/*
 * A new backend: each read still waited for whose record is behind the
 * tail (taken by a backend that died) goes in front of it again, oldest
 * first.  There is room: the cell's CPUs leave nr_vcpus slots free.
 */
s64 virtio_replay(u64 id)
{
	struct cell *cell = vio_cell(id);
	struct vhyp_virtio_ring *r;
	struct hyp_cpu *c, *newest;
	unsigned int slot, n = 0;
	u64 moved = 0, tail;

	if (!cell)
		return -ENOENT;
	r = ring(cell);
	spin_lock(&cell->virtio.lock);
	tail = r->tail;
	for (;;) {		/* the newest first, each just before the one moved last */
		newest = NULL;
		for_each_cell_cpu(cell, slot) {
			c = hyp_cpu_slot(slot);
			if (c->vio_state == VIO_WAITING && c->vio_pos < tail &&
			    !(moved & (1ULL << slot)) &&
			    (!newest || c->vio_req.seq > newest->vio_req.seq))
				newest = c;
		}
		if (!newest || r->head - (tail - n) >= RING_LEN)
			break;
		moved |= 1ULL << newest->slot;
		n++;
		newest->vio_pos = tail - n;
		r->req[newest->vio_pos % RING_LEN] = newest->vio_req;
	}
	if (n)
		__atomic_store_n(&r->tail, tail - n, __ATOMIC_RELEASE);
	spin_unlock(&cell->virtio.lock);
	if (n)
		doorbell_ring_root();
	return n;
}

/* A fresh cell: no device, an empty ring. */
void virtio_cell_created(struct cell *cell)
{
	unsigned int i;

	cell->virtio.present = 0;
	for (i = 0; i < VHYP_CELL_MAX_VIRTIO; i++)
		cell->virtio.ipa[i] = 0;
	__builtin_memset(ring(cell), 0, sizeof(struct vhyp_virtio_ring));
}

/*
 * The cell stopped (every CPU parked) or starts: what is queued is
 * dropped, no CPU waits any more, and the backend reads one reset.
 */
void virtio_cell_reset(struct cell *cell)
{
	struct vhyp_virtio_req q = { .flags = VHYP_VIRTIO_REQ_RESET };
	struct vhyp_virtio_ring *r = ring(cell);
	unsigned int slot;

	if (!cell->virtio.present)
		return;
	spin_lock(&cell->virtio.lock);
	for_each_cell_cpu(cell, slot)
		__atomic_store_n(&hyp_cpu_slot(slot)->vio_state, VIO_IDLE, __ATOMIC_RELEASE);
	r->waiting = 0;
	__atomic_store_n(&r->tail, r->head, __ATOMIC_RELEASE);
	push(cell, &q);
	spin_unlock(&cell->virtio.lock);
	doorbell_ring_root();
}

/* Stopped already: its devices and their interrupts are gone. */
void virtio_cell_destroyed(struct cell *cell)
{
	unsigned int i;

	spin_lock(&cell->virtio.lock);
	for (i = 0; i < VHYP_CELL_MAX_VIRTIO; i++)
		if (cell->virtio.present & BIT(i))
			cell->vgic.vspi[VSPI_VIRTIO(i)] = (struct vspi){ 0 };
	cell->virtio.present = 0;
	spin_unlock(&cell->virtio.lock);
	__builtin_memset(ring(cell), 0, sizeof(struct vhyp_virtio_ring));
}
