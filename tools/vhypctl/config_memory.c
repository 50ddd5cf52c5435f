// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: the /memory node of a cell config and its regions
 * (Documentation/cell-config.md): RAM the driver takes from the root and
 * maps at the region's IPA, or a reserved-memory range of the machine
 * mapped at its own address for DMA.  Part of the parse that config.c
 * drives; the overlaps between regions are checked in config_rules.c.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "config_priv.h"

/* "rwx", "rw", "r", ... in any order, each letter once, read always */
static int parse_access(struct cell_parse *p, int node, uint32_t *flags,
			struct cfg_err *err)
{
	char path[DT_PATH_LEN], buf[40];
	const char *s, *c;
	uint32_t bit;
	int ret;

	*flags = VHYP_MEM_READ | VHYP_MEM_WRITE | VHYP_MEM_EXEC;
	ret = dt_string(p->dt, node, "access", &s, err);
	if (ret <= 0)
		return ret;
	*flags = 0;
	for (c = s; *c; c++) {
		bit = *c == 'r' ? VHYP_MEM_READ : *c == 'w' ? VHYP_MEM_WRITE :
		      *c == 'x' ? VHYP_MEM_EXEC : 0;
		if (!bit || (*flags & bit))
			break;
		*flags |= bit;
	}
	if (*c || !(*flags & VHYP_MEM_READ))
		return cfg_fail(err, "%s: access \"%s\" is not valid: use the letters r, w and x, each at most once, with r always (\"rwx\", \"rw\", \"rx\" or \"r\")",
				dt_path(p->dt, node, path),
				dt_printable(s, strlen(s), buf, sizeof(buf)));
	return 0;
}

/* The reserved-memory node NAME of the system ("name" or "name@unit"). */
static const struct sys_range *find_reserved(const struct vhyp_system *sys,
					     const char *name)
{
	size_t len = strlen(name);
	uint32_t i;

	for (i = 0; i < sys->nresv; i++) {
		const char *r = sys->resv[i].name;

		if (!strcmp(r, name) || (!strncmp(r, name, len) && r[len] == '@'))
			return &sys->resv[i];
	}
	return NULL;
}

static int resolve_identity(struct cell_parse *p, int node, const char *resv,
			    struct vhyp_cell_mem *m, struct cfg_err *err)
{
	char path[DT_PATH_LEN], list[200] = "", buf[80];
	const struct sys_range *r;
	uint32_t i;

	dt_printable(resv, strlen(resv), buf, sizeof(buf));
	r = find_reserved(p->sys, resv);
	if (!r) {
		for (i = 0; i < p->sys->nresv && strlen(list) < sizeof(list) - 60; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s'%s'",
				 i ? ", " : "", p->sys->resv[i].name);
		return cfg_fail(err, "%s: reserved-memory \"%s\" is not a child of the system's /reserved-memory (it has %s): reserve the range in the device tree the system boots with, or name one it has",
				dt_path(p->dt, node, path), buf,
				*list ? list : "none");
	}
	if (r->reusable)
		return cfg_fail(err, "%s: reserved-memory \"%s\" is reusable: Linux lends it to movable allocations, so it is not the root's to give; use a no-map region",
				dt_path(p->dt, node, path), buf);
	if (r->base % PAGE_4K || r->size % PAGE_4K || !r->size)
		return cfg_fail(err, "%s: reserved-memory \"%s\" (0x%llx, size 0x%llx) is not 4 KiB aligned: a cell gets whole 4 KiB pages; align the reservation",
				dt_path(p->dt, node, path), buf, ULL(r->base), ULL(r->size));
	m->ipa = r->base;
	m->size = r->size;
	return check_range(p, node, "ipa", m->ipa, m->size, err);
}

static int parse_region(struct cell_parse *p, int node, struct cfg_err *err)
{
	static const char *const props[] = {
		"ipa", "size", "access", "reserved-memory", NULL
	};
	static const char *const none[] = { NULL };
	uint32_t i = p->cfg->num_mem;
	struct vhyp_cell_mem *m = &p->cfg->mem[i];
	char path[DT_PATH_LEN];
	const char *name, *resv;
	int ret, has_ipa, has_size;
	uint64_t ipa, size;

	name = fdt_get_name(p->dt->fdt, node, NULL);
	if (!dt_valid_name(name, VHYP_REGION_NAME_LEN - 1))
		return cfg_fail(err, "%s: a region's name (its node name) must be 1 to %d characters of %s, with no unit address",
				dt_path(p->dt, node, path), VHYP_REGION_NAME_LEN - 1,
				valid_chars);
	if (dt_only_props(p->dt, node, props,
			  "a memory region has ipa, size and access, or reserved-memory and access",
			  err) ||
	    dt_only_nodes(p->dt, node, none, "a memory region has no subnodes", err) ||
	    parse_access(p, node, &m->flags, err))
		return -1;
	strcpy(m->name, name);
	p->mem_node[i] = node;
	p->cfg->num_mem++;

	ret = dt_string(p->dt, node, "reserved-memory", &resv, err);
	if (ret < 0)
		return ret;
	/* __u64 is not uint64_t everywhere: read into locals */
	if (read_ipa_size(p, node, &ipa, &has_ipa, &size, &has_size, err))
		return -1;
	m->ipa = ipa;
	m->size = size;

	if (ret) {
		m->flags |= VHYP_MEM_IDENTITY;
		if (has_ipa || has_size)
			return cfg_fail(err, "%s: %s is given with reserved-memory: an identity-mapped region's ipa and size are the reserved range's own; remove %s",
					dt_path(p->dt, node, path),
					has_ipa ? "ipa" : "size",
					has_ipa && has_size ? "ipa and size" : has_ipa ? "ipa" : "size");
		m->ipa = m->size = 0;
		if (!p->sys)
			return 0;	/* unresolved: nothing to check it against */
		p->mem_resolved[i] = true;
		return resolve_identity(p, node, resv, m, err);
	}
	if (!has_ipa)
		return cfg_fail(err, "%s: ipa is missing: give the address the cell sees the region at, as in 'ipa = /bits/ 64 <0x40000000>;'",
				dt_path(p->dt, node, path));
	if (!has_size)
		return cfg_fail(err, "%s: size is missing: give the region's size in bytes, as in 'size = /bits/ 64 <0x4000000>;'",
				dt_path(p->dt, node, path));
	p->mem_resolved[i] = true;
	return check_range(p, node, "ipa", m->ipa, m->size, err);
}

int parse_memory(struct cell_parse *p, struct cfg_err *err)
{
	int mem = fdt_subnode_offset(p->dt->fdt, 0, "memory");

	if (mem < 0)
		return cfg_fail(err, "/: the memory node is missing: a cell needs at least one region, as in 'memory { ram { ipa = /bits/ 64 <0x40000000>; size = /bits/ 64 <0x4000000>; }; };'");
	if (parse_children(p, mem, "/memory holds only region nodes", &p->cfg->num_mem,
			   VHYP_CELL_MAX_MEM,
			   "one region too many: a cell has at most " STR(VHYP_CELL_MAX_MEM)
			   " memory regions (VHYP_CELL_MAX_MEM); merge adjacent ones",
			   parse_region, err))
		return -1;
	if (!p->cfg->num_mem)
		return cfg_fail(err, "/memory: no region: a cell needs at least one, as in 'ram { ipa = /bits/ 64 <0x40000000>; size = /bits/ 64 <0x4000000>; };'");
	return 0;
}

const struct vhyp_cell_mem *cell_lowest_ram(const struct vhyp_cell_config *cfg)
{
	const struct vhyp_cell_mem *low = NULL;
	uint32_t i;

	for (i = 0; i < cfg->num_mem; i++)
		if (!(cfg->mem[i].flags & VHYP_MEM_IDENTITY) && cfg->mem[i].size &&
		    (!low || cfg->mem[i].ipa < low->ipa))
			low = &cfg->mem[i];
	return low;
}
