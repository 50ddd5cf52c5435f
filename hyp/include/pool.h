/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VHYP_POOL_H
#define _VHYP_POOL_H

#include <linux/types.h>

void pool_init(void);
u64 pool_alloc(void *arg, unsigned int pages);
void pool_free(void *arg, u64 pa, unsigned int pages);
void *pool_virt(void *arg, u64 pa);
u64 pool_free_bytes(void);
void pool_fail_nth(u32 n);

#endif
