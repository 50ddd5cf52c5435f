// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: a cell's channels as the verbs show them.  What a channel is to
 * the cell (its name, peer, window, access and doorbell) is in the cell's
 * config (the file 'config check' read).
 */
#include <string.h>

#include "cell_lookup.h"
#include "config.h"

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
