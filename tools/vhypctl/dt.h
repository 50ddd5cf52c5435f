/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl: reading a device tree for people.  Thin wrappers over libfdt
 * that check a property's type and length and, when it is wrong, say so
 * in a sentence naming the node's path, the property and its value.
 *
 * Property readers return 1 (present, *value set), 0 (absent) or -1
 * (present but malformed: *err holds the sentence).
 */
#ifndef VHYPCTL_DT_H
#define VHYPCTL_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define DT_PATH_LEN	256

/*
 * The only blob version read, 17, what dtc, QEMU, U-Boot and Linux write.
 * libfdt 1.6.1 (Debian 12) reads through a NULL pointer in fdt_check_full()
 * on some blobs of versions 2 and 3; and before 17 the strings block is
 * not bounded by its size, so that libfdt accepts a version 16 blob whose
 * last string ends past it, and fdt_open_into() then makes a version 17
 * blob of it in which that string has no end.
 */
#define DT_MIN_VERSION	17

struct dt {
	void *fdt;		/* a checked, 8-byte aligned copy */
	size_t size;
	/* every node's offset and its parent's, in offset order (dt_parent()) */
	struct dt_link {
		int node, parent;
	} *links;
	int nnodes;
};

/* Check the blob (whole structure, not just the header) and copy it. */
int dt_open(struct dt *dt, const void *buf, size_t len, struct cfg_err *err);
void dt_close(struct dt *dt);

/*
 * fdt_parent_offset() from an index built at dt_open(): libfdt's walks from
 * the root every time, which made reading a live tree quadratic.
 */
int dt_parent(const struct dt *dt, int node);

/* The node's path and name, non-printable bytes replaced by '?'. */
const char *dt_path(const struct dt *dt, int node, char buf[DT_PATH_LEN]);
const char *dt_name(const struct dt *dt, int node, char buf[DT_PATH_LEN]);
/* A string from the blob, printable and bounded, for a sentence. */
const char *dt_printable(const char *s, size_t len, char *buf, size_t size);

const void *dt_prop(const struct dt *dt, int node, const char *prop, int *len);
bool dt_has(const struct dt *dt, int node, const char *prop);
/* PROP is the one string VALUE (bounded: properties need not end in NUL) */
bool dt_prop_is(const struct dt *dt, int node, const char *prop, const char *value);

int dt_u32(const struct dt *dt, int node, const char *prop, uint32_t *v,
	   struct cfg_err *err);
int dt_u64(const struct dt *dt, int node, const char *prop, uint64_t *v,
	   struct cfg_err *err);
/* A property of N (base, size) pairs of 64-bit values, 1 <= N <= MAX. */
int dt_ranges(const struct dt *dt, int node, const char *prop, uint64_t *pairs,
	      unsigned int max, unsigned int *n, struct cfg_err *err);
/* A property of N 64-bit values, 1 <= N <= MAX. */
int dt_u64s(const struct dt *dt, int node, const char *prop, uint64_t *v,
	    unsigned int max, unsigned int *n, struct cfg_err *err);
/* One NUL-terminated string of printable characters. */
int dt_string(const struct dt *dt, int node, const char *prop, const char **s,
	      struct cfg_err *err);
/* 32-bit cells: *cells points into the blob (big-endian), *n counts them. */
int dt_cells(const struct dt *dt, int node, const char *prop,
	     const uint32_t **cells, unsigned int *n, struct cfg_err *err);
uint32_t dt_cell(const uint32_t *cells, unsigned int i);
/* N big-endian cells (N <= 2, as the caller checked) as one number */
uint64_t dt_cells_u64(const uint32_t *cells, int n);
/*
 * ADDR, an address of NODE's reg, through the ranges of the buses above it
 * to the CPU's address space: 0, or -1 where it does not translate (a bus
 * without ranges, or no range that holds it).
 */
int dt_translate(const struct dt *dt, int node, uint64_t *addr);

/* NODE's reg, one (address, size) pair at a time, translated to the CPU's addresses. */
struct dt_reg {
	const struct dt *dt;
	int node;
	const uint32_t *reg;
	unsigned int n;		/* whole pairs in reg */
	int ac, sc;		/* cells per address, per size: the parent's, 1 or 2 */
	bool whole;		/* reg is exactly N pairs, nothing left over */
};
/* false: NODE has no reg, or its parent's #address-cells or #size-cells is not 1 or 2 */
bool dt_reg_open(struct dt_reg *r, const struct dt *dt, int node);
/* Pair I (< r->n): false where it is empty, wraps or does not translate. */
bool dt_reg_get(const struct dt_reg *r, unsigned int i, uint64_t *addr, uint64_t *size);
/* The phandle of NODE's interrupt parent: its own or its nearest ancestor's; 0: none. */
uint32_t dt_interrupt_parent(const struct dt *dt, int node);

/*
 * Deny by default: refuse the first property (or subnode) of NODE whose
 * name is not in ALLOWED (NULL-terminated), with WHAT completing the
 * sentence ("a device has only reg and interrupts").
 */
int dt_only_props(const struct dt *dt, int node, const char *const *allowed,
		  const char *what, struct cfg_err *err);
int dt_only_nodes(const struct dt *dt, int node, const char *const *allowed,
		  const char *what, struct cfg_err *err);

/*
 * The root's compatible ("vhyp,KIND", KIND "cell" or "system") and
 * vhyp,schema-version (VHYP_CELL_SCHEMA_MIN .. VHYP_CELL_SCHEMA, into
 * *SCHEMA unless NULL).
 */
int dt_check_header(const struct dt *dt, const char *kind, unsigned int *schema,
		    struct cfg_err *err);

/* [A-Za-z0-9_-]{1,MAX} */
bool dt_valid_name(const char *s, size_t max);

#endif
