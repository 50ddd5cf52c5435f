// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: the device tree a Linux cell boots with.  Built from the cell's
 * config as QEMU's virt machine describes the same hardware (its dumpdtb
 * is the model for every node: Linux drives it unmodified), or the user's
 * own tree with /chosen set.
 *
 * The cell's CPUs are virtual CPUs 0..n-1 (MPIDR Aff0 = n), started by
 * PSCI through the hypervisor (hvc).  Its GICv3 is at the machine's
 * addresses: the distributor, and one redistributor frame per virtual CPU
 * from the machine's first redistributor address (hyp/vgicr.c); they come
 * from the system description, which the cell config does not repeat.
 * The timer is the architected one, with the machine's PPIs.  The console
 * is the emulated PL011, clocked like QEMU's.  Devices passed through are
 * copied from the root's own device tree (linux_dt_dev.c).  Channels follow
 * the binding of Documentation/channels.md: each window a no-map child of
 * /reserved-memory, each channel a node of /vhyp-channels that names it.
 * Virtio devices are virtio-mmio nodes as QEMU's virt machine writes them,
 * with its edge trigger and dma-coherent (the backend reads the cell's RAM
 * through the root's cacheable mapping).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dt.h"
#include "linux.h"

#define GIC_PHANDLE	1
#define CLK_PHANDLE	2
#define CHAN_PHANDLE	3	/* the first channel's window; the next ones follow */
#define GICD_SIZE	0x10000u
#define GICR_FRAME	0x20000u	/* RD_base + SGI_base */
#define IRQ_LEVEL_HIGH	4
#define IRQ_EDGE_RISING	1
#define DT_START_SIZE	8192

const char *linux_default_cmdline(const struct vhyp_cell_config *cfg, char *buf,
				  size_t len)
{
	if (cfg->console.type != VHYP_CONSOLE_PL011)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "console=ttyAMA0 earlycon=pl011,0x%llx",
			 ULL(cfg->console.ipa));
	return buf;
}

/* (address, size) pairs with #address-cells = #size-cells = 2 */
static int prop_reg(void *fdt, const char *name, const uint64_t *v, unsigned int n)
{
	fdt64_t cells[4];
	unsigned int i;

	for (i = 0; i < n; i++)
		cells[i] = cpu_to_fdt64(v[i]);
	return fdt_property(fdt, name, cells, n * sizeof(cells[0]));
}

static int prop_cells(void *fdt, const char *name, const uint32_t *v, unsigned int n)
{
	fdt32_t cells[12];
	unsigned int i;

	for (i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, cells, n * sizeof(cells[0]));
}

/* A string list: the strings of S separated by '\n' become NUL-separated. */
static int prop_strings(void *fdt, const char *name, const char *s)
{
	char buf[128];
	size_t i, n = strlen(s) + 1;

	if (n > sizeof(buf))
		return -FDT_ERR_NOSPACE;
	for (i = 0; i < n; i++)
		buf[i] = s[i] == '\n' ? '\0' : s[i];
	return fdt_property(fdt, name, buf, n);
}

static int begin(void *fdt, const char *name, uint64_t unit)
{
	char node[64];

	snprintf(node, sizeof(node), "%s@%llx", name, ULL(unit));
	return fdt_begin_node(fdt, node);
}

/* Each libfdt call of the build returns 0 or -FDT_ERR_*: stop at the first. */
#define T(call)	do { int _r = (call); if (_r) return _r; } while (0)

static int build_cpus(void *fdt, unsigned int ncpus)
{
	unsigned int i;

	T(fdt_begin_node(fdt, "cpus"));
	T(fdt_property_u32(fdt, "#address-cells", 1));
	T(fdt_property_u32(fdt, "#size-cells", 0));
	for (i = 0; i < ncpus; i++) {
		T(begin(fdt, "cpu", i));
		T(fdt_property_string(fdt, "device_type", "cpu"));
		T(fdt_property_string(fdt, "compatible", "arm,armv8"));
		T(fdt_property_u32(fdt, "reg", i));
		T(fdt_property_string(fdt, "enable-method", "psci"));
		T(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int build_gic(void *fdt, const struct vhyp_system *sys, unsigned int ncpus)
{
	uint64_t reg[4] = { sys->gicd.base, GICD_SIZE, sys->gicr[0].base,
			    (uint64_t)ncpus * GICR_FRAME };

	T(begin(fdt, "intc", sys->gicd.base));
	T(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	T(fdt_property_u32(fdt, "#interrupt-cells", 3));
	T(fdt_property(fdt, "interrupt-controller", NULL, 0));
	T(fdt_property_u32(fdt, "#address-cells", 2));
	T(fdt_property_u32(fdt, "#size-cells", 2));
	T(fdt_property(fdt, "ranges", NULL, 0));
	T(prop_reg(fdt, "reg", reg, 4));
	T(fdt_property_u32(fdt, "#redistributor-regions", 1));
	T(fdt_property_u32(fdt, "phandle", GIC_PHANDLE));
	return fdt_end_node(fdt);
}

/* The architected timer's PPIs: secure, non-secure physical, virtual, hyp. */
static int build_timer(void *fdt)
{
	static const uint32_t irqs[12] = { 1, 13, IRQ_LEVEL_HIGH, 1, 14, IRQ_LEVEL_HIGH,
					   1, 11, IRQ_LEVEL_HIGH, 1, 10, IRQ_LEVEL_HIGH };

	T(fdt_begin_node(fdt, "timer"));
	T(prop_strings(fdt, "compatible", "arm,armv8-timer\narm,armv7-timer"));
	T(prop_cells(fdt, "interrupts", irqs, 12));
	T(fdt_property(fdt, "always-on", NULL, 0));
	return fdt_end_node(fdt);
}

/* QEMU's: the PL011's clocks, and an AMBA device's apb_pclk */
static int build_clock(void *fdt)
{
	T(fdt_begin_node(fdt, "apb-pclk"));
	T(fdt_property_string(fdt, "compatible", "fixed-clock"));
	T(fdt_property_u32(fdt, "#clock-cells", 0));
	T(fdt_property_u32(fdt, "clock-frequency", 24000000));
	T(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	T(fdt_property_u32(fdt, "phandle", CLK_PHANDLE));
	return fdt_end_node(fdt);
}

static int build_console(void *fdt, const struct vhyp_cell_console *con)
{
	uint64_t reg[2] = { con->ipa, CONSOLE_SIZE };
	uint32_t irq[3] = { 0, con->irq - GIC_SPI_BASE, IRQ_LEVEL_HIGH };
	uint32_t clocks[2] = { CLK_PHANDLE, CLK_PHANDLE };

	T(begin(fdt, "pl011", con->ipa));
	T(prop_strings(fdt, "compatible", "arm,pl011\narm,primecell"));
	T(prop_reg(fdt, "reg", reg, 2));
	if (con->irq >= GIC_SPI_BASE)
		T(prop_cells(fdt, "interrupts", irq, 3));
	T(prop_cells(fdt, "clocks", clocks, 2));
	T(prop_strings(fdt, "clock-names", "uartclk\napb_pclk"));
	return fdt_end_node(fdt);
}

/*
 * The channels' windows are no RAM of Linux's (no memory node covers
 * them) and must never be: no-map reserved memory, which a driver maps
 * itself through the channel's memory-region.  The first page is the
 * header the hypervisor writes (read-only), the data follows.
 */
static int build_channels(void *fdt, const struct vhyp_cell_config *cfg)
{
	uint32_t i, irq[3];

	if (!cfg->num_channels)
		return 0;
	T(fdt_begin_node(fdt, "reserved-memory"));
	T(fdt_property_u32(fdt, "#address-cells", 2));
	T(fdt_property_u32(fdt, "#size-cells", 2));
	T(fdt_property(fdt, "ranges", NULL, 0));
	for (i = 0; i < cfg->num_channels; i++) {
		const struct vhyp_cell_channel *ch = &cfg->channels[i];
		uint64_t reg[2] = { ch->ipa, chan_window(ch) };

		T(begin(fdt, "channel", ch->ipa));
		T(fdt_property_string(fdt, "compatible", "vhyp,channel-memory"));
		T(prop_reg(fdt, "reg", reg, 2));
		T(fdt_property(fdt, "no-map", NULL, 0));
		T(fdt_property_u32(fdt, "phandle", CHAN_PHANDLE + i));
		T(fdt_end_node(fdt));
	}
	T(fdt_end_node(fdt));
	T(fdt_begin_node(fdt, "vhyp-channels"));
	for (i = 0; i < cfg->num_channels; i++) {
		const struct vhyp_cell_channel *ch = &cfg->channels[i];
		char name[VHYP_CHANNEL_NAME_LEN], peer[VHYP_CELL_NAME_LEN];

		snprintf(name, sizeof(name), "%.*s", (int)sizeof(name) - 1, ch->name);
		snprintf(peer, sizeof(peer), "%.*s", (int)sizeof(peer) - 1, ch->peer);
		T(fdt_begin_node(fdt, name));
		T(fdt_property_string(fdt, "compatible", "vhyp,channel"));
		T(fdt_property_u32(fdt, "memory-region", CHAN_PHANDLE + i));
		if (ch->irq >= GIC_SPI_BASE) {
			irq[0] = 0;
			irq[1] = ch->irq - GIC_SPI_BASE;
			irq[2] = IRQ_EDGE_RISING;
			T(prop_cells(fdt, "interrupts", irq, 3));
		}
		T(fdt_property_string(fdt, "vhyp,peer", peer));
		T(fdt_property_string(fdt, "vhyp,access", chan_access_str(ch->flags)));
		T(fdt_property_u32(fdt, "vhyp,data-offset", VHYP_CHANNEL_HDR_SIZE));
		T(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

/*
 * The register window is a page; the node gives VHYP_VIRTIO_DT_SIZE, what
 * virtio-mmio version 2 has registers in (QEMU's size too).
 */
static int build_virtio(void *fdt, const struct vhyp_cell_config *cfg)
{
	uint32_t i;

	for (i = 0; i < cfg->num_virtio && i < VHYP_CELL_MAX_VIRTIO; i++) {
		const struct vhyp_cell_virtio *v = &cfg->virtio[i];
		uint64_t reg[2] = { v->ipa, VHYP_VIRTIO_DT_SIZE };
		uint32_t irq[3] = { 0, v->irq - GIC_SPI_BASE, IRQ_EDGE_RISING };

		T(begin(fdt, "virtio_mmio", v->ipa));
		T(fdt_property_string(fdt, "compatible", "virtio,mmio"));
		T(prop_reg(fdt, "reg", reg, 2));
		T(prop_cells(fdt, "interrupts", irq, 3));
		T(fdt_property(fdt, "dma-coherent", NULL, 0));
		T(fdt_end_node(fdt));
	}
	return 0;
}

static int build_chosen(void *fdt, const struct linux_boot *b)
{
	const struct vhyp_cell_config *cfg = b->cfg;
	char buf[256];
	const char *args = b->cmdline;

	T(fdt_begin_node(fdt, "chosen"));
	if (!args)
		args = linux_default_cmdline(cfg, buf, sizeof(buf));
	if (*args)
		T(fdt_property_string(fdt, "bootargs", args));
	if (cfg->console.type == VHYP_CONSOLE_PL011) {
		snprintf(buf, sizeof(buf), "/pl011@%llx", ULL(cfg->console.ipa));
		T(fdt_property_string(fdt, "stdout-path", buf));
	}
	if (b->initrd_end > b->initrd_start) {
		T(fdt_property_u64(fdt, "linux,initrd-start", b->initrd_start));
		T(fdt_property_u64(fdt, "linux,initrd-end", b->initrd_end));
	}
	if (b->kaslr_seed) {
		T(fdt_property(fdt, "rng-seed", b->rng_seed, sizeof(b->rng_seed)));
		T(fdt_property_u64(fdt, "kaslr-seed", b->kaslr_seed));
	}
	return fdt_end_node(fdt);
}

static int build(void *fdt, int size, const struct linux_boot *b,
		 const struct linux_devs *devs)
{
	static const char *const psci = "arm,psci-1.0\narm,psci-0.2";
	const struct vhyp_cell_config *cfg = b->cfg;
	unsigned int ncpus = __builtin_popcountll(cfg->cpus);
	char model[64];
	uint32_t i;

	T(fdt_create(fdt, size));
	T(fdt_finish_reservemap(fdt));
	T(fdt_begin_node(fdt, ""));
	T(fdt_property_u32(fdt, "#address-cells", 2));
	T(fdt_property_u32(fdt, "#size-cells", 2));
	T(fdt_property_string(fdt, "compatible", "vhyp,cell"));
	snprintf(model, sizeof(model), "vhyp cell %.*s", VHYP_CELL_NAME_LEN, cfg->name);
	T(fdt_property_string(fdt, "model", model));
	T(fdt_property_u32(fdt, "interrupt-parent", GIC_PHANDLE));

	T(build_chosen(fdt, b));
	for (i = 0; i < cfg->num_mem; i++) {
		const struct vhyp_cell_mem *m = &cfg->mem[i];
		uint64_t reg[2] = { m->ipa, m->size };

		/* RAM is what Linux may write; a read-only region is not */
		if (!m->size || !(m->flags & VHYP_MEM_WRITE))
			continue;
		T(begin(fdt, "memory", m->ipa));
		T(fdt_property_string(fdt, "device_type", "memory"));
		T(prop_reg(fdt, "reg", reg, 2));
		T(fdt_end_node(fdt));
	}
	T(build_cpus(fdt, ncpus));
	T(fdt_begin_node(fdt, "psci"));
	T(prop_strings(fdt, "compatible", psci));
	T(fdt_property_string(fdt, "method", "hvc"));
	T(fdt_end_node(fdt));
	T(build_gic(fdt, b->sys, ncpus));
	T(build_timer(fdt));
	if (cfg->console.type == VHYP_CONSOLE_PL011 || devs->need_clock)
		T(build_clock(fdt));
	if (cfg->console.type == VHYP_CONSOLE_PL011)
		T(build_console(fdt, &cfg->console));
	T(linux_devs_build(fdt, devs, GIC_PHANDLE, CLK_PHANDLE));
	T(build_channels(fdt, cfg));
	T(build_virtio(fdt, cfg));
	T(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

int linux_dt_build(const struct linux_boot *b, void **dtb, size_t *len,
		   struct cfg_err *err)
{
	int size = DT_START_SIZE, ret;
	struct linux_devs *devs;
	void *fdt;

	if (!b->sys || !b->sys->gicd.size || !b->sys->ngicr)
		return cfg_fail(err, "the cell's device tree needs the GIC's addresses, and there is no description of the machine with them: give --system SYSFILE, or your own device tree with --dtb");
	devs = malloc(sizeof(*devs));
	if (!devs)
		return cfg_fail(err, "out of memory for the device tree");
	linux_devs_find(b, devs);	/* once: it says what it leaves out */
	for (;;) {
		fdt = malloc(size);
		if (!fdt) {
			linux_devs_free(devs);
			free(devs);
			return cfg_fail(err, "out of memory for the device tree");
		}
		ret = build(fdt, size, b, devs);
		if (ret != -FDT_ERR_NOSPACE || size >= (int)LINUX_DTB_MAX)
			break;
		free(fdt);
		size *= 2;
	}
	linux_devs_free(devs);
	free(devs);
	if (ret) {
		free(fdt);
		return cfg_fail(err, "cannot build the device tree: %s", fdt_strerror(ret));
	}
	*dtb = fdt;
	*len = fdt_totalsize(fdt);
	return 0;
}

int linux_dt_patch(const void *user, size_t ulen, const struct linux_boot *b,
		   void **dtb, size_t *len, struct cfg_err *err)
{
	size_t size;
	void *fdt;
	int ret, chosen;

	if (ulen < sizeof(struct fdt_header) || fdt_check_header(user) ||
	    fdt_version(user) < DT_MIN_VERSION ||
	    fdt_totalsize(user) > ulen || fdt_check_full(user, ulen))
		return cfg_fail(err, "it is not a valid flattened device tree");
	size = fdt_totalsize(user) + 1024 + sizeof(b->rng_seed) +
	       (b->cmdline ? strlen(b->cmdline) : 0);
	if (size > LINUX_DTB_MAX)
		size = LINUX_DTB_MAX;
	fdt = malloc(size);
	if (!fdt)
		return cfg_fail(err, "out of memory for the device tree");
	ret = fdt_open_into(user, fdt, size);
	if (ret)
		goto fail;
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	ret = chosen < 0 ? chosen : 0;
	if (!ret && b->cmdline)
		ret = fdt_setprop_string(fdt, chosen, "bootargs", b->cmdline);
	if (!ret && b->initrd_end > b->initrd_start)
		ret = fdt_setprop_u64(fdt, chosen, "linux,initrd-start", b->initrd_start);
	if (!ret && b->initrd_end > b->initrd_start)
		ret = fdt_setprop_u64(fdt, chosen, "linux,initrd-end", b->initrd_end);
	/* the user's own seeds stay */
	if (!ret && b->kaslr_seed && !fdt_getprop(fdt, chosen, "rng-seed", NULL))
		ret = fdt_setprop(fdt, chosen, "rng-seed", b->rng_seed, sizeof(b->rng_seed));
	if (!ret && b->kaslr_seed && !fdt_getprop(fdt, chosen, "kaslr-seed", NULL))
		ret = fdt_setprop_u64(fdt, chosen, "kaslr-seed", b->kaslr_seed);
	if (!ret)
		ret = fdt_pack(fdt);
	if (ret)
		goto fail;
	*dtb = fdt;
	*len = fdt_totalsize(fdt);
	return 0;
fail:
	free(fdt);
	if (ret == -FDT_ERR_NOSPACE)
		return cfg_fail(err, "/chosen does not fit: the tree would exceed the 2 MiB arm64 Linux accepts");
	return cfg_fail(err, "cannot set /chosen in it: %s", fdt_strerror(ret));
}
