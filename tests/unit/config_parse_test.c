// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of vhypctl's config parsers (tools/vhypctl/config.h), called
 * directly on buffers as 'vhypctl create' and the fuzzer call them, printing
 * TAP.  The device trees are built here with libfdt's sequential-write
 * functions, so that no dtc is needed and buffers can be cut and flipped
 * at will: every truncation and thousands of byte flips of valid configs go
 * through config_fuzz.c's invariants under ASan and UBSan.
 * tests/unit/config.t tests the rules one by one through vhypctl itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "config.h"
#include "config_fuzz.h"

static int n_test, n_failed;

static void ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	n_test++;
	if (!cond)
		n_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", n_test);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* --- building device trees ------------------------------------------------ */

#define BUILD(call) do {						\
	if ((call) < 0) {						\
		fprintf(stderr, "building a test tree: %s failed\n", #call); \
		abort();						\
	}								\
} while (0)

#define TREE_MAX	65536

static void *tree_begin(void)
{
	void *f = calloc(1, TREE_MAX);

	BUILD(fdt_create(f, TREE_MAX));
	BUILD(fdt_finish_reservemap(f));
	BUILD(fdt_begin_node(f, ""));
	return f;
}

static size_t tree_end(void *f)
{
	BUILD(fdt_end_node(f));
	BUILD(fdt_finish(f));
	return fdt_totalsize(f);
}

static void node(void *f, const char *name) { BUILD(fdt_begin_node(f, name)); }
static void end(void *f) { BUILD(fdt_end_node(f)); }
static void str(void *f, const char *p, const char *v) { BUILD(fdt_property_string(f, p, v)); }
static void flag(void *f, const char *p) { BUILD(fdt_property(f, p, NULL, 0)); }

static void u32s(void *f, const char *p, int n, ...)
{
	fdt32_t v[64];
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		v[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	BUILD(fdt_property(f, p, v, n * 4));
}

static void u64s(void *f, const char *p, int n, ...)
{
	fdt64_t v[16];
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		v[i] = cpu_to_fdt64(va_arg(ap, uint64_t));
	va_end(ap);
	BUILD(fdt_property(f, p, v, n * 8));
}

/* What a cell config under test gets wrong. */
enum flaw {
	FLAW_NONE,
	FLAW_NO_COMPATIBLE,
	FLAW_OVERLAP,
	FLAW_SPI_TWICE,
	FLAW_CPU_4,
	FLAW_UNKNOWN_PROP,
	FLAW_CHANNEL_OVERLAP,
	FLAW_VIRTIO_OVERLAP,
	FLAW_VIRTIO_LEVEL,
	FLAW_NR
};

/* tests/unit/configs/good/full.dts, a channel and a virtio disk, with FLAW */
static void *cell_config(enum flaw flaw, size_t *len)
{
	void *f = tree_begin();

	if (flaw != FLAW_NO_COMPATIBLE)
		str(f, "compatible", "vhyp,cell");
	u32s(f, "vhyp,schema-version", 1, VHYP_CELL_SCHEMA);
	str(f, "cell-name", "full");
	if (flaw == FLAW_CPU_4)
		u32s(f, "cpus", 2, 3, 4);
	else
		u32s(f, "cpus", 2, 3, 2);
	node(f, "memory");
	node(f, "ram");
	u64s(f, "ipa", 1, 0x40000000ull);
	u64s(f, "size", 1, 0x4000000ull);
	str(f, "access", "rwx");
	end(f);
	node(f, "dma");
	str(f, "reserved-memory", "cell-dma");
	str(f, "access", "wr");
	end(f);
	node(f, "rom");
	u64s(f, "ipa", 1, flaw == FLAW_OVERLAP ? 0x43ff0000ull : 0ull);
	u64s(f, "size", 1, 0x10000ull);
	str(f, "access", "rx");
	if (flaw == FLAW_UNKNOWN_PROP)
		u32s(f, "szie", 1, 1);
	end(f);
	end(f);
	node(f, "devices");
	node(f, "uart1");
	u64s(f, "reg", 2, 0x09040000ull, 0x1000ull);
	u32s(f, "interrupts", 3, 0, 8, 4);
	end(f);
	node(f, "blk");
	u64s(f, "reg", 2, 0x0a000000ull, 0x10000ull);
	if (flaw == FLAW_SPI_TWICE)
		u32s(f, "interrupts", 6, 0, 16, 4, 0, 8, 4);
	else
		u32s(f, "interrupts", 6, 0, 16, 4, 0, 17, 4);
	end(f);
	end(f);
	node(f, "console");
	str(f, "compatible", "arm,pl011");
	u64s(f, "ipa", 1, 0x09000000ull);
	u32s(f, "interrupts", 3, 0, 1, 4);
	end(f);
	node(f, "channels");
	node(f, "link");
	str(f, "peer", "root");
	u64s(f, "ipa", 1, flaw == FLAW_CHANNEL_OVERLAP ? 0x500ff000ull : 0x50100000ull);
	u64s(f, "size", 1, 0x10000ull);
	str(f, "access", "r");
	u32s(f, "interrupts", 3, 0, 2, 1);
	end(f);
	end(f);
	node(f, "virtio");
	node(f, "disk");
	str(f, "type", "blk");
	u64s(f, "ipa", 1, flaw == FLAW_VIRTIO_OVERLAP ? 0x0a00f000ull : 0x0c000000ull);
	u32s(f, "interrupts", 3, 0, 48, flaw == FLAW_VIRTIO_LEVEL ? 4 : 1);
	str(f, "backend", "/srv/disk.img");
	flag(f, "read-only");
	end(f);
	end(f);
	*len = tree_end(f);
	return f;
}

/* tests/unit/configs/system.dts, in part */
static void *system_config(size_t *len)
{
	void *f = tree_begin();

	str(f, "compatible", "vhyp,system");
	u32s(f, "vhyp,schema-version", 1, VHYP_CELL_SCHEMA);
	str(f, "model", "test machine");
	u32s(f, "cpus", 1, 4);
	node(f, "memory");
	node(f, "ram0");
	u64s(f, "reg", 2, 0x40000000ull, 0x80000000ull);
	end(f);
	end(f);
	node(f, "gic");
	u64s(f, "distributor", 2, 0x08000000ull, 0x10000ull);
	u64s(f, "redistributors", 2, 0x080a0000ull, 0xf60000ull);
	u32s(f, "spis", 1, 256);
	end(f);
	node(f, "devices");
	node(f, "uart0");
	u64s(f, "reg", 2, 0x09000000ull, 0x1000ull);
	u32s(f, "interrupts", 3, 0, 1, 4);
	end(f);
	node(f, "uart1");
	u64s(f, "reg", 2, 0x09040000ull, 0x1000ull);
	u32s(f, "interrupts", 3, 0, 8, 4);
	end(f);
	node(f, "blk");
	u64s(f, "reg", 2, 0x0a000000ull, 0x10000ull);
	u32s(f, "interrupts", 6, 0, 16, 4, 0, 17, 4);
	end(f);
	end(f);
	node(f, "reserved-memory");
	node(f, "cell-dma");
	u64s(f, "reg", 2, 0x50000000ull, 0x100000ull);
	end(f);
	node(f, "cma");
	u64s(f, "reg", 2, 0x60000000ull, 0x1000000ull);
	flag(f, "reusable");
	end(f);
	end(f);
	*len = tree_end(f);
	return f;
}

/*
 * A boot device tree as firmware hands it to Linux: 2-cell root, a GIC with
 * 4 interrupt cells (as on the RK3588), a simple-bus translating 1-cell
 * addresses, interrupts-extended, disabled and reserved nodes.
 */
static void *boot_dtb(size_t *len)
{
	void *f = tree_begin();

	str(f, "model", "test board");
	u32s(f, "#address-cells", 1, 2);
	u32s(f, "#size-cells", 1, 2);
	u32s(f, "interrupt-parent", 1, 1);
	node(f, "memory@80000000");
	str(f, "device_type", "memory");
	u32s(f, "reg", 8, 0, 0x80000000, 0, 0x40000000, 1, 0, 0, 0x40000000);
	end(f);
	node(f, "reserved-memory");
	u32s(f, "#address-cells", 1, 2);
	u32s(f, "#size-cells", 1, 2);
	flag(f, "ranges");
	node(f, "cell-dma@90000000");
	u32s(f, "reg", 4, 0, 0x90000000, 0, 0x200000);
	flag(f, "no-map");
	end(f);
	end(f);
	node(f, "interrupt-controller@30800000");
	str(f, "compatible", "arm,gic-v3");
	u32s(f, "#interrupt-cells", 1, 4);
	u32s(f, "reg", 8, 0, 0x30800000, 0, 0x20000, 0, 0x30880000, 0, 0x80000);
	u32s(f, "phandle", 1, 1);
	flag(f, "interrupt-controller");
	end(f);
	node(f, "gpio@28034000");		/* a second interrupt controller */
	str(f, "compatible", "test,gpio");
	u32s(f, "reg", 4, 0, 0x28034000, 0, 0x1000);
	u32s(f, "interrupts", 4, 0, 60, 4, 0);
	u32s(f, "#interrupt-cells", 1, 2);
	u32s(f, "phandle", 1, 2);
	end(f);
	node(f, "soc");
	str(f, "compatible", "simple-bus");
	u32s(f, "#address-cells", 1, 1);
	u32s(f, "#size-cells", 1, 1);
	u32s(f, "ranges", 4, 0, 0, 0x28000000, 0x1000000);
	node(f, "uart@d000");
	str(f, "compatible", "test,uart");
	u32s(f, "reg", 2, 0xd000, 0x1000);
	u32s(f, "interrupts", 4, 0, 84, 4, 0);
	str(f, "status", "disabled");
	end(f);
	node(f, "uart@e000");
	str(f, "compatible", "test,uart");
	u32s(f, "reg", 2, 0xe000, 0x1000);
	u32s(f, "interrupts-extended", 8, 2, 5, 4, 1, 0, 85, 4, 0);
	end(f);
	node(f, "secure@f000");
	u32s(f, "reg", 2, 0xf000, 0x1000);
	str(f, "status", "reserved");
	end(f);
	end(f);
	*len = tree_end(f);
	return f;
}

/* --- tests ----------------------------------------------------------------- */

static struct vhyp_system test_sys;

static void test_good(void)
{
	struct vhyp_cell_config c;
	struct cfg_err err = { "" };
	size_t len, slen;
	void *cell = cell_config(FLAW_NONE, &len), *sys = system_config(&slen);
	char *odd;
	int ret;

	ret = system_parse(sys, slen, &test_sys, &err);
	ok(!ret && test_sys.ncpus == 4 && test_sys.spis == 256 && test_sys.ndev == 3 &&
	   test_sys.nresv == 2 && test_sys.resv[1].reusable, "system_parse: %s", ret ? err.msg : "ok");

	ret = cell_config_parse(cell, len, &test_sys, &c, &err);
	ok(!ret, "cell_config_parse of a good config: %s", ret ? err.msg : "ok");
	ok(c.size == sizeof(c) && c.schema == VHYP_CELL_SCHEMA && !strcmp(c.name, "full") &&
	   c.cpus == 0xc, "name, schema, size, CPUs");
	ok(c.num_mem == 3 && !strcmp(c.mem[0].name, "ram") && c.mem[0].ipa == 0x40000000 &&
	   c.mem[0].size == 0x4000000 && c.mem[0].flags == 7, "region ram");
	ok(!strcmp(c.mem[1].name, "dma") && c.mem[1].ipa == 0x50000000 &&
	   c.mem[1].size == 0x100000 &&
	   c.mem[1].flags == (VHYP_MEM_READ | VHYP_MEM_WRITE | VHYP_MEM_IDENTITY),
	   "region dma: identity-mapped from reserved-memory cell-dma");
	ok(c.mem[2].ipa == 0 && c.mem[2].flags == (VHYP_MEM_READ | VHYP_MEM_EXEC), "region rom at 0, r-x");
	ok(c.num_dev == 2 && !strcmp(c.dev[1].name, "blk") && c.dev[1].base == 0x0a000000 &&
	   c.dev[1].size == 0x10000, "devices");
	ok(c.num_irqs == 3 && c.irqs[0] == 40 && c.irqs[1] == 48 && c.irqs[2] == 49, "SPIs as INTIDs");
	ok(c.console.type == VHYP_CONSOLE_PL011 && c.console.ipa == 0x09000000 &&
	   c.console.irq == 33, "console");
	ok(c.num_channels == 1 && !strcmp(c.channels[0].name, "link") &&
	   !strcmp(c.channels[0].peer, "root") && c.channels[0].ipa == 0x50100000 &&
	   c.channels[0].size == 0x10000 && c.channels[0].flags == VHYP_CHAN_READONLY &&
	   c.channels[0].irq == 34, "channel link: peer root, window, read-only, doorbell INTID 34");
	ok(c.num_virtio == 1 && !strcmp(c.virtio[0].name, "disk") &&
	   c.virtio[0].type == VHYP_VIRTIO_BLK && c.virtio[0].ipa == 0x0c000000 &&
	   c.virtio[0].irq == 80 && c.virtio[0].flags == VHYP_VIRTIO_READONLY &&
	   !strcmp(c.virtio[0].backend, "/srv/disk.img") && !c.virtio[0].mac[0],
	   "virtio disk: blk, window, INTID 80, read-only, backend");
	config_fuzz_check_cell(&c, true);

	/* the same bytes at an odd address: the parser copies what it needs */
	odd = malloc(len + 1);
	memcpy(odd + 1, cell, len);
	ret = cell_config_parse(odd + 1, len, &test_sys, &c, &err);
	ok(!ret && c.num_mem == 3, "an unaligned buffer: %s", ret ? err.msg : "ok");
	free(odd);

	ret = cell_config_parse(cell, len, NULL, &c, &err);
	ok(!ret && c.mem[1].ipa == 0 && c.mem[1].size == 0 && (c.mem[1].flags & VHYP_MEM_IDENTITY),
	   "without a system: valid, the identity region unresolved");
	config_fuzz_check_cell(&c, false);
	free(cell);
	free(sys);
}

static void test_flaws(void)
{
	static const char *const want[FLAW_NR] = {
		[FLAW_NO_COMPATIBLE] = "/: compatible is missing",
		[FLAW_OVERLAP] = "/memory/ram (ipa 0x40000000, size 0x4000000) overlaps /memory/rom (ipa 0x43ff0000, size 0x10000)",
		[FLAW_SPI_TWICE] = "/devices/blk: SPI 8 (INTID 40) is already given by /devices/uart1",
		[FLAW_CPU_4] = "/: cpus names CPU 4, which the system does not have",
		[FLAW_UNKNOWN_PROP] = "/memory/rom: unknown property 'szie'",
		[FLAW_CHANNEL_OVERLAP] = "/memory/dma (ipa 0x50000000, size 0x100000) overlaps /channels/link (window at ipa 0x500ff000, size 0x11000)",
		[FLAW_VIRTIO_OVERLAP] = "/devices/blk (reg 0xa000000, size 0x10000) overlaps /virtio/disk (window at ipa 0xa00f000, size 0x1000)",
		[FLAW_VIRTIO_LEVEL] = "/virtio/disk: interrupts <0 48 4> is level-triggered",
	};
	static const unsigned char zero[sizeof(struct vhyp_cell_config)];
	struct vhyp_cell_config c;
	struct cfg_err err;
	size_t len;
	int flaw, ret;
	void *cell;

	for (flaw = FLAW_NONE + 1; flaw < FLAW_NR; flaw++) {
		cell = cell_config(flaw, &len);
		memset(&c, 0xa5, sizeof(c));
		ret = cell_config_parse(cell, len, &test_sys, &c, &err);
		ok(ret == -1 && strstr(err.msg, want[flaw]) && !memcmp(&c, zero, sizeof(c)),
		   "refused with \"%s\", the struct zeroed", ret ? err.msg : "nothing");
		free(cell);
	}
}

static void test_live(void)
{
	struct vhyp_system *s = calloc(1, sizeof(*s));
	struct cfg_err err = { "" };
	size_t len;
	void *dtb = boot_dtb(&len);
	int ret, i, uart_d = -1, uart_e = -1, secure = -1;

	ret = system_from_fdt(dtb, len, "0-3\n", "0-2\n", s, &err);
	ok(!ret, "system_from_fdt: %s", ret ? err.msg : "ok");
	ok(s->live && s->ncpus == 4 && s->online == 7 && !strcmp(s->model, "test board"),
	   "CPUs from the lists, model");
	ok(s->gicd.base == 0x30800000 && s->gicd.size == 0x20000 && s->ngicr == 1 &&
	   s->gicr[0].base == 0x30880000 && s->gicr[0].size == 0x80000 && !s->spis,
	   "GIC from reg, SPI count unknown");
	ok(s->nram == 2 && s->ram[0].base == 0x80000000 && s->ram[1].base == 0x100000000ull &&
	   s->ram[1].size == 0x40000000, "both ranges of a memory node");
	ok(s->nresv == 1 && s->resv[0].base == 0x90000000 && !strcmp(s->resv[0].name, "cell-dma@90000000"),
	   "reserved memory");
	for (i = 0; i < (int)s->ndev; i++) {
		if (s->dev[i].base == 0x2800d000)
			uart_d = i;
		if (s->dev[i].base == 0x2800e000)
			uart_e = i;
		if (s->dev[i].base == 0x2800f000)
			secure = i;
	}
	ok(s->ndev == 3 && uart_d >= 0 && uart_e >= 0 && secure < 0,
	   "devices through the simple-bus's ranges, disabled in, reserved out, the GIC not a device");
	ok(s->nspi == 3 && s->spi[0].intid == 92 && s->spi[1].intid == 116 &&
	   s->spi[1].dev == (uint32_t)uart_d && s->spi[2].intid == 117 &&
	   s->spi[2].dev == (uint32_t)uart_e,
	   "SPIs with 4-cell specifiers, through interrupts-extended, not the GPIO's");

	ret = system_from_fdt(dtb, len, "0-3", "0-x", s, &err);
	ok(ret && strstr(err.msg, "the online CPUs \"0-x\" are not a CPU list"), "a bad CPU list: %s", err.msg);
	free(dtb);
	free(s);
}

/* PATH's PROP in FDT is the N cells that follow */
static bool prop_is(const void *fdt, const char *path, const char *prop, int n, ...)
{
	int node = fdt_path_offset(fdt, path), len, i;
	const fdt32_t *c = node < 0 ? NULL : fdt_getprop(fdt, node, prop, &len);
	bool same;
	va_list ap;

	if (!c || len != n * 4)
		return false;
	va_start(ap, n);
	for (same = true, i = 0; i < n; i++)
		same &= fdt32_to_cpu(c[i]) == va_arg(ap, uint32_t);
	va_end(ap);
	return same;
}

/* A Linux cell's devices from the boot tree: a 4-cell GIC, a bus with ranges. */
static void test_linux_dt(void)
{
	size_t len, dlen;
	void *root = boot_dtb(&len), *dtb;
	unsigned int warnings = config_fuzz_linux_dt(root, len, &dtb, &dlen);

	ok(prop_is(dtb, "/uart@2800d000", "reg", 4, 0, 0x2800d000, 0, 0x1000) &&
	   prop_is(dtb, "/uart@2800d000", "interrupts", 3, 0, 84, 4) &&
	   prop_is(dtb, "/uart@2800d000", "interrupt-parent", 1, 1),
	   "linux_dt_build: a device on a simple-bus, reg through its ranges, a 4-cell SPI");
	ok(prop_is(dtb, "/uart@2800e000", "interrupts", 3, 0, 85, 4),
	   "interrupts-extended: the GIC's SPI kept, the GPIO's interrupt left out");
	ok(prop_is(dtb, "/gpio@28034000", "interrupts", 3, 0, 60, 4) &&
	   fdt_path_offset(dtb, "/interrupt-controller@30800000") < 0,
	   "a device under the root; the root's GIC not copied");
	ok(warnings == 2, "two warnings: the GPIO's interrupt, the device without a node (%u)",
	   warnings);
	ok(prop_is(dtb, "/reserved-memory/channel@60000000", "reg", 4, 0, 0x60000000, 0, 0x11000) &&
	   prop_is(dtb, "/reserved-memory/channel@60000000", "phandle", 1, 3) &&
	   prop_is(dtb, "/vhyp-channels/link", "memory-region", 1, 3) &&
	   prop_is(dtb, "/vhyp-channels/link", "interrupts", 3, 0, 8, 1) &&
	   prop_is(dtb, "/vhyp-channels/link", "vhyp,data-offset", 1, 0x1000),
	   "a channel: its window (header page and data) reserved, its node naming it, the doorbell an edge");
	ok(prop_is(dtb, "/virtio_mmio@c000000", "reg", 4, 0, 0x0c000000, 0, VHYP_VIRTIO_DT_SIZE) &&
	   prop_is(dtb, "/virtio_mmio@c000000", "interrupts", 3, 0, 48, 1) &&
	   prop_is(dtb, "/virtio_mmio@c000000", "dma-coherent", 0) &&
	   !strcmp(fdt_getprop(dtb, fdt_path_offset(dtb, "/virtio_mmio@c000000"), "compatible", NULL),
		   "virtio,mmio"),
	   "a virtio device: virtio,mmio, its registers, its SPI an edge, dma-coherent");
	free(dtb);
	free(root);
}

static void test_cpu_lists(void)
{
	static const struct {
		const char *s;
		int ret;
		uint32_t n;
		uint64_t mask;
	} t[] = {
		{ "0-3\n", 0, 4, 0xf },
		{ "0,2-3", 0, 4, 0xd },
		{ "5", 0, 6, 0x20 },
		{ "", 0, 0, 0 },
		{ "\n", 0, 0, 0 },
		{ "0-127\n", 0, 128, ~0ull },
		{ "0-", -1, 0, 0 },
		{ "3-1", -1, 0, 0 },
		{ "a", -1, 0, 0 },
		{ "1,,2", -1, 0, 0 },
		{ "0-70000", -1, 0, 0 },
	};
	uint64_t mask;
	uint32_t n;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ret = parse_cpu_list(t[i].s, &n, &mask);
		ok(ret == t[i].ret && (ret || (n == t[i].n && mask == t[i].mask)),
		   "parse_cpu_list(\"%.*s\")", (int)strcspn(t[i].s, "\n"), t[i].s);
	}
}

/* Every prefix, and byte flips all over: the invariants of config_fuzz.c. */
static void test_mutations(const char *what, void *tree, size_t len)
{
	unsigned char *buf = malloc(len);
	unsigned int seed = 1;
	size_t i, k;

	for (i = 0; i <= len; i++) {
		memcpy(buf, tree, i);
		LLVMFuzzerTestOneInput(buf, i);
	}
	ok(true, "%s: all %zu truncations", what, len + 1);
	for (i = 0; i < len; i++) {
		static const unsigned char vals[] = { 0x00, 0xff, 0x01, 0x80 };

		for (k = 0; k < sizeof(vals); k++) {
			memcpy(buf, tree, len);
			buf[i] ^= vals[k] ? vals[k] : buf[i];	/* 0: the byte cleared */
			LLVMFuzzerTestOneInput(buf, len);
		}
	}
	ok(true, "%s: every byte cleared, inverted, and its low and high bit flipped", what);
	for (i = 0; i < 20000; i++) {
		memcpy(buf, tree, len);
		for (k = 0; k < 1 + i % 4; k++) {
			seed = seed * 1103515245 + 12345;
			buf[(seed >> 8) % len] = seed >> 24;
		}
		LLVMFuzzerTestOneInput(buf, len);
	}
	ok(true, "%s: 20000 random multi-byte mutations", what);
	free(buf);
}

int main(void)
{
	void *tree;
	size_t len;
	int flaw;

	test_good();
	test_flaws();
	test_live();
	test_cpu_lists();
	test_linux_dt();

	config_fuzz_set_system(&test_sys);
	for (flaw = FLAW_NONE; flaw < FLAW_NR; flaw += FLAW_NR - 1) {
		tree = cell_config(flaw, &len);
		test_mutations(flaw ? "a cell config missing compatible" : "a good cell config",
			       tree, len);
		free(tree);
	}
	tree = system_config(&len);
	test_mutations("a system config", tree, len);
	free(tree);
	tree = boot_dtb(&len);
	test_mutations("a boot device tree", tree, len);
	free(tree);

	printf("1..%d\n", n_test);
	return n_failed ? 1 : 0;
}
