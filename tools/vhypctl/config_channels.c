// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: the /channels node of a cell config (schema 2,
 * Documentation/cell-config.md): shared memory with the root or another
 * cell, and a doorbell each way.  Each child is one channel the cell is
 * an end of; the cell sees its window at 'ipa': the header page the
 * hypervisor writes, then 'size' bytes of data.
 *
 * Part of the parse that config.c drives; the window's overlaps with the
 * rest of the cell's address space are config_rules.c's, like every
 * range's.  cell_check_channels() checks the channels against the ones
 * that exist on the running system, as 'create' is about to join them.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "config_priv.h"

#define CHAN_MIN_SIZE	PAGE_4K

/* "rw" (the default) or "r" into *READONLY; PROP is access or peer-access. */
static int parse_chan_access(struct cell_parse *p, int node, const char *prop,
			     const char *who, bool *readonly, struct cfg_err *err)
{
	char path[DT_PATH_LEN], buf[40];
	const char *s;
	int ret;

	*readonly = false;
	ret = dt_string(p->dt, node, prop, &s, err);
	if (ret <= 0)
		return ret;
	if (!strcmp(s, "r"))
		*readonly = true;
	else if (strcmp(s, "rw"))
		return cfg_fail(err, "%s: %s \"%s\" is not valid for a channel: use \"rw\" (the default: %s reads and writes the data) or \"r\" (%s only reads it)",
				dt_path(p->dt, node, path), prop,
				dt_printable(s, strlen(s), buf, sizeof(buf)), who, who);
	return 0;
}

/* peer: "root", or another cell's cell-name */
static int parse_peer(struct cell_parse *p, int node, struct vhyp_cell_channel *ch,
		      struct cfg_err *err)
{
	char path[DT_PATH_LEN], buf[80];
	const char *peer;
	int ret;

	dt_path(p->dt, node, path);
	ret = dt_string(p->dt, node, "peer", &peer, err);
	if (ret < 0)
		return ret;
	if (!ret)
		return cfg_fail(err, "%s: peer is missing: name the other end, \"root\" or another cell's cell-name, as in 'peer = \"root\";'",
				path);
	if (strcmp(peer, VHYP_CHANNEL_PEER_ROOT) &&
	    !dt_valid_name(peer, VHYP_CELL_NAME_LEN - 1))
		return cfg_fail(err, "%s: peer \"%s\" is neither \"root\" nor a cell name: use \"root\", or the other cell's cell-name (1 to %d characters of %s)",
				path, dt_printable(peer, strlen(peer), buf, sizeof(buf)),
				VHYP_CELL_NAME_LEN - 1, valid_chars);
	if (strcmp(peer, VHYP_CHANNEL_PEER_ROOT) && !strcmp(peer, p->cfg->name))
		return cfg_fail(err, "%s: peer \"%s\" is this cell's own name: a channel joins two ends; name the other cell, or \"root\"",
				path, peer);
	strcpy(ch->peer, peer);
	return 0;
}

/* ipa and size: the window, within 48 bits; the data 4 KiB .. 16 MiB in pages */
static int parse_window(struct cell_parse *p, int node, struct vhyp_cell_channel *ch,
			struct cfg_err *err)
{
	char path[DT_PATH_LEN];
	int has_ipa, has_size;
	uint64_t ipa, size;

	dt_path(p->dt, node, path);
	/* __u64 is not uint64_t everywhere: read into locals */
	if (read_ipa_size(p, node, &ipa, &has_ipa, &size, &has_size, err))
		return -1;
	if (!has_ipa)
		return cfg_fail(err, "%s: ipa is missing: give the address of the channel's window (a 4 KiB header page, then the data), as in 'ipa = /bits/ 64 <0x50000000>;'",
				path);
	if (!has_size)
		return cfg_fail(err, "%s: size is missing: give the bytes of data, a multiple of 4 KiB from 4 KiB to 16 MiB and the same at both ends, as in 'size = /bits/ 64 <0x10000>;'",
				path);
	if (size < CHAN_MIN_SIZE || size > VHYP_CHANNEL_MAX_SIZE)
		return cfg_fail(err, "%s: size 0x%llx is out of range: a channel has 4 KiB (0x1000) to 16 MiB (0x%x) of data",
				path, ULL(size), VHYP_CHANNEL_MAX_SIZE);
	ch->ipa = ipa;
	ch->size = size;
	/* the data's alignment and end as a region's; then the header page's */
	if (check_range(p, node, "ipa", ipa, size, err))
		return -1;
	if (ipa > VHYP_ADDR_LIMIT - chan_window(ch))
		return cfg_fail(err, "%s: the window at ipa 0x%llx (the 4 KiB header page, then 0x%llx bytes of data) ends beyond the 48-bit addresses vhyp maps (up to 0x%llx): move it lower",
				path, ULL(ipa), ULL(size), ULL(VHYP_ADDR_LIMIT - 1));
	return 0;
}

/* The doorbell: one virtual SPI, edge-triggered, the cell's own. */
static int parse_doorbell(struct cell_parse *p, int node, struct vhyp_cell_channel *ch,
			  struct cfg_err *err)
{
	char path[DT_PATH_LEN], other[DT_PATH_LEN];
	uint32_t intids[VHYP_CELL_MAX_IRQS], spi;
	const uint32_t *c;
	unsigned int n, i;

	if (parse_spis(p, node, intids, VHYP_CELL_MAX_IRQS, &n, err))
		return -1;
	if (!n)
		return 0;
	dt_path(p->dt, node, path);
	spi = intids[0] - GIC_SPI_BASE;
	if (n > 1)
		return cfg_fail(err, "%s: interrupts has %u specifiers: a channel has one doorbell, one SPI",
				path, n);
	dt_cells(p->dt, node, "interrupts", &c, &n, err);	/* read once already */
	if (dt_cell(c, 2) != 1)
		return cfg_fail(err, "%s: interrupts <0 %u %u> is level-triggered: a doorbell is an edge; write 'interrupts = <0 %u 1>;'",
				path, spi, dt_cell(c, 2), spi);
	if (check_spi_free(p, node, intids[0], err))
		return -1;
	if (intids[0] == p->cfg->console.irq)
		return cfg_fail(err, "%s: SPI %u (INTID %u) is already the console's (/console): give the doorbell an SPI of its own",
				path, spi, intids[0]);
	for (i = 0; i < p->cfg->num_channels; i++)
		if (p->cfg->channels[i].irq == intids[0])
			return cfg_fail(err, "%s: SPI %u (INTID %u) is already the doorbell of %s: give each channel an SPI of its own",
					path, spi, intids[0],
					dt_path(p->dt, p->chan_node[i], other));
	ch->irq = intids[0];
	return 0;
}

static int parse_channel(struct cell_parse *p, int node, struct cfg_err *err)
{
	static const char *const props[] = {
		"peer", "ipa", "size", "access", "peer-access", "interrupts", NULL
	};
	static const char *const none[] = { NULL };
	struct vhyp_cell_config *cfg = p->cfg;
	struct vhyp_cell_channel *ch = &cfg->channels[cfg->num_channels];
	char path[DT_PATH_LEN], other[DT_PATH_LEN];
	bool ro, peer_ro;
	const char *name;
	uint32_t i;

	name = fdt_get_name(p->dt->fdt, node, NULL);
	dt_path(p->dt, node, path);
	if (!dt_valid_name(name, VHYP_CHANNEL_NAME_LEN - 1))
		return cfg_fail(err, "%s: a channel's name (its node name) must be 1 to %d characters of %s, with no unit address: both ends name the channel alike",
				path, VHYP_CHANNEL_NAME_LEN - 1, valid_chars);
	for (i = 0; i < cfg->num_channels; i++)	/* dtc refuses this; a .dtb need not */
		if (!strcmp(cfg->channels[i].name, name))
			return cfg_fail(err, "%s: %s has the same name: a channel's name is unique in the cell (and in the system); rename one",
					path, dt_path(p->dt, p->chan_node[i], other));
	if (dt_only_props(p->dt, node, props,
			  "a channel has only peer, ipa, size, access, peer-access and interrupts",
			  err) ||
	    dt_only_nodes(p->dt, node, none, "a channel has no subnodes", err) ||
	    parse_peer(p, node, ch, err) || parse_window(p, node, ch, err) ||
	    parse_chan_access(p, node, "access", "this cell", &ro, err) ||
	    parse_chan_access(p, node, "peer-access", "the root", &peer_ro, err) ||
	    parse_doorbell(p, node, ch, err))
		return -1;
	if (dt_has(p->dt, node, "peer-access") && strcmp(ch->peer, VHYP_CHANNEL_PEER_ROOT))
		return cfg_fail(err, "%s: peer-access is for a channel with the root: cell '%s' gives its own access in its config; remove peer-access",
				path, ch->peer);
	if (ro && peer_ro)
		return cfg_fail(err, "%s: access and peer-access are both \"r\": no end could write the data; make one of them \"rw\"",
				path);
	strcpy(ch->name, name);
	ch->flags = (ro ? VHYP_CHAN_READONLY : 0) | (peer_ro ? VHYP_CHAN_PEER_READONLY : 0);
	p->chan_node[cfg->num_channels++] = node;
	return 0;
}

int parse_channels(struct cell_parse *p, struct cfg_err *err)
{
	int chans = fdt_subnode_offset(p->dt->fdt, 0, "channels");

	if (chans < 0)
		return 0;
	if (p->schema < 2)
		return cfg_fail(err, "/channels: channels came with schema version 2, and this file says vhyp,schema-version = <%u>: write 'vhyp,schema-version = <2>;' (a version 1 file reads the same as version 2)",
				p->schema);
	return parse_children(p, chans, "/channels holds only channel nodes",
			      &p->cfg->num_channels, VHYP_CELL_MAX_CHANNELS,
			      "one channel too many: a cell is an end of at most "
			      STR(VHYP_CELL_MAX_CHANNELS) " channels (VHYP_CELL_MAX_CHANNELS)",
			      parse_channel, err);
}

/* --- against the channels that exist ------------------------------------------ */

/* "cell 'ping'" or "the root", for sentences */
static const char *end_str(const struct vhyp_channel_end *e, char *buf, size_t len)
{
	if (e->cell == VHYP_CHANNEL_END_ROOT)
		snprintf(buf, len, "the root");
	else
		snprintf(buf, len, "cell '%.*s'", VHYP_CELL_NAME_LEN - 1, e->cell_name);
	return buf;
}

/* CH of CFG against C, the channel of its name that exists. */
static int check_existing(const struct vhyp_cell_config *cfg,
			  const struct vhyp_cell_channel *ch,
			  const struct vhyp_channel_info *c, struct cfg_err *err)
{
	const struct vhyp_channel_end *mine = NULL, *other = NULL;
	char a[VHYP_CELL_NAME_LEN + 16], b[VHYP_CELL_NAME_LEN + 16];
	const char *want;
	int e;

	for (e = 0; e < 2; e++)
		if (c->end[e].cell != VHYP_CHANNEL_END_ROOT &&
		    !strncmp(c->end[e].cell_name, cfg->name, VHYP_CELL_NAME_LEN)) {
			mine = &c->end[e];
			other = &c->end[!e];
		}
	if (!mine)
		return cfg_fail(err, "/channels/%s: channel '%s' exists already, between %s and %s, and this cell '%s' is neither: give the channel another name (channel names are unique in the system)",
				ch->name, ch->name, end_str(&c->end[0], a, sizeof(a)),
				end_str(&c->end[1], b, sizeof(b)), cfg->name);
	if (mine->cell)
		return cfg_fail(err, "/channels/%s: cell '%s' (id %u) is attached to channel '%s' already: there is a cell of this name; destroy it first",
				ch->name, cfg->name, mine->cell, ch->name);
	end_str(other, b, sizeof(b));
	want = other->cell == VHYP_CHANNEL_END_ROOT ? VHYP_CHANNEL_PEER_ROOT : other->cell_name;
	if (strncmp(ch->peer, want, VHYP_CELL_NAME_LEN))
		return cfg_fail(err, "/channels/%s (peer \"%s\") does not match channel '%s', whose other end is %s: write 'peer = \"%.*s\";'",
				ch->name, ch->peer, ch->name, b, VHYP_CELL_NAME_LEN - 1, want);
	/* "cell 'ping''s end", "the root's end" */
	if (c->bytes != ch->size)
		return cfg_fail(err, "/channels/%s (size 0x%llx) does not match %s's end of channel '%s' (size 0x%llx): give both ends the same size",
				ch->name, ULL(ch->size), b, ch->name, ULL(c->bytes));
	if (other->cell == VHYP_CHANNEL_END_ROOT &&
	    !(ch->flags & VHYP_CHAN_PEER_READONLY) != !(other->flags & VHYP_CHAN_READONLY))
		return cfg_fail(err, "/channels/%s (peer-access \"%s\") does not match the root's end of channel '%s' (access \"%s\"): the root's files of it are set up so; write 'peer-access = \"%s\";'",
				ch->name, ch->flags & VHYP_CHAN_PEER_READONLY ? "r" : "rw", ch->name,
				chan_access_str(other->flags), chan_access_str(other->flags));
	if (ch->flags & other->flags & VHYP_CHAN_READONLY)
		return cfg_fail(err, "/channels/%s (access \"r\") does not match %s's end of channel '%s' (access \"r\"): one end must write the data; make one of them \"rw\"",
				ch->name, b, ch->name);
	return 0;
}

int cell_check_channels(const struct vhyp_cell_config *cfg,
			const struct vhyp_channel_info *chan, uint32_t n,
			struct cfg_err *err)
{
	uint32_t i, k, fresh = 0;

	for (i = 0; i < cfg->num_channels && i < VHYP_CELL_MAX_CHANNELS; i++) {
		const struct vhyp_cell_channel *ch = &cfg->channels[i];

		for (k = 0; k < n; k++)
			if (!strncmp(chan[k].name, ch->name, VHYP_CHANNEL_NAME_LEN))
				break;
		if (k == n)
			fresh++;
		else if (check_existing(cfg, ch, &chan[k], err))
			return -1;
	}
	if (n + fresh > VHYP_MAX_CHANNELS)
		return cfg_fail(err, "/channels: the cell would create %u new channel%s, and %u of the system's %u are in use: destroy cells whose channels are no longer needed (and close the root's files of them), or join channels that exist",
				fresh, fresh == 1 ? "" : "s", n, VHYP_MAX_CHANNELS);
	return 0;
}
