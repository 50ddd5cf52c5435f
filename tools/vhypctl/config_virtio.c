// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: the /virtio node of a cell config (schema 3,
 * Documentation/cell-config.md): virtio-mmio devices the root's backend
 * ('vhypctl serve') serves.  Each child is one device: its register
 * window (one 4 KiB page at 'ipa', in no stage 2: every access traps), an
 * edge-triggered virtual SPI, and the root's end of it ('backend').
 *
 * Part of the parse that config.c drives; the window's overlaps with the
 * rest of the cell's address space are config_rules.c's, like every
 * range's.  A blk backend's file is checked against the running system by
 * cell_check_virtio_backends() (virtio_backend.c), which does the I/O.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "config_priv.h"

#define IFNAME_MAX	15	/* IFNAMSIZ - 1 */

static const struct virtio_type {
	const char *name;
	uint32_t type;
} types[] = {
	{ "blk", VHYP_VIRTIO_BLK },
	{ "net", VHYP_VIRTIO_NET },
	{ "console", VHYP_VIRTIO_CONSOLE },
	{ "rng", VHYP_VIRTIO_RNG },
};

const char *virtio_type_name(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == type)
			return types[i].name;
	return "unknown";
}

static int parse_type(struct cell_parse *p, int node, struct vhyp_cell_virtio *v,
		      struct cfg_err *err)
{
	char path[DT_PATH_LEN], buf[40];
	const char *s;
	size_t i;
	int ret;

	dt_path(p->dt, node, path);
	ret = dt_string(p->dt, node, "type", &s, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "%s: type is missing: say which device it is, \"blk\", \"net\", \"console\" or \"rng\", as in 'type = \"blk\";'",
				path);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(s, types[i].name)) {
			v->type = types[i].type;
			return 0;
		}
	return cfg_fail(err, "%s: type \"%s\" is not a virtio device vhyp serves: use \"blk\" (a disk), \"net\" (a network card), \"console\" or \"rng\" (random numbers)",
			path, dt_printable(s, strlen(s), buf, sizeof(buf)));
}

/* ipa: one 4 KiB page, within 48 bits (its overlaps: config_rules.c) */
static int parse_window(struct cell_parse *p, int node, struct vhyp_cell_virtio *v,
			struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	uint64_t ipa;
	int ret;

	ret = dt_u64(p->dt, node, "ipa", &ipa, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "%s: ipa is missing: give the address of the device's 4 KiB register window, as in 'ipa = /bits/ 64 <0x0c000000>;'",
				dt_path(p->dt, node, path));
	v->ipa = ipa;
	return check_range(p, node, "ipa", ipa, VHYP_VIRTIO_WINDOW, err);
}

/* The interrupt: one virtual SPI, an edge, no one else's. */
static int parse_irq(struct cell_parse *p, int node, struct vhyp_cell_virtio *v,
		     struct cfg_err *err)
{
	char path[DT_PATH_LEN], other[DT_PATH_LEN];
	uint32_t intids[VHYP_CELL_MAX_IRQS], spi, i;
	const uint32_t *c;
	unsigned int n;

	if (parse_spis(p, node, intids, VHYP_CELL_MAX_IRQS, &n, err))
		return -1;
	dt_path(p->dt, node, path);
	if (!n)
		return cfg_fail(err, "%s: interrupts is missing: a virtio device signals its queues with one edge-triggered SPI, as in 'interrupts = <0 48 1>;'",
				path);
	if (n > 1)
		return cfg_fail(err, "%s: interrupts has %u specifiers: a virtio device has one SPI",
				path, n);
	spi = intids[0] - GIC_SPI_BASE;
	dt_cells(p->dt, node, "interrupts", &c, &n, err);	/* read once already */
	if (dt_cell(c, 2) != 1)
		return cfg_fail(err, "%s: interrupts <0 %u %u> is level-triggered: the backend raises a virtio device's interrupt as an edge (VHYP_VIRTIO_IRQ) and nothing lowers a level; write 'interrupts = <0 %u 1>;'",
				path, spi, dt_cell(c, 2), spi);
	if (check_spi_free(p, node, intids[0], err))
		return -1;
	if (intids[0] == p->cfg->console.irq)
		return cfg_fail(err, "%s: SPI %u (INTID %u) is already the console's (/console): give the device an SPI of its own",
				path, spi, intids[0]);
	for (i = 0; i < p->cfg->num_channels; i++)
		if (p->cfg->channels[i].irq == intids[0])
			return cfg_fail(err, "%s: SPI %u (INTID %u) is already the doorbell of %s: give the device an SPI of its own",
					path, spi, intids[0],
					dt_path(p->dt, p->chan_node[i], other));
	for (i = 0; i < p->cfg->num_virtio; i++)
		if (p->cfg->virtio[i].irq == intids[0])
			return cfg_fail(err, "%s: SPI %u (INTID %u) is already the interrupt of %s: give each virtio device an SPI of its own",
					path, spi, intids[0],
					dt_path(p->dt, p->virtio_node[i], other));
	v->irq = intids[0];
	return 0;
}

/* Linux's dev_valid_name(): 1..15 bytes, no '/', ':' or blank, not "." or "..". */
static bool valid_ifname(const char *s)
{
	size_t i, len = strlen(s);

	if (!len || len > IFNAME_MAX || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (i = 0; i < len; i++)
		if (s[i] == '/' || s[i] == ':' || s[i] == ' ' || s[i] == '\t')
			return false;
	return true;
}

/* backend: required for blk and net, optional for console, none for rng */
static int parse_backend(struct cell_parse *p, int node, struct vhyp_cell_virtio *v,
			 struct cfg_err *err)
{
	const char *type = virtio_type_name(v->type);
	char path[DT_PATH_LEN], buf[VHYP_VIRTIO_BACKEND_LEN + 8];
	const char *s;
	size_t len;
	int ret;

	dt_path(p->dt, node, path);
	ret = dt_string(p->dt, node, "backend", &s, err);
	if (ret < 0)
		return ret;
	if (v->type == VHYP_VIRTIO_RNG)
		return ret ? cfg_fail(err, "%s: an rng device has no backend: the root's end draws from getrandom(); remove backend",
				      path) : 0;
	if (!ret && v->type == VHYP_VIRTIO_BLK)
		return cfg_fail(err, "%s: backend is missing: a blk device needs the root's file or block device that holds the disk, as in 'backend = \"/var/lib/vhyp/disk.img\";'",
				path);
	if (!ret && v->type == VHYP_VIRTIO_NET)
		return cfg_fail(err, "%s: backend is missing: a net device needs the name of the root's tap interface (created if it does not exist), as in 'backend = \"vhyp-tap0\";'",
				path);
	if (!ret)
		return 0;	/* console: a pseudo-terminal */
	len = strlen(s);
	dt_printable(s, len, buf, sizeof(buf));
	if (v->type == VHYP_VIRTIO_NET) {
		if (!valid_ifname(s))
			return cfg_fail(err, "%s: backend \"%s\" is not a network interface name: give the tap interface as 1 to %d characters without '/', ':' or blanks, not \".\" or \"..\"",
					path, buf, IFNAME_MAX);
	} else {
		if (len >= VHYP_VIRTIO_BACKEND_LEN)
			return cfg_fail(err, "%s: backend \"%s\" is %zu characters long: a %s backend's path has at most %d; use a shorter path (a symbolic link)",
					path, buf, len, type, VHYP_VIRTIO_BACKEND_LEN - 1);
		if (s[0] != '/')
			return cfg_fail(err, "%s: backend \"%s\" is not an absolute path: the backend opens it later, from another directory; give the whole path, from /",
					path, buf);
	}
	memcpy(v->backend, s, len + 1);
	return 0;
}

/* read-only (blk only), mac (net only, 6 bytes, unicast) */
static int parse_options(struct cell_parse *p, int node, struct vhyp_cell_virtio *v,
			 struct cfg_err *err)
{
	const char *type = virtio_type_name(v->type);
	char path[DT_PATH_LEN];
	const uint8_t *mac;
	int len;

	dt_path(p->dt, node, path);
	if (dt_prop(p->dt, node, "read-only", &len)) {
		if (v->type != VHYP_VIRTIO_BLK)
			return cfg_fail(err, "%s: read-only is for a blk device, and this is a %s device: remove it",
					path, type);
		if (len)
			return cfg_fail(err, "%s: read-only takes no value: write 'read-only;' to let the cell only read the disk",
					path);
		v->flags |= VHYP_VIRTIO_READONLY;
	}
	mac = dt_prop(p->dt, node, "mac", &len);
	if (!mac)
		return 0;
	if (v->type != VHYP_VIRTIO_NET)
		return cfg_fail(err, "%s: mac is for a net device, and this is a %s device: remove it",
				path, type);
	if (len != 6)
		return cfg_fail(err, "%s: mac is %d bytes: a MAC address is 6, as in 'mac = [02 00 00 00 00 01];'",
				path, len);
	if (mac[0] & 1)
		return cfg_fail(err, "%s: mac %02x:%02x:%02x:%02x:%02x:%02x is a multicast address (the first byte is odd): give the cell a unicast one, such as 02:00:00:00:00:01 (locally administered)",
				path, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return cfg_fail(err, "%s: mac 00:00:00:00:00:00 is no address: give the cell a unicast one, such as 02:00:00:00:00:01, or leave mac out for the backend to choose",
				path);
	memcpy(v->mac, mac, 6);
	return 0;
}

static int parse_device(struct cell_parse *p, int node, struct cfg_err *err)
{
	static const char *const props[] = {
		"type", "ipa", "interrupts", "backend", "read-only", "mac", NULL
	};
	static const char *const none[] = { NULL };
	struct vhyp_cell_config *cfg = p->cfg;
	struct vhyp_cell_virtio *v = &cfg->virtio[cfg->num_virtio];
	char path[DT_PATH_LEN], other[DT_PATH_LEN];
	const char *name;
	uint32_t i;

	name = fdt_get_name(p->dt->fdt, node, NULL);
	dt_path(p->dt, node, path);
	if (!dt_valid_name(name, VHYP_VIRTIO_NAME_LEN - 1))
		return cfg_fail(err, "%s: a virtio device's name (its node name) must be 1 to %d characters of %s, with no unit address: the address is in ipa",
				path, VHYP_VIRTIO_NAME_LEN - 1, valid_chars);
	for (i = 0; i < cfg->num_virtio; i++)	/* dtc refuses this; a .dtb need not */
		if (!strcmp(cfg->virtio[i].name, name))
			return cfg_fail(err, "%s: %s has the same name: a virtio device's name is unique in the cell; rename one",
					path, dt_path(p->dt, p->virtio_node[i], other));
	if (dt_only_props(p->dt, node, props,
			  "a virtio device has only type, ipa, interrupts, backend, read-only and mac",
			  err) ||
	    dt_only_nodes(p->dt, node, none, "a virtio device has no subnodes", err) ||
	    parse_type(p, node, v, err) || parse_window(p, node, v, err) ||
	    parse_irq(p, node, v, err) || parse_backend(p, node, v, err) ||
	    parse_options(p, node, v, err))
		return -1;
	strcpy(v->name, name);
	p->virtio_node[cfg->num_virtio++] = node;
	return 0;
}

int parse_virtio(struct cell_parse *p, struct cfg_err *err)
{
	int node = fdt_subnode_offset(p->dt->fdt, 0, "virtio");

	if (node < 0)
		return 0;
	if (p->schema < 3)
		return cfg_fail(err, "/virtio: virtio devices came with schema version 3, and this file says vhyp,schema-version = <%u>: write 'vhyp,schema-version = <3>;' (a file of version %u reads the same as version 3)",
				p->schema, p->schema);
	return parse_children(p, node, "/virtio holds only virtio device nodes",
			      &p->cfg->num_virtio, VHYP_CELL_MAX_VIRTIO,
			      "one virtio device too many: a cell has at most "
			      STR(VHYP_CELL_MAX_VIRTIO) " (VHYP_CELL_MAX_VIRTIO)",
			      parse_device, err);
}
