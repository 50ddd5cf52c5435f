// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's page allocator, for translation tables: the part of the
 * table pool the driver's first tables left free, handed out a page at a
 * time (or a naturally aligned run, from the untouched end) and taken back
 * onto a free list.  Pages are zeroed when handed out.
 */
#include "hyp.h"
#include "paging.h"
#include "pool.h"

#define PAGE_SIZE	4096ULL

static spinlock_t pool_lock;
static u64 next, end;		/* untouched part */
static u64 free_list;		/* pages given back, linked through their first word */
static u64 free_pages;
static u32 fail_in;		/* test_faults: the allocation this many from now fails */

/* What the root sees of the pool (vhypctl info); under pool_lock. */
static void publish(void)
{
	hyp_status()->pool_free_pages = ((end - next) / PAGE_SIZE) + free_pages;
}

static void zero_page(u64 pa, unsigned int pages)
{
	u64 *p = (u64 *)pa;
	u64 i;

	for (i = 0; i < pages * PAGE_SIZE / 8; i++)
		p[i] = 0;
}

void pool_init(void)
{
	next = hyp_header.phys_base + hyp_header.pool_offset + hyp_header.pool_used;
	end = hyp_header.phys_base + hyp_header.pool_offset + hyp_header.pool_size;
	publish();
}

u64 pool_alloc(void *arg, unsigned int pages)
{
	u64 pa = 0, size = pages * PAGE_SIZE, at;

	(void)arg;
	spin_lock(&pool_lock);
	if (fail_in && !--fail_in) {
		spin_unlock(&pool_lock);
		return 0;
	}
	if (pages == 1 && free_list) {
		pa = free_list;
		free_list = *(u64 *)pa;
		free_pages--;
	} else {
		at = (next + size - 1) & ~(size - 1);	/* runs are powers of two */
		if (at + size <= end) {
			pa = at;
			next = at + size;
		}
	}
	publish();
	spin_unlock(&pool_lock);
	if (pa)
		zero_page(pa, pages);
	return pa;
}

void pool_free(void *arg, u64 pa, unsigned int pages)
{
	unsigned int i;

	(void)arg;
	spin_lock(&pool_lock);
	for (i = 0; i < pages; i++) {
		*(u64 *)(pa + i * PAGE_SIZE) = free_list;
		free_list = pa + i * PAGE_SIZE;
		free_pages++;
	}
	publish();
	spin_unlock(&pool_lock);
}

/* test_faults: the n-th allocation from now (1: the next) fails, once; 0: none. */
void pool_fail_nth(u32 n)
{
	spin_lock(&pool_lock);
	fail_in = n;
	spin_unlock(&pool_lock);
}

void *pool_virt(void *arg, u64 pa)
{
	(void)arg;
	return (void *)pa;		/* identity-mapped */
}

u64 pool_free_bytes(void)
{
	return (end - next) + free_pages * PAGE_SIZE;
}
