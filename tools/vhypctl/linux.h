/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl: what it takes to boot an unmodified arm64 Linux in a cell
 * (load --kernel), following the kernel's arm64 boot protocol
 * (Documentation/arch/arm64/booting.rst): the Image and its header
 * (linux_image.c), where the Image, device tree and initrd go in the
 * cell's RAM (linux_place.c), and the device tree that describes the cell
 * to Linux (linux_dt.c).  None of it does I/O: a refusal is one sentence
 * in a struct cfg_err.
 */
#ifndef VHYPCTL_LINUX_H
#define VHYPCTL_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "dev_node.h"
#include "dt.h"

#define SZ_2M			0x200000ull
#define LINUX_DTB_MAX		SZ_2M		/* booting.rst: "must not exceed 2 megabytes" */
#define LINUX_ROOT_FDT_MAX	(64ull << 20)	/* the root's device tree, as sysfs.c reads it */
#define LINUX_OLD_TEXT_OFFSET	0x80000ull	/* before Linux 3.17 the header had none */

/* An Image as the cell gets it: decompressed, its header read. */
struct linux_image {
	void *data;		/* malloc'd */
	size_t len;		/* bytes to load */
	size_t file_len;	/* bytes of the file, gzipped or not */
	bool gzipped;
	uint64_t text_offset;	/* from a 2 MiB aligned base */
	uint64_t image_size;	/* bytes it uses from there, bss included */
	uint64_t flags;		/* header flags (LE, page size, placement) */
};

/*
 * linux_image.c: BUF..LEN, the contents of an Image or Image.gz, into *IMG.
 * Takes BUF (malloc'd): img->data is then it, what it decompressed to, or
 * NULL; free img->data whatever the result.  Returns 0, or -1 with *ERR.
 */
int linux_image_parse(void *buf, size_t len, struct linux_image *img,
		      struct cfg_err *err);

/* Where each piece goes: IPAs in the cell's lowest RAM region. */
struct linux_layout {
	const struct vhyp_cell_mem *ram;
	uint64_t kernel;	/* the entry: RAM base (2 MiB aligned) + text_offset */
	uint64_t kernel_end;	/* kernel + image_size */
	uint64_t dtb;		/* the next 2 MiB boundary after kernel_end */
	uint64_t initrd;	/* dtb + LINUX_DTB_MAX: known before the DTB's size */
	uint64_t initrd_len;	/* 0: none */
};

/*
 * linux_place.c: the Image and an initrd of INITRD_LEN bytes (0: none) in
 * the lowest RAM region of the cell config CFG.  CELL names the cell in
 * sentences.  linux_place_dtb() then checks a device tree of LEN bytes
 * at lay->dtb.  Both return 0, or -1 with *ERR naming the sizes.
 */
int linux_place(const struct vhyp_cell_config *cfg, const char *cell,
		const struct linux_image *img, uint64_t initrd_len,
		struct linux_layout *lay, struct cfg_err *err);
int linux_place_dtb(const struct linux_layout *lay, const char *cell,
		    uint64_t len, struct cfg_err *err);

/* What the device tree tells Linux besides the cell itself. */
struct linux_boot {
	const struct vhyp_cell_config *cfg;
	const struct vhyp_system *sys;	/* the GIC's addresses; may be NULL to patch */
	const char *cmdline;		/* NULL: the default (linux_dt_build) or unchanged */
	uint64_t initrd_start;		/* initrd_end == initrd_start: none */
	uint64_t initrd_end;
	/*
	 * /chosen rng-seed and kaslr-seed, from the host's random source: a
	 * cell has no entropy of its own at boot, and Linux without a seed
	 * runs its CRNG uninitialised (every syscall's stack offset costs a
	 * ChaCha block) and without KASLR.  All zero: none.
	 */
	uint8_t rng_seed[64];
	uint64_t kaslr_seed;
	/*
	 * The root's device tree (/sys/firmware/fdt), where the devices passed
	 * through are looked up (linux_dt_dev.c); ROOT_NAME names it.  NULL:
	 * there is none, ROOT_WHY says why.  Not trusted: checked before use.
	 */
	const void *root_fdt;
	size_t root_len;
	const char *root_name;
	const char *root_why;
	/* Called with each sentence of a device described in part or not at all. */
	void (*warn)(const char *sentence);
};

/*
 * linux_dt_dev.c: the nodes of the devices passed through, copied from the
 * root's device tree.  linux_devs_find() checks a copy of that tree, looks
 * each device of the config up there and works out its reg, interrupts
 * and clock, saying through b->warn what it leaves out; linux_devs_build()
 * writes the nodes into a tree being built (libfdt's sequential writes),
 * GIC and CLK the phandles of the cell's GIC and fixed clock, and returns
 * 0 or -FDT_ERR_*; linux_devs_free() drops the copy.
 */
#define LINUX_DEV_MAX_REG	DEV_NODE_MAX_REG	/* the ranges matched */
#define LINUX_DEV_MAX_IRQ	8

struct linux_dev {
	int node;		/* in the root's tree; -1: not described here */
	char name[48];		/* in the cell's tree: NAME@ADDR */
	uint64_t reg[2 * LINUX_DEV_MAX_REG];	/* (IPA, size) */
	unsigned int nreg;
	bool reg_all;		/* all of the root's reg: reg-names stays */
	uint32_t irq[3 * LINUX_DEV_MAX_IRQ];	/* <0 SPI flags> */
	unsigned int nirq;
	bool irq_all;		/* all of its interrupts: interrupt-names stays */
	bool apb_pclk;		/* clocks = the cell's fixed clock, "apb_pclk" */
};

struct linux_devs {
	struct dt dt;		/* the root's tree, checked; fdt NULL: none */
	struct linux_dev dev[VHYP_CELL_MAX_DEV];	/* as the config's devices */
	bool need_clock;	/* some device has the fixed clock */
};

void linux_devs_find(const struct linux_boot *b, struct linux_devs *devs);
int linux_devs_build(void *fdt, const struct linux_devs *devs, uint32_t gic, uint32_t clk);
void linux_devs_free(struct linux_devs *devs);

/*
 * linux_dt.c: the cell's device tree, built from its config
 * (linux_dt_build), or the user's tree USER..ULEN with /chosen patched
 * (linux_dt_patch).  On success *DTB is malloc'd, *LEN bytes.
 */
int linux_dt_build(const struct linux_boot *b, void **dtb, size_t *len,
		   struct cfg_err *err);
int linux_dt_patch(const void *user, size_t ulen, const struct linux_boot *b,
		   void **dtb, size_t *len, struct cfg_err *err);
/* "console=ttyAMA0 earlycon=pl011,0x9000000", or "" without a console */
const char *linux_default_cmdline(const struct vhyp_cell_config *cfg, char *buf,
				  size_t len);

#endif
