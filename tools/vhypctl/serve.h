/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl serve: the root's backend of a cell's virtio devices
 * (tools/virtio/vio.h), as its own verb and from 'start'.
 */
#ifndef VHYPCTL_SERVE_H
#define VHYPCTL_SERVE_H

#include "vhypctl.h"

struct serve_opts {
	bool foreground;	/* stay attached, log to stderr */
	const char *pid_file;	/* NULL: none */
	bool busy_ok;		/* a backend serves the cell already: fine (start) */
};

/*
 * Serve the cell INFO: open its file and its devices' backends; then,
 * in the foreground, the loop until the cell is gone (returns its exit
 * code), else daemonize: the caller's process returns EXIT_OK once the
 * backend is ready, the daemon never returns.  Returns an exit code, the
 * failure told.
 */
int serve_cell(struct vhyp_dev *d, const struct vhyp_cell_info *info,
	       const struct serve_opts *o);

/* serve_log.c: where the backend's sentences go once it runs */
void serve_log_open(const char *cell, bool foreground);
void serve_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
