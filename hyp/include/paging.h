/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translation tables, 4 KiB granule: EL2 stage 1 and stage 2.
 *
 * Shared by the hypervisor, the driver (which builds the first tables
 * before EL2 runs) and the host unit tests, so it depends on nothing but
 * <linux/types.h> and the callbacks in struct pt_ops.
 */
#ifndef _VHYP_PAGING_H
#define _VHYP_PAGING_H

#include <linux/types.h>

#define PT_PAGE_SHIFT		12
#define PT_PAGE_SIZE		(1ULL << PT_PAGE_SHIFT)
#define PT_ENTRIES		512
#define PT_LEVEL_SHIFT(l)	(PT_PAGE_SHIFT + 9 * (3 - (l)))
#define PT_LEVEL_SIZE(l)	(1ULL << PT_LEVEL_SHIFT(l))
#define PT_ADDR_MASK		0x0000fffffffff000ULL

/* descriptor type, bits [1:0] */
#define PT_VALID		0x1ULL
#define PT_TABLE		0x3ULL		/* levels 0-2 */
#define PT_BLOCK		0x1ULL		/* levels 1-2 */
#define PT_PAGE			0x3ULL		/* level 3 */
#define PT_TYPE_MASK		0x3ULL

/* leaf attributes common to both stages */
#define PT_SH_INNER		(3ULL << 8)
#define PT_AF			(1ULL << 10)

/* EL2 stage 1 (one VA range): MAIR index, AP, XN */
#define PT_S1_ATTR(idx)		((u64)(idx) << 2)
#define PT_S1_AP_RW		(1ULL << 6)	/* AP[1] is RES1 at EL2 */
#define PT_S1_AP_RO		(3ULL << 6)
#define PT_S1_XN		(1ULL << 54)
#define MAIR_IDX_NORMAL		0
#define MAIR_IDX_DEVICE		1
#define MAIR_EL2_VALUE		(0xffULL | (0x00ULL << 8))	/* WBWA, nGnRnE */

#define PT_S1_TEXT	(PT_S1_ATTR(MAIR_IDX_NORMAL) | PT_S1_AP_RO | PT_SH_INNER | PT_AF)
#define PT_S1_RODATA	(PT_S1_TEXT | PT_S1_XN)
#define PT_S1_DATA	(PT_S1_ATTR(MAIR_IDX_NORMAL) | PT_S1_AP_RW | PT_SH_INNER | PT_AF | \
			 PT_S1_XN)
#define PT_S1_DEVICE	(PT_S1_ATTR(MAIR_IDX_DEVICE) | PT_S1_AP_RW | PT_AF | PT_S1_XN)

/* stage 2: MemAttr, S2AP, XN */
#define PT_S2_NORMAL		(0xfULL << 2)	/* outer and inner write-back */
#define PT_S2_DEVICE		(0x1ULL << 2)	/* Device-nGnRE */
#define PT_S2_RO		(1ULL << 6)
#define PT_S2_RW		(3ULL << 6)
#define PT_S2_XN		(2ULL << 53)
#define PT_S2_LENT		(1ULL << 55)	/* software: a virtio cell's RAM the root
						 * keeps, not the root's to give */

#define PT_S2_RAM	(PT_S2_NORMAL | PT_S2_RW | PT_SH_INNER | PT_AF)
#define PT_S2_RAM_RO	(PT_S2_NORMAL | PT_S2_RO | PT_SH_INNER | PT_AF | PT_S2_XN)

struct pt_ops {
	/* Zeroed, naturally aligned run of 'pages' pages: physical address, 0 if none. */
	u64 (*alloc)(void *arg, unsigned int pages);
	/* Where the code running now can reach physical address 'pa'. */
	void *(*virt)(void *arg, u64 pa);
	/* Called after a valid entry was changed or removed (TLB maintenance). */
	void (*changed)(void *arg, u64 ia, unsigned int level);
	/* Take back 'pages' pages of tables at 'pa' (optional: none, none freed). */
	void (*free)(void *arg, u64 pa, unsigned int pages);
	void *arg;
};

struct pt {
	u64 root;		/* physical address of the first-level table(s) */
	unsigned int ia_bits;	/* input address size */
	unsigned int start;	/* first lookup level */
	unsigned int concat;	/* concatenated first-level tables (stage 2) */
	bool stage2;
	const struct pt_ops *ops;
};

int pt_init(struct pt *pt, unsigned int ia_bits, bool stage2, const struct pt_ops *ops);
/* The same geometry for tables that exist already at 'root'. */
int pt_attach(struct pt *pt, u64 root, unsigned int ia_bits, bool stage2,
	      const struct pt_ops *ops);
/* Free every table through ops->free, the first level last. */
void pt_free(struct pt *pt);
int pt_map(struct pt *pt, u64 ia, u64 pa, u64 size, u64 attr);
int pt_unmap(struct pt *pt, u64 ia, u64 size);
u64 pt_lookup(const struct pt *pt, u64 ia, unsigned int *level);

/* VTCR_EL2 / TCR_EL2 values for these tables; pa_bits from PARange. */
u64 pt_vtcr(const struct pt *pt, unsigned int pa_bits);
u64 pt_tcr_el2(unsigned int pa_bits);

#endif
