// SPDX-License-Identifier: GPL-2.0
/*
 * Scrubbing the cells' memory when the hypervisor panics.  A panic gives
 * the root its CPUs back without stage 2 (panic.c): from then on its
 * kernel reaches every physical address, the cells' RAM included.  So the
 * panicking CPU zeroes every range a cell was given as memory (not its
 * devices) first, and the root's CPUs wait for that before they leave.
 *
 * EL2 maps nothing but the hypervisor's own block, and a panic must not
 * depend on the table pool having a page left: at setup two 2 MiB slots of
 * EL2 virtual address space, at the top of the 48-bit range where no
 * physical address of the identity map lies, get their tables.  A panic
 * maps a cell's memory there a piece at a time, zeroes it and unmaps it
 * (TLB maintenance through the tables' changed() hook): a whole 2 MiB
 * block as one block entry in the first slot, a piece of one in pages in
 * the second (whose last-level table exists too), so that nothing but the
 * cell's own memory is ever mapped there.
 */
#include "hyp.h"
#include "cell.h"
#include "owner.h"
#include "paging.h"
#include "pool.h"

#define SCRUB_BLOCK	(2ULL << 20)
#define SCRUB_WINDOW	((1ULL << 48) - SCRUB_BLOCK)	/* a 2 MiB block at a time */
#define SCRUB_PAGES	(SCRUB_WINDOW - SCRUB_BLOCK)	/* pages of a block */

static struct pt el2_s1;
static bool window_ready;
static u32 scrubbed;

static void el2_changed(void *arg, u64 va, unsigned int level)
{
	(void)arg;
	(void)level;
	dsb(ishst);
	asm volatile("tlbi vae2is, %0" : : "r" (va >> 12) : "memory");
	dsb(ish);
	isb();
}

/* No free(): the window's tables stay for good once made. */
static const struct pt_ops el2_ops = {
	.alloc = pool_alloc, .virt = pool_virt, .changed = el2_changed,
};

/*
 * Once, on the first CPU in, after pool_init(): the windows' tables, made
 * by mapping a piece (device attributes: never a speculative access while
 * it is there) and unmapping it: el2_ops has no free(), the tables stay.
 */
void scrub_setup(void)
{
	pt_attach(&el2_s1, hyp_header.ttbr0 & PT_ADDR_MASK, 48, false, &el2_ops);
	if (pt_lookup(&el2_s1, SCRUB_WINDOW, NULL) || pt_lookup(&el2_s1, SCRUB_PAGES, NULL))
		return;
	if (pt_map(&el2_s1, SCRUB_WINDOW, 0, SCRUB_BLOCK, PT_S1_DEVICE) ||
	    pt_unmap(&el2_s1, SCRUB_WINDOW, SCRUB_BLOCK) ||
	    pt_map(&el2_s1, SCRUB_PAGES, 0, PT_PAGE_SIZE, PT_S1_DEVICE) ||
	    pt_unmap(&el2_s1, SCRUB_PAGES, PT_PAGE_SIZE))
		return;
	window_ready = true;
}

/* Can a cell be given memory?  Not if a panic could not take it back. */
bool scrub_ready(void)
{
	return window_ready;
}

/* Zero [va, va + size): DC ZVA where the CPU allows it, stores where not. */
static void zero(u64 va, u64 size)
{
	u64 dczid = read_sysreg(dczid_el0), end = va + size;
	u64 line = 4ULL << (dczid & 0xf);

	if (!(dczid & BIT(4)) && !(va & (line - 1)) && !(size & (line - 1))) {
		for (; va < end; va += line)
			asm volatile("dc zva, %0" : : "r" (va) : "memory");
	} else {
		for (; va < end; va += 8)
			*(volatile u64 *)va = 0;
	}
}

static bool scrub_range(u64 pa, u64 size)
{
	while (size) {
		u64 block = pa & ~(SCRUB_BLOCK - 1), off = pa - block;
		u64 n = SCRUB_BLOCK - off < size ? SCRUB_BLOCK - off : size;
		u64 va = n == SCRUB_BLOCK ? SCRUB_WINDOW : SCRUB_PAGES + off;

		if (pt_map(&el2_s1, va, pa, n, PT_S1_DATA))
			return false;
		dsb(ishst);
		isb();
		zero(va, n);
		dsb(ish);
		pt_unmap(&el2_s1, va, n);
		pa += n;
		size -= n;
	}
	return true;
}

struct scrub_tally {
	u64 bytes;
	unsigned int failed;
};

static void scrub_one(const struct cell_range *r, void *arg)
{
	struct scrub_tally *t = arg;

	if (window_ready && scrub_range(r->pa, r->size))
		t->bytes += r->size;
	else
		t->failed++;
}

/*
 * Every CPU not the root's has stopped (panic.c) and writes no cell's
 * memory any more, or a tenth of a second went by: one wedged at EL2 with
 * its interrupts masked must not keep the root's CPUs from leaving.
 */
static void wait_cells_stopped(void)
{
	u64 start = read_sysreg(cntpct_el0), limit = read_sysreg(cntfrq_el0) / 10;
	struct hyp_cpu *self = this_cpu();
	unsigned int slot;

	for (slot = 0; slot < hyp_header.ncpus; slot++) {
		struct hyp_cpu *c = hyp_cpu_slot(slot);

		if (c == self || !c->status || root_runs_on(c))
			continue;
		while (!__atomic_load_n(&c->panic_stopped, __ATOMIC_ACQUIRE) &&
		       read_sysreg(cntpct_el0) - start < limit)
			asm volatile("yield" : : : "memory");
	}
}

/* The panicking CPU, once: every cell's memory zeroed, then the root may go. */
void scrub_cells(void)
{
	struct scrub_tally t = { 0 };

	wait_cells_stopped();
	cells_each_ram(scrub_one, &t);
	if (t.bytes || t.failed)
		hyp_printf("vhyp: the cells' memory zeroed before the root's CPUs leave: %llu KiB%s\n",
			   t.bytes >> 10, t.failed ? ", not all of it: it could not be mapped at EL2" : "");
	__atomic_store_n(&scrubbed, 1, __ATOMIC_RELEASE);
	dsb(ish);
	sev();
}

/* A root CPU leaving at a panic: not before the cells' memory is gone. */
void scrub_wait(void)
{
	while (!__atomic_load_n(&scrubbed, __ATOMIC_ACQUIRE))
		wfe();
}
