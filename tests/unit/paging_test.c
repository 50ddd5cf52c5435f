// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the translation-table code (hyp/paging.c, the very file
 * the hypervisor and the driver compile), printing TAP.
 *
 * The tables live in a fake physical memory: a pool of pages from
 * aligned_alloc() whose "physical addresses" are their host addresses
 * (below 2^47, so they fit a descriptor's output-address field).  The
 * expected values are written from the Arm architecture (Arm ARM D8,
 * VMSAv8-64 with the 4 KiB granule; VTCR_EL2 and TCR_EL2), not taken
 * from paging.h, and the tables are read back by a walker of our own
 * that follows them as the MMU would.
 */
#include <linux/types.h>	/* the shim, as the hypervisor sees it, then libc */
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paging.h"
#include "tap.h"

#define EINVAL	22
#define ENOMEM	12

#define KiB	(1ULL << 10)
#define MiB	(1ULL << 20)
#define GiB	(1ULL << 30)
#define TiB	(1ULL << 40)
#define PAGE	(4 * KiB)

/* --- the architecture ------------------------------------------------ */

/* descriptor bits [1:0] */
#define D_VALID		0x1ULL
#define D_TYPE		0x3ULL
#define D_BLOCK		0x1ULL		/* levels 1 and 2 (level 0 only with 52-bit OA) */
#define D_TABLE		0x3ULL		/* levels 0 to 2 */
#define D_PAGE		0x3ULL		/* level 3, where 0b01 is reserved */
#define D_OA		0x0000fffffffff000ULL	/* OA[47:12] / next-level table address */

/* lower and upper attributes of leaves */
#define SH_INNER	(0x3ULL << 8)	/* SH[1:0] = 0b11 */
#define AF		(1ULL << 10)
#define SW_BITS		(0xfULL << 55)	/* [58:55]: for software, ignored by the MMU */
#define S1_ATTRINDX(i)	((u64)(i) << 2)	/* AttrIndx[2:0]: a byte of MAIR_EL2 */
#define S1_AP_RW	(0x1ULL << 6)	/* AP[2:1] = 0b01 (AP[1] is RES1 at EL2) */
#define S1_AP_RO	(0x3ULL << 6)	/* AP[2:1] = 0b11 */
#define S1_XN		(1ULL << 54)	/* one-VA-range regime: XN is bit 54 */
#define S2_NORMAL_WB	(0xfULL << 2)	/* MemAttr: outer 0b11 WB, inner 0b11 WB */
#define S2_DEVICE_nGnRE	(0x1ULL << 2)	/* MemAttr 0b0001 */
#define S2AP_RO		(0x1ULL << 6)	/* S2AP[1:0] = 0b01 */
#define S2AP_RW		(0x3ULL << 6)	/* S2AP[1:0] = 0b11 */
#define S2_XN		(0x2ULL << 53)	/* XN[1:0] = 0b10: no execution at EL1 or EL0 */

#define S2_RAM		(S2_NORMAL_WB | S2AP_RW | SH_INNER | AF)
#define S2_RAM_RO	(S2_NORMAL_WB | S2AP_RO | SH_INNER | AF | S2_XN)
/* every attribute field that survives a split, set to something unusual */
#define S2_ODD		(S2_DEVICE_nGnRE | S2AP_RO | AF | S2_XN | SW_BITS)

#define S1_TEXT		(S1_ATTRINDX(0) | S1_AP_RO | SH_INNER | AF)
#define S1_RODATA	(S1_ATTRINDX(0) | S1_AP_RO | SH_INNER | AF | S1_XN)
#define S1_DATA		(S1_ATTRINDX(0) | S1_AP_RW | SH_INNER | AF | S1_XN)
#define S1_DEVICE	(S1_ATTRINDX(1) | S1_AP_RW | AF | S1_XN)

/* MAIR attribute bytes */
#define MAIR_NORMAL_WB	0xffULL		/* Normal, inner and outer WB non-transient, RW-allocate */
#define MAIR_DEVICE_nGnRnE 0x00ULL

static u64 level_size(unsigned int level)
{
	return 1ULL << (12 + 9 * (3 - level));
}

/* --- TAP (tap.h), and giving up ------------------------------------------- */

static void bail(const char *msg, u64 v)
{
	printf("Bail out! %s %#llx\n", msg, v);
	exit(1);
}

/* --- fake physical memory ----------------------------------------------- */

#define POOL_PAGES	2048		/* 8 MiB, more than any test needs */
#define POOL_ALIGN	(64 * KiB)	/* the largest root: 16 concatenated tables */
#define MAX_EVENTS	64

enum { EV_ALLOC, EV_CHANGED };

struct event {
	int type;
	u64 ia;			/* EV_CHANGED: the entry's address and level */
	unsigned int level;
	unsigned int pages;	/* EV_ALLOC */
	u64 entry;		/* EV_CHANGED: the entry when changed() ran */
	unsigned int new_valid;	/* valid entries in the latest allocated page then */
};

struct mem {
	u8 *pool;
	unsigned int next;	/* first free page of the pool */
	unsigned int allocs;	/* successful alloc() calls */
	int budget;		/* allocations still allowed, -1: any */
	unsigned int changed;	/* changed() calls */
	unsigned int bad_changed;
	u64 last_alloc;
	const struct pt *pt;	/* the tables changed() looks into */
	struct event ev[MAX_EVENTS];
	unsigned int nev;
	struct pt_ops ops;
};

static unsigned int bbm_violations;

static void log_event(struct mem *m, struct event e)
{
	if (m->nev < MAX_EVENTS)
		m->ev[m->nev] = e;
	m->nev++;
}

static u64 fake_alloc(void *arg, unsigned int pages)
{
	struct mem *m = arg;
	unsigned int run = 1, first;

	if (!pages || pages > 16)
		bail("alloc() of an odd number of pages:", pages);
	while (run < pages)
		run <<= 1;
	if (!m->budget)
		return 0;
	first = (m->next + run - 1) & ~(run - 1);	/* naturally aligned */
	if (first + pages > POOL_PAGES)
		bail("the test's pool is too small, at page", first);
	if (m->budget > 0)
		m->budget--;
	memset(m->pool + first * PAGE, 0, pages * PAGE);
	m->next = first + pages;
	m->allocs++;
	m->last_alloc = (u64)(uintptr_t)(m->pool + first * PAGE);
	log_event(m, (struct event){ .type = EV_ALLOC, .pages = pages });
	return m->last_alloc;
}

/* The page at physical address 'pa', which must have been allocated. */
static u64 *phys(const struct mem *m, u64 pa)
{
	u64 base = (u64)(uintptr_t)m->pool;

	if (pa < base || pa >= base + m->next * PAGE || pa & (PAGE - 1))
		bail("a table address outside the allocated pool:", pa);
	return (u64 *)(uintptr_t)pa;
}

static void *fake_virt(void *arg, u64 pa)
{
	return phys(arg, pa);
}

/* The entry at 'level' that translates 'ia', found as the MMU would; NULL if none. */
static u64 *ref_entry(const struct mem *m, const struct pt *pt, u64 ia, unsigned int level)
{
	u64 *t = phys(m, pt->root);
	unsigned int l;

	if (ia >> pt->ia_bits)
		return NULL;
	for (l = pt->start;; l++) {
		unsigned int shift = 12 + 9 * (3 - l);
		/* the first level is indexed by all the IA bits left (concatenation) */
		u64 *e = &t[l == pt->start ? ia >> shift : (ia >> shift) & 511];

		if (l == level)
			return e;
		if (l == 3 || (*e & D_TYPE) != D_TABLE)
			return NULL;
		t = phys(m, *e & D_OA);
	}
}

/* The leaf descriptor translating 'ia' and its level; 0 if none. */
static u64 ref_walk(const struct mem *m, const struct pt *pt, u64 ia, unsigned int *level)
{
	unsigned int l;

	for (l = pt->start; l <= 3; l++) {
		u64 *e = ref_entry(m, pt, ia, l);

		if (!e || !(*e & D_VALID))
			return 0;
		if (l == 3 || (*e & D_TYPE) == D_BLOCK) {
			*level = l;
			return *e;
		}
	}
	return 0;
}

static unsigned int count_valid(const u64 *t, unsigned int n)
{
	unsigned int i, v = 0;

	for (i = 0; i < n; i++)
		v += t[i] & D_VALID;
	return v;
}

/* Break-before-make: the entry must be invalid when the TLBs are told. */
static void fake_changed(void *arg, u64 ia, unsigned int level)
{
	struct mem *m = arg;
	u64 *e = m->pt ? ref_entry(m, m->pt, ia, level) : NULL;
	struct event ev = { .type = EV_CHANGED, .ia = ia, .level = level,
			    .entry = e ? *e : ~0ULL };

	m->changed++;
	if (m->last_alloc)
		ev.new_valid = count_valid((u64 *)(uintptr_t)m->last_alloc, PT_ENTRIES);
	log_event(m, ev);
	if (!e || *e || level > 3 || ia & (level_size(level) - 1)) {
		m->bad_changed++;
		bbm_violations++;
		printf("# changed(%#llx, %u): entry %s %#llx\n", ia, level,
		       e ? "is" : "not found,", e ? *e : 0ULL);
	}
}

static struct mem *mem_new(void)
{
	struct mem *m = calloc(1, sizeof(*m));

	m->pool = aligned_alloc(POOL_ALIGN, POOL_PAGES * PAGE);
	if (!m->pool)
		bail("no memory for the pool of", POOL_PAGES * PAGE);
	if ((u64)(uintptr_t)m->pool + POOL_PAGES * PAGE > (1ULL << 47))
		bail("the pool is above 2^47:", (u64)(uintptr_t)m->pool);
	memset(m->pool, 0xa5, POOL_PAGES * PAGE);	/* alloc() must zero */
	m->budget = -1;
	m->ops = (struct pt_ops){ .alloc = fake_alloc, .virt = fake_virt,
				  .changed = fake_changed, .arg = m };
	return m;
}

static void mem_free(struct mem *m)
{
	free(m->pool);
	free(m);
}

static void clear_events(struct mem *m)
{
	m->nev = 0;
	m->changed = 0;
}

/* FNV-1a over every allocated page, and the allocation state */
static u64 checksum(const struct mem *m)
{
	u64 h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < m->next * PAGE; i++)
		h = (h ^ m->pool[i]) * 0x100000001b3ULL;
	return h ^ m->allocs ^ (u64)m->next << 32;
}

/* Every descriptor well formed for its level; 'pt' fully reachable. */
static bool check_table(const struct mem *m, u64 pa, unsigned int level, unsigned int n)
{
	const u64 *t = phys(m, pa);
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 d = t[i];

		if (!(d & D_VALID)) {
			if (d)
				return fail("level %u entry %u: invalid but %#llx", level, i, d);
			continue;
		}
		if (level < 3 && (d & D_TYPE) == D_TABLE) {
			/* no APTable/XNTable/NSTable: nothing restricts the leaves */
			if (d & ~D_OA & ~D_TYPE)
				return fail("level %u entry %u: table %#llx with attributes",
					    level, i, d);
			if (!check_table(m, d & D_OA, level + 1, PT_ENTRIES))
				return false;
			continue;
		}
		if (level == 0)
			return fail("level 0 entry %u: block %#llx", i, d);
		if (level == 3 && (d & D_TYPE) != D_PAGE)
			return fail("level 3 entry %u: reserved type in %#llx", i, d);
		if (d & D_OA & (level_size(level) - 1))
			return fail("level %u entry %u: %#llx not aligned to its block",
				    level, i, d);
		if (!(d & AF))
			return fail("level %u entry %u: %#llx without AF", level, i, d);
	}
	return true;
}

static bool tables_ok(const struct mem *m, const struct pt *pt)
{
	return check_table(m, pt->root, pt->start, PT_ENTRIES * pt->concat);
}

/* pt_lookup() and our walker agree on 'ia': descriptor 'want' at 'level' (want 0: unmapped). */
static bool maps(const struct mem *m, const struct pt *pt, u64 ia, u64 want, unsigned int level)
{
	unsigned int l = 99, rl = 99;
	u64 d = pt_lookup(pt, ia, &l);
	u64 r = ref_walk(m, pt, ia, &rl);

	if (d != r || (r && l != rl))
		return fail("%#llx: pt_lookup %#llx at level %u, tables %#llx at level %u",
			    ia, d, l, r, rl);
	if (r != want || (want && rl != level))
		return fail("%#llx: %#llx at level %u, want %#llx at level %u",
			    ia, r, rl, want, level);
	return true;
}

/* Identity-or-offset leaf for 'ia' mapped to 'pa' at 'level' with 'attr'. */
static u64 leaf(u64 pa, u64 attr, unsigned int level)
{
	return (pa & ~(level_size(level) - 1)) | attr | (level == 3 ? D_PAGE : D_BLOCK);
}

/* [ia, ia + size) maps ia + off, each 'step' checked, at 'level' with 'attr'. */
static bool maps_range(const struct mem *m, const struct pt *pt, u64 ia, u64 size, u64 off,
		       u64 attr, unsigned int level)
{
	u64 a;

	for (a = ia; a < ia + size; a += level_size(level))
		if (!maps(m, pt, a, leaf(a + off, attr, level), level) ||
		    !maps(m, pt, a + level_size(level) - PAGE,
			  leaf(a + off, attr, level), level))
			return false;
	return true;
}

static bool unmapped_range(const struct mem *m, const struct pt *pt, u64 ia, u64 size)
{
	u64 a;

	for (a = ia; a < ia + size; a += PAGE)
		if (!maps(m, pt, a, 0, 0))
			return false;
	return true;
}

static struct mem *new_tables(struct pt *pt, unsigned int ia_bits, bool stage2)
{
	struct mem *m = mem_new();

	if (pt_init(pt, ia_bits, stage2, &m->ops))
		bail("pt_init failed for ia_bits", ia_bits);
	m->pt = pt;
	return m;
}

/* --- the tests ------------------------------------------------------------- */

static void test_encodings(void)
{
	ok(PT_S2_RAM == S2_RAM, "PT_S2_RAM: normal WB, S2AP RW, inner shareable, AF");
	ok(PT_S2_RAM_RO == S2_RAM_RO, "PT_S2_RAM_RO: normal WB, S2AP RO, XN, inner shareable, AF");
	ok(PT_S1_TEXT == S1_TEXT, "PT_S1_TEXT: MAIR 0, AP RO, executable, inner shareable, AF");
	ok(PT_S1_RODATA == S1_RODATA, "PT_S1_RODATA: MAIR 0, AP RO, XN");
	ok(PT_S1_DATA == S1_DATA, "PT_S1_DATA: MAIR 0, AP RW, XN");
	ok(PT_S1_DEVICE == S1_DEVICE, "PT_S1_DEVICE: MAIR 1, AP RW, XN");
	ok((MAIR_EL2_VALUE >> (8 * MAIR_IDX_NORMAL) & 0xff) == MAIR_NORMAL_WB &&
	   (MAIR_EL2_VALUE >> (8 * MAIR_IDX_DEVICE) & 0xff) == MAIR_DEVICE_nGnRnE &&
	   MAIR_IDX_NORMAL == 0 && MAIR_IDX_DEVICE == 1,
	   "MAIR_EL2: attribute 0 normal WB RWA, attribute 1 Device-nGnRnE");
}

/*
 * Stage 2 (4 KiB granule) may start at level 1 with up to 16 concatenated
 * tables (31..43 input bits), at level 0 only for 40..48 bits and a PA
 * size above 42 bits (QEMU refuses it otherwise).  The IPA size may equal
 * the PA size, so up to 42 bits level 1 is a must; we want it up to 43,
 * and level 0 from 44 (more than 16 tables).  Stage 1 never concatenates:
 * its start level follows from T0SZ (level 0 for 40..48 bits, 1 for 31..39).
 */
static void check_init(unsigned int b, bool stage2)
{
	unsigned int start = b >= (stage2 ? 44 : 40) ? 0 : 1;
	unsigned int concat = stage2 && start == 1 && b > 39 ? 1U << (b - 39) : 1;
	struct mem *m = mem_new();
	struct pt pt;
	int ret;

	ret = pt_init(&pt, b, stage2, &m->ops);
	ok(!ret && pt.start == start && pt.concat == concat && pt.ia_bits == b &&
	   pt.stage2 == stage2 && m->allocs == 1 && m->ev[0].pages == concat &&
	   !(pt.root & (concat * PAGE - 1)) &&
	   !count_valid(phys(m, pt.root), concat * PT_ENTRIES),
	   "stage %u, %u-bit IA: level %u, %u table%s, root %llu KiB aligned, empty",
	   stage2 ? 2 : 1, b, start, concat, concat > 1 ? "s" : "", concat * PAGE / KiB);
	mem_free(m);
}

static void test_init(void)
{
	static const unsigned int bits[] = { 32, 36, 39, 40, 41, 42, 43, 44, 48 };
	struct mem *m = mem_new();
	unsigned int i;
	struct pt pt;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		check_init(bits[i], true);
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		check_init(bits[i], false);

	ok(pt_init(&pt, 49, true, &m->ops) == -EINVAL &&
	   pt_init(&pt, 52, false, &m->ops) == -EINVAL && m->allocs == 0,
	   "pt_init refuses more than 48 input bits (-EINVAL)");
	m->budget = 0;
	ok(pt_init(&pt, 40, true, &m->ops) == -ENOMEM, "pt_init without memory: -ENOMEM");
	mem_free(m);
}

/* [0, 1 TiB) with 40 bits: 1024 level-1 blocks in the two concatenated tables */
static void test_map_all(void)
{
	static const u64 samples[] = { 0, GiB - PAGE, 5 * GiB + 12345 * PAGE, 512 * GiB,
				       700 * GiB + 3 * MiB, TiB - PAGE };
	struct pt pt;
	struct mem *m = new_tables(&pt, 40, true);
	const u64 *root = phys(m, pt.root);
	bool all = true;
	unsigned int i;

	ok(pt_map(&pt, 0, 0, TiB, S2_RAM) == 0, "stage 2, 40 bits: pt_map [0, 1 TiB) succeeds");
	ok(m->allocs == 1 && m->next == 2, "no table but the 8 KiB root (2 pages in all)");
	for (i = 0; i < 2 * PT_ENTRIES && all; i++)
		if (root[i] != ((u64)i * GiB | S2_RAM | D_BLOCK))
			all = fail("root entry %u is %#llx", i, root[i]);
	ok(all, "all 1024 root entries are 1 GiB identity blocks, normal RW");
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]) && all; i++)
		all = maps(m, &pt, samples[i], leaf(samples[i], S2_RAM, 1), 1);
	ok(all, "pt_lookup returns those blocks at level 1");
	ok(maps(m, &pt, TiB + 5 * GiB, 0, 0), "pt_lookup beyond the 40 input bits finds nothing");
	ok(m->changed == 0, "filling empty entries reports no change");
	ok(tables_ok(m, &pt), "tables well formed");
	mem_free(m);
}

/* unmap splits blocks, keeping every attribute; map into the hole */
static void test_split(void)
{
	u64 hole = 5 * GiB + 6 * MiB, hole2 = 5 * GiB + 10 * MiB + 64 * KiB;
	struct pt pt;
	struct mem *m = new_tables(&pt, 40, true);
	const u64 *l2, *l3;
	bool all = true;
	unsigned int i;
	int ret;

	pt_map(&pt, 0, 0, TiB, S2_RAM);
	clear_events(m);
	ret = pt_unmap(&pt, hole, 2 * MiB);
	ok(!ret && m->allocs == 2, "unmap a 2 MiB hole in a 1 GiB block: one new table");
	ok(maps(m, &pt, hole, 0, 0) && maps(m, &pt, hole + MiB, 0, 0) &&
	   maps(m, &pt, hole + 2 * MiB - PAGE, 0, 0), "nothing maps the hole");
	ok(maps(m, &pt, hole - PAGE, leaf(hole - PAGE, S2_RAM, 2), 2) &&
	   maps(m, &pt, hole + 2 * MiB, leaf(hole + 2 * MiB, S2_RAM, 2), 2),
	   "its neighbours: identity 2 MiB blocks, same attributes");
	l2 = phys(m, phys(m, pt.root)[5] & D_OA);
	for (i = 0; i < PT_ENTRIES && all; i++)
		if (l2[i] != (i == 3 ? 0 : (5 * GiB + i * 2 * MiB) | S2_RAM | D_BLOCK))
			all = fail("level-2 entry %u is %#llx", i, l2[i]);
	ok(all, "the split GiB: 511 identity 2 MiB blocks and the hole");
	ok(maps(m, &pt, 4 * GiB, leaf(4 * GiB, S2_RAM, 1), 1) &&
	   maps(m, &pt, 6 * GiB, leaf(6 * GiB, S2_RAM, 1), 1),
	   "the GiBs around stay 1 GiB blocks");

	ret = pt_unmap(&pt, hole2, 64 * KiB);
	ok(!ret && m->allocs == 3, "unmap a 64 KiB hole in a 2 MiB block: one new table");
	l3 = phys(m, l2[5] & D_OA);
	all = true;
	for (i = 0; i < PT_ENTRIES && all; i++)
		if (l3[i] != (i >= 16 && i < 32 ? 0 :
			      (5 * GiB + 10 * MiB + i * PAGE) | S2_RAM | D_PAGE))
			all = fail("level-3 entry %u is %#llx", i, l3[i]);
	ok(all && unmapped_range(m, &pt, hole2, 64 * KiB) &&
	   maps(m, &pt, hole2 - PAGE, leaf(hole2 - PAGE, S2_RAM, 3), 3) &&
	   maps(m, &pt, hole2 + 64 * KiB, leaf(hole2 + 64 * KiB, S2_RAM, 3), 3),
	   "the split 2 MiB: identity 4 KiB pages (type 0b11) around a 16-page hole");

	clear_events(m);
	ret = pt_map(&pt, hole2 + 16 * KiB, hole2 + 16 * KiB, 16 * KiB, S2_RAM_RO);
	ok(!ret && m->allocs == 3 && m->changed == 0,
	   "map 16 KiB read-only in the hole: no table, no change reported");
	ok(maps_range(m, &pt, hole2 + 16 * KiB, 16 * KiB, 0, S2_RAM_RO, 3) &&
	   unmapped_range(m, &pt, hole2, 16 * KiB) &&
	   unmapped_range(m, &pt, hole2 + 32 * KiB, 32 * KiB),
	   "those 4 pages: level 3, S2AP RO and XN; the rest of the hole unmapped");

	/* unusual attributes survive two splits bit for bit */
	clear_events(m);
	ret = pt_map(&pt, 7 * GiB, 7 * GiB, GiB, S2_ODD);
	ok(!ret && m->changed == 1 && maps(m, &pt, 7 * GiB, leaf(7 * GiB, S2_ODD, 1), 1),
	   "remap a GiB as device, RO, XN, software bits: one block, replaced once");
	ret = pt_unmap(&pt, 7 * GiB + 4 * MiB, PAGE);
	l2 = phys(m, phys(m, pt.root)[7] & D_OA);
	l3 = phys(m, l2[2] & D_OA);
	all = !ret && (l2[2] & D_TYPE) == D_TABLE;
	for (i = 0; i < PT_ENTRIES && all; i++) {
		if (i != 2 && l2[i] != ((7 * GiB + i * 2 * MiB) | S2_ODD | D_BLOCK))
			all = fail("level-2 entry %u is %#llx", i, l2[i]);
		else if (l3[i] != (i ? (7 * GiB + 4 * MiB + i * PAGE) | S2_ODD | D_PAGE : 0))
			all = fail("level-3 entry %u is %#llx", i, l3[i]);
	}
	ok(all, "splitting it to 2 MiB and 4 KiB keeps every attribute bit");
	ok(tables_ok(m, &pt), "tables well formed");
	mem_free(m);
}

static unsigned int frees;

static void fake_free(void *arg, u64 pa, unsigned int pages)
{
	(void)arg;
	(void)pa;
	frees += pages;
}

/* a range given away and given back page by page folds back into its blocks */
static void test_merge(void)
{
	u64 page = 5 * GiB + 10 * MiB + 7 * PAGE;
	struct pt pt;
	struct mem *m = new_tables(&pt, 40, true);
	int ret;

	m->ops.free = fake_free;
	pt_map(&pt, 0, 0, TiB, S2_RAM);
	ret = pt_unmap(&pt, page, PAGE);
	ok(!ret && m->allocs == 3 && maps(m, &pt, page, 0, 0),
	   "merge: a page out of a 1 GiB block: two tables (2 MiB, 4 KiB)");
	frees = 0;
	clear_events(m);
	ret = pt_map(&pt, page, page, PAGE, S2_RAM_RO);
	ok(!ret && !frees && maps(m, &pt, page, leaf(page, S2_RAM_RO, 3), 3),
	   "merge: back with other attributes: no merge, the tables stay");
	ret = pt_map(&pt, page, page, PAGE, S2_RAM);
	ok(!ret && frees == 2 && maps(m, &pt, page, leaf(5 * GiB, S2_RAM, 1), 1),
	   "merge: back as it was: both tables freed, one 1 GiB block again");
	ok(m->changed >= 2 && !bbm_violations, "merge: each fold is a break-before-make, reported");
	ret = pt_unmap(&pt, 5 * GiB, 2 * MiB) ?: pt_map(&pt, 5 * GiB, 9 * GiB, 2 * MiB, S2_RAM);
	ok(!ret && maps(m, &pt, 5 * GiB, leaf(9 * GiB, S2_RAM, 2), 2) &&
	   maps(m, &pt, 5 * GiB + 2 * MiB, leaf(5 * GiB + 2 * MiB, S2_RAM, 2), 2),
	   "merge: blocks whose output addresses are not in a row stay blocks of a table");
	ok(tables_ok(m, &pt), "merge: tables well formed");
	mem_free(m);
}

/* bad arguments: -EINVAL and not a bit changed */
static void test_invalid(void)
{
	static const struct {
		const char *what;
		bool map;
		u64 ia, pa, size, attr;
	} c[] = {
		{ "map: ia not 4 KiB aligned", true, GiB + 0x800, GiB, PAGE, S2_RAM },
		{ "map: size not 4 KiB aligned", true, GiB, GiB, PAGE + 1, S2_RAM },
		{ "map: pa not 4 KiB aligned", true, GiB, GiB + 0x10, PAGE, S2_RAM },
		{ "map: zero size", true, GiB, GiB, 0, S2_RAM },
		{ "map: ia at the end of the 40 bits", true, TiB, TiB, PAGE, S2_RAM },
		{ "map: a range across the end of the 40 bits", true, TiB - PAGE, 0, 2 * PAGE,
		  S2_RAM },
		{ "map: ia far beyond", true, 1ULL << 63, 0, PAGE, S2_RAM },
		{ "map: a range wrapping around 2^64", true, ~0xfffULL, 0, 2 * PAGE, S2_RAM },
		{ "map: a range ending at 2^64", true, ~0xfffULL, 0, PAGE, S2_RAM },
		{ "map: attr with address bit 12", true, GiB, GiB, PAGE, S2_RAM | 1ULL << 12 },
		{ "map: attr with address bit 47", true, GiB, GiB, PAGE, S2_RAM | 1ULL << 47 },
		{ "map: attr with the type bits", true, GiB, GiB, PAGE, S2_RAM | D_TYPE },
		{ "map: attr with the valid bit", true, GiB, GiB, PAGE, S2_RAM | D_VALID },
		{ "map: pa beyond the 48-bit output address", true, GiB, 1ULL << 48, PAGE, S2_RAM },
		{ "map: pa range across 2^48", true, GiB, (1ULL << 48) - PAGE, 2 * PAGE, S2_RAM },
		{ "map: pa range wrapping around 2^64", true, GiB, ~0xfffULL, 2 * PAGE, S2_RAM },
		{ "unmap: ia not 4 KiB aligned", false, GiB + 0x10, 0, PAGE, 0 },
		{ "unmap: size not 4 KiB aligned", false, GiB, 0, 0x1800, 0 },
		{ "unmap: zero size", false, GiB, 0, 0, 0 },
		{ "unmap: a range across the end of the 40 bits", false, TiB - GiB, 0, 2 * GiB, 0 },
		{ "unmap: a range wrapping around 2^64", false, ~0xfffULL, 0, 2 * PAGE, 0 },
	};
	struct pt pt;
	struct mem *m = new_tables(&pt, 40, true);
	unsigned int i;

	pt_map(&pt, 0, 0, 4 * GiB, S2_RAM);
	pt_map(&pt, 5 * GiB + PAGE, 5 * GiB + PAGE, PAGE, S2_RAM);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		u64 sum = checksum(m);
		int ret;

		clear_events(m);
		ret = c[i].map ? pt_map(&pt, c[i].ia, c[i].pa, c[i].size, c[i].attr) :
				     pt_unmap(&pt, c[i].ia, c[i].size);

		if (ret != -EINVAL)
			fail("returned %d", ret);
		else if (checksum(m) != sum || m->nev)
			fail("the tables changed");
		ok(ret == -EINVAL && checksum(m) == sum && !m->nev, "%s: -EINVAL, tables unchanged",
		   c[i].what);
	}
	mem_free(m);
}

/* allocation failures: -ENOMEM, and tables that still make sense */
/*
 * hyp/scrub.c's windows at the top of EL2's 48-bit space: made once by a
 * map and an unmap (the hypervisor's EL2 tables have no free(), so the
 * tables stay), after which a panic maps a 2 MiB block in one and pages
 * of a block in the other without a single allocation.
 */
static void test_scrub_windows(void)
{
	const u64 blk = (1ULL << 48) - 2 * MiB, pgs = blk - 2 * MiB;
	const u64 ram = 0x80000000ULL;
	unsigned int allocs;
	struct pt pt;
	struct mem *m = new_tables(&pt, 48, false);
	int ret;

	ret = pt_map(&pt, 0x40000000ULL, 0x40000000ULL, 4 * MiB, S1_DATA) ?:
	      pt_map(&pt, blk, 0, 2 * MiB, S1_DEVICE) ?: pt_unmap(&pt, blk, 2 * MiB) ?:
	      pt_map(&pt, pgs, 0, PAGE, S1_DEVICE) ?: pt_unmap(&pt, pgs, PAGE);
	ok(!ret && unmapped_range(m, &pt, pgs, 4 * MiB) &&
	   maps(m, &pt, 0x40000000ULL, leaf(0x40000000ULL, S1_DATA, 2), 2) && tables_ok(m, &pt),
	   "scrub windows: made by a map and an unmap, nothing left mapped there");
	allocs = m->allocs;
	m->budget = 0;
	clear_events(m);
	ret = pt_map(&pt, blk, ram, 2 * MiB, S1_DATA);
	ok(!ret && maps(m, &pt, blk, leaf(ram, S1_DATA, 2), 2) &&
	   maps(m, &pt, blk + 2 * MiB - PAGE, leaf(ram, S1_DATA, 2), 2) && !m->changed,
	   "a 2 MiB block of a cell's memory maps in the block window with no allocation");
	ret = pt_unmap(&pt, blk, 2 * MiB);
	ok(!ret && unmapped_range(m, &pt, blk, 2 * MiB) && m->changed == 1 && !bbm_violations,
	   "and unmaps, its TLB entry invalidated once, after the entry is cleared");
	ret = pt_map(&pt, pgs + 12 * KiB, ram + 2 * MiB + 12 * KiB, 20 * KiB, S1_DATA);
	ok(!ret && maps_range(m, &pt, pgs + 12 * KiB, 20 * KiB, ram + 2 * MiB - pgs, S1_DATA, 3) &&
	   maps(m, &pt, pgs + 8 * KiB, 0, 0) && maps(m, &pt, pgs + 32 * KiB, 0, 0),
	   "a piece of a block maps in pages in the page window, its neighbours not");
	ret = pt_unmap(&pt, pgs + 12 * KiB, 20 * KiB);
	ok(!ret && unmapped_range(m, &pt, pgs, 2 * MiB) && m->allocs == allocs &&
	   tables_ok(m, &pt), "and unmaps; no table allocated by either window's use");
	mem_free(m);
}

static void test_enomem(void)
{
	/* pa 4 KiB off ia: 1 level-2 table, then a level-3 table per 2 MiB */
	const u64 ia = GiB, pa = GiB + PAGE, size = 8 * MiB;
	unsigned int need, k;
	struct pt pt;
	struct mem *m = new_tables(&pt, 40, true);
	int ret;

	ret = pt_map(&pt, ia, pa, size, S2_RAM);
	need = m->allocs - 1;
	ok(!ret && need == 5 && maps_range(m, &pt, ia, size, PAGE, S2_RAM, 3),
	   "8 MiB with pa 4 KiB off ia: 4 KiB pages in 5 new tables");
	mem_free(m);

	for (k = 0; k < need; k++) {
		bool sane = true;
		u64 a;

		m = new_tables(&pt, 40, true);
		m->budget = k;
		ret = pt_map(&pt, ia, pa, size, S2_RAM);
		for (a = ia; a < ia + size && sane; a += PAGE)
			sane = maps(m, &pt, a, 0, 0) ||
			       maps(m, &pt, a, leaf(a + PAGE, S2_RAM, 3), 3);
		ok(ret == -ENOMEM && sane && tables_ok(m, &pt),
		   "alloc fails after %u of %u tables: -ENOMEM, each page right or unmapped",
		   k, need);
		mem_free(m);
	}

	m = new_tables(&pt, 40, true);
	pt_map(&pt, 2 * GiB, 2 * GiB, GiB, S2_RAM);
	m->budget = 0;
	clear_events(m);
	ret = pt_unmap(&pt, 2 * GiB + 2 * MiB, 2 * MiB);
	ok(ret == -ENOMEM && !m->nev &&
	   maps(m, &pt, 2 * GiB + 2 * MiB, leaf(2 * GiB, S2_RAM, 1), 1),
	   "unmap that cannot split a block: -ENOMEM, the block left as it was");
	mem_free(m);
}

/* break-before-make, in the order of events */
static void test_bbm(void)
{
	struct pt pt;
	struct mem *m = new_tables(&pt, 40, true);
	const struct event *e = m->ev;
	int ret;

	pt_map(&pt, 3 * GiB, 3 * GiB, GiB, S2_RAM);
	clear_events(m);
	ret = pt_unmap(&pt, 3 * GiB + 8 * KiB, PAGE);
	ok(!ret && m->nev == 5 &&
	   e[0].type == EV_ALLOC &&
	   e[1].type == EV_CHANGED && e[1].ia == 3 * GiB && e[1].level == 1 &&
	   e[2].type == EV_ALLOC &&
	   e[3].type == EV_CHANGED && e[3].ia == 3 * GiB && e[3].level == 2 &&
	   e[4].type == EV_CHANGED && e[4].ia == 3 * GiB + 8 * KiB && e[4].level == 3,
	   "split 1 GiB, 2 MiB, unmap 4 KiB: alloc, changed L1, alloc, changed L2, changed L3");
	ok(m->nev == 5 && !e[1].entry && !e[3].entry && !e[4].entry && !m->bad_changed,
	   "each entry is invalid when changed() is called (break before make)");
	ok(m->nev == 5 && e[1].new_valid == PT_ENTRIES && e[3].new_valid == PT_ENTRIES,
	   "the replacement table is complete before it is published");
	ok(maps(m, &pt, 3 * GiB, leaf(3 * GiB, S2_RAM, 3), 3) &&
	   maps(m, &pt, 3 * GiB + 8 * KiB, 0, 0) &&
	   maps(m, &pt, 3 * GiB + 2 * MiB, leaf(3 * GiB + 2 * MiB, S2_RAM, 2), 2),
	   "and then the new entries are in place");

	clear_events(m);
	ret = pt_map(&pt, 3 * GiB + 2 * MiB, 3 * GiB + 2 * MiB, 2 * MiB, S2_RAM_RO);
	ok(!ret && m->nev == 1 && e[0].type == EV_CHANGED && e[0].level == 2 && !e[0].entry &&
	   maps(m, &pt, 3 * GiB + 2 * MiB, leaf(3 * GiB + 2 * MiB, S2_RAM_RO, 2), 2),
	   "replacing a valid block by another: cleared and reported first");

	clear_events(m);
	ret = pt_map(&pt, 10 * GiB, 10 * GiB + 2 * MiB, 4 * MiB, S2_RAM);
	ok(!ret && m->changed == 0, "mapping into empty entries reports no change");
	clear_events(m);
	ret = pt_unmap(&pt, 3 * GiB + 8 * KiB, PAGE);
	ok(!ret && !m->nev, "unmapping what is not mapped: no change, no allocation");
	ret = pt_unmap(&pt, 20 * GiB, 3 * GiB);
	ok(!ret && !m->nev, "unmapping across empty GiBs: no change, no allocation");
	ret = pt_unmap(&pt, 30 * GiB + PAGE, PAGE);
	ok(!ret && !m->nev, "unmapping 4 KiB of an empty GiB: no table made for it");
	mem_free(m);
}

/* a block only where ia, pa and size all allow it */
static void test_alignment(void)
{
	struct pt pt;
	struct mem *m = new_tables(&pt, 40, true);

	ok(!pt_map(&pt, 2 * GiB, 2 * GiB + PAGE, 4 * MiB, S2_RAM) &&
	   maps_range(m, &pt, 2 * GiB, 4 * MiB, PAGE, S2_RAM, 3),
	   "pa 4 KiB off a 2 MiB-aligned ia: 4 KiB pages only");
	ok(!pt_map(&pt, GiB, 3 * GiB, GiB, S2_RAM) &&
	   maps_range(m, &pt, GiB, GiB, 2 * GiB, S2_RAM, 1),
	   "ia 1 GiB, pa 3 GiB, 1 GiB: one 1 GiB block");
	ok(!pt_map(&pt, 4 * GiB, 6 * GiB + 2 * MiB, GiB, S2_RAM) &&
	   maps_range(m, &pt, 4 * GiB, GiB, 2 * GiB + 2 * MiB, S2_RAM, 2),
	   "pa only 2 MiB aligned: 2 MiB blocks");
	ok(!pt_map(&pt, 8 * GiB + 2 * MiB, 8 * GiB + 2 * MiB, GiB, S2_RAM) &&
	   maps_range(m, &pt, 8 * GiB + 2 * MiB, GiB, 0, S2_RAM, 2),
	   "ia and pa 2 MiB aligned, a GiB across two GiBs: 2 MiB blocks");
	ok(!pt_map(&pt, 16 * GiB, 16 * GiB, GiB + 2 * MiB + PAGE, S2_RAM) &&
	   maps_range(m, &pt, 16 * GiB, GiB, 0, S2_RAM, 1) &&
	   maps_range(m, &pt, 17 * GiB, 2 * MiB, 0, S2_RAM, 2) &&
	   maps_range(m, &pt, 17 * GiB + 2 * MiB, PAGE, 0, S2_RAM, 3) &&
	   maps(m, &pt, 17 * GiB + 2 * MiB + PAGE, 0, 0),
	   "1 GiB + 2 MiB + 4 KiB: a block of each size");
	ok(!pt_map(&pt, 20 * GiB, 20 * GiB, 2 * MiB - PAGE, S2_RAM) &&
	   maps_range(m, &pt, 20 * GiB, 2 * MiB - PAGE, 0, S2_RAM, 3) &&
	   maps(m, &pt, 20 * GiB + 2 * MiB - PAGE, 0, 0),
	   "aligned but 4 KiB short of 2 MiB: 4 KiB pages");
	ok(tables_ok(m, &pt), "tables well formed");
	mem_free(m);
}

/* VTCR_EL2 and TCR_EL2 (E2H = 0), field by field */
#define T0SZ(v)		((v) & 0x3f)
#define SL0(v)		((v) >> 6 & 3)
#define IRGN0(v)	((v) >> 8 & 3)
#define ORGN0(v)	((v) >> 10 & 3)
#define SH0(v)		((v) >> 12 & 3)
#define TG0(v)		((v) >> 14 & 3)
#define PS(v)		((v) >> 16 & 7)

static void test_tcr(void)
{
	static const unsigned int pa_bits[] = { 32, 36, 40, 42, 44, 48 };
	struct pt pt;
	struct mem *m = new_tables(&pt, 40, true);
	u64 v = pt_vtcr(&pt, 44);
	unsigned int i;
	bool all = true;

	ok(T0SZ(v) == 24 && SL0(v) == 1 && TG0(v) == 0 && SH0(v) == 3 && IRGN0(v) == 1 &&
	   ORGN0(v) == 1 && PS(v) == 4 && v >> 31 & 1,
	   "VTCR_EL2, 40 bits at level 1, 44-bit PA: T0SZ 24, SL0 1, 4 KiB, IS, WBWA, PS 4, RES1");
	ok(v == (24 | 1 << 6 | 1 << 8 | 1 << 10 | 3 << 12 | 4 << 16 | 1ULL << 31),
	   "... and no other bit (VS 0: 8-bit VMIDs; HA/HD off): %#llx", v);
	mem_free(m);

	m = new_tables(&pt, 44, true);
	v = pt_vtcr(&pt, 44);
	ok(T0SZ(v) == 20 && SL0(v) == 2 && PS(v) == 4,
	   "VTCR_EL2 for 44 bits: T0SZ 20, SL0 2 (level 0)");
	mem_free(m);
	m = new_tables(&pt, 36, true);
	v = pt_vtcr(&pt, 40);
	ok(T0SZ(v) == 28 && SL0(v) == 1 && PS(v) == 2,
	   "VTCR_EL2 for 36 bits: T0SZ 28, SL0 1 (level 1)");

	v = pt_tcr_el2(40);
	ok(T0SZ(v) == 16 && PS(v) == 2 && TG0(v) == 0 && SH0(v) == 3 && IRGN0(v) == 1 &&
	   ORGN0(v) == 1 && v >> 23 & 1 && v >> 31 & 1,
	   "TCR_EL2 for a 40-bit PA: T0SZ 16, PS 2, 4 KiB, IS, WBWA, RES1 bits 23 and 31");
	ok(v == (16 | 1 << 8 | 1 << 10 | 3 << 12 | 2 << 16 | 1 << 23 | 1ULL << 31),
	   "... and no other bit (TBI, HA, HD off): %#llx", v);

	for (i = 0; i < sizeof(pa_bits) / sizeof(pa_bits[0]); i++)
		if (PS(pt_vtcr(&pt, pa_bits[i])) != i || PS(pt_tcr_el2(pa_bits[i])) != i)
			all = fail("PS for %u bits", pa_bits[i]);
	ok(all, "PS: 32, 36, 40, 42, 44, 48 bits are 0 to 5");
	ok(PS(pt_vtcr(&pt, 52)) == 5 && PS(pt_tcr_el2(52)) == 5,
	   "PS for a 52-bit PA: 48 bits (the most a 4 KiB granule reaches without LPA2)");
	mem_free(m);
}

/* EL2 stage 1 of the hypervisor's image: W^X at 4 KiB granularity */
static void test_stage1(void)
{
	const u64 base = 0x48000000, text = 0x5000, rodata = 0x8000, uart = 0x09000000;
	struct pt pt;
	struct mem *m = new_tables(&pt, 48, false);
	bool all = true, wx = true;
	u64 a;

	ok(!pt_map(&pt, base, base, text, S1_TEXT) &&
	   !pt_map(&pt, base + text, base + text, rodata - text, S1_RODATA) &&
	   !pt_map(&pt, base + rodata, base + rodata, 2 * MiB - rodata, S1_DATA) &&
	   !pt_map(&pt, uart, uart, PAGE, S1_DEVICE),
	   "stage 1, 48 bits: text, rodata, data and a UART mapped");
	ok(m->allocs == 6, "6 tables: the root, one level-1 table, two each of levels 2 and 3");
	for (a = base; a < base + 2 * MiB && all; a += PAGE)
		all = maps(m, &pt, a, a | (a < base + text ? S1_TEXT : a < base + rodata ?
					   S1_RODATA : S1_DATA) | D_PAGE, 3);
	ok(all, "each 4 KiB page of the 2 MiB: identity, level 3, the attributes asked for");
	for (a = base; a < base + 2 * MiB; a += PAGE) {
		unsigned int l;
		u64 d = pt_lookup(&pt, a, &l);

		if ((d & S1_AP_RO) == S1_AP_RW && !(d & S1_XN))
			wx = fail("%#llx is writable and executable", a);
	}
	ok(wx, "no page both writable and executable");
	ok(maps(m, &pt, uart, uart | S1_DEVICE | D_PAGE, 3) && maps(m, &pt, uart + PAGE, 0, 0) &&
	   maps(m, &pt, base - PAGE, 0, 0) && maps(m, &pt, base + 2 * MiB, 0, 0),
	   "the UART page is Device, XN; nothing else is mapped");
	ok(tables_ok(m, &pt), "tables well formed, table descriptors without attributes");
	mem_free(m);
}

int main(void)
{
	test_encodings();
	test_init();
	test_map_all();
	test_split();
	test_merge();
	test_invalid();
	test_enomem();
	test_scrub_windows();
	test_bbm();
	test_alignment();
	test_tcr();
	test_stage1();
	ok(!bbm_violations, "no change reported for a valid entry, anywhere above");
	return tap_done();
}
