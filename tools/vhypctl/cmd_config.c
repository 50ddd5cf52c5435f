// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl config: cell configs checked without touching the hypervisor.
 *
 *   vhypctl config check FILE [--system SYSFILE]   validate, print the result
 *   vhypctl config system [--system SYSFILE]       the machine vhypctl sees
 *
 * The machine a config is checked against is SYSFILE when given, else the
 * running system (sysfs.c); where there is neither (a build host), the
 * rules that need one are skipped and a note says so.  Parsing and rules
 * are in config.c and config_rules.c; this file only chooses the inputs
 * and prints.  A config that breaks a rule is a bad argument: exit code 1.
 */
#include <stdlib.h>
#include <string.h>

#include "cell_lookup.h"
#include "config.h"

/* Where the system description came from, for output. */
struct system_src {
	struct vhyp_system *sys;	/* NULL: none */
	const char *name;		/* SYSFILE, or "live" */
	char why[512];			/* why there is none */
};

static int load_system(const char *sysfile, struct system_src *src)
{
	int ret = system_load(sysfile, &src->sys, src->why, sizeof(src->why));

	src->name = sysfile ? sysfile : "live";
	return ret;
}

static void print_config_json(const char *file, const struct system_src *src,
			      const struct vhyp_cell_config *cfg)
{
	const struct vhyp_cell_mem *m;
	char access[4];
	struct json j;
	uint32_t i;
	int cpu;

	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "file", file);
	if (src->sys)
		json_string(&j, "system", src->name);
	else
		json_null(&j, "system");
	json_bool(&j, "valid", true);
	json_u64(&j, "size", cfg->size);
	json_u64(&j, "schema", cfg->schema);
	json_string(&j, "name", cfg->name);
	json_array_begin(&j, "cpus");
	for (cpu = 0; cpu < VHYP_CELL_MAX_CPUS; cpu++)
		if (cfg->cpus & (1ull << cpu))
			json_u64(&j, NULL, cpu);
	json_array_end(&j);
	json_u64(&j, "cpu_mask", cfg->cpus);
	json_u64(&j, "flags", cfg->flags);
	json_array_begin(&j, "mem");
	for (i = 0; i < cfg->num_mem; i++) {
		m = &cfg->mem[i];
		json_object_begin(&j, NULL);
		json_string(&j, "name", m->name);
		json_u64(&j, "ipa", m->ipa);
		json_u64(&j, "size", m->size);
		json_u64(&j, "flags", m->flags);
		json_string(&j, "access", mem_access_str(m->flags, access));
		json_bool(&j, "identity", m->flags & VHYP_MEM_IDENTITY);
		json_bool(&j, "resolved", m->size != 0);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_array_begin(&j, "dev");
	for (i = 0; i < cfg->num_dev; i++) {
		json_object_begin(&j, NULL);
		json_string(&j, "name", cfg->dev[i].name);
		json_u64(&j, "base", cfg->dev[i].base);
		json_u64(&j, "size", cfg->dev[i].size);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_array_begin(&j, "irqs");
	for (i = 0; i < cfg->num_irqs; i++)
		json_u64(&j, NULL, cfg->irqs[i]);
	json_array_end(&j);
	json_object_begin(&j, "console");
	json_u64(&j, "type", cfg->console.type);
	json_string(&j, "type_name",
		    cfg->console.type == VHYP_CONSOLE_PL011 ? "pl011" : "none");
	json_u64(&j, "ipa", cfg->console.ipa);
	json_u64(&j, "irq", cfg->console.irq);
	json_object_end(&j);
	json_array_begin(&j, "channels");
	for (i = 0; i < cfg->num_channels; i++) {
		json_object_begin(&j, NULL);
		chan_json_fields(&j, &cfg->channels[i]);
		json_object_end(&j);
	}
	json_array_end(&j);
	virtio_json(&j, cfg);
	json_object_end(&j);
	json_finish(&j);
}

static void print_config_text(const char *file, const struct system_src *src,
			      const struct vhyp_cell_config *cfg)
{
	const struct vhyp_cell_mem *m;
	char buf[320], access[4];
	uint32_t i;

	printf("cell config %s is valid", file);
	if (src->sys && src->sys->live)
		printf(" on this machine\n");
	else if (src->sys)
		printf(" for %s\n", src->name);
	else
		printf(" (checked alone: no system description)\n");
	printf("  name:     %s\n", cfg->name);
	printf("  CPUs:     %s\n", cpu_mask_str(cfg->cpus, ", ", buf, sizeof(buf)));
	for (i = 0; i < cfg->num_mem; i++) {
		m = &cfg->mem[i];
		printf("%s%-15s ", i ? "            " : "  memory:   ", m->name);
		if (!m->size)
			printf("identity-mapped reserved memory (not resolved: no system description), %s\n",
			       mem_access_str(m->flags, access));
		else
			printf("ipa 0x%llx, %s, %s%s\n", ULL(m->ipa),
			       size_str(m->size, buf, sizeof(buf)),
			       mem_access_str(m->flags, access),
			       m->flags & VHYP_MEM_IDENTITY ? ", identity-mapped reserved memory" : "");
	}
	for (i = 0; i < cfg->num_dev; i++)
		printf("%s%-15s 0x%llx, %s\n", i ? "            " : "  devices:  ",
		       cfg->dev[i].name, ULL(cfg->dev[i].base),
		       size_str(cfg->dev[i].size, buf, sizeof(buf)));
	if (!cfg->num_dev)
		printf("  devices:  none\n");
	printf("  SPIs:     ");
	for (i = 0; i < cfg->num_irqs; i++)
		printf("%sINTID %u (SPI %u)", i ? ", " : "", cfg->irqs[i],
		       cfg->irqs[i] - GIC_SPI_BASE);
	printf("%s\n", cfg->num_irqs ? "" : "none");
	if (cfg->console.type == VHYP_CONSOLE_PL011) {
		printf("  console:  PL011 at ipa 0x%llx", ULL(cfg->console.ipa));
		if (cfg->console.irq)
			printf(", INTID %u (SPI %u)", cfg->console.irq,
			       cfg->console.irq - GIC_SPI_BASE);
		printf("\n");
	} else {
		printf("  console:  none\n");
	}
	for (i = 0; i < cfg->num_channels; i++)
		printf("%s%-15s %s\n", i ? "            " : "  channels: ",
		       cfg->channels[i].name, chan_str(&cfg->channels[i], buf, sizeof(buf)));
	if (!cfg->num_channels)
		printf("  channels: none\n");
	for (i = 0; i < cfg->num_virtio; i++)
		printf("%s%-15s %s\n", i ? "            " : "  virtio:   ",
		       cfg->virtio[i].name, virtio_str(&cfg->virtio[i], buf, sizeof(buf)));
	if (!cfg->num_virtio)
		printf("  virtio:   none\n");
	else
		printf("            the root's backend reads and writes all of this cell's RAM\n");
}

static int config_check(const char *file, const char *sysfile)
{
	struct system_src src = { 0 };
	struct vhyp_cell_config cfg;
	struct cfg_err err;
	void *buf = NULL;
	size_t len;
	int ret;

	ret = load_system(sysfile, &src);
	if (ret)
		return ret;
	ret = dtb_load(file, "cell config", &buf, &len);
	if (ret)
		goto out;
	if (cell_config_parse(buf, len, src.sys, &cfg, &err) ||
	    (src.sys && cell_check_hyp_uart(&cfg, src.sys->hyp_uart, &err)) ||
	    (src.sys && cell_check_channels(&cfg, src.sys->chan, src.sys->nchan, &err)) ||
	    (src.sys && src.sys->live && cell_check_virtio_backends(&cfg, &err))) {
		err_msg("cell config %s: %s.", file, err.msg);
		ret = EXIT_USAGE;
		goto out;
	}
	if (g.json)
		print_config_json(file, &src, &cfg);
	else
		print_config_text(file, &src, &cfg);
	/* after the result, once: what was not checked */
	if (!g.quiet && !src.sys)
		err_msg("note: no system description (%s): the cell config was checked alone, without the rules that need the machine (its CPUs, RAM, GIC, reserved memory, and the devices and SPIs the root owns); give one with --system.",
			src.why);
	else if (!g.quiet && !src.sys->spis)
		err_msg("note: the number of SPIs of %s's GIC is not known: SPIs were checked against the architectural limit (INTID %u) only.",
			src.sys->live ? "this machine" : src.name, GIC_SPI_LAST);
	ret = EXIT_OK;
out:
	free(buf);
	free(src.sys);
	return ret;
}

/* The devices' SPIs: INTIDs of sys->spi[] recorded for device I. */
static void print_dev_spis(const struct vhyp_system *sys, uint32_t dev, struct json *j)
{
	uint32_t k, n = 0;

	for (k = 0; k < sys->nspi; k++) {
		if (sys->spi[k].dev != dev)
			continue;
		if (j)
			json_u64(j, NULL, sys->spi[k].intid);
		else
			printf("%s%u", n ? " " : ", INTIDs ", sys->spi[k].intid);
		n++;
	}
}

static void print_range_json(struct json *j, const char *key, const struct sys_range *r,
			     bool named)
{
	json_object_begin(j, key);
	if (named)
		json_string(j, "name", r->name);
	json_u64(j, "base", r->base);
	json_u64(j, "size", r->size);
}

static void print_system_json(const struct system_src *src)
{
	const struct vhyp_system *sys = src->sys;
	struct json j;
	uint32_t i;

	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "source", src->name);
	json_string(&j, "model", sys->model);
	json_u64(&j, "cpus", sys->ncpus);
	json_array_begin(&j, "online");
	for (i = 0; i < 64; i++)
		if (sys->online & (1ull << i))
			json_u64(&j, NULL, i);
	json_array_end(&j);
	json_array_begin(&j, "ram");
	for (i = 0; i < sys->nram; i++) {
		print_range_json(&j, NULL, &sys->ram[i], true);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_begin(&j, "gic");
	print_range_json(&j, "distributor", &sys->gicd, false);
	json_object_end(&j);
	json_array_begin(&j, "redistributors");
	for (i = 0; i < sys->ngicr; i++) {
		print_range_json(&j, NULL, &sys->gicr[i], false);
		json_object_end(&j);
	}
	json_array_end(&j);
	if (sys->spis)
		json_u64(&j, "spis", sys->spis);
	else
		json_null(&j, "spis");
	json_array_begin(&j, "its");
	for (i = 0; i < sys->nits; i++) {
		print_range_json(&j, NULL, &sys->its[i], true);
		json_object_end(&j);
	}
	json_array_end(&j);
	if (sys->maint_intid)
		json_u64(&j, "maintenance_intid", sys->maint_intid);
	else
		json_null(&j, "maintenance_intid");
	json_object_end(&j);
	json_array_begin(&j, "reserved_memory");
	for (i = 0; i < sys->nresv; i++) {
		print_range_json(&j, NULL, &sys->resv[i], true);
		json_bool(&j, "reusable", sys->resv[i].reusable);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_array_begin(&j, "devices");
	for (i = 0; i < sys->ndev; i++) {
		print_range_json(&j, NULL, &sys->dev[i], true);
		json_array_begin(&j, "irqs");
		print_dev_spis(sys, i, &j);
		json_array_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_array_begin(&j, "smmus");
	for (i = 0; i < sys->nsmmu; i++) {
		print_range_json(&j, NULL, &sys->smmu[i], true);
		json_object_end(&j);
	}
	json_array_end(&j);
	if (sys->hyp_uart)
		json_u64(&j, "hyp_uart", sys->hyp_uart);
	else
		json_null(&j, "hyp_uart");
	json_array_begin(&j, "mpidrs");
	for (i = 0; i < sys->nmpidr; i++)
		json_u64(&j, NULL, sys->mpidr[i]);
	json_array_end(&j);
	if (*sys->psci_method)
		json_string(&j, "psci_method", sys->psci_method);
	else
		json_null(&j, "psci_method");
	json_object_end(&j);
	json_finish(&j);
}

/* The widest name of N ranges, at least MIN. */
static int name_width(const struct sys_range *r, uint32_t n, int min)
{
	uint32_t i;
	int w;

	for (i = 0; i < n; i++) {
		w = strlen(r[i].name);
		if (w > min)
			min = w;
	}
	return min;
}

static void print_system_text(const struct system_src *src)
{
	const struct vhyp_system *sys = src->sys;
	char buf[200], size[32];
	uint32_t i;
	int w;

	w = name_width(sys->ram, sys->nram, 16);
	w = name_width(sys->resv, sys->nresv, w);
	w = name_width(sys->dev, sys->ndev, w);
	w = name_width(sys->its, sys->nits, w);
	w = name_width(sys->smmu, sys->nsmmu, w);

	printf("system %s%s%s%s\n", sys->live ? "this machine" : src->name,
	       *sys->model ? " (" : "", sys->model, *sys->model ? ")" : "");
	printf("  CPUs:      %u, online: %s\n", sys->ncpus,
	       cpu_mask_str(sys->online, ",", buf, sizeof(buf)));
	for (i = 0; i < sys->nmpidr; i++)
		printf("%s0x%llx%s", i ? " " : "  MPIDRs:    ", ULL(sys->mpidr[i]),
		       i + 1 == sys->nmpidr ? "\n" : "");
	if (*sys->psci_method)
		printf("  PSCI:      %s\n", sys->psci_method);
	for (i = 0; i < sys->nram; i++)
		printf("%s%-*s 0x%llx, %s\n", i ? "             " : "  RAM:       ",
		       w, sys->ram[i].name, ULL(sys->ram[i].base),
		       size_str(sys->ram[i].size, size, sizeof(size)));
	printf("  GIC:       distributor 0x%llx (%s)", ULL(sys->gicd.base),
	       size_str(sys->gicd.size, size, sizeof(size)));
	for (i = 0; i < sys->ngicr; i++)
		printf(", redistributors 0x%llx (%s)", ULL(sys->gicr[i].base),
		       size_str(sys->gicr[i].size, size, sizeof(size)));
	if (sys->maint_intid)
		printf(", maintenance PPI %u", sys->maint_intid - 16);
	if (sys->spis)
		printf(", %u SPIs\n", sys->spis);
	else
		printf(", SPIs unknown\n");
	for (i = 0; i < sys->nits; i++)
		printf("%s%-*s 0x%llx, %s\n", i ? "             " : "  ITS:       ",
		       w, sys->its[i].name, ULL(sys->its[i].base),
		       size_str(sys->its[i].size, size, sizeof(size)));
	for (i = 0; i < sys->nsmmu; i++)
		printf("%s%-*s 0x%llx, %s\n", i ? "             " : "  SMMUs:     ",
		       w, sys->smmu[i].name, ULL(sys->smmu[i].base),
		       size_str(sys->smmu[i].size, size, sizeof(size)));
	if (sys->hyp_uart)
		printf("  hyp UART:  0x%llx (the hypervisor's console: no cell may have it)\n",
		       ULL(sys->hyp_uart));
	for (i = 0; i < sys->nresv; i++)
		printf("%s%-*s 0x%llx, %s%s\n", i ? "             " : "  reserved:  ",
		       w, sys->resv[i].name, ULL(sys->resv[i].base),
		       size_str(sys->resv[i].size, size, sizeof(size)),
		       sys->resv[i].reusable ? ", reusable" : "");
	for (i = 0; i < sys->ndev; i++) {
		printf("%s%-*s 0x%llx, %s", i ? "             " : "  devices:   ",
		       w, sys->dev[i].name, ULL(sys->dev[i].base),
		       size_str(sys->dev[i].size, size, sizeof(size)));
		print_dev_spis(sys, i, NULL);
		putchar('\n');
	}
}

static int config_system(const char *sysfile)
{
	struct system_src src = { 0 };
	int ret;

	ret = load_system(sysfile, &src);
	if (ret)
		return ret;
	if (!src.sys) {
		err_msg("no system description: %s; give a system config with --system.",
			src.why);
		return EXIT_REFUSED;
	}
	if (g.json)
		print_system_json(&src);
	else
		print_system_text(&src);
	free(src.sys);
	return EXIT_OK;
}

static int cmd_config(const struct verb *v, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "system", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sysfile = NULL, *sub;
	int c;

	while ((c = verb_getopt(v, argc, argv, "s:", longopts)) != -1) {
		if (c != 's')
			return EXIT_ABI;
		sysfile = optarg;
	}
	if (optind == argc)
		return usage_error(v, "no subcommand: use 'config check FILE' or 'config system'");
	sub = argv[optind++];
	if (!strcmp(sub, "check")) {
		if (optind == argc)
			return usage_error(v, "check needs the cell config FILE");
		if (optind + 1 < argc)
			return usage_error(v, "unexpected argument '%s'", argv[optind + 1]);
		return config_check(argv[optind], sysfile);
	}
	if (!strcmp(sub, "system")) {
		if (optind < argc)
			return usage_error(v, "unexpected argument '%s'", argv[optind]);
		return config_system(sysfile);
	}
	return usage_error(v, "unknown subcommand '%s': use check or system", sub);
}

static const struct verb_option options[] = {
	{ "-s, --system=SYSFILE", "check against the system config SYSFILE (.dts or\n"
				  ".dtb) instead of the running system" },
	{ NULL, NULL },
};

const struct verb verb_config = {
	.name = "config",
	.args = "check FILE [--system SYSFILE] | system [--system SYSFILE]",
	.summary = "check a cell config, or show the machine configs are checked against",
	.description =
		"'config check FILE' validates the cell config FILE (device-tree source,\n"
		"compiled with dtc, or a .dtb) against every rule of\n"
		"Documentation/cell-config.md and prints what the cell would get; it\n"
		"changes nothing.  The machine is SYSFILE if given, else the running\n"
		"system (/sys/firmware/fdt and its CPU lists); without either, the\n"
		"rules that need the machine are skipped and a note says so.\n"
		"'config system' prints that machine description.  A config that\n"
		"breaks a rule is refused with exit code 1 and a sentence naming the\n"
		"node, the property and its value.",
	.options = options,
	.json = true,
	.run = cmd_config,
};
