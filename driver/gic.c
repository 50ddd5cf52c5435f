// SPDX-License-Identifier: GPL-2.0
/*
 * What the driver learns of the GICv3 before enabling: the distributor and
 * redistributor regions as Linux finds them (#redistributor-regions,
 * redistributor-stride), the ITS frames no cell may have, and the SGI the
 * hypervisor keeps for itself.
 *
 * Linux's GIC driver takes SGIs 0..7 for its IPIs; 8..15 are the secure
 * world's by convention, and firmware (TF-A on Rockchip parts among
 * others) does make some of them secure.  The hypervisor's SGI is the
 * highest of 8..15 that is non-secure group 1 on the redistributor of
 * every CPU online now, as the root sees it: with two security states
 * (GICD_CTLR.DS 0, every board with TF-A) the group registers are secure
 * and a secure interrupt's enable bit is RAZ/WI to the non-secure world,
 * so an SGI is usable exactly when an enable written to it sticks; with
 * one security state the group registers must say group 1.  The
 * hypervisor checks it again on every CPU as it comes in.
 */
#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include "vhyp.h"
#include "../hyp/include/gic_layout.h"

#define GICD_CTLR		0x0000
#define GICD_CTLR_DS		BIT(6)
#define GICR_TYPER		0x0008
#define GICR_SGI_OFFSET		SZ_64K
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_ICENABLER0		0x0180
#define GICR_IGRPMODR0		0x0d00
#define FREE_SGIS		GENMASK(15, 8)
#define FIRST_FREE_SGI		8	/* Linux's GIC driver takes 0..7 */

/* The distributor and the redistributor regions, from the GICv3's device-tree node. */
static int gic_regions(struct vhyp_platform *plat, struct device_node *gic)
{
	struct resource res;
	u32 nr = 1;
	u64 stride = 0;
	unsigned int i;

	if (of_address_to_resource(gic, 0, &res) || resource_size(&res) < SZ_64K) {
		pr_err("vhyp: the GICv3 node %pOF has no distributor range\n", gic);
		return -ENODEV;
	}
	plat->gicd_base = res.start;
	of_property_read_u32(gic, "#redistributor-regions", &nr);
	if (nr < 1 || nr > VHYP_MAX_GICR_REGIONS) {
		pr_err("vhyp: the GICv3 has %u redistributor regions; vhyp handles 1 to %u\n",
		       nr, VHYP_MAX_GICR_REGIONS);
		return -EOPNOTSUPP;
	}
	for (i = 0; i < nr; i++) {
		if (of_address_to_resource(gic, 1 + i, &res) || !IS_ALIGNED(res.start, SZ_64K) ||
		    resource_size(&res) < SZ_128K) {
			pr_err("vhyp: the GICv3 node %pOF: redistributor region %u is missing or misaligned\n",
			       gic, i);
			return -ENODEV;
		}
		plat->gicr_base[i] = res.start;
		plat->gicr_size[i] = resource_size(&res);
	}
	plat->nr_gicr = nr;
	if (!of_property_read_u64(gic, "redistributor-stride", &stride) &&
	    (stride < SZ_128K || !IS_ALIGNED(stride, SZ_64K))) {
		pr_err("vhyp: the GICv3 node %pOF: redistributor-stride %#llx is not a multiple of 64 KiB of at least 128 KiB\n",
		       gic, stride);
		return -ENODEV;
	}
	plat->gicr_stride = stride;
	return 0;
}

/* The GIC's ITS frames: the root's MSIs go through them; no cell may map one. */
static int its_frames(struct vhyp_platform *plat, struct device_node *gic)
{
	struct device_node *its;
	struct resource res;

	for_each_available_child_of_node(gic, its) {
		if (!of_device_is_compatible(its, "arm,gic-v3-its") ||
		    of_address_to_resource(its, 0, &res))
			continue;
		if (plat->nr_protected == VHYP_MAX_PROTECTED) {
			pr_err("vhyp: more than %u ITS and SMMU frames\n", VHYP_MAX_PROTECTED);
			of_node_put(its);
			return -EOPNOTSUPP;
		}
		plat->protected_ranges[plat->nr_protected++] =
			(struct vhyp_range){ res.start, resource_size(&res) };
	}
	return 0;
}

struct walk {
	void __iomem *map;
	u64 base;
};

static u64 read_typer(void *arg, u64 frame)
{
	struct walk *w = arg;

	return readq_relaxed(w->map + (frame - w->base) + GICR_TYPER);
}

struct sgi_scan {
	const struct vhyp_platform *plat;
	bool ds;			/* GICD_CTLR.DS: one security state */
	u32 usable;			/* SGIs non-secure group 1 on every CPU seen */
	int bad_cpu;			/* the first CPU that made one unusable */
	u32 group, mode;		/* what it reported */
};

/* Of SGIs 8..15 of the redistributor at 'sgi', those that are non-secure group 1. */
static u32 ns_group1(void __iomem *sgi, bool ds, u32 *group, u32 *mode)
{
	u32 before = readl_relaxed(sgi + GICR_ISENABLER0), probe = FREE_SGIS & ~before, seen;

	writel_relaxed(probe, sgi + GICR_ISENABLER0);
	seen = readl_relaxed(sgi + GICR_ISENABLER0);
	writel_relaxed(probe & seen, sgi + GICR_ICENABLER0);	/* as it was */
	*group = readl_relaxed(sgi + GICR_IGROUPR0);
	*mode = readl_relaxed(sgi + GICR_IGRPMODR0);
	seen &= FREE_SGIS;
	return ds ? seen & *group & ~*mode : seen;
}

/* On each online CPU: which SGIs are non-secure group 1 on its redistributor. */
static void scan_cpu(void *arg)
{
	struct sgi_scan *scan = arg;
	const struct vhyp_platform *plat = scan->plat;
	u64 mpidr = read_cpuid_mpidr() & MPIDR_HWID_BITMASK, size, frame = 0;
	u32 group = 0, mode = 0, usable = 0;	/* no frame: nothing (nor is the CPU) */
	unsigned int i;

	for (i = 0; i < plat->nr_gicr && !frame; i++) {
		struct gicr_region r = { plat->gicr_base[i], plat->gicr_size[i] };
		struct gicr_layout one = { &r, 1, plat->gicr_stride };
		struct walk w = { plat->gicr_map[i], r.base };
		void __iomem *sgi;

		frame = gicr_find(&one, mpidr, read_typer, &w, &size);
		if (!frame)
			continue;
		sgi = w.map + (frame - w.base) + GICR_SGI_OFFSET;
		usable = ns_group1(sgi, scan->ds, &group, &mode);
	}
	if ((scan->usable & usable) != scan->usable && scan->bad_cpu < 0) {
		scan->bad_cpu = smp_processor_id();
		scan->group = group;
		scan->mode = mode;
	}
	scan->usable &= usable;
}

static int choose_kick_sgi(struct vhyp_platform *plat)
{
	struct sgi_scan scan = { .plat = plat, .usable = FREE_SGIS, .bad_cpu = -1 };
	void __iomem *gicd;
	unsigned int i, cpu;
	int ret = 0;

	gicd = ioremap(plat->gicd_base, SZ_64K);
	if (!gicd) {
		pr_err("vhyp: cannot map the GIC distributor at %#llx\n", plat->gicd_base);
		return -ENOMEM;
	}
	scan.ds = readl_relaxed(gicd + GICD_CTLR) & GICD_CTLR_DS;
	iounmap(gicd);

	for (i = 0; i < plat->nr_gicr; i++) {
		plat->gicr_map[i] = ioremap(plat->gicr_base[i], plat->gicr_size[i]);
		if (!plat->gicr_map[i]) {
			pr_err("vhyp: cannot map redistributor region %u at %#llx\n", i,
			       plat->gicr_base[i]);
			ret = -ENOMEM;
			goto out;
		}
	}
	cpus_read_lock();
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)	/* one at a time: they share 'scan' */
		if (cpu_online(cpu))
			smp_call_function_single(cpu, scan_cpu, &scan, 1);
	cpus_read_unlock();
	if (vhyp_should_fail("enable: SGIs 8..15 all the secure world's"))
		scan.usable = 0;
	if (!scan.usable) {
		pr_err("vhyp: none of SGIs %u..15 is non-secure group 1 on CPU %d (%s; GICR_IGROUPR0 %#x, GICR_IGRPMODR0 %#x as it reads them): the secure firmware keeps them, and vhyp needs one for itself\n",
		       FIRST_FREE_SGI, scan.bad_cpu,
		       scan.ds ? "one security state" : "two security states: their enables do not stick",
		       scan.group, scan.mode);
		ret = -EACCES;
		goto out;
	}
	plat->kick_sgi = fls(scan.usable) - 1;
out:
	for (i = 0; i < plat->nr_gicr; i++) {
		if (plat->gicr_map[i])
			iounmap(plat->gicr_map[i]);
		plat->gicr_map[i] = NULL;
	}
	return ret;
}

int vhyp_probe_gic(struct vhyp_platform *plat, struct device_node *gic)
{
	int ret;

	plat->nr_protected = 0;
	ret = gic_regions(plat, gic);
	if (!ret)
		ret = its_frames(plat, gic);
	if (!ret)
		ret = choose_kick_sgi(plat);
	return ret;
}
