// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: the running system as a struct vhyp_system, from the device
 * tree it booted with (/sys/firmware/fdt) and its CPU lists.  No I/O here:
 * sysfs.c reads the files, so that tests can feed any board's DTB.
 *
 * What the root owns and may give, read the way Linux reads it:
 *   RAM       every node with device_type = "memory";
 *   GIC       the node compatible with "arm,gic-v3": reg[0] is the
 *             distributor, the next #redistributor-regions (default 1)
 *             ranges the redistributors.  The number of SPIs is not in the
 *             device tree (only GICD_TYPER has it): it stays unknown;
 *   reserved  the children of /reserved-memory that have reg;
 *   devices   every node with reg under the root or under a simple-bus,
 *             addresses translated through the buses' ranges, except the
 *             GIC, memory nodes and nodes whose status says another
 *             software owns them ("reserved") or they are broken ("fail").
 *             Disabled nodes are included: the root owns that hardware and
 *             does not use it, which is what makes it free for a cell.
 *             Their SPIs are those of interrupts (or interrupts-extended)
 *             whose interrupt parent is the GIC.  ITSes and SMMUs are not
 *             devices: no cell may have them;
 *   ITS       every node compatible with "arm,gic-v3-its" (children of the
 *             GIC in every tree we know), whatever its status;
 *   SMMUs     every node that is_smmu() recognises, whatever its status:
 *             a disabled SMMU is still hardware a cell could program;
 *   facts shown, not checked: the MPIDRs, the reg of the /cpus nodes with
 *             device_type "cpu" in tree order (Linux's order where the
 *             boot CPU comes first, as on every board we know); the PSCI
 *             method of the node compatible with "arm,psci*"; the GIC
 *             maintenance interrupt, the PPI of the GIC node's interrupts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dt.h"

#define MAX_CELLS	16	/* #interrupt-cells beyond this are nonsense */
#define MAX_BUS_DEPTH	16

struct live {
	const struct dt *dt;
	struct vhyp_system *sys;
	int gic;			/* node offset */
	uint32_t gic_phandle;
	uint32_t gic_cells;		/* its #interrupt-cells */
	struct cfg_err *err;
};

/*
 * The MMIO ranges of NODE's reg, translated, appended to ARR[*COUNT]
 * (at most MAX, else an error).  Returns how many, or -1.  A reg that is
 * not an MMIO range (no size, or PCI-style addresses) adds nothing.
 */
static int add_reg(struct live *lv, int node, struct sys_range *arr,
		   uint32_t *count, uint32_t max)
{
	const struct dt *dt = lv->dt;
	char path[DT_PATH_LEN], name[DT_PATH_LEN];
	uint64_t base, size;
	struct dt_reg r;
	unsigned int i;
	int added = 0;

	if (!dt_reg_open(&r, dt, node))
		return 0;
	for (i = 0; i < r.n; i++) {
		if (!dt_reg_get(&r, i, &base, &size))
			continue;
		if (*count == max)
			return cfg_fail(lv->err, "%s: more than %u such ranges in the device tree: vhypctl cannot describe this machine",
					dt_path(dt, node, path), max);
		dt_printable(dt_name(dt, node, name), DT_PATH_LEN, arr[*count].name,
			     SYS_NAME_LEN);
		arr[*count].base = base;
		arr[*count].size = size;
		arr[*count].reusable = dt_has(dt, node, "reusable");
		(*count)++;
		added++;
	}
	return added;
}

static int add_spi(struct live *lv, const uint32_t *spec, uint32_t dev)
{
	struct vhyp_system *sys = lv->sys;

	if (dt_cell(spec, 0) != 0 || dt_cell(spec, 1) > GIC_SPI_LAST - GIC_SPI_BASE)
		return 0;	/* PPIs and extended SPIs are not given to cells */
	if (sys->nspi == SYS_MAX_SPI)
		return cfg_fail(lv->err, "more than %d SPIs in the device tree: vhypctl cannot describe this machine",
				SYS_MAX_SPI);
	sys->spi[sys->nspi].intid = dt_cell(spec, 1) + GIC_SPI_BASE;
	sys->spi[sys->nspi++].dev = dev;
	return 0;
}

/* NODE's SPIs, recorded as belonging to sys->dev[DEV]. */
static int add_spis(struct live *lv, int node, uint32_t dev)
{
	const struct dt *dt = lv->dt;
	const uint32_t *c, *cells;
	unsigned int n, i, k;
	uint32_t ph;
	int len, ctl;

	c = fdt_getprop(dt->fdt, node, "interrupts-extended", &len);
	if (c) {
		/* <phandle specifier...>, each specifier as long as its parent says */
		for (n = len / 4, i = 0; i < n; i += 1 + k) {
			ph = dt_cell(c, i);
			ctl = fdt_node_offset_by_phandle(dt->fdt, ph);
			cells = ctl < 0 ? NULL : fdt_getprop(dt->fdt, ctl, "#interrupt-cells", &len);
			if (!cells || len != 4)
				return 0;
			k = dt_cell(cells, 0);
			if (k > MAX_CELLS)
				return 0;
			if (ph == lv->gic_phandle && i + 1 + k <= n && k >= 3 &&
			    add_spi(lv, c + i + 1, dev))
				return -1;
		}
		return 0;
	}
	c = fdt_getprop(dt->fdt, node, "interrupts", &len);
	if (!c || !lv->gic_phandle || dt_interrupt_parent(dt, node) != lv->gic_phandle)
		return 0;
	for (n = len / 4, i = 0; i + lv->gic_cells <= n; i += lv->gic_cells)
		if (add_spi(lv, c + i, dev))
			return -1;
	return 0;
}

/* "okay", "ok", "disabled" or none: the root's.  "reserved", "fail": not. */
static bool root_owns(const struct dt *dt, int node)
{
	return !dt_has(dt, node, "status") || dt_prop_is(dt, node, "status", "okay") ||
	       dt_prop_is(dt, node, "status", "ok") ||
	       dt_prop_is(dt, node, "status", "disabled");
}

static bool is_memory(const struct dt *dt, int node)
{
	return dt_prop_is(dt, node, "device_type", "memory");
}

#define ITS_COMPATIBLE	"arm,gic-v3-its"

/*
 * An SMMU, by one of its compatibles: "arm,mmu-400", "arm,mmu-401" and
 * "arm,mmu-500", or any "VENDOR,MODEL" whose MODEL contains "smmu":
 * arm,smmu-v1, -v2, -v3, qcom,smmu-v2, qcom,*-smmu-500, nvidia,smmu-500,
 * nvidia,tegra*-smmu, cavium,smmu-v2, marvell,ap806-smmu-500, and the
 * SMMUv3's own PMU (arm,smmu-v3-pmcg).  Deny by default: a frame taken for
 * an SMMU by mistake is only refused to cells.
 */
static bool is_smmu(const struct dt *dt, int node)
{
	static const char *const arm_mmus[] = { "mmu-400", "mmu-401", "mmu-500", NULL };
	const char *c, *model;
	char one[128];
	int len, i, n, k;

	c = fdt_getprop(dt->fdt, node, "compatible", &len);
	for (i = 0; c && i < len; i += n + 1) {
		n = strnlen(c + i, len - i);	/* the last may lack its NUL */
		snprintf(one, sizeof(one), "%.*s", n, c + i);
		model = strchr(one, ',');
		if (!model)
			continue;
		if (strstr(model + 1, "smmu"))
			return true;
		for (k = 0; arm_mmus[k]; k++)
			if (!strncmp(one, "arm,", 4) && !strcmp(model + 1, arm_mmus[k]))
				return true;
	}
	return false;
}

static bool is_its(const struct dt *dt, int node)
{
	return !fdt_node_check_compatible(dt->fdt, node, ITS_COMPATIBLE);
}

/* The ITSes and SMMUs, anywhere in the tree. */
static int find_frames(struct live *lv)
{
	const struct dt *dt = lv->dt;
	struct vhyp_system *sys = lv->sys;
	int node = 0, depth = 0;

	for (;;) {
		node = fdt_next_node(dt->fdt, node, &depth);
		if (node < 0 || depth < 1)
			return 0;
		if (is_its(dt, node) &&
		    add_reg(lv, node, sys->its, &sys->nits, SYS_MAX_ITS) < 0)
			return -1;
		if (is_smmu(dt, node) &&
		    add_reg(lv, node, sys->smmu, &sys->nsmmu, SYS_MAX_SMMU) < 0)
			return -1;
	}
}

static int walk_devices(struct live *lv, int bus, int depth)
{
	const struct dt *dt = lv->dt;
	struct vhyp_system *sys = lv->sys;
	int node, ret;
	uint32_t first;

	fdt_for_each_subnode(node, dt->fdt, bus) {
		if (node == lv->gic || is_memory(dt, node) || !root_owns(dt, node) ||
		    is_its(dt, node) || is_smmu(dt, node))
			continue;
		if (!fdt_node_check_compatible(dt->fdt, node, "simple-bus")) {
			/* buses in buses: real trees have two or three levels */
			if (depth < MAX_BUS_DEPTH && walk_devices(lv, node, depth + 1))
				return -1;
			continue;
		}
		first = sys->ndev;
		ret = add_reg(lv, node, sys->dev, &sys->ndev, SYS_MAX_DEV);
		if (ret < 0 || (ret > 0 && add_spis(lv, node, first)))
			return -1;
	}
	return 0;
}

static int find_gic(struct live *lv)
{
	const struct dt *dt = lv->dt;
	struct vhyp_system *sys = lv->sys;
	struct sys_range r[1 + SYS_MAX_GICR];
	char path[DT_PATH_LEN];
	uint32_t n = 0, nredist = 1, i;
	const uint32_t *c;
	int ret, len;

	lv->gic = fdt_node_offset_by_compatible(dt->fdt, -1, "arm,gic-v3");
	if (lv->gic < 0)
		return cfg_fail(lv->err, "the device tree has no GICv3 (no node compatible with \"arm,gic-v3\"): vhyp needs one");
	dt_path(dt, lv->gic, path);
	lv->gic_phandle = fdt_get_phandle(dt->fdt, lv->gic);
	lv->gic_cells = 3;
	if (dt_u32(dt, lv->gic, "#interrupt-cells", &lv->gic_cells, lv->err) < 0 ||
	    dt_u32(dt, lv->gic, "#redistributor-regions", &nredist, lv->err) < 0)
		return -1;
	if (lv->gic_cells < 3 || lv->gic_cells > MAX_CELLS || !nredist ||
	    nredist > SYS_MAX_GICR)
		return cfg_fail(lv->err, "%s: #interrupt-cells <%u> or #redistributor-regions <%u> is not valid for a GICv3",
				path, lv->gic_cells, nredist);
	ret = add_reg(lv, lv->gic, r, &n, 1 + nredist);
	if (ret < 0)
		return -1;
	if (n < 1 + nredist)
		return cfg_fail(lv->err, "%s: reg has %u ranges, not the distributor and %u redistributor range(s)",
				path, n, nredist);
	sys->gicd = r[0];
	for (i = 0; i < nredist; i++)
		sys->gicr[i] = r[1 + i];
	sys->ngicr = nredist;
	strcpy(sys->gicd.name, "distributor");
	/* the maintenance interrupt: its first specifier, if a PPI */
	c = fdt_getprop(dt->fdt, lv->gic, "interrupts", &len);
	if (c && len >= (int)(lv->gic_cells * 4) && dt_cell(c, 0) == 1 && dt_cell(c, 1) < 16)
		sys->maint_intid = 16 + dt_cell(c, 1);
	return 0;
}

/* The reg of each CPU node, in tree order, and the PSCI method: facts to show. */
static void find_cpus(struct live *lv)
{
	const struct dt *dt = lv->dt;
	struct vhyp_system *sys = lv->sys;
	uint32_t ac = 1;
	const uint32_t *c;
	const char *m;
	int cpus, node, len;

	cpus = fdt_path_offset(dt->fdt, "/cpus");
	c = cpus < 0 ? NULL : fdt_getprop(dt->fdt, cpus, "#address-cells", &len);
	if (c && len == 4)
		ac = dt_cell(c, 0);
	if (cpus >= 0 && (ac == 1 || ac == 2)) {
		fdt_for_each_subnode(node, dt->fdt, cpus) {
			c = fdt_getprop(dt->fdt, node, "reg", &len);
			if (!dt_prop_is(dt, node, "device_type", "cpu") || !c ||
			    len != (int)(4 * ac) || sys->nmpidr == SYS_MAX_CPUS)
				continue;
			sys->mpidr[sys->nmpidr++] = dt_cells_u64(c, ac) & MPIDR_AFFINITY;
		}
	}
	for (node = -1; (node = fdt_next_node(dt->fdt, node, NULL)) >= 0;) {
		if (fdt_node_check_compatible(dt->fdt, node, "arm,psci") &&
		    fdt_node_check_compatible(dt->fdt, node, "arm,psci-0.2") &&
		    fdt_node_check_compatible(dt->fdt, node, "arm,psci-1.0"))
			continue;
		m = fdt_getprop(dt->fdt, node, "method", &len);
		if (m && len == 4 && (!memcmp(m, "smc", 4) || !memcmp(m, "hvc", 4)))
			memcpy(sys->psci_method, m, 4);
		break;
	}
}

int parse_cpu_list(const char *s, uint32_t *ncpus, uint64_t *mask)
{
	unsigned long a, b, c;
	char *end;

	*ncpus = 0;
	*mask = 0;
	while (*s && *s != '\n') {
		if (*s < '0' || *s > '9')
			return -1;
		a = b = strtoul(s, &end, 10);
		s = end;
		if (*s == '-') {
			if (s[1] < '0' || s[1] > '9')
				return -1;
			b = strtoul(s + 1, &end, 10);
			s = end;
		}
		if (b < a || b > 65535)
			return -1;
		for (c = a; c <= b && c < 64; c++)
			*mask |= 1ull << c;
		if (b + 1 > *ncpus)
			*ncpus = b + 1;
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			return -1;
	}
	return 0;
}

/* the first line of S, at most 40 characters of it, for a sentence */
static int line_len(const char *s)
{
	size_t n = strcspn(s, "\n");

	return n > 40 ? 40 : (int)n;
}

int system_from_fdt(const void *dtb, size_t len, const char *possible,
		    const char *online, struct vhyp_system *sys,
		    struct cfg_err *err)
{
	struct live lv = { .sys = sys, .err = err };
	uint64_t exist, on;
	uint32_t n_online;
	const char *model;
	struct dt dt;
	int node, ret = -1;

	memset(sys, 0, sizeof(*sys));
	sys->live = true;
	if (parse_cpu_list(possible, &sys->ncpus, &exist) || !sys->ncpus)
		return cfg_fail(err, "the possible CPUs \"%.*s\" are not a CPU list such as 0-3",
				line_len(possible), possible);
	if (parse_cpu_list(online, &n_online, &on))
		return cfg_fail(err, "the online CPUs \"%.*s\" are not a CPU list such as 0-3",
				line_len(online), online);
	sys->online = on & exist;

	if (dt_open(&dt, dtb, len, err))
		return -1;
	lv.dt = &dt;
	model = fdt_getprop(dt.fdt, 0, "model", &node);
	if (model && node > 0)
		dt_printable(model, node, sys->model, sizeof(sys->model));
	if (find_gic(&lv))
		goto out;
	find_cpus(&lv);
	fdt_for_each_subnode(node, dt.fdt, 0)
		if (is_memory(&dt, node) && root_owns(&dt, node) &&
		    add_reg(&lv, node, sys->ram, &sys->nram, SYS_MAX_RAM) < 0)
			goto out;
	if (!sys->nram) {
		cfg_fail(err, "the device tree has no memory node (device_type = \"memory\"): vhypctl cannot tell the machine's RAM");
		goto out;
	}
	node = fdt_path_offset(dt.fdt, "/reserved-memory");
	if (node >= 0) {
		int child;

		fdt_for_each_subnode(child, dt.fdt, node)
			if (add_reg(&lv, child, sys->resv, &sys->nresv, SYS_MAX_RESV) < 0)
				goto out;
	}
	ret = find_frames(&lv);
	if (!ret)
		ret = walk_devices(&lv, 0, 0);
out:
	dt_close(&dt);
	return ret;
}
