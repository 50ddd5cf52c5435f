// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: a cell config (Documentation/cell-config.md) into the flat
 * struct vhyp_cell_config of uapi/vhyp/cell.h, one function per node kind.
 *
 * Deny by default: a node or property the binding does not name is
 * refused, so that a typo ("szie") is an error rather than a default.
 * The first broken rule ends the parse with a sentence naming the node,
 * the property and its value, and what to do.  /memory and its regions
 * are in config_memory.c, /channels in config_channels.c, /virtio in
 * config_virtio.c; the rules between nodes and against the machine in
 * config_rules.c.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "config_priv.h"

const char valid_chars[] = "A-Z, a-z, 0-9, _ and -";

/* [base, base + size): nonzero, 4 KiB aligned, no wrap, within 48 bits */
int check_range(const struct cell_parse *p, int node, const char *prop,
		       uint64_t base, uint64_t size, struct cfg_err *err)
{
	char path[DT_PATH_LEN];

	if (!size)
		return cfg_fail(err, "%s: size is 0: give it a size, a multiple of 4 KiB (0x1000)",
				dt_path(p->dt, node, path));
	if (base % PAGE_4K)
		return cfg_fail(err, "%s: %s 0x%llx is not a multiple of 4 KiB (0x1000): use 0x%llx or 0x%llx",
				dt_path(p->dt, node, path), prop, ULL(base),
				ULL(base & ~(PAGE_4K - 1)),
				ULL((base & ~(PAGE_4K - 1)) + PAGE_4K));
	if (size % PAGE_4K)
		return cfg_fail(err, "%s: size 0x%llx is not a multiple of 4 KiB (0x1000): round it up to 0x%llx",
				dt_path(p->dt, node, path), ULL(size),
				ULL((size | (PAGE_4K - 1)) + 1));
	if (base + size < base || base + size > VHYP_ADDR_LIMIT)
		return cfg_fail(err, "%s: %s 0x%llx with size 0x%llx ends beyond the 48-bit addresses vhyp maps (up to 0x%llx): move it lower or make it smaller",
				dt_path(p->dt, node, path), prop, ULL(base), ULL(size),
				ULL(VHYP_ADDR_LIMIT - 1));
	return 0;
}

int read_ipa_size(struct cell_parse *p, int node, uint64_t *ipa, int *has_ipa,
		  uint64_t *size, int *has_size, struct cfg_err *err)
{
	*ipa = *size = 0;
	*has_ipa = dt_u64(p->dt, node, "ipa", ipa, err);
	if (*has_ipa < 0)
		return -1;
	*has_size = dt_u64(p->dt, node, "size", size, err);
	return *has_size < 0 ? -1 : 0;
}

static int parse_cpus(struct cell_parse *p, struct cfg_err *err)
{
	const uint32_t *cells;
	unsigned int n, i;
	uint32_t cpu;
	int ret;

	ret = dt_cells(p->dt, 0, "cpus", &cells, &n, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "/: cpus is missing: list the Linux CPUs the cell gets, as in 'cpus = <3>;'");
	if (!n)
		return cfg_fail(err, "/: cpus is empty: list the Linux CPUs the cell gets, as in 'cpus = <3>;'");
	for (i = 0; i < n; i++) {
		cpu = dt_cell(cells, i);
		if (cpu >= VHYP_CELL_MAX_CPUS)
			return cfg_fail(err, "/: cpus names CPU %u: vhyp gives only Linux CPUs 0 to %u to cells",
					cpu, VHYP_CELL_MAX_CPUS - 1);
		if (p->cfg->cpus & (1ull << cpu))
			return cfg_fail(err, "/: cpus names CPU %u twice: list each CPU once", cpu);
		p->cfg->cpus |= 1ull << cpu;
	}
	return 0;
}

/* pmu: the cell gets its CPUs' PMU (reset at every start); without it, no PMU. */
static int parse_pmu(struct cell_parse *p, struct cfg_err *err)
{
	int len;

	if (!fdt_getprop(p->dt->fdt, 0, "pmu", &len))
		return 0;
	if (len)
		return cfg_fail(err, "/: pmu takes no value: write 'pmu;' to give the cell its CPUs' performance monitors");
	p->cfg->flags |= VHYP_CELL_PMU;
	return 0;
}

static int parse_root(struct cell_parse *p, struct cfg_err *err)
{
	static const char *const props[] = {
		"compatible", "vhyp,schema-version", "cell-name", "cpus", "pmu", NULL
	};
	static const char *const nodes[] = {
		"memory", "devices", "console", "channels", "virtio", NULL
	};
	const char *name;
	char buf[80];
	int ret;

	if (fdt_num_mem_rsv(p->dt->fdt) > 0)
		return cfg_fail(err, "/memreserve/: a cell config has no /memreserve/ entries: describe memory under /memory");
	if (dt_check_header(p->dt, "cell", &p->schema, err) ||
	    dt_only_props(p->dt, 0, props,
			  "a cell config's root has only compatible, vhyp,schema-version, cell-name, cpus and pmu",
			  err) ||
	    dt_only_nodes(p->dt, 0, nodes,
			  "a cell config has only the nodes memory, devices, console, channels and virtio",
			  err))
		return -1;

	p->cfg->size = sizeof(*p->cfg);
	p->cfg->schema = VHYP_CELL_SCHEMA;
	ret = dt_string(p->dt, 0, "cell-name", &name, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "/: cell-name is missing: name the cell, as in 'cell-name = \"hello\";'");
	if (!dt_valid_name(name, VHYP_CELL_NAME_LEN - 1))
		return cfg_fail(err, "/: cell-name \"%s\" is not a valid name: use 1 to %d characters of %s",
				dt_printable(name, strlen(name), buf, sizeof(buf)),
				VHYP_CELL_NAME_LEN - 1, valid_chars);
	strcpy(p->cfg->name, name);
	ret = parse_pmu(p, err);
	return ret ? ret : parse_cpus(p, err);
}

static const char *const spi_types[] = {
	"an SPI", "a PPI, private to each CPU", "an extended SPI", "an extended PPI"
};

/* The SPIs of NODE's interrupts property: 3-cell GIC specifiers. */
int parse_spis(struct cell_parse *p, int node, uint32_t *intids,
	       unsigned int max, unsigned int *count, struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	const uint32_t *c;
	uint32_t type, num, flags;
	unsigned int n, i;
	int ret;

	*count = 0;
	ret = dt_cells(p->dt, node, "interrupts", &c, &n, err);
	if (ret <= 0)
		return ret;
	if (!n || n % 3)
		return cfg_fail(err, "%s: interrupts must be 3-cell GIC specifiers <type number flags>, as in 'interrupts = <0 333 4>;', not %u cells",
				dt_path(p->dt, node, path), n);
	for (i = 0; i < n; i += 3) {
		type = dt_cell(c, i);
		num = dt_cell(c, i + 1);
		flags = dt_cell(c, i + 2);
		if (type != 0)
			return cfg_fail(err, "%s: interrupts <%u %u %u> is %s: only SPIs (first cell 0) can be given to a cell",
					dt_path(p->dt, node, path), type, num, flags,
					type < 4 ? spi_types[type] : "not a GIC interrupt type");
		if (num > GIC_SPI_LAST - GIC_SPI_BASE)
			return cfg_fail(err, "%s: interrupts <0 %u %u> names SPI %u (INTID %llu), beyond the last SPI of a GICv3 (SPI %u, INTID %u)",
					dt_path(p->dt, node, path), num, flags, num,
					ULL(num) + GIC_SPI_BASE, GIC_SPI_LAST - GIC_SPI_BASE,
					GIC_SPI_LAST);
		if (flags != 1 && flags != 4)
			return cfg_fail(err, "%s: interrupts <0 %u %u>: flags %u is not a trigger an SPI can have: use 4 (level, active high) or 1 (edge, rising)",
					dt_path(p->dt, node, path), num, flags, flags);
		if (*count == max)
			return cfg_fail(err, "%s: interrupts <0 %u %u> is one SPI too many: a cell has at most %d SPIs in all (VHYP_CELL_MAX_IRQS)",
					dt_path(p->dt, node, path), num, flags,
					VHYP_CELL_MAX_IRQS);
		intids[(*count)++] = num + GIC_SPI_BASE;
	}
	return 0;
}

/* INTID must not be given yet by a device (the console, channels and virtio come after them). */
int check_spi_free(struct cell_parse *p, int node, uint32_t intid,
		   struct cfg_err *err)
{
	char path[DT_PATH_LEN], other[DT_PATH_LEN];
	uint32_t i;

	for (i = 0; i < p->cfg->num_irqs; i++)
		if (p->cfg->irqs[i] == intid)
			return cfg_fail(err, "%s: SPI %u (INTID %u) is already given by %s: an SPI has one owner",
					dt_path(p->dt, node, path), intid - GIC_SPI_BASE,
					intid, dt_path(p->dt, p->irq_node[i], other));
	return 0;
}

static int parse_device(struct cell_parse *p, int node, struct cfg_err *err)
{
	static const char *const props[] = { "reg", "interrupts", NULL };
	static const char *const none[] = { NULL };
	struct vhyp_cell_config *cfg = p->cfg;
	struct vhyp_cell_dev *d = &cfg->dev[cfg->num_dev];
	uint32_t intids[VHYP_CELL_MAX_IRQS];
	char path[DT_PATH_LEN];
	unsigned int n, i;
	uint64_t reg[2 * 4];
	const char *name;
	int ret;

	name = fdt_get_name(p->dt->fdt, node, NULL);
	if (!dt_valid_name(name, VHYP_REGION_NAME_LEN - 1))
		return cfg_fail(err, "%s: a device's name (its node name) must be 1 to %d characters of %s, with no unit address: the address is in reg",
				dt_path(p->dt, node, path), VHYP_REGION_NAME_LEN - 1,
				valid_chars);
	if (dt_only_props(p->dt, node, props, "a device has only reg and interrupts", err) ||
	    dt_only_nodes(p->dt, node, none, "a device has no subnodes", err))
		return -1;
	ret = dt_ranges(p->dt, node, "reg", reg, 4, &n, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "%s: reg is missing: give the device's MMIO range, as in 'reg = /bits/ 64 <0xfeb50000 0x1000>;'",
				dt_path(p->dt, node, path));
	if (n > 1)
		return cfg_fail(err, "%s: reg has %u ranges: a device has one; describe each range as a device of its own",
				dt_path(p->dt, node, path), n);
	if (check_range(p, node, "reg", reg[0], reg[1], err))
		return -1;
	strcpy(d->name, name);
	d->base = reg[0];
	d->size = reg[1];
	p->dev_node[cfg->num_dev++] = node;

	if (parse_spis(p, node, intids, VHYP_CELL_MAX_IRQS - cfg->num_irqs, &n, err))
		return -1;
	for (i = 0; i < n; i++) {
		if (check_spi_free(p, node, intids[i], err))
			return -1;
		p->irq_node[cfg->num_irqs] = node;
		cfg->irqs[cfg->num_irqs++] = intids[i];
	}
	return 0;
}

int parse_children(struct cell_parse *p, int parent, const char *holds,
		   const uint32_t *count, uint32_t max, const char *too_many,
		   int (*parse)(struct cell_parse *p, int node, struct cfg_err *err),
		   struct cfg_err *err)
{
	static const char *const none[] = { NULL };
	char path[DT_PATH_LEN];
	int node;

	if (dt_only_props(p->dt, parent, none, holds, err))
		return -1;
	fdt_for_each_subnode(node, p->dt->fdt, parent) {
		if (*count == max)
			return cfg_fail(err, "%s: %s", dt_path(p->dt, node, path), too_many);
		if (parse(p, node, err))
			return -1;
	}
	return 0;
}

static int parse_devices(struct cell_parse *p, struct cfg_err *err)
{
	int devs = fdt_subnode_offset(p->dt->fdt, 0, "devices");

	if (devs < 0)
		return 0;
	return parse_children(p, devs, "/devices holds only device nodes", &p->cfg->num_dev,
			      VHYP_CELL_MAX_DEV,
			      "one device too many: a cell has at most " STR(VHYP_CELL_MAX_DEV)
			      " devices (VHYP_CELL_MAX_DEV)", parse_device, err);
}

static int parse_console(struct cell_parse *p, struct cfg_err *err)
{
	static const char *const props[] = { "compatible", "ipa", "interrupts", NULL };
	static const char *const none[] = { NULL };
	struct vhyp_cell_console *con = &p->cfg->console;
	char path[DT_PATH_LEN], buf[80];
	const char *compat;
	uint32_t intids[VHYP_CELL_MAX_IRQS];
	uint64_t ipa;
	unsigned int n;
	int node, ret;

	node = fdt_subnode_offset(p->dt->fdt, 0, "console");
	if (node < 0)
		return 0;
	if (dt_only_props(p->dt, node, props,
			  "the console has only compatible, ipa and interrupts", err) ||
	    dt_only_nodes(p->dt, node, none, "the console has no subnodes", err))
		return -1;
	ret = dt_string(p->dt, node, "compatible", &compat, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "/console: compatible is missing: write 'compatible = \"arm,pl011\";', the console vhyp emulates");
	if (strcmp(compat, "arm,pl011"))
		return cfg_fail(err, "/console: compatible \"%s\" is not \"arm,pl011\", the only console vhyp emulates",
				dt_printable(compat, strlen(compat), buf, sizeof(buf)));
	ret = dt_u64(p->dt, node, "ipa", &ipa, err);
	if (ret < 0)
		return ret;
	con->ipa = ipa;
	if (!ret)
		return cfg_fail(err, "/console: ipa is missing: give the address of its 4 KiB register frame, as in 'ipa = /bits/ 64 <0x9000000>;'");
	if (check_range(p, node, "ipa", con->ipa, CONSOLE_SIZE, err))
		return -1;
	con->type = VHYP_CONSOLE_PL011;
	p->console_node = node;

	if (parse_spis(p, node, intids, VHYP_CELL_MAX_IRQS, &n, err))
		return -1;
	if (n > 1)
		return cfg_fail(err, "%s: interrupts has %u specifiers: the console has one SPI",
				dt_path(p->dt, node, path), n);
	if (n && check_spi_free(p, node, intids[0], err))
		return -1;
	con->irq = n ? intids[0] : 0;
	return 0;
}

int cell_config_parse(const void *dtb, size_t len, const struct vhyp_system *sys,
		      struct vhyp_cell_config *cfg, struct cfg_err *err)
{
	struct cell_parse p = { .sys = sys, .cfg = cfg, .console_node = -1 };
	struct dt dt;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	if (dt_open(&dt, dtb, len, err))
		return -1;
	p.dt = &dt;
	ret = parse_root(&p, err);
	if (!ret)
		ret = parse_memory(&p, err);
	if (!ret)
		ret = parse_devices(&p, err);
	if (!ret)
		ret = parse_console(&p, err);
	if (!ret)
		ret = parse_channels(&p, err);
	if (!ret)
		ret = parse_virtio(&p, err);
	if (!ret)
		ret = cell_check_overlaps(&p, err);
	if (!ret && sys)
		ret = cell_check_system(&p, err);
	dt_close(&dt);
	if (ret)
		memset(cfg, 0, sizeof(*cfg));
	return ret;
}
