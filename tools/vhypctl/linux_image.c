// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: an arm64 Linux Image, or the Image.gz the kernel's build makes
 * of it, decompressed and its 64-byte header read
 * (Documentation/arch/arm64/booting.rst, "Call the kernel image"):
 *
 *   0  code0, code1    8  text_offset    16 image_size    24 flags
 *   32 res2..res4      56 magic "ARM\x64"                 60 res5 (PE)
 *
 * The header is little-endian whatever the kernel's endianness.  A header
 * with text_offset and image_size both 0 comes from a kernel older than
 * 3.17: it wants text_offset 0x80000 and says nothing of its bss, so the
 * file's size is all we know.
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#include <vhyp/ioctl.h>

#include "linux.h"

#define HDR_LEN		64
#define HDR_MAGIC	0x644d5241u	/* "ARM\x64" */
#define FLAG_BE		(1ull << 0)

static uint64_t le(const unsigned char *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* gzip (RFC 1952), whole, into at most VHYP_LOAD_MAX bytes */
static int gunzip(const void *in, size_t len, void **out, size_t *olen,
		  struct cfg_err *err)
{
	/* the trailer's ISIZE: the size mod 2^32, a good first guess */
	size_t cap = le((const unsigned char *)in + len - 4, 4) + 1;
	z_stream zs = { .next_in = (Bytef *)in, .avail_in = len };
	unsigned char *buf, *nb;
	int ret;

	if (cap < 4096 || cap > VHYP_LOAD_MAX + 1ull)
		cap = 16u << 20;
	buf = malloc(cap);
	if (!buf || inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return cfg_fail(err, "out of memory to decompress it");
	}
	for (;;) {
		zs.next_out = buf + zs.total_out;
		zs.avail_out = cap - zs.total_out;
		ret = inflate(&zs, Z_NO_FLUSH);
		if (ret == Z_STREAM_END)
			break;
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			cfg_fail(err, "it starts like gzip but does not decompress (%s)",
				 zs.msg ? zs.msg : "corrupt data");
			goto fail;
		}
		if (zs.avail_out)	/* Z_BUF_ERROR with room left: input ended */
			goto truncated;
		if (cap > VHYP_LOAD_MAX) {
			cfg_fail(err, "it decompresses to more than %u MiB, the most vhyp loads as one image",
				 VHYP_LOAD_MAX >> 20);
			goto fail;
		}
		cap = cap * 2 > VHYP_LOAD_MAX + 1ull ? VHYP_LOAD_MAX + 1ull : cap * 2;
		nb = realloc(buf, cap);
		if (!nb) {
			cfg_fail(err, "out of memory to decompress it");
			goto fail;
		}
		buf = nb;
	}
	if (zs.total_out > VHYP_LOAD_MAX) {
		cfg_fail(err, "it decompresses to more than %u MiB, the most vhyp loads as one image",
			 VHYP_LOAD_MAX >> 20);
		goto fail;
	}
	*out = buf;
	*olen = zs.total_out;
	inflateEnd(&zs);
	return 0;
truncated:
	cfg_fail(err, "its gzip data ends early (%zu bytes): the file is truncated", len);
fail:
	inflateEnd(&zs);
	free(buf);
	return -1;
}

int linux_image_parse(void *buf, size_t len, struct linux_image *img,
		      struct cfg_err *err)
{
	const unsigned char *h = buf;
	void *raw = NULL;
	size_t raw_len = 0;

	memset(img, 0, sizeof(*img));
	img->file_len = len;
	if (len >= 18 && h[0] == 0x1f && h[1] == 0x8b) {
		img->gzipped = true;
		if (gunzip(buf, len, &raw, &raw_len, err)) {
			free(buf);
			return -1;
		}
		free(buf);
		buf = raw;
		len = raw_len;
		h = buf;
	}
	img->data = buf;
	img->len = len;
	if (len >= 8 && !memcmp(h + 4, "zimg", 4))
		return cfg_fail(err, "it is an EFI zboot kernel (CONFIG_EFI_ZBOOT), which only an EFI loader unpacks: give the kernel's arch/arm64/boot/Image or Image.gz");
	if (len < HDR_LEN)
		return cfg_fail(err, "it is %zu bytes, shorter than the %u-byte header of an arm64 Image",
				len, HDR_LEN);
	if (le(h + 56, 4) != HDR_MAGIC)
		return cfg_fail(err, "it has no arm64 Image header (magic 0x%08llx at offset 56, not \"ARM\\x64\"): give an arm64 Linux Image or Image.gz",
				ULL(le(h + 56, 4)));
	img->text_offset = le(h + 8, 8);
	img->image_size = le(h + 16, 8);
	img->flags = le(h + 24, 8);
	if (!img->text_offset && !img->image_size) {
		img->text_offset = LINUX_OLD_TEXT_OFFSET;
		img->image_size = len;
	}
	if (img->flags & FLAG_BE)
		return cfg_fail(err, "it is a big-endian kernel (flags 0x%llx): cells start little-endian",
				ULL(img->flags));
	if (img->text_offset >= SZ_2M || img->text_offset % PAGE_4K)
		return cfg_fail(err, "its text_offset 0x%llx is not a 4 KiB aligned offset below 2 MiB",
				ULL(img->text_offset));
	if (img->image_size < len)
		img->image_size = len;	/* bss can only add to what the file holds */
	return 0;
}
