// SPDX-License-Identifier: GPL-2.0
/*
 * A payload's own stage 1, an identity map, so that it can access memory
 * it shares with cacheable ends (a channel's window: the root maps it
 * Normal write-back, Documentation/channels.md) as they do.  With the MMU
 * off every data access is Device memory, which bypasses the caches the
 * other end's writes may sit in.
 *
 * 4 KiB granule, 39-bit VA (T0SZ 25: walks start at level 1), TTBR0 only.
 * At first: GiB 0, where QEMU virt has its devices, as Device-nGnRE in
 * 2 MiB blocks of one L2 table; the GiB of the payload's RAM (inmate.lds)
 * as one Normal write-back block; nothing else.  mmu_map_normal() makes a
 * range Normal: a block it covers only partly becomes a table of the next
 * level (from a static pool) that keeps the rest of the block as it was.
 *
 * Every CPU uses the same tables.  The first mmu_enable() builds them, on
 * the CPU that starts the others, before they can use them;
 * mmu_map_normal() changes them under the other CPUs' feet, break before
 * make, with broadcast TLB maintenance, one caller at a time.
 */
#include "inmate.h"

#define VA_BITS			39
#define PAGE_SIZE		4096UL
#define ENTRIES			512		/* a table's */
#define LEVEL_SHIFT(level)	(VA_BITS - 9 * (level))	/* 1: 30, 2: 21, 3: 12 */

/* Two a window: its first and its last 2 MiB, each shared with something else. */
#define POOL_TABLES		(2 * VHYP_CELL_MAX_CHANNELS)

#define PTE_VALID		(1UL << 0)
#define PTE_NOT_BLOCK		(1UL << 1)	/* a table at levels 1 and 2, a page at 3 */
#define PTE_ATTR(idx)		((uint64_t)(idx) << 2)	/* MAIR_EL1 attribute index */
#define PTE_ATTR_MASK		PTE_ATTR(7)
#define PTE_SH_INNER		(3UL << 8)
#define PTE_AF			(1UL << 10)
#define PTE_PXN			(1UL << 53)
#define PTE_UXN			(1UL << 54)
#define PTE_ADDR		0x0000fffffffff000UL
#define PTE_TYPE		(PTE_VALID | PTE_NOT_BLOCK)

#define ATTR_DEVICE		0
#define ATTR_NORMAL		1
#define MAIR_DEVICE_nGnRE	0x04UL
#define MAIR_NORMAL_WB		0xffUL	/* inner and outer write-back, read- and write-allocate */

/* Leaf attributes: no one executes a device or a window, AP 0: EL1 read/write */
#define DEVICE			(PTE_ATTR(ATTR_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define NORMAL			(PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF)
#define NORMAL_XN		(NORMAL | PTE_PXN | PTE_UXN)

#define TCR_T0SZ		(64UL - VA_BITS)
#define TCR_IRGN0_WBWA		(1UL << 8)	/* table walks through the caches */
#define TCR_ORGN0_WBWA		(1UL << 10)
#define TCR_SH0_INNER		(3UL << 12)
#define TCR_TG0_4K		(0UL << 14)
#define TCR_EPD1		(1UL << 23)	/* no TTBR1 walks */
#define TCR_IPS_40		(2UL << 32)	/* QEMU virt's map is below 1 TiB */

#define SCTLR_M			(1UL << 0)
#define SCTLR_A			(1UL << 1)
#define SCTLR_C			(1UL << 2)
#define SCTLR_I			(1UL << 12)
#define SCTLR_WXN		(1UL << 19)

#define GIB			(1UL << 30)
#define BLOCK_2M		(1UL << 21)

extern char _start[], __stack_top[];

static uint64_t l1[ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t l2_devices[ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t pool[POOL_TABLES][ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static unsigned int pool_used;
static int built;

static void tables_build(void)
{
	unsigned int i;

	if (built)
		return;
	for (i = 0; i < ENTRIES; i++)
		l2_devices[i] = i * BLOCK_2M | DEVICE | PTE_VALID;
	l1[0] = (uint64_t)l2_devices | PTE_TYPE;
	l1[RAM_BASE / GIB] = (RAM_BASE & ~(GIB - 1)) | NORMAL | PTE_VALID;
	built = 1;
}

/*
 * The caches may hold lines of the payload's RAM from before its start
 * (its loader's, clean) or from another CPU's speculation, while this CPU
 * wrote that RAM with the MMU off (its bss, these tables, its stack),
 * past them: they go, cleaned and invalidated to the point of coherency
 * (DC CIVAC, not DC IVAC: a line another CPU dirtied stays).  In one asm
 * statement with the rest, so that this CPU writes nothing (a spill to
 * its stack) between them and the caches' coming on.
 */
void mmu_enable(void)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);	/* DminLine */
	uint64_t p = (uint64_t)_start & ~(line - 1);

	tables_build();
	if (sctlr & SCTLR_M)		/* ours already, or a payload's own (chaos) */
		return;
	write_sysreg(MAIR_DEVICE_nGnRE << (8 * ATTR_DEVICE) | MAIR_NORMAL_WB << (8 * ATTR_NORMAL),
		     mair_el1);
	write_sysreg(TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K |
		     TCR_EPD1 | TCR_IPS_40, tcr_el1);
	write_sysreg((uint64_t)l1, ttbr0_el1);
	isb();
	/* alignment checks off: Normal memory takes unaligned accesses */
	sctlr = (sctlr | SCTLR_M | SCTLR_C | SCTLR_I) & ~(SCTLR_A | SCTLR_WXN);
	asm volatile("	dsb	sy\n"
		     "1:	dc	civac, %[p]\n"
		     "	add	%[p], %[p], %[line]\n"
		     "	cmp	%[p], %[end]\n"
		     "	b.lo	1b\n"
		     "	dsb	sy\n"
		     "	tlbi	vmalle1\n"
		     "	dsb	nsh\n"
		     "	ic	iallu\n"
		     "	dsb	nsh\n"
		     "	isb\n"
		     "	msr	sctlr_el1, %[sctlr]\n"
		     "	isb"
		     : [p] "+r" (p)
		     : [line] "r" (line), [end] "r" ((uint64_t)__stack_top), [sctlr] "r" (sctlr)
		     : "memory", "cc");
}

static void entry_write(uint64_t *e, uint64_t v)
{
	*(volatile uint64_t *)e = v;
}

/*
 * *E, for the VA BASE, becomes V.  If walkers may be reading it (LIVE)
 * and it maps something, break before make: no CPU may hold the old and
 * the new translation at once (an invalid entry is never in a TLB).
 */
static void entry_set(uint64_t *e, uint64_t v, uint64_t base, int live)
{
	if (live && (*e & PTE_VALID)) {
		entry_write(e, 0);
		asm volatile("dsb ishst; tlbi vae1is, %0; dsb ish; isb"
			     : : "r" (base >> 12) : "memory");
	}
	entry_write(e, v);
}

static int is_leaf(uint64_t e, unsigned int level)
{
	return (e & PTE_TYPE) == (level == 3 ? PTE_TYPE : PTE_VALID);
}

/* A table of the next level that maps what the block entry E of LEVEL did, or NULL. */
static uint64_t *table_split(uint64_t e, unsigned int level)
{
	uint64_t step = 1UL << LEVEL_SHIFT(level + 1);
	uint64_t leaf = level + 1 == 3 ? PTE_TYPE : PTE_VALID;
	uint64_t *t;
	unsigned int i;

	if (pool_used == POOL_TABLES)
		return NULL;
	t = pool[pool_used++];
	for (i = 0; i < ENTRIES; i++)
		t[i] = e & PTE_VALID ? ((e & PTE_ADDR) + i * step) | (e & ~(PTE_ADDR | PTE_TYPE)) | leaf
				     : 0;
	return t;
}

/* [ADDR, END), pages, in TABLE of LEVEL: Normal write-back.  0, or -1: out of tables. */
static int map_range(uint64_t *table, unsigned int level, uint64_t addr, uint64_t end, int live)
{
	uint64_t span = 1UL << LEVEL_SHIFT(level), base, next, stop;
	uint64_t *e, *sub;

	for (; addr < end; addr = next) {
		base = addr & ~(span - 1);
		next = base + span;
		stop = end < next ? end : next;
		e = &table[(addr >> LEVEL_SHIFT(level)) % ENTRIES];
		if (level < 3 && (*e & PTE_TYPE) == PTE_TYPE) {
			if (map_range((uint64_t *)(*e & PTE_ADDR), level + 1, addr, stop, live))
				return -1;
		} else if (is_leaf(*e, level) && (*e & PTE_ATTR_MASK) == PTE_ATTR(ATTR_NORMAL)) {
			continue;		/* Normal already: the RAM's GiB */
		} else if (addr == base && stop == next) {
			entry_set(e, base | NORMAL_XN | (level == 3 ? PTE_TYPE : PTE_VALID), base,
				  live);
		} else {
			/* built aside, then in at once: the rest of the block is unchanged */
			sub = table_split(*e, level);
			if (!sub || map_range(sub, level + 1, addr, stop, 0))
				return -1;
			asm volatile("dsb ishst" : : : "memory");
			entry_set(e, (uint64_t)sub | PTE_TYPE, base, live);
		}
	}
	return 0;
}

int mmu_map_normal(uint64_t ipa, uint64_t size)
{
	uint64_t start = ipa & ~(PAGE_SIZE - 1), end = ipa + size;
	int ret;

	if (end < ipa || end > 1UL << VA_BITS)
		return -1;
	end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	mmu_enable();			/* the tables through the caches the walkers read */
	ret = map_range(l1, 1, start, end, 1);
	asm volatile("dsb ishst; tlbi vmalle1is; dsb ish; isb" : : : "memory");
	return ret;
}
