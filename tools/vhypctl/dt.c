// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: reading a device tree for people (see dt.h).
 *
 * The blob may come from anywhere, a fuzzer included, so dt_open() runs
 * libfdt's full structure check once and every later read is bounded by
 * libfdt.  Strings from the blob reach a sentence only through
 * dt_printable(): a terminal must not interpret what a file says.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dt.h"

/* Larger than any device tree we read: the boot DTB of a big server is ~1 MiB. */
#define DT_MAX_SIZE	(64u << 20)

int cfg_fail(struct cfg_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

#define DT_INDEX_DEPTH	64	/* deeper trees go without the index */

/* Every node with its parent, by one walk; without memory, no index. */
static void index_parents(struct dt *dt)
{
	int stack[DT_INDEX_DEPTH], node, depth = 0, n = 0, cap = 0;
	struct dt_link *links = NULL, *l;

	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(dt->fdt, node, &depth)) {
		if (depth >= DT_INDEX_DEPTH)
			goto none;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			l = realloc(links, cap * sizeof(*links));
			if (!l)
				goto none;
			links = l;
		}
		stack[depth] = node;
		links[n++] = (struct dt_link){ node, depth ? stack[depth - 1] : -FDT_ERR_NOTFOUND };
	}
	dt->links = links;
	dt->nnodes = n;
	return;
none:
	free(links);
}

int dt_parent(const struct dt *dt, int node)
{
	int lo = 0, hi = dt->nnodes - 1, mid;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		if (dt->links[mid].node == node)
			return dt->links[mid].parent;
		if (dt->links[mid].node < node)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return fdt_parent_offset(dt->fdt, node);
}

int dt_open(struct dt *dt, const void *buf, size_t len, struct cfg_err *err)
{
	struct fdt_header h;
	uint32_t size;
	int ret;

	dt->fdt = NULL;
	dt->size = 0;
	dt->links = NULL;
	dt->nnodes = 0;
	/* the caller's buffer may be unaligned: read the header by copy */
	if (len < sizeof(h))
		return cfg_fail(err, "not a device tree blob: %zu bytes, shorter than its header",
				len);
	memcpy(&h, buf, sizeof(h));
	if (fdt32_to_cpu(h.magic) != FDT_MAGIC)
		return cfg_fail(err, "not a device tree blob: it does not start with the magic number 0xd00dfeed");
	size = fdt32_to_cpu(h.totalsize);
	if (size < sizeof(h) || size > len || size > DT_MAX_SIZE)
		return cfg_fail(err, "not a valid device tree blob: its header says %u bytes, the file has %zu",
				size, len);
	if (fdt32_to_cpu(h.version) < DT_MIN_VERSION)
		return cfg_fail(err, "not a device tree blob vhypctl reads: its version is %u, older than %u (what dtc writes)",
				fdt32_to_cpu(h.version), DT_MIN_VERSION);
	dt->fdt = malloc(size);
	if (!dt->fdt)
		return cfg_fail(err, "out of memory for a device tree of %u bytes", size);
	memcpy(dt->fdt, buf, size);
	ret = fdt_check_full(dt->fdt, size);
	if (ret) {
		dt_close(dt);
		return cfg_fail(err, "not a valid device tree blob: %s", fdt_strerror(ret));
	}
	dt->size = size;
	index_parents(dt);
	return 0;
}

void dt_close(struct dt *dt)
{
	free(dt->fdt);
	free(dt->links);
	dt->fdt = NULL;
	dt->links = NULL;
	dt->nnodes = 0;
}

const char *dt_printable(const char *s, size_t len, char *buf, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < len && s[i] && o + 4 < size; i++)
		buf[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (i < len && s[i] && o + 4 >= size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

const char *dt_path(const struct dt *dt, int node, char buf[DT_PATH_LEN])
{
	char raw[DT_PATH_LEN];

	if (fdt_get_path(dt->fdt, node, raw, sizeof(raw)))
		return dt_name(dt, node, buf);	/* too deep to matter */
	return dt_printable(raw, sizeof(raw), buf, DT_PATH_LEN);
}

const char *dt_name(const struct dt *dt, int node, char buf[DT_PATH_LEN])
{
	int len;
	const char *name = fdt_get_name(dt->fdt, node, &len);

	if (!name || (node == 0 && len == 0))
		return strcpy(buf, "/");
	return dt_printable(name, len, buf, DT_PATH_LEN);
}

const void *dt_prop(const struct dt *dt, int node, const char *prop, int *len)
{
	return fdt_getprop(dt->fdt, node, prop, len);
}

bool dt_prop_is(const struct dt *dt, int node, const char *prop, const char *value)
{
	int len;
	const char *p = fdt_getprop(dt->fdt, node, prop, &len);

	return p && len == (int)strlen(value) + 1 && !memcmp(p, value, len);
}

bool dt_has(const struct dt *dt, int node, const char *prop)
{
	int len;

	return fdt_getprop(dt->fdt, node, prop, &len) != NULL;
}

int dt_u32(const struct dt *dt, int node, const char *prop, uint32_t *v,
	   struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	const fdt32_t *p;
	int len;

	p = fdt_getprop(dt->fdt, node, prop, &len);
	if (!p)
		return 0;
	if (len != 4)
		return cfg_fail(err, "%s: %s must be one 32-bit cell, as in '%s = <1>;', not %d bytes",
				dt_path(dt, node, path), prop, prop, len);
	*v = fdt32_to_cpu(*p);
	return 1;
}

/* Properties are 4-byte aligned in the blob: 64-bit values may not be. */
static uint64_t get_be64(const uint8_t *p)
{
	fdt64_t v;

	memcpy(&v, p, sizeof(v));
	return fdt64_to_cpu(v);
}

int dt_u64(const struct dt *dt, int node, const char *prop, uint64_t *v,
	   struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	const uint8_t *p;
	int len;

	p = fdt_getprop(dt->fdt, node, prop, &len);
	if (!p)
		return 0;
	if (len == 4)
		return cfg_fail(err, "%s: %s <0x%x> is a 32-bit value: write it as 64 bits, '%s = /bits/ 64 <0x%x>;'",
				dt_path(dt, node, path), prop, dt_cell((const void *)p, 0),
				prop, dt_cell((const void *)p, 0));
	if (len != 8)
		return cfg_fail(err, "%s: %s must be one 64-bit value, as in '%s = /bits/ 64 <0x40000000>;', not %d bytes",
				dt_path(dt, node, path), prop, prop, len);
	*v = get_be64(p);
	return 1;
}

/*
 * PROP as big-endian 64-bit values in groups of WORDS (1: values, 2:
 * (base, size) pairs), at most MAX groups; the sentences name them as
 * WHAT (pairs or values), COUNTED (ranges or values) and EXAMPLE.
 */
static int dt_be64_groups(const struct dt *dt, int node, const char *prop, uint64_t *v,
			  unsigned int words, unsigned int max, unsigned int *n,
			  const char *what, const char *counted, const char *example,
			  struct cfg_err *err)
{
	unsigned int size = 8 * words, i;
	char path[DT_PATH_LEN];
	const uint8_t *p;
	int len;

	p = fdt_getprop(dt->fdt, node, prop, &len);
	if (!p)
		return 0;
	if (len == 0 || len % size)
		return cfg_fail(err, "%s: %s must be 64-bit %s, as in '%s = /bits/ 64 <%s>;', not %d bytes",
				dt_path(dt, node, path), prop, what, prop, example, len);
	if ((unsigned int)len / size > max)
		return cfg_fail(err, "%s: %s has %d %s, more than the %u allowed",
				dt_path(dt, node, path), prop, len / (int)size, counted, max);
	*n = len / size;
	for (i = 0; i < words * *n; i++)
		v[i] = get_be64(p + 8 * i);
	return 1;
}

int dt_ranges(const struct dt *dt, int node, const char *prop, uint64_t *pairs,
	      unsigned int max, unsigned int *n, struct cfg_err *err)
{
	return dt_be64_groups(dt, node, prop, pairs, 2, max, n, "(base, size) pairs", "ranges",
			      "0x9000000 0x1000", err);
}

int dt_u64s(const struct dt *dt, int node, const char *prop, uint64_t *v,
	    unsigned int max, unsigned int *n, struct cfg_err *err)
{
	return dt_be64_groups(dt, node, prop, v, 1, max, n, "values", "values", "0x0 0x100", err);
}

int dt_string(const struct dt *dt, int node, const char *prop, const char **s,
	      struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	const char *p;
	int len, i;

	p = fdt_getprop(dt->fdt, node, prop, &len);
	if (!p)
		return 0;
	if (len == 0 || p[len - 1])
		return cfg_fail(err, "%s: %s must be a string, as in '%s = \"text\";'",
				dt_path(dt, node, path), prop, prop);
	for (i = 0; i < len - 1; i++) {
		if (!p[i])
			return cfg_fail(err, "%s: %s must be one string, not a list of strings",
					dt_path(dt, node, path), prop);
		if (p[i] < 0x20 || p[i] >= 0x7f)
			return cfg_fail(err, "%s: %s holds a character that is not printable ASCII (byte 0x%02x)",
					dt_path(dt, node, path), prop, (unsigned char)p[i]);
	}
	*s = p;
	return 1;
}

int dt_cells(const struct dt *dt, int node, const char *prop,
	     const uint32_t **cells, unsigned int *n, struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	const void *p;
	int len;

	p = fdt_getprop(dt->fdt, node, prop, &len);
	if (!p)
		return 0;
	if (len % 4)
		return cfg_fail(err, "%s: %s must be 32-bit cells, but it has %d byte%s",
				dt_path(dt, node, path), prop, len, len == 1 ? "" : "s");
	*cells = p;
	*n = len / 4;
	return 1;
}

uint32_t dt_cell(const uint32_t *cells, unsigned int i)
{
	fdt32_t v;

	memcpy(&v, &cells[i], sizeof(v));
	return fdt32_to_cpu(v);
}

uint64_t dt_cells_u64(const uint32_t *c, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 32) | dt_cell(c, i);
	return v;
}

int dt_translate(const struct dt *dt, int node, uint64_t *addr)
{
	int bus = dt_parent(dt, node), up, len, ca, pa, sc, i, n;
	const uint32_t *r;

	while (bus > 0) {
		up = dt_parent(dt, bus);
		if (up < 0)
			return -1;
		r = fdt_getprop(dt->fdt, bus, "ranges", &len);
		if (!r)
			return -1;	/* not in the CPU's address space */
		if (len) {
			ca = fdt_address_cells(dt->fdt, bus);
			pa = fdt_address_cells(dt->fdt, up);
			sc = fdt_size_cells(dt->fdt, bus);
			if (ca < 1 || ca > 2 || pa < 1 || pa > 2 || sc < 1 || sc > 2 ||
			    len % (4 * (ca + pa + sc)))
				return -1;
			n = len / (4 * (ca + pa + sc));
			for (i = 0; i < n; i++, r += ca + pa + sc) {
				uint64_t child = dt_cells_u64(r, ca);
				uint64_t size = dt_cells_u64(r + ca + pa, sc);

				if (*addr >= child && *addr - child < size) {
					*addr = dt_cells_u64(r + ca, pa) + (*addr - child);
					break;
				}
			}
			if (i == n)
				return -1;
		}
		bus = up;
	}
	return 0;
}

bool dt_reg_open(struct dt_reg *r, const struct dt *dt, int node)
{
	int parent, len;

	r->dt = dt;
	r->node = node;
	r->reg = fdt_getprop(dt->fdt, node, "reg", &len);
	parent = dt_parent(dt, node);
	if (!r->reg || parent < 0)
		return false;
	r->ac = fdt_address_cells(dt->fdt, parent);
	r->sc = fdt_size_cells(dt->fdt, parent);
	if (r->ac < 1 || r->ac > 2 || r->sc < 1 || r->sc > 2)
		return false;
	r->n = len / (4 * (r->ac + r->sc));
	r->whole = !(len % (4 * (r->ac + r->sc)));
	return true;
}

bool dt_reg_get(const struct dt_reg *r, unsigned int i, uint64_t *addr, uint64_t *size)
{
	const uint32_t *c = r->reg + i * (r->ac + r->sc);

	*addr = dt_cells_u64(c, r->ac);
	*size = dt_cells_u64(c + r->ac, r->sc);
	return *size && *addr + *size > *addr && !dt_translate(r->dt, r->node, addr);
}

uint32_t dt_interrupt_parent(const struct dt *dt, int node)
{
	const void *p;
	int len;

	for (; node >= 0; node = node ? dt_parent(dt, node) : -1) {
		p = fdt_getprop(dt->fdt, node, "interrupt-parent", &len);
		if (p && len == 4)
			return dt_cell(p, 0);
	}
	return 0;
}

static bool in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(name, *list))
			return true;
	return false;
}

int dt_only_props(const struct dt *dt, int node, const char *const *allowed,
		  const char *what, struct cfg_err *err)
{
	char path[DT_PATH_LEN], name[DT_PATH_LEN];
	const char *n;
	int prop, len;

	fdt_for_each_property_offset(prop, dt->fdt, node) {
		if (!fdt_getprop_by_offset(dt->fdt, prop, &n, &len) || !n)
			continue;
		if (!in_list(n, allowed))
			return cfg_fail(err, "%s: unknown property '%s': %s",
					dt_path(dt, node, path),
					dt_printable(n, strlen(n), name, sizeof(name)), what);
	}
	return 0;
}

int dt_only_nodes(const struct dt *dt, int node, const char *const *allowed,
		  const char *what, struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	const char *n;
	int child, len;

	fdt_for_each_subnode(child, dt->fdt, node) {
		n = fdt_get_name(dt->fdt, child, &len);
		if (!n || !in_list(n, allowed))
			return cfg_fail(err, "%s: unknown node: %s",
					dt_path(dt, child, path), what);
	}
	return 0;
}

int dt_check_header(const struct dt *dt, const char *kind, unsigned int *schema,
		    struct cfg_err *err)
{
	const char *other = strcmp(kind, "cell") ? "cell" : "system";
	char want[32], buf[80];
	const char *compat;
	uint32_t version;
	int len, ret;

	snprintf(want, sizeof(want), "vhyp,%s", kind);
	compat = fdt_getprop(dt->fdt, 0, "compatible", &len);
	if (!compat)
		return cfg_fail(err, "/: compatible is missing: a %s config starts with 'compatible = \"%s\";'",
				kind, want);
	if (len != (int)strlen(want) + 1 || memcmp(compat, want, len)) {
		/* the first string, bounded: a property need not end in a NUL */
		dt_printable(compat, len, buf, sizeof(buf));
		if (!strcmp(buf, want))
			return cfg_fail(err, "/: compatible must be \"%s\" alone, not a list of strings",
					want);
		if (!strncmp(buf, "vhyp,", 5) && !strcmp(buf + 5, other))
			return cfg_fail(err, "/: compatible is \"%s\", not \"%s\": this is a %s config%s",
					buf, want, other, !strcmp(other, "system") ?
					"; give it with --system" : ", not a system description");
		return cfg_fail(err, "/: compatible is \"%s\", not \"%s\": this is not a vhyp %s config (Documentation/cell-config.md)",
				buf, want, kind);
	}

	ret = dt_u32(dt, 0, "vhyp,schema-version", &version, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "/: vhyp,schema-version is missing: add 'vhyp,schema-version = <%u>;'",
				VHYP_CELL_SCHEMA);
	if (version < VHYP_CELL_SCHEMA_MIN || version > VHYP_CELL_SCHEMA)
		return cfg_fail(err, "/: vhyp,schema-version is <%u>, but this vhypctl reads versions %u to %u: write the config for version %u, or use a vhypctl that reads version %u",
				version, VHYP_CELL_SCHEMA_MIN, VHYP_CELL_SCHEMA, VHYP_CELL_SCHEMA,
				version);
	if (schema)
		*schema = version;
	return 0;
}

bool dt_valid_name(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		if (i >= max)
			return false;
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	}
	return i > 0;
}
