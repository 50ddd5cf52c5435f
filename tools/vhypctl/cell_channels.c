// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: a cell's channels as the verbs show them.  What a channel is to
 * the cell (its name, peer, window, access and doorbell) is in the cell's
 * config (VHYP_CELL_CONFIG, or the file 'config check' read); how it is
 * doing (the channel's id, the peer's state as this end sees it, the
 * doorbells and events this end received) is the driver's
 * (VHYP_CHANNEL_INFO), found by the channel's name and the cell's id.
 */
#include <errno.h>
#include <string.h>

#include "cell_lookup.h"
#include "config.h"

static const char *const peer_states[] = {
	[VHYP_PEER_NONE] = "none",
	[VHYP_PEER_UP] = "up",
	[VHYP_PEER_GONE] = "gone",
	[VHYP_PEER_RESTARTED] = "restarted",
};

const char *peer_state_name(uint32_t state)
{
	if (state < sizeof(peer_states) / sizeof(peer_states[0]))
		return peer_states[state];
	return "unknown";
}

void chan_json_fields(struct json *j, const struct vhyp_cell_channel *ch)
{
	char name[VHYP_CHANNEL_NAME_LEN + 1], peer[VHYP_CELL_NAME_LEN + 1];

	snprintf(name, sizeof(name), "%.*s", (int)sizeof(ch->name), ch->name);
	snprintf(peer, sizeof(peer), "%.*s", (int)sizeof(ch->peer), ch->peer);
	json_string(j, "name", name);
	json_string(j, "peer", peer);
	json_u64(j, "ipa", ch->ipa);
	json_u64(j, "size", ch->size);
	json_u64(j, "flags", ch->flags);
	json_string(j, "access", chan_access_str(ch->flags));
	if (!strcmp(peer, VHYP_CHANNEL_PEER_ROOT))
		json_string(j, "peer_access", ch->flags & VHYP_CHAN_PEER_READONLY ? "r" : "rw");
	else
		json_null(j, "peer_access");
	json_u64(j, "irq", ch->irq);
}

/* The end of cell ID in the channel named CH's name, and the channel; NULL: none. */
static const struct vhyp_channel_end *end_of(const struct chan_list *list, uint32_t id,
					     const struct vhyp_cell_channel *ch,
					     const struct vhyp_channel_info **info)
{
	uint32_t k, e;

	for (k = 0; k < list->n; k++) {
		if (strncmp(list->chan[k].name, ch->name, sizeof(ch->name)))
			continue;
		for (e = 0; e < 2; e++)
			if (list->chan[k].end[e].cell == id) {
				*info = &list->chan[k];
				return &list->chan[k].end[e];
			}
	}
	return NULL;
}

int cell_chans_read(struct vhyp_dev *d, const struct vhyp_cell_info *info,
		    struct vhyp_cell_config *cfg, struct chan_list *list)
{
	char name[VHYP_CELL_NAME_LEN + 1];
	int err;

	err = dev_cell_config(d, info->id, cfg);
	if (err == ENOENT || err == ENOTCONN)	/* gone since VHYP_CELL_INFO: none */
		memset(cfg, 0, sizeof(*cfg));
	else if (err)
		return fail_cell(d->path, OP_CELL_CONFIG, cell_name(info, name), err);
	if (cfg->num_channels > VHYP_CELL_MAX_CHANNELS)
		cfg->num_channels = VHYP_CELL_MAX_CHANNELS;
	if (cfg->num_virtio > VHYP_CELL_MAX_VIRTIO)
		cfg->num_virtio = VHYP_CELL_MAX_VIRTIO;
	if (!cfg->num_channels || list->read)
		return EXIT_OK;
	err = dev_channels(d, list->chan, &list->n);
	if (err == ENOTCONN)	/* disabled meanwhile: no channels */
		list->n = 0;
	else if (err)
		return fail(d->path, OP_CHANNELS, err);
	list->read = true;
	return EXIT_OK;
}

void cell_chans_json(struct json *j, const struct vhyp_cell_config *cfg,
		     const struct chan_list *list, uint32_t id, bool counters)
{
	const struct vhyp_channel_info *info = NULL;
	const struct vhyp_channel_end *end;
	uint32_t i;

	json_array_begin(j, "channels");
	for (i = 0; i < cfg->num_channels; i++) {
		end = end_of(list, id, &cfg->channels[i], &info);
		json_object_begin(j, NULL);
		chan_json_fields(j, &cfg->channels[i]);
		if (end)
			json_u64(j, "id", info->id);
		else
			json_null(j, "id");
		if (counters && end) {
			json_string(j, "peer_state", peer_state_name(end->peer_state));
			json_u64(j, "doorbells", end->doorbells);
			json_u64(j, "events", end->events);
		} else if (counters) {
			json_null(j, "peer_state");
			json_null(j, "doorbells");
			json_null(j, "events");
		}
		json_object_end(j);
	}
	json_array_end(j);
}

void cell_chans_text(const struct vhyp_cell_config *cfg, const struct chan_list *list,
		     uint32_t id)
{
	const struct vhyp_channel_info *info = NULL;
	const struct vhyp_channel_end *end;
	char buf[256];
	uint32_t i;

	for (i = 0; i < cfg->num_channels; i++) {
		const struct vhyp_cell_channel *ch = &cfg->channels[i];

		end = end_of(list, id, ch, &info);
		printf("  channel %.*s: %s", (int)sizeof(ch->name), ch->name,
		       chan_str(ch, buf, sizeof(buf)));
		if (end)
			printf("; id %u, peer %s, %llu doorbells, %llu events\n", info->id,
			       peer_state_name(end->peer_state), ULL(end->doorbells),
			       ULL(end->events));
		else
			printf("; not known to the driver\n");
	}
}
