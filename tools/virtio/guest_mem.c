// SPDX-License-Identifier: GPL-2.0
/*
 * The cell's RAM as the backend sees it: each RAM region of its config
 * mapped from the vhyp file at VHYP_VIRTIO_MMAP_RAM + ipa.  gm_ptr()
 * (vio.h, inline because every descriptor goes through it) is the one
 * place that turns a guest address into a pointer, and it refuses any
 * range not wholly inside one region, with arithmetic that cannot wrap.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "vio.h"

int gm_add(struct guest_mem *gm, uint64_t ipa, uint64_t size, void *host)
{
	if (gm->n == VHYP_CELL_MAX_MEM)
		return vio_fail("more than %u RAM regions", VHYP_CELL_MAX_MEM);
	if (!size || ipa + size < ipa)
		return vio_fail("RAM region at 0x%llx of 0x%llx bytes is empty or wraps",
				(unsigned long long)ipa, (unsigned long long)size);
	gm->r[gm->n].ipa = ipa;
	gm->r[gm->n].size = size;
	gm->r[gm->n].host = host;
	gm->n++;
	return 0;
}

int gm_map(struct guest_mem *gm, int fd, const struct vhyp_cell_config *cfg)
{
	const struct vhyp_cell_mem *m;
	unsigned int i;
	void *p;

	memset(gm, 0, sizeof(*gm));
	for (i = 0; i < cfg->num_mem && i < VHYP_CELL_MAX_MEM; i++) {
		m = &cfg->mem[i];
		p = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 VHYP_VIRTIO_MMAP_RAM + m->ipa);
		if (p == MAP_FAILED) {
			vio_fail("cannot map RAM region %.*s (0x%llx, 0x%llx bytes) of the cell: %s",
				 VHYP_REGION_NAME_LEN, m->name, (unsigned long long)m->ipa,
				 (unsigned long long)m->size, strerror(errno));
			gm_unmap(gm);
			return -1;
		}
		if (gm_add(gm, m->ipa, m->size, p)) {
			munmap(p, m->size);
			gm_unmap(gm);
			return -1;
		}
	}
	return 0;
}

void gm_unmap(struct guest_mem *gm)
{
	unsigned int i;

	for (i = 0; i < gm->n; i++)
		munmap(gm->r[i].host, gm->r[i].size);
	gm->n = 0;
}
