/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl channel: the verb (cmd_channel.c: options, 'list') and the
 * byte pipes through the root's end (channel_pipe.c: --attach, --send),
 * which use libvhypchan (tools/channel/vhyp_channel.h).
 */
#ifndef VHYPCTL_CHANNEL_CMD_H
#define VHYPCTL_CHANNEL_CMD_H

#include "vhypctl.h"

/*
 * Standard input to channel NAME, the channel to standard output, until
 * the input ends, the peer has read it and the channel was quiet for
 * LINGER seconds, or a signal.  Returns an exit code, the sentence told.
 */
int channel_attach(struct vhyp_dev *d, const char *name, double linger);

/*
 * Standard input to channel NAME, waiting at most TIMEOUT seconds in all
 * for the peer to start and for room.  Returns an exit code.
 */
int channel_send(struct vhyp_dev *d, const char *name, double timeout);

#endif
