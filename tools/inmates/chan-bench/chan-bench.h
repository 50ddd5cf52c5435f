/* SPDX-License-Identifier: GPL-2.0 */
/* chan-bench's parts (chan-bench.c says what it measures). */
#ifndef _CHAN_BENCH_H
#define _CHAN_BENCH_H

#include <stdint.h>

/* clock.c: virtual ns, the same clock on every CPU of every cell */
void vns_init(void);
uint64_t vns_now(void);

/* chan-bench.c */
/* "chan-bench: bench NAME_{min,median,max}_ns V" of the N values in V, sorted */
void put_figures(const char *name, uint64_t *v, unsigned int n);

/* bell.c: the cell <-> cell role; root.c: the role of a cell whose peer is the root */
void bell_main(void);
void root_main(void);

#endif
