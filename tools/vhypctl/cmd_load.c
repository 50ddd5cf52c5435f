// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl load: images into a cell's RAM (VHYP_CELL_LOAD), one call each.
 *
 * The driver keeps the images and writes them into the cell's zeroed RAM
 * at every start, so a stopped cell starts again from them.  Where an
 * image goes is an IPA the user gives (IMAGE@IPA), or a default from the
 * cell's config (the driver's copy, VHYP_CELL_CONFIG, or --config FILE):
 * the first image at the start of the lowest RAM region, the device tree
 * at the top of it.  Everything is read and checked before the first call,
 * so that a bad argument loads nothing.  With --kernel, a Linux kernel,
 * its device tree and initrd go where the boot protocol wants them
 * instead (cmd_load_linux.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cell_lookup.h"
#include "config.h"
#include "load.h"

#define MAX_IMAGES	16	/* per command line; the driver has its own limit */
#define SZ_2M		0x200000ull

struct image {
	const char *arg;	/* as typed */
	char *file;
	bool has_ipa;
	uint64_t ipa;
	void *data;
	size_t len;
	uint32_t flags;		/* VHYP_LOAD_* */
};

struct load {
	struct image img[MAX_IMAGES + 1];	/* the images, then the DTB */
	unsigned int n;
	bool has_entry;
	uint64_t entry;
	const char *config;
};

/* FILE[@IPA]: the IPA is what follows the last '@', if it is a number. */
static int parse_image(const struct verb *v, const char *arg, struct image *img)
{
	const char *at = strrchr(arg, '@');

	memset(img, 0, sizeof(*img));
	img->arg = arg;
	if (at && parse_u64(at + 1, &img->ipa)) {
		img->has_ipa = true;
		img->file = strndup(arg, at - arg);
	} else {
		img->file = strdup(arg);
	}
	if (!img->file)
		return usage_error(v, "out of memory");
	if (!*img->file)
		return usage_error(v, "'%s' names no file before the @", arg);
	return EXIT_OK;
}

int load_read(const char *what, const char *file, const char *too_big, void **data,
	      size_t *len)
{
	int err = read_file(file, VHYP_LOAD_MAX + 1ull, data, len);

	if (err == EFBIG || (!err && *len > VHYP_LOAD_MAX)) {
		err_msg("%s %s is larger than %u MiB, the most vhyp loads at once: %s.",
			what, file, VHYP_LOAD_MAX >> 20, too_big);
		return EXIT_USAGE;
	}
	if (err) {
		err_msg("cannot read %s %s: %s.", what, file, strerror(err));
		return EXIT_USAGE;
	}
	if (!*len) {
		err_msg("%s %s is empty: there is nothing to load.", what, file);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int read_image(struct image *img)
{
	return load_read("image", img->file,
			 "split it and load the parts at their own IPAs", &img->data, &img->len);
}

static bool in_region(const struct vhyp_cell_config *cfg, uint64_t ipa, uint64_t len)
{
	uint32_t i;

	for (i = 0; i < cfg->num_mem; i++) {
		const struct vhyp_cell_mem *m = &cfg->mem[i];

		if (m->size && ipa >= m->ipa && len <= m->size && ipa - m->ipa <= m->size - len)
			return true;
	}
	return false;
}

/* The cell's config from --config FILE, which must describe that cell. */
static int config_from_file(const char *file, const char *cell, struct vhyp_cell_config *cfg)
{
	struct cfg_err cerr;
	void *buf;
	size_t len;
	int ret;

	ret = dtb_load(file, "cell config", &buf, &len);
	if (ret)
		return ret;
	ret = cell_config_parse(buf, len, NULL, cfg, &cerr);
	free(buf);
	if (ret) {
		err_msg("cell config %s: %s.", file, cerr.msg);
		return EXIT_USAGE;
	}
	if (strcmp(cfg->name, cell)) {
		err_msg("cell config %s describes cell %s, not %s: give the config %s was created from.",
			file, cfg->name, cell, cell);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Defaults from the cell's config, and the checks a config makes possible. */
static int place_from_config(struct load *l, const char *cell, const struct vhyp_cell_config *c)
{
	const struct vhyp_cell_config cfg = *c;
	const char *from = l->config ? l->config : "as created";
	const struct vhyp_cell_mem *ram;
	struct image *dtb = &l->img[l->n - 1];
	unsigned int i;

	ram = cell_lowest_ram(&cfg);
	if (!ram) {
		err_msg("cell config %s has no RAM region to load images into.", from);
		return EXIT_USAGE;
	}
	if (!l->img[0].has_ipa) {
		l->img[0].ipa = ram->ipa;
		l->img[0].has_ipa = true;
	}
	if (dtb->flags & VHYP_LOAD_X0 && !dtb->has_ipa) {
		/* at the top, 2 MiB aligned, as arm64 Linux wants its device tree */
		dtb->ipa = (ram->ipa + ram->size - dtb->len) & ~(SZ_2M - 1);
		if (ram->ipa + ram->size < dtb->len || dtb->ipa < ram->ipa) {
			err_msg("device tree %s does not fit at the top of memory region %s of cell %s: give --dtb %s@IPA.",
				dtb->file, ram->name, cell, dtb->file);
			return EXIT_USAGE;
		}
		dtb->has_ipa = true;
	}
	for (i = 0; i < l->n; i++) {
		if (l->img[i].has_ipa && !in_region(&cfg, l->img[i].ipa, l->img[i].len)) {
			err_msg("image %s (%zu bytes at 0x%llx) does not lie inside one memory region of cell %s (cell config %s): load it where the cell has RAM.",
				l->img[i].file, l->img[i].len, ULL(l->img[i].ipa), cell, from);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

static int check_layout(struct load *l, const char *cell)
{
	unsigned int i, k;

	for (i = 0; i < l->n; i++) {
		if (l->img[i].has_ipa)
			continue;
		err_msg("image %s has no @IPA: only the first image (and --dtb) may go without one, to cell %s's lowest memory region; give it as %s@IPA.",
			l->img[i].file, cell, l->img[i].file);
		return EXIT_USAGE;
	}
	for (i = 0; i < l->n; i++) {
		for (k = 0; k < i; k++) {
			if (!ranges_overlap(l->img[i].ipa, l->img[i].len, l->img[k].ipa, l->img[k].len))
				continue;
			err_msg("images %s (0x%llx..0x%llx) and %s (0x%llx..0x%llx) overlap in cell %s: load them at IPAs apart.",
				l->img[k].file, ULL(l->img[k].ipa), ULL(l->img[k].ipa + l->img[k].len - 1),
				l->img[i].file, ULL(l->img[i].ipa), ULL(l->img[i].ipa + l->img[i].len - 1),
				cell);
			return EXIT_USAGE;
		}
	}
	/* the entry: the first image, or the one at --entry */
	for (i = 0; i < l->n; i++) {
		if (l->img[i].flags & VHYP_LOAD_X0)
			continue;
		if (l->has_entry ? l->img[i].ipa == l->entry : i == 0) {
			l->img[i].flags |= VHYP_LOAD_ENTRY;
			return EXIT_OK;
		}
	}
	err_msg("--entry 0x%llx is not the IPA of an image given: the cell starts at the start of an image (IMAGE@IPA).",
		ULL(l->entry));
	return EXIT_USAGE;
}

static void print_result(const struct load *l, const char *name, uint32_t id, uint64_t ns)
{
	char size[32];
	unsigned int i;
	struct json j;

	if (!g.json) {
		for (i = 0; !g.quiet && i < l->n; i++)
			printf("loaded %s into cell %s: %s at 0x%llx%s\n", l->img[i].file, name,
			       size_str(l->img[i].len, size, sizeof(size)), ULL(l->img[i].ipa),
			       l->img[i].flags & VHYP_LOAD_ENTRY ? " (entry)" :
			       l->img[i].flags & VHYP_LOAD_X0 ? " (device tree, x0)" : "");
		return;
	}
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_bool(&j, "ok", true);
	json_string(&j, "name", name);
	json_u64(&j, "id", id);
	json_array_begin(&j, "images");
	for (i = 0; i < l->n; i++) {
		json_object_begin(&j, NULL);
		json_string(&j, "file", l->img[i].file);
		json_u64(&j, "ipa", l->img[i].ipa);
		json_u64(&j, "size", l->img[i].len);
		json_bool(&j, "entry", l->img[i].flags & VHYP_LOAD_ENTRY);
		json_bool(&j, "dtb", l->img[i].flags & VHYP_LOAD_X0);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_u64(&j, "elapsed_ns", ns);
	json_object_end(&j);
	json_finish(&j);
}

int load_target(struct vhyp_dev *d, const char *cell, const char *config,
		struct vhyp_cell_info *info, char name[VHYP_CELL_NAME_LEN + 1],
		struct vhyp_cell_config *cfg)
{
	int ret, err;

	ret = cell_lookup(d, cell, info);
	if (ret)
		return ret;
	cell_name(info, name);
	/* the config tells where images go by default: --config, or the driver's copy */
	if (config)
		return config_from_file(config, name, cfg);
	err = dev_cell_config(d, info->id, cfg);
	if (err)
		return fail_cell(d->path, OP_CELL_LOAD, name, err);
	return EXIT_OK;
}

static int load(struct load *l, const char *cell)
{
	char name[VHYP_CELL_NAME_LEN + 1];
	struct vhyp_cell_config cfg;
	struct vhyp_cell_info info;
	struct vhyp_dev d;
	uint64_t t0, ns = 0;
	unsigned int i;
	int ret, err;

	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	ret = load_target(&d, cell, l->config, &info, name, &cfg);
	if (!ret)
		ret = place_from_config(l, name, &cfg);
	if (!ret)
		ret = check_layout(l, name);
	if (ret)
		goto out;
	for (i = 0; i < l->n; i++) {
		t0 = now_ns();
		err = dev_cell_load(&d, info.id, l->img[i].flags, l->img[i].ipa,
				    l->img[i].data, l->img[i].len);
		ns += now_ns() - t0;
		if (err) {
			ret = fail_cell(d.path, OP_CELL_LOAD, name, err);
			if (i)
				err_msg("note: the %u image%s before %s %s loaded into cell %s and stay%s there until it is destroyed.",
					i, i > 1 ? "s" : "", l->img[i].file, i > 1 ? "were" : "was",
					name, i > 1 ? "" : "s");
			goto out;
		}
	}
	print_result(l, name, info.id, ns);
	ret = EXIT_OK;
out:
	dev_close(&d);
	return ret;
}

/* --kernel: no images of the user's placing, and the device tree without @IPA */
static int cmd_load_linux(const struct verb *v, struct linux_args *a, bool has_entry,
			  int nimages)
{
	const char *at = a->dtb ? strrchr(a->dtb, '@') : NULL;
	uint64_t ipa;

	if (nimages)
		return usage_error(v, "--kernel takes no other images: the kernel, its device tree and initrd go where the boot protocol wants them; load more with a second 'vhypctl load %s IMAGE@IPA'",
				   a->cell);
	if (has_entry)
		return usage_error(v, "--entry does not go with --kernel: the cell starts at the kernel");
	if (at && parse_u64(at + 1, &ipa))
		return usage_error(v, "--dtb %s: with --kernel the device tree goes after the kernel, where the boot protocol wants it: leave out the @IPA",
				   a->dtb);
	return load_linux(a);
}

static int cmd_load(const struct verb *v, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "entry", required_argument, NULL, 'e' },
		{ "dtb", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'a' },
		{ "system", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct linux_args la = { NULL };
	struct load *l;
	const char *dtb = NULL, *cell;
	bool has_entry = false;
	uint64_t entry = 0;
	struct image dtb_img;
	unsigned int i;
	int c, ret;

	while ((c = verb_getopt(v, argc, argv, "e:d:c:k:i:a:s:", longopts)) != -1) {
		switch (c) {
		case 'e':
			if (!parse_u64(optarg, &entry))
				return usage_error(v, "--entry '%s' is not an IPA (a number, 0x... for hex)",
						   optarg);
			has_entry = true;
			break;
		case 'd':
			dtb = optarg;
			break;
		case 'c':
			la.config = optarg;
			break;
		case 'k':
			la.kernel = optarg;
			break;
		case 'i':
			la.initrd = optarg;
			break;
		case 'a':
			la.cmdline = optarg;
			break;
		case 's':
			la.system = optarg;
			break;
		default:
			return EXIT_ABI;
		}
	}
	if (optind == argc)
		return usage_error(v, "no cell given");
	cell = argv[optind++];
	if (la.kernel) {
		la.cell = cell;
		la.dtb = dtb;
		return cmd_load_linux(v, &la, has_entry, argc - optind);
	}
	if (la.initrd || la.cmdline || la.system)
		return usage_error(v, "--%s goes with --kernel only",
				   la.initrd ? "initrd" : la.cmdline ? "cmdline" : "system");
	if (optind == argc)
		return usage_error(v, "no image given");
	if (argc - optind > MAX_IMAGES)
		return usage_error(v, "more than %d images", MAX_IMAGES);
	l = calloc(1, sizeof(*l));
	if (!l) {
		err_msg("out of memory.");
		return EXIT_ABI;
	}
	l->entry = entry;
	l->has_entry = has_entry;
	l->config = la.config;
	for (ret = EXIT_OK; optind < argc && !ret; optind++)
		ret = parse_image(v, argv[optind], &l->img[l->n++]);
	if (!ret && dtb) {
		ret = parse_image(v, dtb, &dtb_img);
		if (!ret) {
			dtb_img.flags = VHYP_LOAD_X0;
			l->img[l->n++] = dtb_img;
		}
	}
	/* a bad command line or image must not wait for the device */
	for (i = 0; i < l->n && !ret; i++)
		ret = read_image(&l->img[i]);
	if (!ret)
		ret = load(l, cell);
	for (i = 0; i < l->n; i++) {
		free(l->img[i].file);
		free(l->img[i].data);
	}
	free(l);
	return ret;
}

static const struct verb_option options[] = {
	{ "-e, --entry IPA", "start the cell at IPA, the IPA of one of the\n"
			     "images (default: the first image's)" },
	{ "-d, --dtb FILE[@IPA]", "load the device tree FILE too; the cell starts\n"
				  "with its IPA in x0 (arm64 boot protocol)" },
	{ "-c, --config CONFIG", "take the defaults from this config of the cell\n"
				 "rather than from the one it was created with" },
	{ "-k, --kernel IMAGE", "boot Linux: load the arm64 Image (or Image.gz)\n"
				"IMAGE, a device tree and --initrd where the\n"
				"boot protocol wants them (no other images)" },
	{ "-i, --initrd FILE", "with --kernel: load FILE as the initrd" },
	{ "-a, --cmdline TEXT", "with --kernel: the kernel's command line\n"
				"(default: console=ttyAMA0 earlycon=pl011,ADDR\n"
				"with a console; with --dtb: the tree's own)" },
	{ "-s, --system SYSFILE", "with --kernel and no --dtb: the system config\n"
				  "with the GIC's addresses (default: the running\n"
				  "system)" },
	{ NULL, NULL },
};

const struct verb verb_load = {
	.name = "load",
	.args = "CELL IMAGE[@IPA] [IMAGE[@IPA]...] [--entry IPA] [--dtb FILE[@IPA]] [--config CONFIG]\n"
		"       vhypctl [GLOBAL OPTIONS] load CELL --kernel IMAGE [--initrd FILE] [--cmdline TEXT]\n"
		"                                [--dtb FILE] [--system SYSFILE] [--config CONFIG]",
	.summary = "load images into a cell's RAM, for its next start",
	.description =
		"Give the driver each IMAGE, read whole (up to 256 MiB), to write at\n"
		"IPA into the RAM of the cell CELL (a name, or an id) at every start\n"
		"(VHYP_CELL_LOAD).  IPA is decimal, or hex with 0x.  Without @IPA,\n"
		"the first image goes to the start of the cell's lowest memory\n"
		"region and the device tree to its top, 2 MiB aligned; every image\n"
		"must lie inside one memory region of the cell's config.  The\n"
		"cell starts at the first image (or at --entry), in EL1h with the\n"
		"MMU off, x0 = the device tree's IPA (--dtb) or 0.  Images add to\n"
		"those loaded before: to replace them, destroy and create the cell.\n"
		"\n"
		"With --kernel, boot an unmodified arm64 Linux: the Image (an\n"
		"Image.gz is decompressed) at the 2 MiB aligned base of the lowest\n"
		"memory region + its header's text_offset, with its image_size\n"
		"inside the region; the device tree at the next 2 MiB boundary\n"
		"(x0); the initrd 2 MiB after it.  Without --dtb the device tree\n"
		"is built from the cell's config: memory, CPUs, PSCI, the GICv3 at\n"
		"the machine's addresses, the timer, the console and /chosen;\n"
		"passed-through devices are not described.  With --dtb FILE (a\n"
		"dtb or dts), that tree, its /chosen given --cmdline and the initrd.",
	.options = options,
	.json = true,
	.run = cmd_load,
};
