// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target 'linux_image': the input is a kernel file as 'vhypctl load
 * --kernel' reads it, an arm64 Image or an Image.gz (decompressed in
 * memory), through tools/vhypctl/linux_image.c, and what it says through
 * linux_place.c in a few RAM regions and with a few initrd and device-tree
 * sizes.  Invariants, besides the sanitizers': a refusal is one printable
 * sentence; an accepted Image has the header booting.rst describes, and
 * is no larger than one load; a placement is inside the region, 2 MiB
 * aligned where booting.rst says so, and nothing overlaps or wraps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vhyp/ioctl.h>

#include "config_fuzz.h"
#include "linux.h"

#define MIB	0x100000ull

/* The cell's lowest RAM region (ipa, size), with regions of every kind of trouble. */
static const uint64_t rams[][2] = {
	{ 0x40000000, 64 * MIB },		/* tools/configs/qemu-virt/hello.dts */
	{ 0x40001000, 16 * MIB },		/* the base not 2 MiB aligned */
	{ 0x80000000, 2 * MIB },		/* room for no kernel */
	{ VHYP_ADDR_LIMIT - 64 * MIB, 64 * MIB },	/* the top of what a cell can see */
};
static const uint64_t initrds[] = { 0, 1, 16 * MIB, UINT64_MAX };
static const uint64_t dtbs[] = { 0, 4096, LINUX_DTB_MAX, LINUX_DTB_MAX + 1 };

static uint64_t le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));	/* the host is little-endian, as the header */
	return v;
}

static void check_image(const uint8_t *data, size_t size, const struct linux_image *img)
{
	const unsigned char *h = img->data;

	CHECK(h && img->len >= 64 && img->len <= VHYP_LOAD_MAX);
	CHECK(!memcmp(h + 56, "ARM\x64", 4));
	CHECK(img->file_len == size);
	CHECK(img->gzipped == (size >= 18 && data[0] == 0x1f && data[1] == 0x8b));
	if (!img->gzipped)
		CHECK(img->len == size && !memcmp(h, data, size));
	CHECK(!(img->flags & 1) && img->flags == le64(h + 24));
	CHECK(img->text_offset < 2 * MIB && !(img->text_offset % 4096));
	CHECK(img->image_size >= img->len);
	if (le64(h + 8) || le64(h + 16))
		CHECK(img->text_offset == le64(h + 8));
}

static void check_layout(const struct vhyp_cell_config *cfg, const struct linux_image *img,
			 uint64_t initrd, const struct linux_layout *lay)
{
	const struct vhyp_cell_mem *m = &cfg->mem[0];
	unsigned __int128 end = (unsigned __int128)m->ipa + m->size;
	uint64_t base = lay->kernel - img->text_offset;

	CHECK(lay->ram == m && lay->initrd_len == initrd);
	CHECK(!(base % (2 * MIB)) && base >= m->ipa && lay->kernel >= base);
	CHECK((unsigned __int128)lay->kernel + img->image_size == lay->kernel_end);
	CHECK(lay->kernel_end <= end);
	CHECK(!(lay->dtb % (2 * MIB)) && lay->dtb >= lay->kernel_end);
	CHECK(lay->initrd == lay->dtb + LINUX_DTB_MAX);
	if (initrd)
		CHECK((unsigned __int128)lay->initrd + initrd <= end);
}

static void place(const struct linux_image *img)
{
	struct vhyp_cell_config cfg;
	struct linux_layout lay;
	struct cfg_err err;
	unsigned int r, i, d;

	for (r = 0; r < sizeof(rams) / sizeof(rams[0]); r++) {
		memset(&cfg, 0, sizeof(cfg));
		strcpy(cfg.name, "fuzz");
		cfg.num_mem = 1;
		strcpy(cfg.mem[0].name, "ram");
		cfg.mem[0].ipa = rams[r][0];
		cfg.mem[0].size = rams[r][1];
		cfg.mem[0].flags = VHYP_MEM_READ | VHYP_MEM_WRITE | VHYP_MEM_EXEC;
		for (i = 0; i < sizeof(initrds) / sizeof(initrds[0]); i++) {
			memset(&err, 0, sizeof(err));
			if (linux_place(&cfg, "fuzz", img, initrds[i], &lay, &err)) {
				config_fuzz_check_refusal(&err, NULL, 0);
				continue;
			}
			check_layout(&cfg, img, initrds[i], &lay);
			for (d = 0; d < sizeof(dtbs) / sizeof(dtbs[0]); d++) {
				memset(&err, 0, sizeof(err));
				if (linux_place_dtb(&lay, "fuzz", dtbs[d], &err))
					config_fuzz_check_refusal(&err, NULL, 0);
				else
					CHECK(dtbs[d] <= LINUX_DTB_MAX &&
					      (unsigned __int128)lay.dtb + dtbs[d] <=
					      (unsigned __int128)rams[r][0] + rams[r][1]);
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linux_image img;
	struct cfg_err err;
	void *buf = malloc(size ? size : 1);	/* linux_image_parse() takes it */

	CHECK(buf);
	memcpy(buf, data, size);
	memset(&err, 0, sizeof(err));
	if (linux_image_parse(buf, size, &img, &err)) {
		config_fuzz_check_refusal(&err, NULL, 0);
	} else {
		check_image(data, size, &img);
		place(&img);
	}
	free(img.data);
	return 0;
}
