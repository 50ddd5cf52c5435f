// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: where a Linux cell's Image, device tree and initrd go, as the
 * arm64 boot protocol wants them (Documentation/arch/arm64/booting.rst):
 *
 *   - the Image at a 2 MiB aligned base + text_offset, with image_size
 *     bytes free from there (its bss is not in the file);
 *   - the device tree 8-byte aligned, at most 2 MiB, in no 2 MiB block
 *     the kernel uses: at the first 2 MiB boundary after image_size;
 *   - the initrd anywhere else in RAM: after the device tree's 2 MiB.
 *     It follows the largest tree, not the one built, because the tree
 *     holds the initrd's address and cannot be built before it.
 *
 * All in the cell's lowest RAM region, whose base is the first memory
 * Linux sees: it maps the kernel from there.
 */
#include "linux.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int linux_place(const struct vhyp_cell_config *cfg, const char *cell,
		const struct linux_image *img, uint64_t initrd_len,
		struct linux_layout *lay, struct cfg_err *err)
{
	const struct vhyp_cell_mem *ram = cell_lowest_ram(cfg);
	char rs[32], ks[32], is[32];
	uint64_t base, end;

	if (!ram)
		return cfg_fail(err, "cell %s has no RAM region to boot Linux in", cell);
	end = ram->ipa + ram->size;
	size_str(ram->size, rs, sizeof(rs));
	size_str(img->image_size, ks, sizeof(ks));
	base = align_up(ram->ipa, SZ_2M);
	lay->ram = ram;
	lay->kernel = base + img->text_offset;
	/* image_size is the header's, up to 2^64 - 1: no end past that */
	lay->kernel_end = img->image_size > UINT64_MAX - lay->kernel ? UINT64_MAX :
			  lay->kernel + img->image_size;
	lay->dtb = align_up(lay->kernel_end, SZ_2M);
	lay->initrd = lay->dtb + LINUX_DTB_MAX;
	lay->initrd_len = initrd_len;
	if (base >= end || lay->kernel_end > end)
		return cfg_fail(err, "the kernel does not fit in memory region %s of cell %s (%s at 0x%llx): from 0x%llx (2 MiB aligned base + text_offset 0x%llx) it needs its image_size, %s, up to 0x%llx",
				ram->name, cell, rs, ULL(ram->ipa), ULL(lay->kernel),
				ULL(img->text_offset), ks, ULL(lay->kernel_end));
	if (initrd_len && (lay->initrd >= end || initrd_len > end - lay->initrd))
		return cfg_fail(err, "the initrd (%s) does not fit in memory region %s of cell %s (%s at 0x%llx): it goes at 0x%llx, after the kernel (%s from 0x%llx) and 2 MiB for the device tree, and the region ends at 0x%llx",
				size_str(initrd_len, is, sizeof(is)), ram->name, cell, rs,
				ULL(ram->ipa), ULL(lay->initrd), ks, ULL(lay->kernel), ULL(end));
	return 0;
}

int linux_place_dtb(const struct linux_layout *lay, const char *cell,
		    uint64_t len, struct cfg_err *err)
{
	uint64_t end = lay->ram->ipa + lay->ram->size;
	char rs[32];

	if (len > LINUX_DTB_MAX)
		return cfg_fail(err, "the device tree is %llu bytes, more than the 2 MiB arm64 Linux accepts",
				ULL(len));
	if (lay->dtb >= end || len > end - lay->dtb)
		return cfg_fail(err, "the device tree (%llu bytes) does not fit in memory region %s of cell %s (%s at 0x%llx): it goes at 0x%llx, the first 2 MiB boundary after the kernel, and the region ends at 0x%llx",
				ULL(len), lay->ram->name, cell,
				size_str(lay->ram->size, rs, sizeof(rs)), ULL(lay->ram->ipa),
				ULL(lay->dtb), ULL(end));
	return 0;
}
