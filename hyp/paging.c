// SPDX-License-Identifier: GPL-2.0
/*
 * Translation-table construction, 4 KiB granule.
 *
 * pt_map() uses the largest block each part of a range allows (1 GiB,
 * 2 MiB, 4 KiB), and folds a table it filled back into the block it can
 * be; pt_unmap() splits blocks where a range ends inside one.
 * Stage-2 tables of up to 43 input bits start at level 1 with up to 16
 * concatenated tables, as every PARange permits; larger ones at level 0.
 *
 * Changing a live table follows break-before-make: an entry that was
 * valid is first cleared and reported through ops->changed() (which
 * invalidates the TLBs) before its replacement is written.
 */
#include <linux/types.h>
#include "include/paging.h"

#define EINVAL	22
#define ENOMEM	12

static u64 *table_virt(const struct pt *pt, u64 desc)
{
	return pt->ops->virt(pt->ops->arg, desc & PT_ADDR_MASK);
}

static void write_entry(const struct pt *pt, u64 *e, u64 val, u64 ia, unsigned int level)
{
	u64 old = *e;

	if (old & PT_VALID) {
		*(volatile u64 *)e = 0;
		if (pt->ops->changed)
			pt->ops->changed(pt->ops->arg, ia, level);
	}
	*(volatile u64 *)e = val;
}

/* Index into the table at 'level'; the first level may span concatenated tables. */
static unsigned int pt_index(const struct pt *pt, u64 ia, unsigned int level)
{
	u64 idx = ia >> PT_LEVEL_SHIFT(level);

	if (level == pt->start)
		return idx & (PT_ENTRIES * pt->concat - 1);
	return idx & (PT_ENTRIES - 1);
}

static u64 leaf(u64 pa, u64 attr, unsigned int level)
{
	return (pa & PT_ADDR_MASK) | attr | (level == 3 ? PT_PAGE : PT_BLOCK);
}

/* Give back the tables below the n entries of table 't' at 'level'. */
static void free_tables(const struct pt *pt, u64 *t, unsigned int level, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (level == 3 || (t[i] & PT_TYPE_MASK) != PT_TABLE)
			continue;
		free_tables(pt, table_virt(pt, t[i]), level + 1, PT_ENTRIES);
		pt->ops->free(pt->ops->arg, t[i] & PT_ADDR_MASK, 1);
	}
}

/* Entry 'e' at 'level' now maps 'val' whole; a table that was there goes. */
static void replace_entry(const struct pt *pt, u64 *e, u64 val, u64 ia, unsigned int level)
{
	u64 old = *e;

	write_entry(pt, e, val, ia, level);
	if (level < 3 && (old & PT_TYPE_MASK) == PT_TABLE && pt->ops->free) {
		u64 tmp = old;

		free_tables(pt, &tmp, level, 1);
	}
}

int pt_attach(struct pt *pt, u64 root, unsigned int ia_bits, bool stage2,
	      const struct pt_ops *ops)
{
	if (ia_bits < 32 || ia_bits > 48)
		return -EINVAL;
	pt->ia_bits = ia_bits;
	pt->stage2 = stage2;
	pt->ops = ops;
	pt->concat = 1;
	if (stage2 && ia_bits <= 43 && ia_bits > 39) {
		pt->start = 1;
		pt->concat = 1U << (ia_bits - 39);
	} else if (ia_bits > 39) {
		pt->start = 0;
	} else {
		pt->start = 1;
	}
	pt->root = root;
	return 0;
}

int pt_init(struct pt *pt, unsigned int ia_bits, bool stage2, const struct pt_ops *ops)
{
	int ret = pt_attach(pt, 0, ia_bits, stage2, ops);

	if (ret)
		return ret;
	pt->root = ops->alloc(ops->arg, pt->concat);
	return pt->root ? 0 : -ENOMEM;
}

void pt_free(struct pt *pt)
{
	if (!pt->root || !pt->ops->free)
		return;
	free_tables(pt, pt->ops->virt(pt->ops->arg, pt->root), pt->start,
		    PT_ENTRIES * pt->concat);
	pt->ops->free(pt->ops->arg, pt->root, pt->concat);
	pt->root = 0;
}

/*
 * The table below entry 'e' at 'level': a new empty one, or one holding
 * what a block there mapped (split), or the existing table.
 */
static u64 *next_table(struct pt *pt, u64 *e, u64 ia, unsigned int level)
{
	u64 old = *e, pa, attr, *t;
	unsigned int i;

	if ((old & PT_TYPE_MASK) == PT_TABLE)
		return table_virt(pt, old);

	pa = pt->ops->alloc(pt->ops->arg, 1);
	if (!pa)
		return NULL;
	t = pt->ops->virt(pt->ops->arg, pa);
	if (old & PT_VALID) {
		/* split a block: same attributes, next-level granules */
		attr = old & ~PT_ADDR_MASK & ~PT_TYPE_MASK;
		for (i = 0; i < PT_ENTRIES; i++)
			t[i] = leaf((old & PT_ADDR_MASK) + i * PT_LEVEL_SIZE(level + 1),
				    attr, level + 1);
	}
	write_entry(pt, e, pa | PT_TABLE, ia & ~(PT_LEVEL_SIZE(level) - 1), level);
	return t;
}

/*
 * The table below entry 'e' at 'level' maps its whole granule as one
 * block would: every entry a leaf, one attribute, the output addresses in
 * a row from a base aligned to the granule.  Then it goes, and a block
 * takes its place (break-before-make), so that a range given away and
 * given back, a page at a time, costs no table for good.
 */
static void merge(struct pt *pt, u64 *e, u64 ia, unsigned int level)
{
	u64 size = PT_LEVEL_SIZE(level), sub = PT_LEVEL_SIZE(level + 1);
	u64 *t, first, attr;
	unsigned int i;

	if (level < 1 || level > 2 || (*e & PT_TYPE_MASK) != PT_TABLE || !pt->ops->free)
		return;
	t = table_virt(pt, *e);
	first = t[0];
	attr = first & ~PT_ADDR_MASK & ~PT_TYPE_MASK;
	if ((first & PT_TYPE_MASK) != (level + 1 == 3 ? PT_PAGE : PT_BLOCK) ||
	    (first & PT_ADDR_MASK & (size - 1)))
		return;
	for (i = 1; i < PT_ENTRIES; i++)
		if (t[i] != leaf((first & PT_ADDR_MASK) + i * sub, attr, level + 1))
			return;
	replace_entry(pt, e, leaf(first & PT_ADDR_MASK, attr, level), ia & ~(size - 1), level);
}

/* Map (unmap if !map) [ia, end) at 'level' of table 't'. */
static int walk(struct pt *pt, u64 *t, unsigned int level, u64 ia, u64 end, u64 pa,
		u64 attr, bool map)
{
	while (ia < end) {
		u64 size = PT_LEVEL_SIZE(level);
		u64 next = (ia & ~(size - 1)) + size;
		u64 *e = &t[pt_index(pt, ia, level)];
		u64 *sub;
		int ret;

		if (next > end || next < ia)
			next = end;
		if (level == 3 || (ia == (ia & ~(size - 1)) && next - ia == size &&
				   (!map || (level >= 1 && !(pa & (size - 1)))))) {
			/*
			 * The whole granule: a leaf, or nothing.  A table
			 * that was here goes, with its subtables, to
			 * ops->free (if there is none, the pool is freed
			 * as a whole).
			 */
			replace_entry(pt, e, map ? leaf(pa, attr, level) : 0, ia, level);
		} else {
			if (!map && !(*e & PT_VALID))
				goto advance;
			sub = next_table(pt, e, ia, level);
			if (!sub)
				return -ENOMEM;
			ret = walk(pt, sub, level + 1, ia, next, pa, attr, map);
			if (ret)
				return ret;
			if (map)
				merge(pt, e, ia, level);
		}
advance:
		pa += next - ia;
		ia = next;
	}
	return 0;
}

static int check_range(const struct pt *pt, u64 ia, u64 size)
{
	if (!size || (ia | size) & (PT_PAGE_SIZE - 1))
		return -EINVAL;
	if (ia + size < ia || (pt->ia_bits < 64 && ia + size > (1ULL << pt->ia_bits)))
		return -EINVAL;
	return 0;
}

int pt_map(struct pt *pt, u64 ia, u64 pa, u64 size, u64 attr)
{
	int ret = check_range(pt, ia, size);

	if (ret)
		return ret;
	/* the output range must fit the descriptors' 48-bit address field */
	if (pa & (PT_PAGE_SIZE - 1) || pa + size < pa || pa + size > PT_ADDR_MASK + PT_PAGE_SIZE ||
	    attr & (PT_ADDR_MASK | PT_TYPE_MASK))
		return -EINVAL;
	return walk(pt, pt->ops->virt(pt->ops->arg, pt->root), pt->start, ia, ia + size,
		    pa, attr, true);
}

int pt_unmap(struct pt *pt, u64 ia, u64 size)
{
	int ret = check_range(pt, ia, size);

	if (ret)
		return ret;
	return walk(pt, pt->ops->virt(pt->ops->arg, pt->root), pt->start, ia, ia + size,
		    0, 0, false);
}

u64 pt_lookup(const struct pt *pt, u64 ia, unsigned int *level)
{
	u64 *t = pt->ops->virt(pt->ops->arg, pt->root);
	unsigned int l;

	if (ia >> pt->ia_bits)		/* the index would wrap onto another address */
		return 0;
	for (l = pt->start; l <= 3; l++) {
		u64 e = t[pt_index(pt, ia, l)];

		if (!(e & PT_VALID))
			return 0;
		if (l == 3 || (e & PT_TYPE_MASK) == PT_BLOCK) {
			if (level)
				*level = l;
			return e;
		}
		t = table_virt(pt, e);
	}
	return 0;
}

static u64 ps_field(unsigned int pa_bits)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48 };
	unsigned int i;

	for (i = 0; i < sizeof(bits) - 1; i++)
		if (pa_bits <= bits[i])
			return i;
	return 5;
}

u64 pt_vtcr(const struct pt *pt, unsigned int pa_bits)
{
	u64 sl0 = pt->start == 0 ? 2 : (pt->start == 1 ? 1 : 0);

	return (64 - pt->ia_bits) | sl0 << 6 |
		1ULL << 8 | 1ULL << 10 | 3ULL << 12 |	/* WBWA walks, inner shareable */
		ps_field(pa_bits) << 16 | 1ULL << 31;	/* 4 KiB granule, RES1 */
}

u64 pt_tcr_el2(unsigned int pa_bits)
{
	return 16 | 1ULL << 8 | 1ULL << 10 | 3ULL << 12 |	/* 48-bit VA, WBWA, IS */
		ps_field(pa_bits) << 16 | 1ULL << 23 | 1ULL << 31;	/* RES1 */
}
