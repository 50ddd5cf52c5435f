// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: the rules of a cell config that concern more than one node:
 * ranges that overlap in the cell's address space, and everything checked
 * against the machine (struct vhyp_system): its CPUs, its RAM, its GIC,
 * the devices and SPIs the root owns.
 *
 * A cell's address space holds its memory regions at their IPAs, its
 * devices at their physical addresses (passed through 1:1), its console's
 * register frame, its channels' windows (header page and data), its
 * virtio devices' register windows (trapped, in no stage 2), and the
 * GIC at the machine's own GIC addresses (the cell's virtual GIC is where
 * the real one is, so that a payload built for the board finds it).  The
 * machine's ITS and SMMU frames are holes in it: nothing of a cell may be
 * there.
 */
#include <stdio.h>
#include <string.h>

#include "config_priv.h"

struct entry {
	int node;
	const char *prop;	/* "ipa", "reg" or "window at ipa" */
	uint64_t base;
	uint64_t size;
};

#define MAX_ENTRIES	(VHYP_CELL_MAX_MEM + VHYP_CELL_MAX_DEV + 1 + VHYP_CELL_MAX_CHANNELS + \
			 VHYP_CELL_MAX_VIRTIO)

/* Everything the cell sees at an address, in the config's order. */
static unsigned int collect(const struct cell_parse *p, struct entry *e)
{
	const struct vhyp_cell_config *cfg = p->cfg;
	unsigned int n = 0;
	uint32_t i;

	for (i = 0; i < cfg->num_mem; i++)
		if (p->mem_resolved[i])
			e[n++] = (struct entry){ p->mem_node[i], "ipa",
						 cfg->mem[i].ipa, cfg->mem[i].size };
	for (i = 0; i < cfg->num_dev; i++)
		e[n++] = (struct entry){ p->dev_node[i], "reg", cfg->dev[i].base,
					 cfg->dev[i].size };
	if (p->console_node >= 0)
		e[n++] = (struct entry){ p->console_node, "ipa", cfg->console.ipa,
					 CONSOLE_SIZE };
	for (i = 0; i < cfg->num_channels; i++)
		e[n++] = (struct entry){ p->chan_node[i], "window at ipa", cfg->channels[i].ipa,
					 chan_window(&cfg->channels[i]) };
	for (i = 0; i < cfg->num_virtio; i++)
		e[n++] = (struct entry){ p->virtio_node[i], "window at ipa", cfg->virtio[i].ipa,
					 VHYP_VIRTIO_WINDOW };
	return n;
}

int cell_check_overlaps(const struct cell_parse *p, struct cfg_err *err)
{
	char a[DT_PATH_LEN], b[DT_PATH_LEN];
	struct entry e[MAX_ENTRIES];
	unsigned int n, i, j;

	n = collect(p, e);
	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++)
			if (ranges_overlap(e[j].base, e[j].size, e[i].base, e[i].size))
				return cfg_fail(err, "%s (%s 0x%llx, size 0x%llx) overlaps %s (%s 0x%llx, size 0x%llx): give each its own range",
						dt_path(p->dt, e[j].node, a), e[j].prop,
						ULL(e[j].base), ULL(e[j].size),
						dt_path(p->dt, e[i].node, b), e[i].prop,
						ULL(e[i].base), ULL(e[i].size));
	return 0;
}

static const char *sys_name(const struct vhyp_system *sys)
{
	return sys->live ? "this machine" : "the system";
}

static int check_cpus(const struct cell_parse *p, struct cfg_err *err)
{
	const struct vhyp_system *sys = p->sys;
	uint64_t cpus = p->cfg->cpus;
	char list[200], online[200];
	unsigned int cpu;

	for (cpu = 0; cpu < VHYP_CELL_MAX_CPUS; cpu++) {
		if (!(cpus & (1ull << cpu)))
			continue;
		if (cpu >= sys->ncpus)
			return cfg_fail(err, "/: cpus names CPU %u, which %s does not have: its CPUs are 0 to %u",
					cpu, sys_name(sys), sys->ncpus - 1);
		if (!(sys->online & (1ull << cpu)))
			return cfg_fail(err, "/: cpus names CPU %u, which is offline: it is not the root's to give (a cell may hold it; 'vhypctl list' shows which). If none does, bring it online with 'echo 1 > /sys/devices/system/cpu/cpu%u/online'",
					cpu, cpu);
	}
	if (!(sys->online & ~cpus))
		return cfg_fail(err, "/: cpus <%s> names every CPU the root has (%s): the root must keep at least one",
				cpu_mask_str(cpus, " ", list, sizeof(list)),
				cpu_mask_str(sys->online, ",", online, sizeof(online)));
	return 0;
}

static int check_ram_total(const struct cell_parse *p, struct cfg_err *err)
{
	const struct vhyp_cell_config *cfg = p->cfg;
	uint64_t want = 0, have = 0;
	char w[32], h[32];
	uint32_t i;

	for (i = 0; i < p->sys->nram; i++)
		have += p->sys->ram[i].size;
	for (i = 0; i < cfg->num_mem; i++)
		if (!(cfg->mem[i].flags & VHYP_MEM_IDENTITY))
			want += cfg->mem[i].size;	/* each < 2^48: no overflow */
	if (want >= have)
		return cfg_fail(err, "/memory: the regions ask for %s of RAM, and %s has %s in all: the root must keep some; make them smaller",
				size_str(want, w, sizeof(w)), sys_name(p->sys),
				size_str(have, h, sizeof(h)));
	return 0;
}

static int check_gic(const struct cell_parse *p, const struct entry *e,
		     unsigned int n, struct cfg_err *err)
{
	const struct vhyp_system *sys = p->sys;
	const struct sys_range *r;
	char path[DT_PATH_LEN];
	unsigned int i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k <= sys->ngicr; k++) {
			r = k ? &sys->gicr[k - 1] : &sys->gicd;
			if (ranges_overlap(e[i].base, e[i].size, r->base, r->size))
				return cfg_fail(err, "%s (%s 0x%llx, size 0x%llx) overlaps the GIC %s (0x%llx, size 0x%llx), which the cell sees at the same address: move it",
						dt_path(p->dt, e[i].node, path), e[i].prop,
						ULL(e[i].base), ULL(e[i].size),
						k ? "redistributors" : "distributor",
						ULL(r->base), ULL(r->size));
		}
	}
	return 0;
}

/*
 * The frames no cell may have: whatever the cell's entry is, a device or
 * an identity region (the frame itself) or RAM or the console at an IPA
 * (that address stays a hole in every cell, as the GIC's does).
 */
static const struct frame_kind {
	const char *what;
	const char *why;
} its_kind = {
	"the GIC ITS",
	"the root's MSIs (PCIe) are written through it, and a cell that could reach it could forge or block them",
}, smmu_kind = {
	"the SMMU",
	"an SMMU programmed by a cell would let DMA reach any memory of the machine",
};

static int check_frames(const struct cell_parse *p, const struct entry *e,
			unsigned int n, const struct sys_range *f, uint32_t nf,
			const struct frame_kind *kind, struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	unsigned int i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < nf; k++)
			if (ranges_overlap(e[i].base, e[i].size, f[k].base, f[k].size))
				return cfg_fail(err, "%s (%s 0x%llx, size 0x%llx) overlaps %s '%s' (0x%llx, size 0x%llx): %s, so no cell may have anything at its address; move it",
						dt_path(p->dt, e[i].node, path), e[i].prop,
						ULL(e[i].base), ULL(e[i].size), kind->what,
						f[k].name, ULL(f[k].base), ULL(f[k].size),
						kind->why);
	return 0;
}

/* [base, end) of a system device's range, rounded out to whole 4 KiB pages */
static void pages_of(const struct sys_range *r, uint64_t *base, uint64_t *end)
{
	*base = r->base & ~(PAGE_4K - 1);
	*end = (r->base + r->size + PAGE_4K - 1) & ~(PAGE_4K - 1);
}

/* The device the root owns that DEV lies in, or NULL. */
static const struct sys_range *owner_of(const struct vhyp_system *sys,
					const struct vhyp_cell_dev *dev)
{
	uint64_t base, end;
	uint32_t i;

	for (i = 0; i < sys->ndev; i++) {
		pages_of(&sys->dev[i], &base, &end);
		if (dev->base >= base && dev->base + dev->size <= end)
			return &sys->dev[i];
	}
	return NULL;
}

static int check_device(const struct cell_parse *p, uint32_t i,
			struct cfg_err *err)
{
	const struct vhyp_system *sys = p->sys;
	const struct vhyp_cell_dev *d = &p->cfg->dev[i];
	const struct sys_range *owner, *r;
	char path[DT_PATH_LEN];
	uint32_t k;

	dt_path(p->dt, p->dev_node[i], path);
	for (k = 0; k < sys->nram; k++) {
		r = &sys->ram[k];
		if (ranges_overlap(d->base, d->size, r->base, r->size))
			return cfg_fail(err, "%s (reg 0x%llx, size 0x%llx) overlaps RAM of %s ('%s', 0x%llx, size 0x%llx): a device is MMIO; give RAM as a memory region",
					path, ULL(d->base), ULL(d->size), sys_name(sys),
					r->name, ULL(r->base), ULL(r->size));
	}
	owner = owner_of(sys, d);
	if (!owner)
		return cfg_fail(err, "%s (reg 0x%llx, size 0x%llx) is not within a device of %s: a cell takes whole 4 KiB pages of one device the root owns ('vhypctl config system' lists them)",
				path, ULL(d->base), ULL(d->size), sys_name(sys));
	for (k = 0; k < sys->ndev; k++) {
		r = &sys->dev[k];
		if (r == owner || !ranges_overlap(d->base, d->size, r->base, r->size))
			continue;
		if (r->base >= owner->base && r->base + r->size <= owner->base + owner->size)
			continue;	/* a part of the owner: the owner's to give */
		return cfg_fail(err, "%s (reg 0x%llx, size 0x%llx) also covers %s's device '%s' (0x%llx, size 0x%llx), which shares 4 KiB pages with '%s': a cell gets whole pages, so it would get '%s' too; such a device cannot be given alone",
				path, ULL(d->base), ULL(d->size), sys_name(sys), r->name,
				ULL(r->base), ULL(r->size), owner->name, r->name);
	}
	return 0;
}

static bool cell_takes(const struct vhyp_cell_config *cfg, const struct sys_range *r)
{
	uint32_t i;

	for (i = 0; i < cfg->num_dev; i++)
		if (ranges_overlap(cfg->dev[i].base, cfg->dev[i].size, r->base, r->size))
			return true;
	return false;
}

static int check_spi(const struct cell_parse *p, int node, uint32_t intid,
		     bool passed_through, struct cfg_err *err)
{
	const struct vhyp_system *sys = p->sys;
	const struct sys_range *r;
	char path[DT_PATH_LEN];
	uint32_t k;

	if (sys->spis && intid >= GIC_SPI_BASE + sys->spis)
		return cfg_fail(err, "%s: SPI %u (INTID %u) does not exist: the GIC of %s has %u SPIs (INTIDs 32 to %u)",
				dt_path(p->dt, node, path), intid - GIC_SPI_BASE, intid,
				sys_name(sys), sys->spis, GIC_SPI_BASE + sys->spis - 1);
	if (!passed_through)
		return 0;	/* the console's and the doorbells' SPIs are virtual: no device owns them */
	for (k = 0; k < sys->nspi; k++) {
		if (sys->spi[k].intid != intid)
			continue;
		r = &sys->dev[sys->spi[k].dev];
		if (!cell_takes(p->cfg, r))
			return cfg_fail(err, "%s: SPI %u (INTID %u) belongs to %s's device '%s' (0x%llx, size 0x%llx), which the cell does not take: an SPI has one owner; check the number against the device's interrupts",
					dt_path(p->dt, node, path), intid - GIC_SPI_BASE,
					intid, sys_name(sys), r->name, ULL(r->base),
					ULL(r->size));
	}
	return 0;
}

int cell_check_system(const struct cell_parse *p, struct cfg_err *err)
{
	const struct vhyp_cell_config *cfg = p->cfg;
	struct entry e[MAX_ENTRIES];
	unsigned int n = collect(p, e);
	uint32_t i;

	if (check_cpus(p, err) || check_ram_total(p, err) || check_gic(p, e, n, err) ||
	    check_frames(p, e, n, p->sys->its, p->sys->nits, &its_kind, err) ||
	    check_frames(p, e, n, p->sys->smmu, p->sys->nsmmu, &smmu_kind, err))
		return -1;
	for (i = 0; i < cfg->num_dev; i++)
		if (check_device(p, i, err))
			return -1;
	for (i = 0; i < cfg->num_irqs; i++)
		if (check_spi(p, p->irq_node[i], cfg->irqs[i], true, err))
			return -1;
	if (cfg->console.irq &&
	    check_spi(p, p->console_node, cfg->console.irq, false, err))
		return -1;
	for (i = 0; i < cfg->num_channels; i++)	/* virtual, as the console's */
		if (cfg->channels[i].irq &&
		    check_spi(p, p->chan_node[i], cfg->channels[i].irq, false, err))
			return -1;
	for (i = 0; i < cfg->num_virtio; i++)	/* virtual too */
		if (check_spi(p, p->virtio_node[i], cfg->virtio[i].irq, false, err))
			return -1;
	return 0;
}

int cell_check_hyp_uart(const struct vhyp_cell_config *cfg, uint64_t uart,
			struct cfg_err *err)
{
	uint64_t page = uart & ~(PAGE_4K - 1);
	const char *what;
	uint32_t i;

	if (!uart)
		return 0;
	for (i = 0; i < cfg->num_dev && i < VHYP_CELL_MAX_DEV; i++) {
		const struct vhyp_cell_dev *d = &cfg->dev[i];

		if (!ranges_overlap(d->base, d->size, page, PAGE_4K))
			continue;
		what = d->base == page && d->size == PAGE_4K ? "is" : "covers the page of";
		return cfg_fail(err, "device '%.*s' (0x%llx, size 0x%llx) %s the UART the hypervisor's console is mirrored to (0x%llx, vhypctl enable --uart): choose another UART, or enable without --uart",
				VHYP_REGION_NAME_LEN, d->name, ULL(d->base), ULL(d->size),
				what, ULL(uart));
	}
	for (i = 0; i < cfg->num_mem && i < VHYP_CELL_MAX_MEM; i++) {
		const struct vhyp_cell_mem *m = &cfg->mem[i];

		if (!(m->flags & VHYP_MEM_IDENTITY) ||
		    !ranges_overlap(m->ipa, m->size, page, PAGE_4K))
			continue;
		return cfg_fail(err, "memory region '%.*s' (0x%llx, size 0x%llx) covers the page of the UART the hypervisor's console is mirrored to (0x%llx, vhypctl enable --uart): choose another range, or enable without --uart",
				VHYP_REGION_NAME_LEN, m->name, ULL(m->ipa), ULL(m->size),
				ULL(uart));
	}
	return 0;
}
