// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: the devices passed through to a Linux cell, in the device tree
 * it boots with.  A cell config knows a device's MMIO range and SPIs but
 * not its bindings; the root's own device tree (/sys/firmware/fdt) has
 * them.  So each device of the config is looked up there by address
 * (dev_node_match(), dev_node_match.c): the node (with a compatible) one
 * of whose reg ranges, translated to a physical address through its
 * parents' ranges, starts inside the device's range; one that starts
 * exactly at its base wins.  Its copy,
 * under / of the cell's tree, keeps its plain properties and is changed
 * where the cell differs from the root:
 *
 *   reg         the ranges the cell has, as (address, size) pairs of 2
 *               cells each at the cell's IPA (== the physical address:
 *               passthrough is identity), cut to what the cell maps
 *   interrupts  the SPIs of the cell's config, 3 cells, parent the cell's
 *               GIC; from interrupts (GICv3 with 3 cells, or 4 with a
 *               PPI-partition cell) or interrupts-extended
 *   clocks      the fixed clock the cell's tree has, as "apb_pclk", if the
 *               root's node had an apb_pclk (what an AMBA primecell such
 *               as the PL031 needs to probe); other clocks are left out
 *   status      "okay"
 *
 * Properties that point at nodes the cell does not have (phandles:
 * clocks, resets, pinctrl-*, power-domains, dmas, iommus, phys, *-supply,
 * *-gpios, ...) are left out, and so are the node's children (what sits
 * on a bus the cell does not own) and what describes them (#address-cells,
 * #size-cells, ranges).  Each interrupt or range left out, and each device
 * without a node, is one sentence to b->warn: the cell still gets its MMIO
 * and SPIs, and --dtb describes it in full.
 *
 * The root's tree is input: every length and offset is checked, libfdt's
 * return codes included; what makes no sense is skipped, never trusted.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "dev_node.h"
#include "dt.h"
#include "linux.h"

#define IRQ_CELLS	3	/* the cell's GIC's: <type number flags> */
#define STR_(x)		#x
#define STR(x)		STR_(x)

/* The properties of the root's node that do not go into the cell's copy. */
static const char *const dropped_props[] = {
	/* rewritten */
	"reg", "interrupts", "interrupts-extended", "interrupt-parent", "status",
	"clocks", "clock-names",
	/* this node's own phandle: the cell's tree numbers its own */
	"phandle", "linux,phandle",
	/* phandles of nodes the cell does not have */
	"assigned-clocks", "assigned-clock-parents", "assigned-clock-rates",
	"resets", "reset-names", "power-domains", "power-domain-names",
	"dmas", "dma-names", "iommus", "iommu-map", "iommu-map-mask",
	"msi-parent", "msi-map", "msi-map-mask", "phys", "phy-names",
	"interrupt-map", "interrupt-map-mask", "nvmem-cells", "nvmem-cell-names",
	"memory-region", "memory-region-names", "mboxes", "mbox-names",
	"interconnects", "interconnect-names", "pwms", "pwm-names",
	"io-channels", "io-channel-names", "gpios", "operating-points-v2",
	"thermal-sensors", "sram",
	/* of the children, which are not copied */
	"#address-cells", "#size-cells", "ranges", "dma-ranges",
	NULL
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static bool prop_dropped(const char *name)
{
	unsigned int i;

	for (i = 0; dropped_props[i]; i++)
		if (!strcmp(name, dropped_props[i]))
			return true;
	return !strncmp(name, "pinctrl-", 8) || ends_with(name, "-supply") ||
	       ends_with(name, "-gpios") || ends_with(name, "-gpio");
}

/* The config's count of devices, bounded (a driver's copy is input too). */
static unsigned int ndev(const struct vhyp_cell_config *cfg)
{
	return cfg->num_dev < VHYP_CELL_MAX_DEV ? cfg->num_dev : VHYP_CELL_MAX_DEV;
}

static void warn(const struct linux_boot *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(const struct linux_boot *b, const char *fmt, ...)
{
	char msg[CFG_ERR_LEN];
	va_list ap;

	if (!b->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	b->warn(msg);
}

/* "cell linux: device rtc (4 KiB at 0x9010000)", to begin sentences */
static const char *dev_str(const struct vhyp_cell_config *cfg, unsigned int i, char *buf,
			   size_t len)
{
	char size[32];

	snprintf(buf, len, "cell %.*s: device %.*s (%s at 0x%llx)", VHYP_CELL_NAME_LEN,
		 cfg->name, VHYP_REGION_NAME_LEN, cfg->dev[i].name,
		 size_str(cfg->dev[i].size, size, sizeof(size)), ULL(cfg->dev[i].base));
	return buf;
}

/* NODE's reg: the ranges the cell has, cut to what it maps. */
static void take_reg(const struct linux_boot *b, const struct dt *dt, struct linux_dev *ld,
		     const char *what)
{
	const struct vhyp_cell_config *cfg = b->cfg;
	struct dt_reg w;
	uint64_t addr, size, end;
	unsigned int j, n;
	bool got;
	int d;

	ld->reg_all = dt_reg_open(&w, dt, ld->node) && w.whole && w.n;
	n = ld->reg_all ? w.n : 0;
	for (j = 0; j < n; j++) {
		got = j < LINUX_DEV_MAX_REG && dt_reg_get(&w, j, &addr, &size);
		d = got ? dev_node_at(cfg, addr) : -1;
		if (d < 0 && got) {
			warn(b, "%s: range %u of its reg in the root's device tree (0x%llx bytes at 0x%llx) is not the cell's: left out of its node",
			     what, j, ULL(size), ULL(addr));
			ld->reg_all = false;
			continue;
		}
		if (d < 0) {
			warn(b, "%s: range %u of its reg in the root's device tree %s: left out of its node",
			     what, j, j < LINUX_DEV_MAX_REG ? "does not translate to an address" :
			     "is beyond the first " STR(LINUX_DEV_MAX_REG) " vhypctl copies");
			ld->reg_all = false;
			continue;
		}
		end = cfg->dev[d].base + cfg->dev[d].size;
		if (size > end - addr) {
			warn(b, "%s: range %u of its reg in the root's device tree (0x%llx bytes at 0x%llx) is cut to the 0x%llx bytes the cell has",
			     what, j, ULL(size), ULL(addr), ULL(end - addr));
			size = end - addr;
		}
		ld->reg[2 * ld->nreg] = addr;
		ld->reg[2 * ld->nreg + 1] = size;
		ld->nreg++;
	}
}

static bool cell_has_spi(const struct vhyp_cell_config *cfg, uint32_t intid)
{
	unsigned int i;

	for (i = 0; i < cfg->num_irqs && i < VHYP_CELL_MAX_IRQS; i++)
		if (cfg->irqs[i] == intid)
			return true;
	return false;
}

/* The GIC's #interrupt-cells (3, or 4 with a PPI-partition cell), or 0: NODE is no GICv3. */
static int gic_cells(const void *fdt, int node)
{
	const fdt32_t *c;
	int len, n;

	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,gic-v3") ||
	    !fdt_getprop(fdt, node, "interrupt-controller", NULL))
		return 0;
	c = fdt_getprop(fdt, node, "#interrupt-cells", &len);
	if (!c || len != sizeof(*c))
		return 0;
	n = fdt32_to_cpu(*c);
	return n == 3 || n == 4 ? n : 0;
}

/* One GIC specifier C: kept if it is an SPI of the cell, else said. */
static void take_irq(const struct linux_boot *b, struct linux_dev *ld, const fdt32_t *c,
		     const char *what)
{
	uint32_t type = fdt32_to_cpu(c[0]), num = fdt32_to_cpu(c[1]);
	uint32_t flags = fdt32_to_cpu(c[2]);

	if (type == 0 && num <= GIC_SPI_LAST - GIC_SPI_BASE &&
	    cell_has_spi(b->cfg, num + GIC_SPI_BASE) && ld->nirq < LINUX_DEV_MAX_IRQ) {
		ld->irq[IRQ_CELLS * ld->nirq] = 0;
		ld->irq[IRQ_CELLS * ld->nirq + 1] = num;
		ld->irq[IRQ_CELLS * ld->nirq + 2] = flags;
		ld->nirq++;
		return;
	}
	if (type == 0)
		warn(b, "%s: its interrupt <%u %u %u> in the root's device tree is not an SPI of the cell: left out of its node (give the cell that SPI in the device's interrupts in the cell config)",
		     what, type, num, flags);
	else
		warn(b, "%s: its interrupt <%u %u %u> in the root's device tree is not an SPI, and cells get only SPIs: left out of its node",
		     what, type, num, flags);
	ld->irq_all = false;
}

/* The node of NODE's interrupt parent, or -FDT_ERR_*. */
static int irq_parent(const struct dt *dt, int node)
{
	uint32_t phandle = dt_interrupt_parent(dt, node);

	return phandle ? fdt_node_offset_by_phandle(dt->fdt, phandle) : -FDT_ERR_NOTFOUND;
}

/* interrupts-extended: <&controller specifier...>... */
static void take_irqs_extended(const struct linux_boot *b, const struct dt *dt,
			       struct linux_dev *ld, const fdt32_t *c, int n, const char *what)
{
	const fdt32_t *ic;
	int i = 0, ctl, cells, len;

	while (i < n) {
		ctl = fdt_node_offset_by_phandle(dt->fdt, fdt32_to_cpu(c[i]));
		ic = ctl < 0 ? NULL : fdt_getprop(dt->fdt, ctl, "#interrupt-cells", &len);
		cells = ic && len == sizeof(*ic) ? (int)fdt32_to_cpu(*ic) : -1;
		if (cells < 1 || cells > 4 || cells >= n - i) {
			warn(b, "%s: its interrupts-extended in the root's device tree cannot be read from entry %d on: left out of its node",
			     what, i);
			ld->irq_all = false;
			return;
		}
		if (gic_cells(dt->fdt, ctl) == cells) {
			take_irq(b, ld, c + i + 1, what);
		} else {
			warn(b, "%s: an interrupt in its interrupts-extended is not the GIC's: left out of its node",
			     what);
			ld->irq_all = false;
		}
		i += 1 + cells;
	}
}

static void take_irqs(const struct linux_boot *b, const struct dt *dt, struct linux_dev *ld,
		      const char *what)
{
	const fdt32_t *c;
	int n, i, cells;

	ld->irq_all = true;
	c = fdt_getprop(dt->fdt, ld->node, "interrupts-extended", &n);
	if (c && n > 0) {
		take_irqs_extended(b, dt, ld, c, n / (int)sizeof(*c), what);
		return;
	}
	c = fdt_getprop(dt->fdt, ld->node, "interrupts", &n);
	if (!c || n <= 0)
		return;
	cells = gic_cells(dt->fdt, irq_parent(dt, ld->node));
	if (!cells || n % (cells * (int)sizeof(*c))) {
		warn(b, "%s: its interrupts in the root's device tree are not a GICv3's: left out of its node",
		     what);
		ld->irq_all = false;
		return;
	}
	for (i = 0; i < n / (int)sizeof(*c); i += cells)
		take_irq(b, ld, c + i, what);
}

/* The node's name in the cell's tree: its own, less any hostile byte, at its first range. */
static void node_name(const void *fdt, struct linux_dev *ld)
{
	const char *s = fdt_get_name(fdt, ld->node, NULL);
	char base[32];
	size_t i, n = 0;

	for (i = 0; s && s[i] && s[i] != '@' && n < sizeof(base) - 1; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+-",
			   s[i]))
			base[n++] = s[i];
	base[n] = '\0';
	snprintf(ld->name, sizeof(ld->name), "%s@%llx", n ? base : "device", ULL(ld->reg[0]));
}

static bool has_apb_pclk(const void *fdt, int node)
{
	const char *names;
	int len;

	names = fdt_getprop(fdt, node, "clock-names", &len);
	return names && len > 0 && fdt_stringlist_contains(names, len, "apb_pclk");
}

void linux_devs_find(const struct linux_boot *b, struct linux_devs *devs)
{
	const struct vhyp_cell_config *cfg = b->cfg;
	const struct dt *dt = &devs->dt;
	char what[160], why[CFG_ERR_LEN + 64];
	struct cfg_err err = { "" };
	int node[VHYP_CELL_MAX_DEV];
	struct linux_dev *ld;
	unsigned int i, j;
	bool have = false;

	memset(devs, 0, sizeof(*devs));
	for (i = 0; i < VHYP_CELL_MAX_DEV; i++)
		devs->dev[i].node = -1;
	if (!ndev(cfg))
		return;
	if (!b->root_fdt)
		snprintf(why, sizeof(why), "%s", b->root_why ? b->root_why : "there is none");
	else if (dt_open(&devs->dt, b->root_fdt, b->root_len, &err))
		snprintf(why, sizeof(why), "%s is %s", b->root_name, err.msg);
	else
		have = true;
	if (have) {
		dev_node_match(dt, cfg, node);
		for (i = 0; i < VHYP_CELL_MAX_DEV; i++)
			devs->dev[i].node = node[i];
	}
	for (i = 0; i < ndev(cfg); i++) {
		ld = &devs->dev[i];
		dev_str(cfg, i, what, sizeof(what));
		if (ld->node < 0) {
			warn(b, "%s is not in its device tree: %s; the cell still gets its MMIO and SPIs, and --dtb FILE describes it",
			     what, have ? "the root's device tree has no node with reg there" : why);
			continue;
		}
		for (j = 0; j < i; j++)
			if (devs->dev[j].node == ld->node)
				break;
		if (j < i) {
			ld->node = -1;	/* one node with ranges in two devices: there */
			continue;
		}
		take_reg(b, dt, ld, what);
		take_irqs(b, dt, ld, what);
		if (!ld->nreg) {
			ld->node = -1;
			continue;
		}
		node_name(dt->fdt, ld);
		ld->apb_pclk = has_apb_pclk(dt->fdt, ld->node);
		devs->need_clock |= ld->apb_pclk;
	}
}

void linux_devs_free(struct linux_devs *devs)
{
	dt_close(&devs->dt);
}

#define T(call)	do { int _r = (call); if (_r) return _r; } while (0)

static int build_dev(void *out, const void *fdt, const struct linux_dev *ld, uint32_t gic,
		     uint32_t clk)
{
	fdt64_t reg[2 * LINUX_DEV_MAX_REG];
	fdt32_t irq[IRQ_CELLS * LINUX_DEV_MAX_IRQ];
	const char *name;
	const void *val;
	unsigned int i;
	int prop, len;

	T(fdt_begin_node(out, ld->name));
	fdt_for_each_property_offset(prop, fdt, ld->node) {
		val = fdt_getprop_by_offset(fdt, prop, &name, &len);
		if (!val || !name || prop_dropped(name) ||
		    (!strcmp(name, "reg-names") && !ld->reg_all) ||
		    (!strcmp(name, "interrupt-names") && !ld->irq_all))
			continue;
		T(fdt_property(out, name, val, len));
	}
	for (i = 0; i < 2 * ld->nreg; i++)
		reg[i] = cpu_to_fdt64(ld->reg[i]);
	T(fdt_property(out, "reg", reg, 2 * ld->nreg * sizeof(reg[0])));
	if (ld->nirq) {
		for (i = 0; i < IRQ_CELLS * ld->nirq; i++)
			irq[i] = cpu_to_fdt32(ld->irq[i]);
		T(fdt_property(out, "interrupts", irq, IRQ_CELLS * ld->nirq * sizeof(irq[0])));
		T(fdt_property_u32(out, "interrupt-parent", gic));
	}
	if (ld->apb_pclk) {
		T(fdt_property_u32(out, "clocks", clk));
		T(fdt_property_string(out, "clock-names", "apb_pclk"));
	}
	T(fdt_property_string(out, "status", "okay"));
	return fdt_end_node(out);
}

int linux_devs_build(void *out, const struct linux_devs *devs, uint32_t gic, uint32_t clk)
{
	unsigned int i;

	for (i = 0; i < VHYP_CELL_MAX_DEV; i++)
		if (devs->dev[i].node >= 0 && devs->dt.fdt)
			T(build_dev(out, devs->dt.fdt, &devs->dev[i], gic, clk));
	return 0;
}
