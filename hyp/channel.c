// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: data pages that two ends share, each end's header page, and
 * who may ring whom.
 *
 * The driver creates a channel and gives it pages the root owns
 * read-write.  A channel the root is no end of leaves the root's stage 2
 * there and then, so neither the root's kernel nor its user space reaches
 * it; a root end that only reads keeps the pages read-only.  Each cell
 * end is mapped into its cell's stage 2 when the cell is attached (at
 * its create) and stays until the cell is destroyed, whether it runs or
 * not: the survivor of a peer that goes keeps its mapping.  The window a
 * cell sees is its end's header page, read-only, then the data; never
 * executable.  The header pages live in the status area, where the root
 * can read them and only the hypervisor writes.
 *
 * The root's hypercalls (create, mem, attach, destroy) run under
 * cell_lock, as do a cell's start, stop and destroy that change a peer's
 * state.  An end's ring and query take no lock: a ringing CPU belongs to
 * an attached end, and an end is detached only once its cell's CPUs are
 * parked, so the channel it rings cannot go away under it.
 */
#include <vhyp/hypercall.h>
#include "hyp.h"
#include "cell.h"
#include "channel.h"
#include "gic.h"

#define EINVAL		22
#define ENOENT		2
#define EBUSY		16
#define EEXIST		17
#define ENOMEM		12
#define ENOSPC		28
#define EPERM		1
#define ENOTCONN	107

#define PAGE_SIZE	4096ULL

struct chan_end {
	u32 cell;		/* 0: not attached; CHAN_ROOT_END: the root */
	u32 flags;		/* VHYP_CHAN_READONLY */
	u64 ipa;		/* a cell's window */
	u32 vspi;		/* its doorbell in the cell's vgic, 0: none */
};

struct channel {
	bool live;
	bool root_end;		/* end 1 is the root */
	u64 size;
	char name[VHYP_CHANNEL_NAME_LEN];
	struct cell_range runs[CHANNEL_MAX_RUNS];	/* ipa: offset in the data */
	u32 nr_runs;
	u64 filled;		/* bytes of data given so far */
	struct chan_end end[2];
};

static struct channel channels[VHYP_MAX_CHANNELS + 1];

static struct vhyp_channel_header *header(u32 id, u32 end)
{
	return (void *)((u8 *)hyp_status() + VHYP_CHANNEL_HDR_OFFSET(id, end));
}

static u64 header_pa(u32 id, u32 end)
{
	return hyp_header.phys_base + hyp_header.status_offset + VHYP_CHANNEL_HDR_OFFSET(id, end);
}

static struct channel *channel_get(u64 id)
{
	if (id < 1 || id > VHYP_MAX_CHANNELS || !channels[id].live)
		return NULL;
	return &channels[id];
}

s64 channel_create(u64 id, u64 size, u64 flags, u64 name_lo, u64 name_hi)
{
	struct channel *ch;
	unsigned int e, i;

	if (id < 1 || id > VHYP_MAX_CHANNELS || !size || size & (PAGE_SIZE - 1) ||
	    size > VHYP_CHANNEL_MAX_SIZE ||
	    flags & ~(u64)(VHYP_CHANNEL_ROOT_END | VHYP_CHAN_READONLY) ||
	    (flags == VHYP_CHAN_READONLY))
		return -EINVAL;
	ch = &channels[id];
	if (ch->live)
		return -EEXIST;
	*ch = (struct channel){ .live = true, .size = size };
	for (i = 0; i < 8; i++) {
		ch->name[i] = name_lo >> (8 * i);
		ch->name[8 + i] = name_hi >> (8 * i);
	}
	ch->name[VHYP_CHANNEL_NAME_LEN - 1] = '\0';
	if (flags & VHYP_CHANNEL_ROOT_END) {
		ch->root_end = true;
		ch->end[1] = (struct chan_end){ .cell = CHAN_END_ROOT,
						.flags = flags & VHYP_CHAN_READONLY };
	}
	for (e = 0; e < 2; e++) {
		struct vhyp_channel_header *h = header(id, e);

		__builtin_memset(h, 0, PAGE_SIZE);
		h->magic = VHYP_CHANNEL_MAGIC;
		h->abi = VHYP_CHANNEL_ABI;
		h->id = id;
		h->end = e;
		__builtin_memcpy(h->name, ch->name, VHYP_CHANNEL_NAME_LEN);
		h->size = size;
	}
	if (ch->root_end) {
		header(id, 1)->flags = ch->end[1].flags;
		header(id, 0)->peer_flags = ch->end[1].flags;
		header(id, 0)->peer_is_root = 1;
		header(id, 0)->peer_state = VHYP_PEER_UP;	/* the root runs */
		header(id, 0)->peer_generation = 1;
	}
	return 0;
}

/* The pages [pa, pa + size) become the data at 'off', in order. */
s64 channel_mem(u64 id, u64 off, u64 pa, u64 size)
{
	struct channel *ch = channel_get(id);
	struct cell_range *r;

	if (!ch)
		return -ENOENT;
	if (!size || (pa | size | off) & (PAGE_SIZE - 1) || pa + size < pa ||
	    off != ch->filled || size > ch->size - ch->filled)
		return -EINVAL;
	if (ch->nr_runs == CHANNEL_MAX_RUNS)
		return -ENOSPC;
	if (!root_owns_rw(pa, size) || frame_protected(pa, size))
		return -EPERM;
	if (!ch->root_end && !scrub_ready())
		return -ENOMEM;		/* a panic could not take it back from the root */
	if (!ch->root_end) {
		if (pt_unmap(&root_s2, pa, size)) {
			root_remap(pa, size, PT_S2_RAM);
			return -ENOMEM;
		}
	} else if (ch->end[1].flags & VHYP_CHAN_READONLY) {
		root_remap(pa, size, PT_S2_RAM_RO);
	}
	r = &ch->runs[ch->nr_runs++];
	*r = (struct cell_range){ .ipa = off, .pa = pa, .size = size,
				  .flags = VHYP_MAP_READ | VHYP_MAP_WRITE };
	ch->filled += size;
	return 0;
}

/* The window of end 'e' out of its cell's stage 2 (as far as 'upto' of the data). */
static void unmap_window(struct cell *cell, struct channel *ch, unsigned int e)
{
	if (pt_unmap(&cell->s2, ch->end[e].ipa, PAGE_SIZE + ch->size))
		hyp_panic("cell %u: cannot take channel window %#llx back", cell->id,
			  ch->end[e].ipa);
}

static int map_window(struct cell *cell, struct channel *ch, u32 id, unsigned int e)
{
	u64 ipa = ch->end[e].ipa;
	u64 attr = PT_S2_NORMAL | PT_SH_INNER | PT_AF | PT_S2_XN;
	unsigned int i;

	if (pt_map(&cell->s2, ipa, header_pa(id, e), PAGE_SIZE, attr | PT_S2_RO))
		goto fail;
	attr |= ch->end[e].flags & VHYP_CHAN_READONLY ? PT_S2_RO : PT_S2_RW;
	for (i = 0; i < ch->nr_runs; i++)
		if (pt_map(&cell->s2, ipa + PAGE_SIZE + ch->runs[i].ipa, ch->runs[i].pa,
			   ch->runs[i].size, attr))
			goto fail;
	return 0;
fail:
	/* what it mapped is in leaves of its own: taking them needs no page */
	unmap_window(cell, ch, e);
	return -ENOMEM;
}

/* Either end's header: what each knows of the other. */
static void peer_flags_update(u32 id, struct channel *ch)
{
	header(id, 0)->peer_flags = ch->end[1].flags;
	header(id, 1)->peer_flags = ch->end[0].flags;
}

s64 channel_attach(u64 id, u64 cell_id, u64 ipa, u64 flags, u64 irq)
{
	struct channel *ch = channel_get(id);
	struct cell *cell = cell_by_id(cell_id);
	unsigned int e = flags >> 16, k, i;
	u32 ro = flags & VHYP_CHAN_READONLY;
	struct vspi *v;

	if (!ch || !cell)
		return -ENOENT;
	if (cell->status->state == VHYP_CELL_RUNNING)
		return -EBUSY;
	if (flags & ~(VHYP_CHAN_READONLY | VHYP_CHAN_END(1)) || ipa & (PAGE_SIZE - 1) ||
	    ipa + PAGE_SIZE + ch->size > (1ULL << CELL_IA_BITS) || ch->filled != ch->size ||
	    (irq && (irq < GIC_NR_PRIVATE || irq >= gic_nr_irqs || irq >= GIC_MAX_INTID)) ||
	    (ro && ch->end[!e].flags & VHYP_CHAN_READONLY))
		return -EINVAL;
	if (ch->end[e].cell || cell->nr_chan == VHYP_CELL_MAX_CHANNELS)
		return -EBUSY;
	for (k = 0; k < cell->nr_chan; k++)
		if (cell->chan[k].id == id)
			return -EEXIST;		/* both ends in one cell */
	if (cell_ipa_taken(cell, ipa, PAGE_SIZE + ch->size))
		return -EEXIST;
	if (irq && (irq_owner[irq] == cell->id || irq == cell->vgic.vspi[VSPI_CONSOLE].intid))
		return -EEXIST;
	for (i = 1; irq && i < VSPI_MAX; i++)
		if (cell->vgic.vspi[i].intid == irq)
			return -EEXIST;
	ch->end[e] = (struct chan_end){ .cell = cell->id, .flags = ro, .ipa = ipa };
	if (map_window(cell, ch, id, e)) {
		ch->end[e] = (struct chan_end){ 0 };
		return -ENOMEM;
	}
	k = cell->nr_chan++;
	cell->chan[k] = (struct cell_chan){ .id = id, .end = e };
	v = &cell->vgic.vspi[1 + k];
	*v = (struct vspi){ .intid = irq };
	ch->end[e].vspi = irq ? 1 + k : 0;
	header(id, e)->flags = ro;
	header(id, e)->doorbells = 0;
	header(id, !e)->peer_is_root = 0;
	peer_flags_update(id, ch);
	vgic_reset(cell);
	return 0;
}

s64 channel_destroy(u64 id)
{
	struct channel *ch = channel_get(id);
	unsigned int i;

	if (!ch)
		return -ENOENT;
	if ((ch->end[0].cell && ch->end[0].cell != CHAN_END_ROOT) ||
	    (ch->end[1].cell && ch->end[1].cell != CHAN_END_ROOT))
		return -EBUSY;
	/* what channel_mem() took, back to the root read-write; the driver scrubs it */
	for (i = 0; i < ch->nr_runs; i++)
		if (!ch->root_end || ch->end[1].flags & VHYP_CHAN_READONLY)
			root_remap(ch->runs[i].pa, ch->runs[i].size, PT_S2_RAM);
	__builtin_memset(header(id, 0), 0, PAGE_SIZE);
	__builtin_memset(header(id, 1), 0, PAGE_SIZE);
	ch->live = false;
	return 0;
}

/*
 * Tell end 'e' that something changed: its doorbell, if its cell runs.
 * Read once, and checked against the cell's own list: a ring racing with
 * that end's destroy must not reach a new cell that took its id.
 */
static void notify(struct channel *ch, unsigned int e)
{
	u32 who = __atomic_load_n(&ch->end[e].cell, __ATOMIC_ACQUIRE);
	u32 vspi = __atomic_load_n(&ch->end[e].vspi, __ATOMIC_ACQUIRE);
	struct cell *cell;

	if (who == CHAN_END_ROOT) {
		doorbell_ring_root();
		return;
	}
	cell = who ? cell_by_id(who) : NULL;
	if (!cell || !vspi || vspi > VHYP_CELL_MAX_CHANNELS ||
	    __atomic_load_n(&cell->status->state, __ATOMIC_ACQUIRE) != VHYP_CELL_RUNNING ||
	    &channels[cell->chan[vspi - 1].id] != ch || cell->chan[vspi - 1].end != e)
		return;
	doorbell_ring_cell(cell, vspi);
}

/* The peer of end 'e' of channel 'id' changed state: tell end 'e'. */
static void peer_changed(u32 id, unsigned int e, u32 state)
{
	struct vhyp_channel_header *h = header(id, e);
	struct channel *ch = &channels[id];

	if (state == VHYP_PEER_UP && h->peer_generation++)
		state = VHYP_PEER_RESTARTED;
	__atomic_store_n(&h->peer_state, state, __ATOMIC_RELEASE);
	__atomic_fetch_add(&h->events, 1, __ATOMIC_RELEASE);
	if (ch->end[e].cell)
		notify(ch, e);
}

/* Each channel of the cell: its peer learns that the cell runs, or no longer. */
static void cell_state(struct cell *cell, u32 state)
{
	unsigned int k;

	for (k = 0; k < cell->nr_chan; k++)
		peer_changed(cell->chan[k].id, !cell->chan[k].end, state);
}

void channel_cell_started(struct cell *cell)
{
	cell_state(cell, VHYP_PEER_UP);
}

void channel_cell_stopped(struct cell *cell)
{
	cell_state(cell, VHYP_PEER_GONE);
}

/* Stopped already: its windows leave its stage 2, its ends are free again. */
void channel_cell_destroyed(struct cell *cell)
{
	unsigned int k;

	for (k = 0; k < cell->nr_chan; k++) {
		struct channel *ch = &channels[cell->chan[k].id];
		unsigned int e = cell->chan[k].end;

		unmap_window(cell, ch, e);
		ch->end[e] = (struct chan_end){ 0 };
		header(cell->chan[k].id, e)->flags = 0;
		cell->vgic.vspi[1 + k] = (struct vspi){ 0 };
	}
	cell->nr_chan = 0;
}

/* Does [ipa, ipa + size) of the cell overlap one of its channels' windows? */
bool channel_window_overlaps(struct cell *cell, u64 ipa, u64 size)
{
	unsigned int k;

	for (k = 0; k < cell->nr_chan; k++) {
		struct channel *ch = &channels[cell->chan[k].id];
		u64 w = ch->end[cell->chan[k].end].ipa;

		if (ipa < w + PAGE_SIZE + ch->size && w < ipa + size)
			return true;
	}
	return false;
}

/* The panic path (scrub.c): the data of channels the root is no end of. */
void channels_each_ram(void (*fn)(const struct cell_range *r, void *arg), void *arg)
{
	unsigned int id, i;

	for (id = 1; id <= VHYP_MAX_CHANNELS; id++) {
		struct channel *ch = &channels[id];

		if (!__atomic_load_n(&ch->live, __ATOMIC_ACQUIRE) || ch->root_end)
			continue;
		for (i = 0; i < ch->nr_runs && i < CHANNEL_MAX_RUNS; i++)
			fn(&ch->runs[i], arg);
	}
}

/*
 * Which end of channel 'id' the caller is (a cell, or NULL: the root), or
 * -1: none.  A channel the caller is no end of looks the same as one that
 * does not exist.
 */
static int end_of(struct channel *ch, struct cell *caller)
{
	u32 who = caller ? caller->id : CHAN_END_ROOT;

	if (!ch || !__atomic_load_n(&ch->live, __ATOMIC_ACQUIRE))
		return -1;
	if (ch->end[0].cell == who)
		return 0;
	if (ch->end[1].cell == who)
		return 1;
	return -1;
}

/* Is the peer of end 'e' there to be rung: the root, or an attached cell that runs? */
static bool peer_runs(struct channel *ch, unsigned int e)
{
	u32 peer = ch->end[!e].cell;
	struct cell *cell;

	if (peer == CHAN_END_ROOT)
		return true;
	cell = peer ? cell_by_id(peer) : NULL;
	return cell && __atomic_load_n(&cell->status->state, __ATOMIC_ACQUIRE) ==
		       VHYP_CELL_RUNNING;
}

/* VHYP_HC_CHANNEL_RING, from either end. */
void channel_ring_call(struct hyp_regs *regs, struct cell *caller)
{
	u64 id = regs->x[1];
	struct channel *ch = id >= 1 && id <= VHYP_MAX_CHANNELS ? &channels[id] : NULL;
	int e = end_of(ch, caller);
	struct vhyp_channel_header *h;

	if (e < 0) {
		regs->x[0] = -ENOENT;
		return;
	}
	if (!peer_runs(ch, e)) {
		regs->x[0] = -ENOTCONN;
		return;
	}
	h = header(id, !e);
	__atomic_fetch_add(&h->doorbells, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&h->events, 1, __ATOMIC_RELEASE);
	notify(ch, !e);
	regs->x[0] = 0;
}

/* VHYP_HC_CHANNEL_QUERY, from a cell: its k-th channel. */
void channel_query_call(struct hyp_regs *regs, struct cell *caller)
{
	u64 k = regs->x[1];
	struct channel *ch;
	unsigned int e;

	if (!caller || k >= caller->nr_chan) {
		regs->x[0] = -ENOENT;
		return;
	}
	ch = &channels[caller->chan[k].id];
	e = caller->chan[k].end;
	regs->x[0] = 0;
	regs->x[1] = caller->chan[k].id;
	regs->x[2] = ch->end[e].ipa;
	regs->x[3] = ch->size;
	regs->x[4] = caller->vgic.vspi[1 + k].intid;
	regs->x[5] = ch->end[e].flags;
}
