// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl info: the hypervisor's state and per-CPU exit counters.
 *
 * The exit names come from VHYP_EXIT_LIST in uapi/vhyp/exits.h, so that a
 * reason added there shows up here, in text and JSON alike, without an
 * edit.  The JSON field names are an ABI of their own, documented in
 * Documentation/vhypctl.md: add fields, never rename them.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vhypctl.h"

#define EXIT_NAME(id, name) [id] = name,
static const char *const exit_names[VHYP_EXIT_NR] = {
	VHYP_EXIT_LIST(EXIT_NAME)
};
#undef EXIT_NAME

static void print_json(const struct vhyp_info *info, const char *version,
		       const struct vhyp_cpu_stats *st)
{
	struct json j;
	uint32_t cpu;
	int e;

	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_bool(&j, "enabled", info->flags & VHYP_INFO_ENABLED);
	json_bool(&j, "panicked", info->flags & VHYP_INFO_PANICKED);
	json_string(&j, "version", version);
	json_u64(&j, "ioctl_abi", info->ioctl_abi);
	json_u64(&j, "hyp_abi", info->hyp_abi);
	json_u64(&j, "cpus_possible", info->cpus_possible);
	json_u64(&j, "cpus_online", info->cpus_online);
	json_u64(&j, "cpus_hyp", info->cpus_hyp);
	json_u64(&j, "gic_lrs", info->gic_lrs);
	json_u64(&j, "hyp_mem_base", info->hyp_mem_base);
	json_u64(&j, "hyp_mem_size", info->hyp_mem_size);
	json_u64(&j, "hyp_mem_used", info->hyp_mem_used);
	json_u64(&j, "enabled_ns", info->enabled_ns);
	json_u64(&j, "kick_sgi", info->kick_sgi);
	json_u64(&j, "uart_base", info->uart_base);
	json_u64(&j, "smc_refused", info->smc_refused);
	json_array_begin(&j, "cpus");
	for (cpu = 0; cpu < info->cpus_possible; cpu++) {
		json_object_begin(&j, NULL);
		json_u64(&j, "cpu", cpu);
		json_bool(&j, "online", st[cpu].flags & VHYP_CPU_ONLINE);
		json_bool(&j, "hyp", st[cpu].flags & VHYP_CPU_HYP);
		json_u64(&j, "mpidr", st[cpu].mpidr);
		json_object_begin(&j, "exits");
		for (e = 0; e < VHYP_EXIT_NR; e++)
			json_u64(&j, exit_names[e], st[cpu].exits[e]);
		json_object_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
}

static int digits(unsigned long long v)
{
	char buf[24];

	return snprintf(buf, sizeof(buf), "%llu", v);
}

/* How long ago the CLOCK_BOOTTIME instant NS was, for people. */
static void print_since(uint64_t ns)
{
	struct timespec now;
	uint64_t now_ns, s;

	if (clock_gettime(CLOCK_BOOTTIME, &now))
		return;
	now_ns = (uint64_t)now.tv_sec * 1000000000ull + now.tv_nsec;
	if (now_ns < ns)
		return;
	s = (now_ns - ns) / 1000000000ull;
	printf("  enabled:  %lluh %02llum %02llus ago\n", (unsigned long long)s / 3600,
	       (unsigned long long)s / 60 % 60, (unsigned long long)s % 60);
}

static void print_text(const struct vhyp_info *info, const char *version,
		       const struct vhyp_cpu_stats *st)
{
	int width[VHYP_EXIT_NR], e, mpidr_w = 5;
	uint32_t cpu;

	printf("vhyp %s: %s\n", version,
	       info->flags & VHYP_INFO_ENABLED ? "enabled" : "disabled");
	if (info->flags & VHYP_INFO_PANICKED)
		printf("  PANICKED: the hypervisor stopped itself; "
		       "'vhypctl console' shows why\n");
	printf("  ABI:      ioctl %u, hypervisor %u\n", info->ioctl_abi,
	       info->hyp_abi);
	printf("  CPUs:     %u possible, %u online, %u under the hypervisor\n",
	       info->cpus_possible, info->cpus_online, info->cpus_hyp);
	if (info->gic_lrs)
		printf("  GIC:      %u list registers per CPU\n", info->gic_lrs);
	else
		printf("  GIC:      list registers unknown\n");
	if (info->hyp_mem_size)
		printf("  memory:   %llu KiB at 0x%llx, %llu KiB used\n",
		       (unsigned long long)info->hyp_mem_size / 1024,
		       (unsigned long long)info->hyp_mem_base,
		       (unsigned long long)info->hyp_mem_used / 1024);
	else
		printf("  memory:   none\n");
	if ((info->flags & VHYP_INFO_ENABLED) && info->enabled_ns)
		print_since(info->enabled_ns);
	if (!info->cpus_possible)
		return;

	/* Columns as wide as their widest entry: counters grow fast. */
	for (e = 0; e < VHYP_EXIT_NR; e++)
		width[e] = strlen(exit_names[e]);
	for (cpu = 0; cpu < info->cpus_possible; cpu++) {
		int w = snprintf(NULL, 0, "0x%llx", (unsigned long long)st[cpu].mpidr);

		if (w > mpidr_w)
			mpidr_w = w;
		for (e = 0; e < VHYP_EXIT_NR; e++)
			if (digits(st[cpu].exits[e]) > width[e])
				width[e] = digits(st[cpu].exits[e]);
	}

	printf("\nexits by reason:\n  cpu  online  hyp  %-*s", mpidr_w, "mpidr");
	for (e = 0; e < VHYP_EXIT_NR; e++)
		printf("  %*s", width[e], exit_names[e]);
	putchar('\n');
	for (cpu = 0; cpu < info->cpus_possible; cpu++) {
		printf("  %3u  %-6s  %-3s  0x%0*llx", cpu,
		       st[cpu].flags & VHYP_CPU_ONLINE ? "yes" : "no",
		       st[cpu].flags & VHYP_CPU_HYP ? "yes" : "no", mpidr_w - 2,
		       (unsigned long long)st[cpu].mpidr);
		for (e = 0; e < VHYP_EXIT_NR; e++)
			printf("  %*llu", width[e], (unsigned long long)st[cpu].exits[e]);
		putchar('\n');
	}
}

static int cmd_info(const struct verb *v, int argc, char **argv)
{
	struct vhyp_cpu_stats *st = NULL;
	char version[sizeof(((struct vhyp_info *)0)->version) + 1];
	struct vhyp_info *info;
	struct vhyp_dev d;
	uint32_t cpu;
	int err, ret;

	verb_no_args(v, argc, argv);
	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	info = &d.info;		/* read by dev_open() a moment ago */

	/* the driver terminates it; a broken one must not make us overrun */
	memcpy(version, info->version, sizeof(info->version));
	version[sizeof(info->version)] = '\0';

	st = calloc(info->cpus_possible ? info->cpus_possible : 1, sizeof(*st));
	if (!st) {
		err_msg("out of memory for the statistics of %u CPUs.",
			info->cpus_possible);
		ret = EXIT_ABI;
		goto out;
	}
	for (cpu = 0; cpu < info->cpus_possible; cpu++) {
		err = dev_cpu_stats(&d, cpu, &st[cpu]);
		if (err) {
			ret = fail(d.path, OP_CPU_STATS, err);
			goto out;
		}
	}

	if (g.json)
		print_json(info, version, st);
	else
		print_text(info, version, st);
	ret = EXIT_OK;
out:
	free(st);
	dev_close(&d);
	return ret;
}

const struct verb verb_info = {
	.name = "info",
	.args = "",
	.summary = "show the hypervisor's state, memory and per-CPU exit counters",
	.description =
		"Show whether vhyp is enabled, the versions and ABIs of driver and\n"
		"hypervisor, its CPUs and memory (VHYP_GET_INFO), and for every\n"
		"possible CPU how often it left Linux for the hypervisor, by reason\n"
		"(VHYP_GET_CPU_STATS).  Works whether vhyp is enabled or not.",
	.json = true,
	.run = cmd_info,
};
