// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: a cell's virtio backends against the running system, the one
 * virtio rule that needs I/O: a blk device's backend must be a file or a
 * block device that exists, that the root can read, and write unless the
 * device is read-only.  'config check' (on this machine) and 'create'
 * call it after cell_config_parse(), as they call cell_check_hyp_uart();
 * a net device's tap interface is created by the backend if it does not
 * exist, and a console's path is the backend's to open, so neither is
 * looked at here.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "vhypctl.h"

static int check_blk(const struct vhyp_cell_virtio *v, struct cfg_err *err)
{
	bool ro = v->flags & VHYP_VIRTIO_READONLY;
	char name[VHYP_VIRTIO_NAME_LEN + 1], path[VHYP_VIRTIO_BACKEND_LEN + 1];
	struct stat st;

	snprintf(name, sizeof(name), "%.*s", VHYP_VIRTIO_NAME_LEN - 1, v->name);
	snprintf(path, sizeof(path), "%.*s", VHYP_VIRTIO_BACKEND_LEN - 1, v->backend);
	if (stat(path, &st))
		return cfg_fail(err, "/virtio/%s: backend %s: %s: the disk's file or block device must exist before the cell is created; create it (such as 'truncate -s 1G %s') or correct the path",
				name, path, strerror(errno), path);
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return cfg_fail(err, "/virtio/%s: backend %s is neither a regular file nor a block device: a blk device's disk is one of those",
				name, path);
	if (access(path, R_OK))
		return cfg_fail(err, "/virtio/%s: backend %s cannot be read: %s: run vhypctl as a user that may read it, or change its permissions",
				name, path, strerror(errno));
	if (!ro && access(path, W_OK))
		return cfg_fail(err, "/virtio/%s: backend %s cannot be written: %s: give the device 'read-only;' if the cell only reads the disk, or let the root write it",
				name, path, strerror(errno));
	return 0;
}

int cell_check_virtio_backends(const struct vhyp_cell_config *cfg, struct cfg_err *err)
{
	uint32_t i;

	for (i = 0; i < cfg->num_virtio && i < VHYP_CELL_MAX_VIRTIO; i++)
		if (cfg->virtio[i].type == VHYP_VIRTIO_BLK && check_blk(&cfg->virtio[i], err))
			return -1;
	return 0;
}
