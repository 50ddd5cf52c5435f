// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl create: a cell from its config (VHYP_CELL_CREATE).
 *
 * The config is checked exactly as 'vhypctl config check' checks it, by
 * the same cell_config_parse(), against the running system (or SYSFILE):
 * a config that breaks a rule is refused here with the sentence that names
 * the node, before the driver sees it.  The driver checks again what only
 * it can know (which CPUs are free now, what memory is left) and answers
 * with an errno per reason, which errors.c turns into advice.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vhypctl.h"
#include "config.h"
#include "dev_node.h"
#include "linux.h"
#include <vhyp/status.h>

static uint64_t ram_bytes(const struct vhyp_cell_config *cfg)
{
	uint64_t sum = 0;
	uint32_t i;

	for (i = 0; i < cfg->num_mem; i++)
		sum += cfg->mem[i].size;
	return sum;
}

/* A physical range a cell takes for itself: a device, or a reserved region. */
struct held {
	const char *what, *name;
	uint64_t base, size;
};

static unsigned int held_ranges(const struct vhyp_cell_config *c, struct held *h)
{
	unsigned int i, n = 0;

	for (i = 0; i < c->num_dev; i++)
		h[n++] = (struct held){ "device", c->dev[i].name, c->dev[i].base, c->dev[i].size };
	for (i = 0; i < c->num_mem; i++)
		if (c->mem[i].flags & VHYP_MEM_IDENTITY)
			h[n++] = (struct held){ "reserved-memory region", c->mem[i].name,
						c->mem[i].ipa, c->mem[i].size };
	return n;
}

/*
 * What the cells that exist already hold and a new one may not: their
 * SPIs, device ranges and reserved (identity-mapped) regions.  The driver
 * refuses these too (EBUSY, EPERM); here the user learns which cell has them.
 */
static int check_against_cells(struct vhyp_dev *d, const char *file,
			       const struct vhyp_cell_config *cfg)
{
	struct held mine[VHYP_CELL_MAX_DEV + VHYP_CELL_MAX_MEM];
	struct held its[VHYP_CELL_MAX_DEV + VHYP_CELL_MAX_MEM];
	struct vhyp_cell_config other;
	uint32_t id, i, j, nmine, nits;

	nmine = held_ranges(cfg, mine);
	for (id = 1; id <= VHYP_MAX_CELLS; id++) {
		if (dev_cell_config(d, id, &other))
			continue;		/* no cell with this id */
		other.name[VHYP_CELL_NAME_LEN - 1] = '\0';
		for (i = 0; i < cfg->num_irqs; i++)
			for (j = 0; j < other.num_irqs; j++)
				if (cfg->irqs[i] == other.irqs[j]) {
					err_msg("cell config %s: SPI %u (INTID %u) is cell %s's already: an SPI has one owner; destroy that cell first or give this one another device.",
						file, cfg->irqs[i] - 32, cfg->irqs[i], other.name);
					return EXIT_REFUSED;
				}
		nits = held_ranges(&other, its);
		for (i = 0; i < nmine; i++)
			for (j = 0; j < nits; j++)
				if (mine[i].base < its[j].base + its[j].size &&
				    its[j].base < mine[i].base + mine[i].size) {
					err_msg("cell config %s: %s %.15s at 0x%llx is cell %s's already (its %s %.15s): destroy that cell first.",
						file, mine[i].what, mine[i].name,
						(unsigned long long)mine[i].base, other.name,
						its[j].what, its[j].name);
					return EXIT_REFUSED;
				}
	}
	return EXIT_OK;
}

/*
 * The rules of the hypervisor that runs, whatever machine the config was
 * checked against: its console's UART, the channels that exist, which the
 * cell's must join or leave alone, and the files of its virtio disks.  A broken one is a bad config:
 * exit code 1, like the rules of the machine.
 */
static int check_against_hyp(struct vhyp_dev *d, const char *file,
			     const struct vhyp_cell_config *cfg)
{
	static struct vhyp_channel_info chan[VHYP_MAX_CHANNELS];
	struct cfg_err cerr = { "" };
	uint32_t n = 0;
	int err;

	err = cfg->num_channels ? dev_channels(d, chan, &n) : 0;
	if (err && err != ENOTCONN)	/* not enabled: the create says so */
		return fail(d->path, OP_CHANNELS, err);
	if (cell_check_hyp_uart(cfg, d->info.uart_base, &cerr) ||
	    cell_check_channels(cfg, chan, n, &cerr) ||
	    cell_check_virtio_backends(cfg, &cerr)) {
		err_msg("cell config %s: %s.", file, cerr.msg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/*
 * One warning per device of CFG that the root's device tree says can
 * master the bus (dev_node_dma.c): no IOMMU is programmed for cells, so it
 * can DMA anywhere.  The devices are the running machine's whatever the
 * config was checked against, so the tree is the running system's.  Not
 * hidden by --quiet: it is about the machine's safety, not a
 * confirmation.  Without a tree to read (no device tree, not root) there
 * is nothing to say.
 */
static void warn_bus_masters(const struct vhyp_cell_config *cfg)
{
	char path[4096], why[192], where[DT_PATH_LEN];
	int node[VHYP_CELL_MAX_DEV];
	struct cfg_err err;
	struct dt dt;
	uint32_t i;
	void *fdt;
	size_t len;

	if (!cfg->num_dev)
		return;
	snprintf(path, sizeof(path), "%s/firmware/fdt", sysfs_root());
	if (read_fdt(path, LINUX_ROOT_FDT_MAX, &fdt, &len))
		return;
	if (!dt_open(&dt, fdt, len, &err)) {
		dev_node_match(&dt, cfg, node);
		for (i = 0; i < cfg->num_dev && i < VHYP_CELL_MAX_DEV; i++)
			if (node[i] >= 0 && dev_node_dma(&dt, node[i], why, sizeof(why)))
				err_msg("warning: device '%.*s' (node %s) can master the bus (%s): no IOMMU is programmed for cells, so it can read and write any memory of the machine; pass it only to a cell you trust (Documentation/security.md).",
					VHYP_REGION_NAME_LEN, cfg->dev[i].name,
					dt_path(&dt, node[i], where), why);
		dt_close(&dt);
	}
	free(fdt);
}

/*
 * A cell with virtio devices gives the root's backend its RAM to read and
 * write (uapi/vhyp/virtio.h): said once, like the bus masters, not hidden
 * by --quiet.
 */
static void warn_virtio(const struct vhyp_cell_config *cfg)
{
	if (cfg->num_virtio)
		err_msg("warning: cell '%s' has %u virtio device%s: its RAM stays mapped in the root, whose backend reads and writes it; the cell is not isolated from the root's kernel (Documentation/security.md).",
			cfg->name, cfg->num_virtio, cfg->num_virtio == 1 ? "" : "s");
}

static int create(const char *file, const char *sysfile)
{
	struct vhyp_system *sys = NULL;
	struct vhyp_cell_config cfg;
	char why[512], cpus[200], size[32];
	struct cfg_err cerr;
	struct vhyp_dev d;
	uint64_t t0, t1;
	void *buf = NULL;
	uint32_t i, id;
	size_t len;
	int ret, err;

	ret = system_load(sysfile, &sys, why, sizeof(why));
	if (ret)
		return ret;
	ret = dtb_load(file, "cell config", &buf, &len);
	if (ret)
		goto out;
	if (cell_config_parse(buf, len, sys, &cfg, &cerr)) {
		err_msg("cell config %s: %s.", file, cerr.msg);
		ret = EXIT_USAGE;
		goto out;
	}
	/* without a machine, reserved-memory regions stay unresolved (size 0) */
	for (i = 0; i < cfg.num_mem; i++) {
		if (!cfg.mem[i].size) {
			err_msg("cell config %s: memory region %s is identity-mapped reserved memory, which only a description of the machine can resolve, and there is none (%s): give one with --system.",
				file, cfg.mem[i].name, why);
			ret = EXIT_REFUSED;
			goto out;
		}
	}
	if (!sys && !g.quiet)
		err_msg("note: no system description (%s): the cell config was checked alone; the driver checks the rest.",
			why);

	ret = dev_open(&d, g.device);
	if (ret)
		goto out;
	ret = check_against_hyp(&d, file, &cfg);
	if (!ret)
		ret = check_against_cells(&d, file, &cfg);
	if (ret) {
		dev_close(&d);
		goto out;
	}
	t0 = now_ns();
	err = dev_cell_create(&d, &cfg, &id);
	t1 = now_ns();
	dev_close(&d);
	if (err) {
		ret = fail_cell(d.path, OP_CELL_CREATE, cfg.name, err);
		goto out;
	}
	warn_bus_masters(&cfg);
	warn_virtio(&cfg);
	if (g.json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_bool(&j, "ok", true);
		json_string(&j, "name", cfg.name);
		json_u64(&j, "id", id);
		json_u64(&j, "elapsed_ns", t1 - t0);
		json_object_end(&j);
		json_finish(&j);
	} else if (!g.quiet) {
		printf("cell %s created (id %u, CPU%s %s, %s of RAM)\n", cfg.name, id,
		       cfg.cpus & (cfg.cpus - 1) ? "s" : "",
		       cpu_mask_str(cfg.cpus, ", ", cpus, sizeof(cpus)),
		       size_str(ram_bytes(&cfg), size, sizeof(size)));
	}
	ret = EXIT_OK;
out:
	free(buf);
	free(sys);
	return ret;
}

static int cmd_create(const struct verb *v, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "system", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sysfile = NULL;
	int c;

	while ((c = verb_getopt(v, argc, argv, "s:", longopts)) != -1) {
		if (c != 's')
			return EXIT_ABI;
		sysfile = optarg;
	}
	if (optind == argc)
		return usage_error(v, "no cell config given");
	if (optind + 1 < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind + 1]);
	return create(argv[optind], sysfile);
}

static const struct verb_option options[] = {
	{ "-s, --system=SYSFILE", "check the config against the system config\n"
				  "SYSFILE (.dts or .dtb) instead of the running\n"
				  "system" },
	{ NULL, NULL },
};

const struct verb verb_create = {
	.name = "create",
	.args = "CONFIG [--system SYSFILE]",
	.summary = "create a cell from its config: CPUs and RAM leave the root",
	.description =
		"Check the cell config CONFIG (device-tree source, compiled with dtc,\n"
		"or a .dtb) as 'vhypctl config check' does, then create the cell\n"
		"(VHYP_CELL_CREATE): its CPUs go offline in Linux and park in the\n"
		"hypervisor, its RAM is taken from the root.  The cell is then in\n"
		"state 'created': load images into it and start it.  Prints\n"
		"\"cell NAME created (id N, CPUs ..., SIZE of RAM)\".  A config that\n"
		"breaks a rule is refused with exit code 1; a refusal of the driver\n"
		"(name taken, CPU not free, no memory, vhyp not enabled) with 2.",
	.options = options,
	.json = true,
	.run = cmd_create,
};
