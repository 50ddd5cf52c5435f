// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: a cell's virtio devices as the verbs show them ('config check',
 * 'list', 'stats'), from the cell's config (VHYP_CELL_CONFIG, or the file
 * 'config check' read).  Whatever else is shown, a cell with virtio
 * devices is marked as one whose RAM the root's backend reads and writes:
 * that is the price of the devices (uapi/vhyp/virtio.h), and the user
 * must see it.
 */
#include <string.h>

#include "cell_lookup.h"
#include "config.h"

static void virtio_json_fields(struct json *j, const struct vhyp_cell_virtio *v)
{
	char name[VHYP_VIRTIO_NAME_LEN + 1], backend[VHYP_VIRTIO_BACKEND_LEN + 1], mac[18];
	bool has_mac = v->mac[0] | v->mac[1] | v->mac[2] | v->mac[3] | v->mac[4] | v->mac[5];

	snprintf(name, sizeof(name), "%.*s", VHYP_VIRTIO_NAME_LEN - 1, v->name);
	snprintf(backend, sizeof(backend), "%.*s", VHYP_VIRTIO_BACKEND_LEN - 1, v->backend);
	json_string(j, "name", name);
	json_u64(j, "type", v->type);
	json_string(j, "type_name", virtio_type_name(v->type));
	json_u64(j, "ipa", v->ipa);
	json_u64(j, "irq", v->irq);
	json_u64(j, "flags", v->flags);
	json_bool(j, "read_only", v->flags & VHYP_VIRTIO_READONLY);
	if (has_mac)
		json_string(j, "mac", mac_str(v->mac, mac));
	else
		json_null(j, "mac");
	if (*backend)
		json_string(j, "backend", backend);
	else
		json_null(j, "backend");
}

void virtio_json(struct json *j, const struct vhyp_cell_config *cfg)
{
	uint32_t i;

	json_array_begin(j, "virtio");
	for (i = 0; i < cfg->num_virtio && i < VHYP_CELL_MAX_VIRTIO; i++) {
		json_object_begin(j, NULL);
		virtio_json_fields(j, &cfg->virtio[i]);
		json_object_end(j);
	}
	json_array_end(j);
	json_bool(j, "root_shares_ram", cfg->num_virtio != 0);
}

void virtio_list_line(const struct vhyp_cell_config *cfg, const char *indent)
{
	char name[VHYP_VIRTIO_NAME_LEN + 1];
	uint32_t i;

	if (!cfg->num_virtio)
		return;
	printf("%svirtio: root shares its RAM (", indent);
	for (i = 0; i < cfg->num_virtio && i < VHYP_CELL_MAX_VIRTIO; i++) {
		snprintf(name, sizeof(name), "%.*s", VHYP_VIRTIO_NAME_LEN - 1,
			 cfg->virtio[i].name);
		printf("%s%s %s", i ? ", " : "", virtio_type_name(cfg->virtio[i].type), name);
	}
	printf(")\n");
}

void virtio_text(const struct vhyp_cell_config *cfg)
{
	char buf[320];
	uint32_t i;

	for (i = 0; i < cfg->num_virtio && i < VHYP_CELL_MAX_VIRTIO; i++)
		printf("  virtio %.*s: %s\n", VHYP_VIRTIO_NAME_LEN - 1, cfg->virtio[i].name,
		       virtio_str(&cfg->virtio[i], buf, sizeof(buf)));
	if (cfg->num_virtio)
		printf("  virtio: root shares its RAM: the root's backend reads and writes all of it\n");
}
