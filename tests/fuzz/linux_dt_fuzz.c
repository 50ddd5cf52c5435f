// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target 'linux_dt': the input is a device tree blob as a user gives
 * it to 'vhypctl load --kernel --dtb', through linux_dt_patch() (of
 * tools/vhypctl/linux_dt.c, called as cmd_load_linux.c calls it) with and
 * without a command line, an initrd and seeds.  When the input is also a
 * cell config that tests/unit/configs/system.dts accepts, the tree vhypctl
 * would build for that cell (linux_dt_build()) is checked too.
 *
 * Invariants, besides the sanitizers': a refusal is one printable
 * sentence; a tree vhypctl returns is a whole, valid blob of at most
 * 2 MiB whose /chosen says what was asked (bootargs, initrd, the user's
 * own seeds kept, ours added otherwise), with every node of the user's
 * tree still there; a built tree has one cpu node per CPU of the cell,
 * one memory node per writable region and the console where the config
 * puts it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "config_fuzz.h"
#include "fuzz_system.h"
#include "linux.h"

/* Every node of the tree */
static int count_nodes(const void *fdt)
{
	int node, n = 0, depth = 0;

	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth))
		n++;
	return n;
}

/* PARENT's children whose names start with PREFIX */
static int count_children(const void *fdt, int parent, const char *prefix)
{
	int node, n = 0;

	CHECK(parent >= 0);
	fdt_for_each_subnode(node, fdt, parent)
		n += !strncmp(fdt_get_name(fdt, node, NULL), prefix, strlen(prefix));
	return n;
}

static void check_prop(const void *fdt, int node, const char *name, const void *val, int len)
{
	int got;
	const void *p = fdt_getprop(fdt, node, name, &got);

	CHECK(p && got == len && !memcmp(p, val, len));
}

static void check_u64(const void *fdt, int node, const char *name, uint64_t v)
{
	fdt64_t be = cpu_to_fdt64(v);

	check_prop(fdt, node, name, &be, sizeof(be));
}

static void check_tree(const void *dtb, size_t len)
{
	CHECK(dtb && len <= LINUX_DTB_MAX && len >= sizeof(struct fdt_header));
	CHECK(fdt_totalsize(dtb) == len && !fdt_check_full(dtb, len));
}

static void patch(const uint8_t *data, size_t size, const struct linux_boot *b)
{
	struct cfg_err err = { "" };
	const void *user_seed = NULL;
	int user_chosen = -1, ulen = 0, chosen;
	void *dtb = NULL;
	size_t len = 0;

	if (linux_dt_patch(data, size, b, &dtb, &len, &err)) {
		config_fuzz_check_refusal(&err, NULL, 0);
		return;
	}
	check_tree(dtb, len);
	/* the input passed fdt_check_full() in linux_dt_patch(): safe to walk */
	CHECK(!fdt_check_full(data, size));
	user_chosen = fdt_path_offset(data, "/chosen");
	if (user_chosen >= 0)
		user_seed = fdt_getprop(data, user_chosen, "kaslr-seed", &ulen);
	CHECK(count_nodes(dtb) == count_nodes(data) + (user_chosen < 0));
	chosen = fdt_path_offset(dtb, "/chosen");
	CHECK(chosen >= 0);
	if (b->cmdline)
		check_prop(dtb, chosen, "bootargs", b->cmdline, strlen(b->cmdline) + 1);
	if (b->initrd_end > b->initrd_start) {
		check_u64(dtb, chosen, "linux,initrd-start", b->initrd_start);
		check_u64(dtb, chosen, "linux,initrd-end", b->initrd_end);
	}
	if (user_seed)
		check_prop(dtb, chosen, "kaslr-seed", user_seed, ulen);
	else if (b->kaslr_seed)
		check_u64(dtb, chosen, "kaslr-seed", b->kaslr_seed);
	if (b->kaslr_seed)
		CHECK(fdt_getprop(dtb, chosen, "rng-seed", NULL));
	free(dtb);
}

static void build(const uint8_t *data, size_t size, const struct linux_boot *proto)
{
	struct vhyp_cell_config cfg;
	struct linux_boot b = *proto;
	struct cfg_err err = { "" };
	void *dtb = NULL;
	size_t len = 0;
	int chosen, n = 0;
	uint32_t i;

	if (cell_config_parse(data, size, b.sys, &cfg, &err))
		return;
	b.cfg = &cfg;
	if (linux_dt_build(&b, &dtb, &len, &err)) {
		fprintf(stderr, "fuzz: linux_dt_build: %s\n", err.msg);
		CHECK(!"a cell config the system accepts has a device tree");
	}
	check_tree(dtb, len);
	for (i = 0; i < cfg.num_mem; i++)
		n += cfg.mem[i].size && (cfg.mem[i].flags & VHYP_MEM_WRITE);
	CHECK(count_children(dtb, 0, "memory@") == n);
	CHECK(count_children(dtb, 0, "pl011@") == (cfg.console.type == VHYP_CONSOLE_PL011));
	CHECK(count_children(dtb, fdt_subnode_offset(dtb, 0, "cpus"), "cpu@") ==
	      __builtin_popcountll(cfg.cpus));
	chosen = fdt_path_offset(dtb, "/chosen");
	CHECK(chosen >= 0);
	if (b.cmdline)
		check_prop(dtb, chosen, "bootargs", b.cmdline, strlen(b.cmdline) + 1);
	free(dtb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* as cmd_load_linux.c fills it: a command line, an initrd, seeds; and without */
	struct linux_boot full = {
		.sys = fuzz_system(), .cmdline = "console=ttyAMA0 root=/dev/ram0",
		.initrd_start = 0x48000000, .initrd_end = 0x48123456,
		.kaslr_seed = 0x0123456789abcdefull,
	}, bare = { .sys = fuzz_system() };

	memset(full.rng_seed, 0x5a, sizeof(full.rng_seed));
	patch(data, size, &full);
	patch(data, size, &bare);
	build(data, size, &full);
	bare.cmdline = NULL;
	build(data, size, &bare);
	return 0;
}
