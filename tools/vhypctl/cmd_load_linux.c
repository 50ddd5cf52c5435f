// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl load --kernel: an unmodified arm64 Linux into a cell, as a boot
 * loader would start it (Documentation/arch/arm64/booting.rst).  Three
 * images for the driver (VHYP_CELL_LOAD): the Image (decompressed if it
 * was an Image.gz) as the entry, the device tree with VHYP_LOAD_X0 so
 * that x0 holds its address, and the initrd.  Where each goes is
 * linux_place.c's; the device tree is built from the cell's config, the
 * machine's GIC and, for the devices passed through, the root's own
 * device tree (linux_dt.c, linux_dt_dev.c), or is the user's with /chosen
 * set.
 * Everything is read, placed and built before the first call, so that a
 * refusal loads nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cell_lookup.h"
#include "config.h"
#include "linux.h"
#include "load.h"

enum { KERNEL, DTB, INITRD, NR_PARTS };

#define ROOT_PATH_LEN	4096

struct part {
	const char *file;	/* NULL: the built device tree */
	void *data;
	size_t len;
	uint64_t ipa;
	uint32_t flags;		/* VHYP_LOAD_* */
};

struct boot {
	const struct linux_args *a;
	struct linux_image img;
	struct part part[NR_PARTS];
	void *user_dtb;		/* --dtb as read */
	size_t user_dtb_len;
	struct vhyp_system *sys;
	char why[512];		/* why there is no sys */
	void *root_fdt;		/* the root's device tree, for the devices */
	size_t root_len;
	char root_path[ROOT_PATH_LEN];
	char root_why[ROOT_PATH_LEN + 128];	/* why there is no root_fdt */
};

static int read_initrd(struct boot *b)
{
	struct part *p = &b->part[INITRD];

	p->file = b->a->initrd;
	return load_read("initrd", p->file, "make it smaller (compress it harder, leave out what the cell does not need)",
			 &p->data, &p->len);
}

/* The files, before the device is opened: a bad one must not wait for it. */
static int read_files(struct boot *b)
{
	const struct linux_args *a = b->a;
	struct cfg_err cerr = { "" };
	void *buf;
	size_t len;
	int err, ret;

	err = read_file(a->kernel, VHYP_LOAD_MAX + 1ull, &buf, &len);
	if (err == EFBIG) {
		err_msg("kernel %s is larger than %u MiB, the most vhyp loads as one image.",
			a->kernel, VHYP_LOAD_MAX >> 20);
		return EXIT_USAGE;
	}
	if (err) {
		err_msg("cannot read kernel %s: %s.", a->kernel, strerror(err));
		return EXIT_USAGE;
	}
	if (linux_image_parse(buf, len, &b->img, &cerr)) {
		err_msg("kernel %s: %s.", a->kernel, cerr.msg);
		return EXIT_USAGE;
	}
	b->part[KERNEL] = (struct part){ .file = a->kernel, .data = b->img.data,
					 .len = b->img.len, .flags = VHYP_LOAD_ENTRY };
	b->img.data = NULL;
	if (a->initrd) {
		ret = read_initrd(b);
		if (ret)
			return ret;
	}
	b->part[DTB].flags = VHYP_LOAD_X0;
	if (a->dtb) {
		b->part[DTB].file = a->dtb;
		return dtb_load(a->dtb, "device tree", &b->user_dtb, &b->user_dtb_len);
	}
	/* the tree vhypctl builds needs the GIC's addresses */
	ret = system_load(a->system, &b->sys, b->why, sizeof(b->why));
	if (ret)
		return ret;
	if (!b->sys) {
		err_msg("the cell's device tree needs the GIC's addresses, and there is no description of this machine (%s): give --system SYSFILE, or a device tree of your own with --dtb.",
			b->why);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static void warn(const char *sentence)
{
	err_msg("warning: %s.", sentence);
}

/*
 * The root's device tree, where the cell's devices are described: a
 * warning, not a refusal, if it cannot be read (linux_dt_dev.c says which
 * devices go without).  VHYPCTL_SYSFS_ROOT replaces /sys for the tests.
 */
static void read_root_fdt(struct boot *b)
{
	int err;

	snprintf(b->root_path, sizeof(b->root_path), "%s/firmware/fdt", sysfs_root());
	err = read_fdt(b->root_path, LINUX_ROOT_FDT_MAX, &b->root_fdt, &b->root_len);
	if (err == EFBIG)
		snprintf(b->root_why, sizeof(b->root_why), "%s is larger than %llu MiB",
			 b->root_path, ULL(LINUX_ROOT_FDT_MAX >> 20));
	else if (err)
		snprintf(b->root_why, sizeof(b->root_why), "%s cannot be read (%s)",
			 b->root_path, strerror(err));
}

/* Placement, then the device tree that names the initrd's place. */
static int prepare(struct boot *b, const struct vhyp_cell_config *cfg, const char *name)
{
	const struct linux_args *a = b->a;
	struct part *dtb = &b->part[DTB], *initrd = &b->part[INITRD];
	struct linux_layout lay;
	struct linux_boot lb = { .cfg = cfg, .sys = b->sys, .cmdline = a->cmdline };
	struct cfg_err cerr = { "" };

	if (linux_place(cfg, name, &b->img, initrd->len, &lay, &cerr)) {
		err_msg("%s.", cerr.msg);
		return EXIT_USAGE;
	}
	if (!a->dtb && cfg->num_dev) {
		read_root_fdt(b);
		lb.root_fdt = b->root_fdt;
		lb.root_len = b->root_len;
		lb.root_name = b->root_path;
		lb.root_why = b->root_why;
		lb.warn = warn;
	}
	if (getrandom(lb.rng_seed, sizeof(lb.rng_seed), 0) != sizeof(lb.rng_seed) ||
	    getrandom(&lb.kaslr_seed, sizeof(lb.kaslr_seed), 0) != sizeof(lb.kaslr_seed)) {
		err_msg("no random bytes for the cell's rng-seed and kaslr-seed: %s.",
			strerror(errno));
		return EXIT_REFUSED;
	}
	lb.kaslr_seed |= 1;		/* 0 means none */
	b->part[KERNEL].ipa = lay.kernel;
	dtb->ipa = lay.dtb;
	initrd->ipa = lay.initrd;
	if (initrd->len) {
		lb.initrd_start = lay.initrd;
		lb.initrd_end = lay.initrd + initrd->len;
	}
	if (a->dtb ? linux_dt_patch(b->user_dtb, b->user_dtb_len, &lb, &dtb->data,
				    &dtb->len, &cerr) :
		     linux_dt_build(&lb, &dtb->data, &dtb->len, &cerr)) {
		if (a->dtb)
			err_msg("device tree %s: %s.", a->dtb, cerr.msg);
		else
			err_msg("%s.", cerr.msg);
		return EXIT_USAGE;
	}
	if (linux_place_dtb(&lay, name, dtb->len, &cerr)) {
		err_msg("%s.", cerr.msg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static void print_result(const struct boot *b, const char *name, uint32_t id, uint64_t ns)
{
	const struct part *k = &b->part[KERNEL], *d = &b->part[DTB], *i = &b->part[INITRD];
	unsigned int n;
	struct json j;

	if (!g.json) {
		if (g.quiet)
			return;
		printf("loaded Image (%zu bytes) at 0x%llx, device tree (%zu bytes) at 0x%llx",
		       k->len, ULL(k->ipa), d->len, ULL(d->ipa));
		if (i->len)
			printf(", initrd (%zu bytes) at 0x%llx", i->len, ULL(i->ipa));
		printf(" into cell %s; it starts at 0x%llx\n", name, ULL(k->ipa));
		return;
	}
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_bool(&j, "ok", true);
	json_string(&j, "name", name);
	json_u64(&j, "id", id);
	json_u64(&j, "entry", k->ipa);
	json_u64(&j, "x0", d->ipa);
	json_object_begin(&j, "kernel");
	json_string(&j, "file", k->file);
	json_bool(&j, "gzip", b->img.gzipped);
	json_u64(&j, "file_size", b->img.file_len);
	json_u64(&j, "text_offset", b->img.text_offset);
	json_u64(&j, "image_size", b->img.image_size);
	json_u64(&j, "flags", b->img.flags);
	json_object_end(&j);
	json_array_begin(&j, "images");
	for (n = 0; n < NR_PARTS; n++) {
		const struct part *p = &b->part[n];

		if (!p->len)
			continue;
		json_object_begin(&j, NULL);
		if (p->file)
			json_string(&j, "file", p->file);
		else
			json_null(&j, "file");
		json_string(&j, "what", n == KERNEL ? "kernel" : n == DTB ? "dtb" : "initrd");
		json_u64(&j, "ipa", p->ipa);
		json_u64(&j, "size", p->len);
		json_bool(&j, "entry", p->flags & VHYP_LOAD_ENTRY);
		json_bool(&j, "dtb", p->flags & VHYP_LOAD_X0);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_u64(&j, "elapsed_ns", ns);
	json_object_end(&j);
	json_finish(&j);
}

static const char *part_name(const struct boot *b, unsigned int n)
{
	if (n == DTB && !b->part[DTB].file)
		return "the device tree";
	return b->part[n].file;
}

static int load_parts(struct boot *b)
{
	char name[VHYP_CELL_NAME_LEN + 1];
	struct vhyp_cell_config cfg;
	struct vhyp_cell_info info;
	struct vhyp_dev d;
	uint64_t t0, ns = 0;
	unsigned int n, done = 0;
	int ret, err;

	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	ret = load_target(&d, b->a->cell, b->a->config, &info, name, &cfg);
	if (!ret)
		ret = prepare(b, &cfg, name);
	if (ret)
		goto out;
	for (n = 0; n < NR_PARTS; n++) {
		struct part *p = &b->part[n];

		if (!p->len)
			continue;
		t0 = now_ns();
		err = dev_cell_load(&d, info.id, p->flags, p->ipa, p->data, p->len);
		ns += now_ns() - t0;
		if (err) {
			ret = fail_cell(d.path, OP_CELL_LOAD, name, err);
			if (done)
				err_msg("note: what was loaded before %s stays in cell %s until it is destroyed; destroy and create it before loading again.",
					part_name(b, n), name);
			goto out;
		}
		done++;
	}
	print_result(b, name, info.id, ns);
out:
	dev_close(&d);
	return ret;
}

int load_linux(const struct linux_args *a)
{
	struct boot *b = calloc(1, sizeof(*b));
	unsigned int n;
	int ret;

	if (!b) {
		err_msg("out of memory.");
		return EXIT_ABI;
	}
	b->a = a;
	ret = read_files(b);
	if (!ret)
		ret = load_parts(b);
	for (n = 0; n < NR_PARTS; n++)
		free(b->part[n].data);
	free(b->img.data);
	free(b->user_dtb);
	free(b->root_fdt);
	free(b->sys);
	free(b);
	return ret;
}
