// SPDX-License-Identifier: GPL-2.0
/*
 * kexec-load: the least of kexec-tools that the QEMU tests need, for an
 * arm64 guest whose busybox has no kexec (tests/qemu/scenarios/power.sh).
 *
 *   kexec-load load IMAGE INITRD CMDLINE   load IMAGE (an arm64 Image, such
 *                                          as Debian's vmlinuz) to boot with
 *                                          INITRD and the command line CMDLINE
 *   kexec-load exec                        reboot(LINUX_REBOOT_CMD_KEXEC)
 *
 * load tries kexec_file_load() first; a kernel without CONFIG_KEXEC_FILE
 * (Debian's 6.1 and 6.12 arm64 kernels) answers ENOSYS, and then it uses
 * kexec_load(), whose segments it lays out itself in the first System RAM
 * range of /proc/iomem, 128 MiB in:
 *
 *   the Image, text_offset from a 2 MiB boundary, image_size long;
 *   the device tree, at the next 2 MiB boundary: /sys/firmware/fdt (the
 *     one this kernel booted with) with /chosen's bootargs and
 *     linux,initrd-start/-end replaced;
 *   INITRD, 2 MiB further;
 *   a page of "purgatory" after it: x0 = the device tree, x1..x3 = 0, a
 *     branch to the Image, as arm64's booting.rst wants.  kexec_load()
 *     enters the image at its entry with nothing in x0; kexec-tools' own
 *     purgatory does the same and more.
 *
 * The purgatory runs with the MMU off, at EL2 if the old kernel hands EL2
 * over (HVC_SOFT_RESTART) or at EL1 if not: its code is the same at both.
 * Every failure prints one line, "kexec-load: ...", and exits 1.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SZ_2M		0x200000ULL
#define PAGE		4096ULL
#define ALIGN_UP(x, a)	(((x) + (a) - 1) & ~((uint64_t)(a) - 1))

#define FDT_MAGIC	0xd00dfeedu
#define FDT_BEGIN_NODE	1u
#define FDT_END_NODE	2u
#define FDT_PROP	3u
#define FDT_NOP		4u
#define FDT_END		9u

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fputs("kexec-load: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The whole file, with its size; /sys and /proc files too (no st_size there). */
static uint8_t *slurp(const char *path, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	uint8_t *p = malloc(cap);
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0)
		die("cannot open %s: %s", path, strerror(errno));
	for (;;) {
		if (n == cap) {
			cap *= 2;
			p = realloc(p, cap);
		}
		if (!p)
			die("out of memory reading %s", path);
		r = read(fd, p + n, cap - n);
		if (r < 0)
			die("cannot read %s: %s", path, strerror(errno));
		if (!r)
			break;
		n += r;
	}
	close(fd);
	*len = n;
	return p;
}

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static void put(struct buf *b, const void *d, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("out of memory building the device tree");
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void put32(struct buf *b, uint32_t v)
{
	v = htobe32(v);
	put(b, &v, 4);
}

static void pad4(struct buf *b)
{
	while (b->len & 3)
		put(b, "", 1);
}

static uint32_t be32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be32toh(v);
}

/* The offset of NAME in the strings block, added at its end if not there. */
static uint32_t string_off(struct buf *s, const char *name)
{
	size_t n = strlen(name) + 1, off;

	for (off = 0; off + n <= s->len; off++)
		if (!memcmp(s->p + off, name, n))
			return off;
	off = s->len;
	put(s, name, n);
	return off;
}

static void put_prop(struct buf *st, struct buf *strs, const char *name, const void *v, uint32_t len)
{
	put32(st, FDT_PROP);
	put32(st, len);
	put32(st, string_off(strs, name));
	put(st, v, len);
	pad4(st);
}

static void put_chosen(struct buf *st, struct buf *strs, const char *cmdline,
		       uint64_t initrd, uint64_t initrd_end)
{
	uint64_t v;

	put_prop(st, strs, "bootargs", cmdline, strlen(cmdline) + 1);
	v = htobe64(initrd);
	put_prop(st, strs, "linux,initrd-start", &v, 8);
	v = htobe64(initrd_end);
	put_prop(st, strs, "linux,initrd-end", &v, 8);
}

static int replaced(const char *name)
{
	return !strcmp(name, "bootargs") || !strcmp(name, "linux,initrd-start") ||
	       !strcmp(name, "linux,initrd-end");
}

static const uint8_t zero16[16];

/* FDT with /chosen's command line and initrd replaced (or /chosen added). */
static struct buf patch_fdt(const uint8_t *f, size_t flen, const char *cmdline,
			    uint64_t initrd, uint64_t initrd_end)
{
	struct buf st = { 0 }, strs = { 0 }, out = { 0 };
	uint32_t off_st, off_strs, off_rsv, size_strs, total, depth = 0, rsv_len;
	int in_chosen = 0, seen_chosen = 0;
	size_t pos;

	if (flen < 40 || be32_at(f) != FDT_MAGIC)
		die("/sys/firmware/fdt is not a flattened device tree");
	total = be32_at(f + 4);
	off_st = be32_at(f + 8);
	off_strs = be32_at(f + 12);
	off_rsv = be32_at(f + 16);
	size_strs = be32_at(f + 32);
	if (total > flen || off_st >= total || off_strs + size_strs > total || off_rsv >= total ||
	    be32_at(f + 20) < 16)
		die("/sys/firmware/fdt has a header this program does not understand");
	put(&strs, f + off_strs, size_strs);

	for (pos = off_st; pos + 4 <= total;) {
		uint32_t tok = be32_at(f + pos);
		const char *name;
		uint32_t len;

		pos += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			name = (const char *)f + pos;
			len = strnlen(name, total - pos) + 1;
			depth++;
			if (depth == 2 && !strcmp(name, "chosen"))
				in_chosen = seen_chosen = 1;
			put32(&st, tok);
			put(&st, name, len);
			pad4(&st);
			pos = ALIGN_UP(pos + len, 4);
			break;
		case FDT_END_NODE:
			if (depth == 2 && in_chosen) {
				put_chosen(&st, &strs, cmdline, initrd, initrd_end);
				in_chosen = 0;
			}
			if (depth == 1 && !seen_chosen) {
				put32(&st, FDT_BEGIN_NODE);
				put(&st, "chosen", 7);
				pad4(&st);
				put_chosen(&st, &strs, cmdline, initrd, initrd_end);
				put32(&st, FDT_END_NODE);
			}
			if (!depth--)
				die("/sys/firmware/fdt: a node ends that never began");
			put32(&st, tok);
			break;
		case FDT_PROP:
			len = be32_at(f + pos);
			name = (const char *)f + off_strs + be32_at(f + pos + 4);
			if (!(depth == 2 && in_chosen && replaced(name)))
				put_prop(&st, &strs, name, f + pos + 8, len);
			pos = ALIGN_UP(pos + 8 + len, 4);
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			put32(&st, tok);
			goto done;
		default:
			die("/sys/firmware/fdt: unknown token %#x at %zu", tok, pos - 4);
		}
	}
	die("/sys/firmware/fdt has no end token");
done:
	/* the memory reservations, up to and with the terminating pair of zeros */
	for (rsv_len = 0; off_rsv + rsv_len + 16 <= total; rsv_len += 16)
		if (!memcmp(f + off_rsv + rsv_len, zero16, 16))
			break;
	rsv_len += 16;
	put32(&out, FDT_MAGIC);
	put32(&out, 40 + rsv_len + st.len + strs.len);
	put32(&out, 40 + rsv_len);			/* off_dt_struct */
	put32(&out, 40 + rsv_len + st.len);		/* off_dt_strings */
	put32(&out, 40);				/* off_mem_rsvmap */
	put32(&out, 17);
	put32(&out, 16);
	put32(&out, be32_at(f + 28));			/* boot_cpuid_phys */
	put32(&out, strs.len);
	put32(&out, st.len);
	put(&out, f + off_rsv, rsv_len);
	put(&out, st.p, st.len);
	put(&out, strs.p, strs.len);
	free(st.p);
	free(strs.p);
	return out;
}

/* The first System RAM range of /proc/iomem. */
static void first_ram(uint64_t *start, uint64_t *end)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];

	if (!f)
		die("cannot open /proc/iomem: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (line[0] != ' ' && strstr(line, ": System RAM") &&
		    sscanf(line, "%" SCNx64 "-%" SCNx64, start, end) == 2) {
			fclose(f);
			*end += 1;
			return;
		}
	die("no System RAM in /proc/iomem");
}

/* x0 = the device tree, x1..x3 = 0, branch to the Image; literals patched in */
extern const uint32_t purgatory[], purgatory_end[];
__asm__(".section .rodata\n"
	".balign 8\n"
	"purgatory:\n"
	"	ldr	x0, 1f\n"
	"	ldr	x4, 2f\n"
	"	mov	x1, xzr\n"
	"	mov	x2, xzr\n"
	"	mov	x3, xzr\n"
	"	br	x4\n"
	"	.balign 8\n"
	"1:	.quad	0\n"
	"2:	.quad	0\n"
	"purgatory_end:\n"
	".previous\n");

static void load(const char *image, const char *initrd, const char *cmdline)
{
	uint64_t ram, ram_end, text_offset, image_size, kbase, dtb, rd, purg;
	struct kexec_segment seg[4];
	size_t klen, rdlen, flen, plen;
	uint8_t *k, *r, *f, page[PAGE];
	struct buf fdt;
	int kfd, rfd;

	kfd = open(image, O_RDONLY);
	rfd = open(initrd, O_RDONLY);
	if (kfd < 0 || rfd < 0)
		die("cannot open %s: %s", kfd < 0 ? image : initrd, strerror(errno));
	if (!syscall(SYS_kexec_file_load, kfd, rfd, strlen(cmdline) + 1, cmdline, 0UL)) {
		printf("kexec-load: %s loaded with kexec_file_load()\n", image);
		return;
	}
	if (errno != ENOSYS)
		die("kexec_file_load() of %s: %s", image, strerror(errno));
	printf("kexec-load: no kexec_file_load() in this kernel (ENOSYS): kexec_load() instead\n");
	close(kfd);
	close(rfd);

	k = slurp(image, &klen);
	r = slurp(initrd, &rdlen);
	f = slurp("/sys/firmware/fdt", &flen);
	if (klen < 64 || memcmp(k + 56, "ARM\x64", 4))
		die("%s is not an arm64 Image (no ARM\\x64 magic at offset 56)", image);
	memcpy(&text_offset, k + 8, 8);
	memcpy(&image_size, k + 16, 8);
	text_offset = le64toh(text_offset);
	image_size = le64toh(image_size) ?: klen;
	first_ram(&ram, &ram_end);

	kbase = ALIGN_UP(ram + 128 * 1024 * 1024, SZ_2M);
	dtb = ALIGN_UP(kbase + text_offset + image_size, SZ_2M);
	rd = dtb + SZ_2M;
	purg = ALIGN_UP(rd + rdlen, PAGE);
	if (purg + PAGE > ram_end)
		die("the Image, device tree and initrd do not fit in RAM %#" PRIx64 "-%#" PRIx64,
		    ram, ram_end);
	fdt = patch_fdt(f, flen, cmdline, rd, rd + rdlen);
	if (fdt.len > SZ_2M)
		die("the device tree grew past 2 MiB");

	plen = (const uint8_t *)purgatory_end - (const uint8_t *)purgatory;
	memset(page, 0, sizeof(page));
	memcpy(page, purgatory, plen);
	memcpy(page + plen - 16, &dtb, 8);
	kbase += text_offset;
	memcpy(page + plen - 8, &kbase, 8);

	seg[0] = (struct kexec_segment){ k, klen, (void *)kbase, ALIGN_UP(image_size, PAGE) };
	seg[1] = (struct kexec_segment){ fdt.p, fdt.len, (void *)dtb, ALIGN_UP(fdt.len, PAGE) };
	seg[2] = (struct kexec_segment){ r, rdlen, (void *)rd, ALIGN_UP(rdlen, PAGE) };
	seg[3] = (struct kexec_segment){ page, PAGE, (void *)purg, PAGE };
	if (syscall(SYS_kexec_load, purg, 4UL, seg, (unsigned long)KEXEC_ARCH_DEFAULT))
		die("kexec_load() of %s: %s", image, strerror(errno));
	printf("kexec-load: Image at %#" PRIx64 ", device tree (%zu bytes) at %#" PRIx64
	       ", initrd (%zu bytes) at %#" PRIx64 ", entry %#" PRIx64 "\n",
	       kbase, fdt.len, dtb, rdlen, rd, purg);
	printf("kexec-load: command line: %s\n", cmdline);
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "load")) {
		load(argv[2], argv[3], argv[4]);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "exec")) {
		sync();
		reboot(LINUX_REBOOT_CMD_KEXEC);
		die("reboot(LINUX_REBOOT_CMD_KEXEC): %s", strerror(errno));
	}
	fprintf(stderr, "usage: kexec-load load IMAGE INITRD CMDLINE | kexec-load exec\n");
	return 2;
}
