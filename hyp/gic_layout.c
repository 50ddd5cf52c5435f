// SPDX-License-Identifier: GPL-2.0
/* placeholder: replaced by the tested version */
#include "include/gic_layout.h"

u32 gicr_affinity(u64 mpidr)
{
	return (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
}

u64 gicr_frame_size(const struct gicr_layout *l, u64 typer)
{
	if (l->stride)
		return l->stride;
	return (typer & GICR_TYPER_VLPIS ? 4 : 2) * GICR_RD_SIZE;
}

u64 gicr_find(const struct gicr_layout *l, u64 mpidr, gicr_read_typer_t read_typer,
	      void *arg, u64 *frame_size)
{
	u32 aff = gicr_affinity(mpidr);
	unsigned int r;

	for (r = 0; r < l->nr; r++) {
		u64 f = l->regions[r].base, end = f + l->regions[r].size;

		while (f + 2 * GICR_RD_SIZE <= end) {
			u64 typer = read_typer(arg, f), size = gicr_frame_size(l, typer);

			if (f + size > end)
				break;
			if ((typer >> 32) == aff) {
				*frame_size = size;
				return f;
			}
			if (typer & GICR_TYPER_LAST)
				break;
			f += size;
		}
	}
	return 0;
}

u64 gic_sgir(u64 mpidr, u32 intid)
{
	u64 aff0 = mpidr & 0xff;

	return (1ULL << (aff0 & 0xf)) | ((mpidr >> 8) & 0xff) << 16 |
	       (u64)(intid & 0xf) << 24 | ((mpidr >> 16) & 0xff) << 32 |
	       (aff0 >> 4) << 44 | ((mpidr >> 32) & 0xff) << 48;
}

unsigned int gic_sgir_targets(u64 sgir, u64 mpidrs[16])
{
	u64 base = ((sgir >> 16) & 0xff) << 8 | ((sgir >> 32) & 0xff) << 16 |
		   ((sgir >> 48) & 0xff) << 32 | ((sgir >> 44) & 0xf) << 4;
	unsigned int b, n = 0;

	for (b = 0; b < 16; b++)
		if (sgir & (1ULL << b))
			mpidrs[n++] = base | b;
	return n;
}
