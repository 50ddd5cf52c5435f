// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: a system config (compatible "vhyp,system") into a struct
 * vhyp_system, so that cell configs can be checked off the target:
 * 'vhypctl config check CELL --system SYSTEM'.  The binding is in
 * Documentation/cell-config.md; the same deny-by-default rules as for cell
 * configs apply.  On the target, system_live.c derives the same struct
 * from the boot device tree instead.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "dt.h"

/* The node's name into NAME[SYS_NAME_LEN], refusing longer ones. */
static int node_name(const struct dt *dt, int node, char *name,
		     struct cfg_err *err)
{
	char path[DT_PATH_LEN];

	dt_name(dt, node, path);
	if (strlen(path) >= SYS_NAME_LEN)
		return cfg_fail(err, "%s: the node name is longer than %d characters",
				dt_path(dt, node, path), SYS_NAME_LEN - 1);
	strcpy(name, path);
	return 0;
}

/* NODE's one range in property PROP (reg, distributor), nonzero, no wrap. */
static int one_range(const struct dt *dt, int node, const char *prop,
		     struct sys_range *r, struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	uint64_t pair[2];
	unsigned int n;
	int ret;

	ret = dt_ranges(dt, node, prop, pair, 1, &n, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "%s: %s is missing: give the range, as in '%s = /bits/ 64 <0x9000000 0x1000>;'",
				dt_path(dt, node, path), prop, prop);
	if (!pair[1] || pair[0] + pair[1] < pair[0])
		return cfg_fail(err, "%s: %s <0x%llx 0x%llx> is empty or wraps around: give a base and a nonzero size",
				dt_path(dt, node, path), prop, ULL(pair[0]), ULL(pair[1]));
	r->base = pair[0];
	r->size = pair[1];
	return 0;
}

/* / mpidrs: optional, one affinity per Linux CPU, each once */
static int parse_mpidrs(const struct dt *dt, struct vhyp_system *sys,
			struct cfg_err *err)
{
	unsigned int n, i, k;
	int ret;

	ret = dt_u64s(dt, 0, "mpidrs", sys->mpidr, SYS_MAX_CPUS, &n, err);
	if (ret <= 0)
		return ret;
	if (n != sys->ncpus)
		return cfg_fail(err, "/: mpidrs has %u values and cpus is <%u>: give one MPIDR per Linux CPU, in Linux's order",
				n, sys->ncpus);
	for (i = 0; i < n; i++) {
		if (sys->mpidr[i] & ~MPIDR_AFFINITY)
			return cfg_fail(err, "/: mpidrs 0x%llx (CPU %u) is not an affinity: keep Aff3 (bits 39:32) and Aff2..Aff0 (23:0) only, as the CPU nodes' reg has them",
					ULL(sys->mpidr[i]), i);
		for (k = 0; k < i; k++)
			if (sys->mpidr[k] == sys->mpidr[i])
				return cfg_fail(err, "/: mpidrs names 0x%llx twice (CPUs %u and %u): each CPU has its own",
						ULL(sys->mpidr[i]), k, i);
	}
	sys->nmpidr = n;
	return 0;
}

static int parse_root(const struct dt *dt, struct vhyp_system *sys,
		      struct cfg_err *err)
{
	static const char *const props[] = {
		"compatible", "vhyp,schema-version", "model", "cpus", "mpidrs",
		"psci-method", NULL
	};
	static const char *const nodes[] = {
		"memory", "gic", "devices", "reserved-memory", "smmus", NULL
	};
	const char *model;
	int ret;

	if (dt_check_header(dt, "system", NULL, err) ||
	    dt_only_props(dt, 0, props,
			  "a system config's root has only compatible, vhyp,schema-version, model, cpus, mpidrs and psci-method",
			  err) ||
	    dt_only_nodes(dt, 0, nodes,
			  "a system config has only the nodes memory, gic, devices, reserved-memory and smmus",
			  err))
		return -1;
	ret = dt_string(dt, 0, "model", &model, err);
	if (ret < 0)
		return ret;
	if (ret)
		snprintf(sys->model, sizeof(sys->model), "%s", model);
	ret = dt_u32(dt, 0, "cpus", &sys->ncpus, err);
	if (ret < 0)
		return ret;
	if (!ret || !sys->ncpus)
		return cfg_fail(err, "/: cpus %s: give the number of Linux CPUs of the machine, as in 'cpus = <4>;'",
				ret ? "is <0>" : "is missing");
	sys->online = sys->ncpus >= 64 ? ~0ull : (1ull << sys->ncpus) - 1;
	ret = dt_string(dt, 0, "psci-method", &model, err);
	if (ret < 0)
		return ret;
	if (ret && strcmp(model, "smc") && strcmp(model, "hvc"))
		return cfg_fail(err, "/: psci-method \"%s\" is neither \"smc\" nor \"hvc\": give the method of the boot device tree's /psci node",
				model);
	if (ret)
		strcpy(sys->psci_method, model);
	return parse_mpidrs(dt, sys, err);
}

static int parse_memory(const struct dt *dt, struct vhyp_system *sys,
			struct cfg_err *err)
{
	static const char *const reg[] = { "reg", NULL };
	static const char *const none[] = { NULL };
	char path[DT_PATH_LEN];
	struct sys_range *r;
	int mem, node;
	uint32_t i;

	mem = fdt_subnode_offset(dt->fdt, 0, "memory");
	if (mem < 0)
		return cfg_fail(err, "/: the memory node is missing: list the machine's RAM, as in 'memory { ram0 { reg = /bits/ 64 <0x40000000 0x80000000>; }; };'");
	if (dt_only_props(dt, mem, none, "/memory holds only RAM range nodes", err))
		return -1;
	fdt_for_each_subnode(node, dt->fdt, mem) {
		if (sys->nram == SYS_MAX_RAM)
			return cfg_fail(err, "%s: more than %d RAM ranges", dt_path(dt, node, path),
					SYS_MAX_RAM);
		r = &sys->ram[sys->nram];
		if (node_name(dt, node, r->name, err) ||
		    dt_only_props(dt, node, reg, "a RAM range has only reg", err) ||
		    dt_only_nodes(dt, node, none, "a RAM range has no subnodes", err) ||
		    one_range(dt, node, "reg", r, err))
			return -1;
		for (i = 0; i < sys->nram; i++)
			if (ranges_overlap(r->base, r->size, sys->ram[i].base, sys->ram[i].size))
				return cfg_fail(err, "%s: reg overlaps the RAM range '%s': list each byte once",
						dt_path(dt, node, path), sys->ram[i].name);
		sys->nram++;
	}
	if (!sys->nram)
		return cfg_fail(err, "/memory: no RAM range: list the machine's RAM, as in 'ram0 { reg = /bits/ 64 <0x40000000 0x80000000>; };'");
	return 0;
}

/* /gic its: the ITS frames, optional; each named its@BASE in sentences */
static int parse_its(const struct dt *dt, int gic, struct vhyp_system *sys,
		     struct cfg_err *err)
{
	uint64_t pairs[2 * SYS_MAX_ITS];
	struct sys_range *r;
	unsigned int n, i;
	int ret;

	ret = dt_ranges(dt, gic, "its", pairs, SYS_MAX_ITS, &n, err);
	if (ret <= 0)
		return ret;
	for (i = 0; i < n; i++) {
		r = &sys->its[i];
		r->base = pairs[2 * i];
		r->size = pairs[2 * i + 1];
		if (!r->size || r->base + r->size < r->base)
			return cfg_fail(err, "/gic: its <0x%llx 0x%llx> is empty or wraps around: give each ITS's base and size (0x20000 for a GIC-600's)",
					ULL(r->base), ULL(r->size));
		snprintf(r->name, sizeof(r->name), "its@%llx", ULL(r->base));
	}
	sys->nits = n;
	return 0;
}

/* /gic maintenance-interrupt: optional, the PPI as the GIC node's interrupts give it */
static int parse_maint(const struct dt *dt, int gic, struct vhyp_system *sys,
		       struct cfg_err *err)
{
	const uint32_t *c;
	unsigned int n;
	int ret;

	ret = dt_cells(dt, gic, "maintenance-interrupt", &c, &n, err);
	if (ret <= 0)
		return ret;
	if (n != 3 || dt_cell(c, 0) != 1 || dt_cell(c, 1) > 15 || dt_cell(c, 2) != 4)
		return cfg_fail(err, "/gic: maintenance-interrupt is not one PPI <1 number 4> (number 0 to 15, level-high): give what the GIC node's interrupts say, as in <1 9 4>");
	sys->maint_intid = 16 + dt_cell(c, 1);
	return 0;
}

static int parse_gic(const struct dt *dt, struct vhyp_system *sys,
		     struct cfg_err *err)
{
	static const char *const props[] = {
		"distributor", "redistributors", "spis", "its", "maintenance-interrupt", NULL
	};
	static const char *const none[] = { NULL };
	uint64_t pairs[2 * SYS_MAX_GICR];
	unsigned int n, i;
	int gic, ret;

	gic = fdt_subnode_offset(dt->fdt, 0, "gic");
	if (gic < 0)
		return cfg_fail(err, "/: the gic node is missing: describe the GICv3, as in 'gic { distributor = /bits/ 64 <0x8000000 0x10000>; redistributors = /bits/ 64 <0x80a0000 0xf60000>; spis = <256>; };'");
	if (dt_only_props(dt, gic, props,
			  "the gic has only distributor, redistributors, spis, its and maintenance-interrupt",
			  err) ||
	    dt_only_nodes(dt, gic, none, "the gic has no subnodes", err) ||
	    one_range(dt, gic, "distributor", &sys->gicd, err))
		return -1;
	strcpy(sys->gicd.name, "distributor");
	ret = dt_ranges(dt, gic, "redistributors", pairs, SYS_MAX_GICR, &n, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "/gic: redistributors is missing: give their range(s), as in 'redistributors = /bits/ 64 <0x80a0000 0xf60000>;'");
	for (i = 0; i < n; i++) {
		if (!pairs[2 * i + 1] || pairs[2 * i] + pairs[2 * i + 1] < pairs[2 * i])
			return cfg_fail(err, "/gic: redistributors <0x%llx 0x%llx> is empty or wraps around",
					ULL(pairs[2 * i]), ULL(pairs[2 * i + 1]));
		strcpy(sys->gicr[i].name, "redistributors");
		sys->gicr[i].base = pairs[2 * i];
		sys->gicr[i].size = pairs[2 * i + 1];
	}
	sys->ngicr = n;
	ret = dt_u32(dt, gic, "spis", &sys->spis, err);
	if (ret < 0)
		return ret;
	if (ret && (!sys->spis || sys->spis > GIC_MAX_SPIS))
		return cfg_fail(err, "/gic: spis <%u> is not a number of SPIs a GICv3 can have (1 to %u): give what GICD_TYPER says, or leave spis out",
				sys->spis, GIC_MAX_SPIS);
	return parse_its(dt, gic, sys, err) || parse_maint(dt, gic, sys, err);
}

static int parse_device(const struct dt *dt, int node, struct vhyp_system *sys,
			struct cfg_err *err)
{
	static const char *const props[] = { "reg", "interrupts", NULL };
	static const char *const none[] = { NULL };
	struct sys_range *d = &sys->dev[sys->ndev];
	char path[DT_PATH_LEN];
	const uint32_t *c;
	unsigned int n, i;
	int ret;

	if (node_name(dt, node, d->name, err) ||
	    dt_only_props(dt, node, props, "a device has only reg and interrupts", err) ||
	    dt_only_nodes(dt, node, none, "a device has no subnodes", err) ||
	    one_range(dt, node, "reg", d, err))
		return -1;
	ret = dt_cells(dt, node, "interrupts", &c, &n, err);
	if (ret < 0)
		return ret;
	if (ret && (!n || n % 3))
		return cfg_fail(err, "%s: interrupts must be 3-cell GIC specifiers <0 number flags>, not %u cells",
				dt_path(dt, node, path), n);
	for (i = 0; ret && i < n; i += 3) {
		if (dt_cell(c, i) != 0 || dt_cell(c, i + 1) > GIC_SPI_LAST - GIC_SPI_BASE)
			return cfg_fail(err, "%s: interrupts <%u %u %u> is not an SPI: list only SPIs (first cell 0, number 0 to %u)",
					dt_path(dt, node, path), dt_cell(c, i), dt_cell(c, i + 1),
					dt_cell(c, i + 2), GIC_SPI_LAST - GIC_SPI_BASE);
		if (sys->nspi == SYS_MAX_SPI)
			return cfg_fail(err, "%s: more than %d SPIs in all", dt_path(dt, node, path),
					SYS_MAX_SPI);
		sys->spi[sys->nspi].intid = dt_cell(c, i + 1) + GIC_SPI_BASE;
		sys->spi[sys->nspi++].dev = sys->ndev;
	}
	sys->ndev++;
	return 0;
}

static int parse_reserved(const struct dt *dt, int node, struct vhyp_system *sys,
			  struct cfg_err *err)
{
	static const char *const props[] = { "reg", "reusable", NULL };
	static const char *const none[] = { NULL };
	struct sys_range *r = &sys->resv[sys->nresv];

	if (node_name(dt, node, r->name, err) ||
	    dt_only_props(dt, node, props, "a reserved-memory range has only reg and reusable", err) ||
	    dt_only_nodes(dt, node, none, "a reserved-memory range has no subnodes", err) ||
	    one_range(dt, node, "reg", r, err))
		return -1;
	r->reusable = dt_has(dt, node, "reusable");
	sys->nresv++;
	return 0;
}

/* An SMMU: its register frame, which no cell may have. */
static int parse_smmu(const struct dt *dt, int node, struct vhyp_system *sys,
		      struct cfg_err *err)
{
	static const char *const props[] = { "reg", NULL };
	static const char *const none[] = { NULL };
	struct sys_range *r = &sys->smmu[sys->nsmmu];

	if (node_name(dt, node, r->name, err) ||
	    dt_only_props(dt, node, props, "an SMMU has only reg", err) ||
	    dt_only_nodes(dt, node, none, "an SMMU has no subnodes", err) ||
	    one_range(dt, node, "reg", r, err))
		return -1;
	sys->nsmmu++;
	return 0;
}

/* The children of the optional container node NAME, each through FN. */
static int parse_children(const struct dt *dt, const char *name, uint32_t *count,
			  uint32_t max, struct vhyp_system *sys,
			  int (*fn)(const struct dt *, int, struct vhyp_system *,
				    struct cfg_err *),
			  struct cfg_err *err)
{
	static const char *const none[] = { NULL };
	char path[DT_PATH_LEN], what[64];
	int parent, node;

	parent = fdt_subnode_offset(dt->fdt, 0, name);
	if (parent < 0)
		return 0;
	snprintf(what, sizeof(what), "/%s holds only nodes", name);
	if (dt_only_props(dt, parent, none, what, err))
		return -1;
	fdt_for_each_subnode(node, dt->fdt, parent) {
		if (*count == max)
			return cfg_fail(err, "%s: more than %u entries under /%s",
					dt_path(dt, node, path), max, name);
		if (fn(dt, node, sys, err))
			return -1;
	}
	return 0;
}

int system_parse(const void *dtb, size_t len, struct vhyp_system *sys,
		 struct cfg_err *err)
{
	struct dt dt;
	int ret;

	memset(sys, 0, sizeof(*sys));
	if (dt_open(&dt, dtb, len, err))
		return -1;
	ret = parse_root(&dt, sys, err);
	if (!ret)
		ret = parse_memory(&dt, sys, err);
	if (!ret)
		ret = parse_gic(&dt, sys, err);
	if (!ret)
		ret = parse_children(&dt, "devices", &sys->ndev, SYS_MAX_DEV, sys,
				     parse_device, err);
	if (!ret)
		ret = parse_children(&dt, "reserved-memory", &sys->nresv, SYS_MAX_RESV,
				     sys, parse_reserved, err);
	if (!ret)
		ret = parse_children(&dt, "smmus", &sys->nsmmu, SYS_MAX_SMMU, sys,
				     parse_smmu, err);
	dt_close(&dt);
	return ret;
}
