// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the redistributor walk and the SGI encoding
 * (hyp/gic_layout.c, the very file the hypervisor and the driver are to
 * compile), printing TAP.
 *
 * The GIC is a fake: an array of frames, each an address and the
 * GICR_TYPER it reads as, recorded from real machines where we have them
 * (RK3588, Phytium Pi, QEMU virt with 18 CPUs) and made up where we do not
 * (a GICv4, two regions, a padded stride).  A read of any other address is
 * a bug of the walk (it computed a frame that is not there), counted and
 * checked after each case, and so is a read outside the regions.  The
 * expected values are written from the architecture (Arm IHI 0069,
 * GICR_TYPER; Arm DDI 0487, ICC_SGI1R_EL1, MPIDR_EL1), not taken from
 * gic_layout.h.
 */
#include <linux/types.h>	/* the shim, as the hypervisor sees it, then libc */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gic_layout.h"
#include "tap.h"

#define KiB		0x400ULL
#define FRAME_V3	(128 * KiB)	/* RD_base + SGI_base */
#define FRAME_V4	(256 * KiB)	/* + VLPI_base + reserved */

/* GICR_TYPER bits (IHI 0069 12.11.35) */
#define T_VLPIS		(1ULL << 1)
#define T_LAST		(1ULL << 4)
#define T_PROCNUM(n)	((u64)(n) << 8)		/* Processor_Number [23:8] */
#define T_AFF(a)	((u64)(a) << 32)	/* Aff3.Aff2.Aff1.Aff0 */

/* MPIDR_EL1 as a CPU reads it: RES1 bit 31, MT bit 24 on cores that set it */
#define MPIDR_RES1	(1ULL << 31)
#define MPIDR_MT	(1ULL << 24)

/*
 * The RK3588's redistributor region: the second range of reg of
 * /interrupt-controller@fe600000 in Debian's rockchip/rk3588-rock-5b.dtb
 * (gic_layout.t checks these two lines against the DTB).
 */
#define RK3588_GICR_BASE	0xfe680000ULL
#define RK3588_GICR_SIZE	0x100000ULL

/* --- the fake GIC ---------------------------------------------------------- */

#define MAX_FRAMES	32
#define MAX_REGIONS	4

struct fake_gic {
	const char *name;
	struct { u64 addr, typer; } frame[MAX_FRAMES];
	unsigned int nframes;
	struct gicr_region region[MAX_REGIONS];
	struct gicr_layout layout;
	unsigned int reads;	/* read_typer() calls */
	unsigned int stray;	/* reads of no frame, or outside every region */
	u64 stray_addr;
};

static u64 fake_read_typer(void *arg, u64 frame)
{
	struct fake_gic *g = arg;
	bool in_region = false;
	unsigned int i;

	g->reads++;
	for (i = 0; i < g->layout.nr; i++)
		if (frame >= g->region[i].base &&
		    frame - g->region[i].base < g->region[i].size)
			in_region = true;
	for (i = 0; in_region && i < g->nframes; i++)
		if (g->frame[i].addr == frame)
			return g->frame[i].typer;
	g->stray++;
	g->stray_addr = frame;
	return T_LAST;		/* what a walk past the end might well see */
}

static void gic_init(struct fake_gic *g, const char *name, u64 stride)
{
	memset(g, 0, sizeof(*g));
	g->name = name;
	g->layout.regions = g->region;
	g->layout.stride = stride;
}

static void add_region(struct fake_gic *g, u64 base, u64 size)
{
	g->region[g->layout.nr].base = base;
	g->region[g->layout.nr].size = size;
	g->layout.nr++;
}

/* A frame at ADDR whose GICR_TYPER says AFF, processor number PROC, and FLAGS. */
static void add_frame(struct fake_gic *g, u64 addr, u32 aff, unsigned int proc, u64 flags)
{
	g->frame[g->nframes].addr = addr;
	g->frame[g->nframes].typer = T_AFF(aff) | T_PROCNUM(proc) | flags;
	g->nframes++;
}

/*
 * gicr_find() of MPIDR on G finds WANT (0: none) of size WANT_SIZE, and
 * reads nothing that is not a frame.
 */
static bool found(struct fake_gic *g, u64 mpidr, u64 want, u64 want_size)
{
	u64 size = 0xdead, got;

	g->reads = g->stray = 0;
	got = gicr_find(&g->layout, mpidr, fake_read_typer, g, &size);
	if (g->stray)
		return fail("read GICR_TYPER of 0x%llx, where there is no frame", g->stray_addr);
	if (got != want)
		return fail("frame 0x%llx, not 0x%llx", got, want);
	if (size != want_size)
		return fail("frame size 0x%llx, not 0x%llx", size, want_size);
	return true;
}

/* --- affinity and frame size ------------------------------------------------ */

static void test_affinity(void)
{
	struct gicr_layout none = { 0 }, padded = { .stride = 0x40000 };

	ok(gicr_affinity(0x81000300ULL) == 0x000300, "affinity: RES1 and MT of MPIDR_EL1 dropped (RK3588 CPU 3: Aff1 3)");
	ok(gicr_affinity(0x80000201ULL) == 0x000201, "affinity: Aff1.Aff0 2.1 (Phytium Pi CPU 1)");
	ok(gicr_affinity(0x12ULL << 32 | 0x40030405ULL) == 0x12030405, "affinity: Aff3 in bits 31:24, U bit 30 dropped");
	ok(gicr_affinity(0xffULL << 32 | 0xffffffULL) == 0xffffffff, "affinity: all four at 0xff");
	ok(gicr_frame_size(&none, 0) == FRAME_V3, "frame size: 128 KiB without VLPIS");
	ok(gicr_frame_size(&none, T_VLPIS | T_LAST) == FRAME_V4, "frame size: 256 KiB with VLPIS");
	ok(gicr_frame_size(&padded, 0) == 0x40000 && gicr_frame_size(&padded, T_VLPIS) == 0x40000,
	   "frame size: redistributor-stride wins over VLPIS");
}

/* --- recorded layouts -------------------------------------------------------- */

/* RK3588 (GIC-600, GICv3): 8 frames, Aff1 = 0..7, Last on the eighth. */
static void test_rk3588(void)
{
	struct fake_gic g;
	unsigned int i;
	bool all = true;

	gic_init(&g, "rk3588", 0);
	add_region(&g, RK3588_GICR_BASE, RK3588_GICR_SIZE);
	for (i = 0; i < 8; i++)
		add_frame(&g, RK3588_GICR_BASE + i * FRAME_V3, i << 8, i, i == 7 ? T_LAST : 0);
	for (i = 0; i < 8 && all; i++)
		all = found(&g, MPIDR_RES1 | MPIDR_MT | (u64)i << 8,
			    RK3588_GICR_BASE + i * FRAME_V3, FRAME_V3) ||
		      fail("CPU %u (MPIDR 0x%x): %s", i, 0x81000000 | i << 8, why);
	ok(all, "RK3588: each of the 8 CPUs (MPIDR_EL1 0x81000000 | Aff1 << 8) at 0xfe680000 + n * 128 KiB");
	ok(found(&g, MPIDR_RES1 | MPIDR_MT | 0x700, 0xfe760000, FRAME_V3) && g.reads == 8,
	   "RK3588: the last CPU's frame is the 8th read, at 0xfe760000");
	ok(found(&g, 0x800, 0, 0) && g.reads == 8, "RK3588: Aff1 8 is no CPU: 8 reads, then Last");
}

/*
 * Phytium Pi (E2000Q): GICR 0x30880000, 4 frames of 128 KiB in hardware
 * order 0x000, 0x100 (FTC664), 0x200, 0x201 (FTC310); Linux numbers the
 * CPUs 0x200, 0x201, 0x000, 0x100.
 */
static void test_phytium(void)
{
	static const u64 linux_order[] = { 0x200, 0x201, 0x000, 0x100 };
	static const unsigned int hw_index[] = { 2, 3, 0, 1 };
	static const u32 hw_order[] = { 0x000, 0x100, 0x200, 0x201 };
	struct fake_gic g;
	unsigned int i;
	bool all = true;

	gic_init(&g, "phytium-pi", 0);
	add_region(&g, 0x30880000, 4 * FRAME_V3);
	for (i = 0; i < 4; i++)
		add_frame(&g, 0x30880000 + i * FRAME_V3, hw_order[i], i, i == 3 ? T_LAST : 0);
	for (i = 0; i < 4 && all; i++)
		all = found(&g, MPIDR_RES1 | linux_order[i], 0x30880000 + hw_index[i] * FRAME_V3,
			    FRAME_V3) ||
		      fail("Linux CPU %u (MPIDR 0x%llx): %s", i, linux_order[i], why);
	ok(all, "Phytium Pi: Linux CPUs 0-3 (0x200, 0x201, 0x000, 0x100) in frames 2, 3, 0, 1");
	ok(found(&g, 0x201, 0x308e0000, FRAME_V3), "Phytium Pi: CPU 1 (0x201) is the fourth frame, 0x308e0000");
	ok(found(&g, 0x300, 0, 0) && g.reads == 4, "Phytium Pi: a CPU that is not there (0x300): 0, after all 4 frames");
	ok(found(&g, 0x1000000ULL << 8, 0, 0), "Phytium Pi: Aff3 1 with Aff2..0 of a CPU is another CPU: 0");
}

/* A GICv4 (GIC-700 style): VLPIS in every frame, 256 KiB frames. */
static void test_gicv4(void)
{
	struct fake_gic g;
	unsigned int i;
	bool all = true;

	gic_init(&g, "gicv4", 0);
	add_region(&g, 0x30200000, 0x200000);	/* room for 8, 6 there */
	for (i = 0; i < 6; i++)
		add_frame(&g, 0x30200000 + i * FRAME_V4, 0x10000 | i << 8, i,
			  T_VLPIS | (i == 5 ? T_LAST : 0));
	for (i = 0; i < 6 && all; i++)
		all = found(&g, 0x10000 | i << 8, 0x30200000 + i * FRAME_V4, FRAME_V4) ||
		      fail("CPU 0x%x: %s", 0x10000 | i << 8, why);
	ok(all, "GICv4: 6 CPUs (Aff2 1, Aff1 0-5) in 256 KiB frames, each found with its size");
	ok(found(&g, 0x10600, 0, 0) && g.reads == 6,
	   "GICv4: the walk stops at Last, not at the region's end (no read past the 6th frame)");
}

/* Two regions (#redistributor-regions = <2>), Last at the end of each. */
static void test_two_regions(void)
{
	struct fake_gic g;
	bool all = true;
	unsigned int i;

	gic_init(&g, "two regions", 0);
	add_region(&g, 0x2f100000, 2 * FRAME_V3);
	add_region(&g, 0x2f300000, 0x100000);		/* larger than its 2 frames */
	add_frame(&g, 0x2f100000, 0x000, 0, 0);
	add_frame(&g, 0x2f120000, 0x001, 1, T_LAST);
	add_frame(&g, 0x2f300000, 0x100, 2, 0);
	add_frame(&g, 0x2f320000, 0x101, 3, T_LAST);
	for (i = 0; i < 4 && all; i++) {
		u64 mpidr = (i / 2) << 8 | i % 2;

		all = found(&g, mpidr, (i < 2 ? 0x2f100000 : 0x2f300000) + (i % 2) * FRAME_V3,
			    FRAME_V3) || fail("CPU 0x%llx: %s", mpidr, why);
	}
	ok(all, "two regions: 0x000, 0x001 in the first, 0x100, 0x101 in the second");
	ok(found(&g, 0x101, 0x2f320000, FRAME_V3) && g.reads == 4,
	   "two regions: Last ends the first region's walk, the second is walked from its base");
	ok(found(&g, 0x102, 0, 0) && g.reads == 4,
	   "two regions: a missing CPU: Last ends the second too, nothing read beyond it");
}

/* redistributor-stride: GICv3 frames padded to 256 KiB apart. */
static void test_stride(void)
{
	struct fake_gic g;
	unsigned int i;
	bool all = true;

	gic_init(&g, "stride", 0x40000);
	add_region(&g, 0x8c000000, 4 * 0x40000);
	for (i = 0; i < 4; i++)
		add_frame(&g, 0x8c000000 + i * 0x40000, i, i, i == 3 ? T_LAST : 0);
	for (i = 0; i < 4 && all; i++)
		all = found(&g, i, 0x8c000000 + i * 0x40000, 0x40000) ||
		      fail("CPU %u: %s", i, why);
	ok(all, "redistributor-stride 0x40000: GICv3 frames every 256 KiB, size the stride");
	g.layout.stride = 0;
	ok(!found(&g, 3, 0x8c0c0000, 0x40000) && g.stray,
	   "redistributor-stride: without it the same layout is walked at 128 KiB and misses (the test can fail)");
}

/* QEMU virt with 18 CPUs: 16 per cluster, CPUs 16 and 17 at Aff1 1. */
static void test_qemu_18(void)
{
	struct fake_gic g;
	unsigned int i;
	bool all = true;

	gic_init(&g, "qemu virt -smp 18", 0);
	add_region(&g, 0x080a0000, 0xf60000);
	for (i = 0; i < 18; i++)
		add_frame(&g, 0x080a0000 + i * FRAME_V3, (i / 16) << 8 | i % 16, i,
			  i == 17 ? T_LAST : 0);
	for (i = 0; i < 18 && all; i++)
		all = found(&g, MPIDR_RES1 | (i / 16) << 8 | i % 16, 0x080a0000 + i * FRAME_V3,
			    FRAME_V3) || fail("CPU %u: %s", i, why);
	ok(all, "QEMU virt, 18 CPUs: 0x0..0xf, then 0x100, 0x101, each in its frame");
	ok(found(&g, 0x101, 0x082c0000, FRAME_V3), "QEMU virt, 18 CPUs: CPU 17 (0x101) at 0x82c0000");
	ok(found(&g, 0x10, 0, 0) && g.reads == 18, "QEMU virt, 18 CPUs: Aff0 16 (0x10) is no CPU: RS is not Aff1");
}

/* A frame that would run past its region's end ends the walk there. */
static void test_region_end(void)
{
	struct fake_gic g;

	gic_init(&g, "short region", 0);
	add_region(&g, 0x40000000, 0x30000);	/* one frame and a half */
	add_frame(&g, 0x40000000, 0x0, 0, 0);
	add_frame(&g, 0x40020000, 0x1, 1, T_LAST);	/* half outside */
	ok(found(&g, 0x0, 0x40000000, FRAME_V3), "region end: the frame that fits is found");
	ok(found(&g, 0x1, 0, 0) && g.reads == 2,
	   "region end: a frame crossing the region's end is not the CPU's, and ends the walk");

	gic_init(&g, "short GICv4 region", 0);
	add_region(&g, 0x40000000, 0x60000);	/* a 256 KiB frame and 128 KiB */
	add_frame(&g, 0x40000000, 0x0, 0, T_VLPIS);
	add_frame(&g, 0x40040000, 0x1, 1, T_VLPIS | T_LAST);
	ok(found(&g, 0x1, 0, 0) && g.reads == 2,
	   "region end: with VLPIS, 128 KiB left is not a 256 KiB frame");

	gic_init(&g, "sliver", 0);
	add_region(&g, 0x40000000, 0x28000);	/* a frame and 32 KiB */
	add_region(&g, 0x50000000, FRAME_V3);
	add_frame(&g, 0x40000000, 0x0, 0, 0);
	add_frame(&g, 0x50000000, 0x1, 1, T_LAST);
	ok(found(&g, 0x1, 0x50000000, FRAME_V3) && g.reads == 2,
	   "region end: less than a page left is not read at all; the next region is walked");

	gic_init(&g, "wraps", 0);
	add_region(&g, 0xffffffffffff0000ULL, 0x20000);
	add_region(&g, 0x50000000, 0);
	ok(found(&g, 0x0, 0, 0) && g.reads == 0, "region end: a region that wraps, or is empty, is not walked");
	ok(gicr_find(&g.layout, 0, fake_read_typer, &g, NULL) == 0, "gicr_find: frame_size may be NULL");
}

/* --- SGIs ---------------------------------------------------------------- */

/* gic_sgir(MPIDR, INTID) == WANT, and gic_sgir_targets() gives back MPIDR's affinity alone. */
static bool round_trip(u64 mpidr, u32 intid, u64 want)
{
	u64 sgir = gic_sgir(mpidr, intid), back[16];
	u64 aff = mpidr & 0xff00ffffffULL;
	unsigned int n;

	aff &= ~(MPIDR_RES1 | MPIDR_MT | (1ULL << 30));
	if (want && sgir != want)
		return fail("gic_sgir(0x%llx, %u) = 0x%llx, not 0x%llx", mpidr, intid, sgir, want);
	if ((sgir >> 24 & 0xf) != (intid & 0xf) || (sgir & (1ULL << 40)))
		return fail("0x%llx: INTID or IRM wrong", sgir);
	memset(back, 0xa5, sizeof(back));
	n = gic_sgir_targets(sgir, back);
	if (n != 1 || back[0] != aff)
		return fail("targets of 0x%llx: %u, first 0x%llx, not 1, 0x%llx", sgir, n, back[0], aff);
	return true;
}

static void test_sgir(void)
{
	static const u64 phytium[] = { 0x200, 0x201, 0x000, 0x100 };
	u64 back[16];
	bool all = true;
	unsigned int i, n;

	/* values written from ICC_SGI1R_EL1's fields, by hand */
	ok(round_trip(0x201, 15, 0x000000000f020002ULL), "SGI 15 to 0x201: Aff1 2, target list bit 1");
	ok(round_trip(0x81000300ULL, 1, 0x0000000001030001ULL), "SGI 1 to RK3588 CPU 3 (0x81000300): Aff1 3, bit 0");
	ok(round_trip(0x25, 3, 0x0000200003000020ULL), "SGI 3 to Aff0 0x25: RS 2, bit 5");
	ok(round_trip(0x12ULL << 32 | 0x030405, 7, 0x0012000307040020ULL),
	   "SGI 7 to Aff3.Aff2.Aff1.Aff0 0x12.3.4.5: every field");
	ok(round_trip(0xff, 0, 0x0000f00000008000ULL), "SGI 0 to Aff0 255: RS 15, bit 15");
	ok(gic_sgir(0x0, 0x1f) == gic_sgir(0x0, 0xf), "gic_sgir: only the low 4 bits of the INTID");

	for (i = 0; i < 8 && all; i++)
		all = round_trip(MPIDR_RES1 | MPIDR_MT | (u64)i << 8, 15, 0) ||
		      fail("RK3588 CPU %u: %s", i, why);
	ok(all, "round trip: the 8 RK3588 CPUs");
	for (i = 0; i < 4 && all; i++)
		all = round_trip(MPIDR_RES1 | phytium[i], 9, 0) || fail("Phytium CPU %u: %s", i, why);
	ok(all, "round trip: the 4 Phytium Pi CPUs");
	for (i = 0; i < 18 && all; i++)
		all = round_trip((i / 16) << 8 | i % 16, 2, 0) || fail("QEMU CPU %u: %s", i, why);
	ok(all, "round trip: QEMU virt's 18 CPUs");
	for (i = 0; i < 256 && all; i++)
		all = round_trip(0x7ULL << 32 | 0x2a0000 | i, 5, 0) || fail("Aff0 %u: %s", i, why);
	ok(all, "round trip: every Aff0 0-255 (RS 0-15) under Aff3 7, Aff2 0x2a");

	/* a target list of three, with RS 1 in Aff1 1 */
	n = gic_sgir_targets(1ULL << 44 | 1ULL << 16 | 0x8009, back);
	ok(n == 3 && back[0] == 0x110 && back[1] == 0x113 && back[2] == 0x11f,
	   "targets: list bits 0, 3, 15 with RS 1 in cluster 1: 0x110, 0x113, 0x11f in order (%u)", n);
	ok(gic_sgir_targets(1ULL << 40 | 0xffff, back) == 0, "targets: IRM set names no list: 0");
	ok(gic_sgir_targets(0x5ULL << 24, back) == 0, "targets: an empty list: 0");
	ok(gic_sgir_targets(0xffff, back) == 16 && back[15] == 0xf, "targets: a full list: 16, Aff0 0-15");
}

int main(void)
{
	test_affinity();
	test_rk3588();
	test_phytium();
	test_gicv4();
	test_two_regions();
	test_stride();
	test_qemu_18();
	test_region_end();
	test_sgir();
	return tap_done();
}
