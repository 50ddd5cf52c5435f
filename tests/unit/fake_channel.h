/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The channels of the fake /dev/vhyp (fake_channel.c), for fake_vhyp.c's
 * ioctl(): each returns 0 or an errno, as the driver's handlers do.
 */
#ifndef _VHYP_FAKE_CHANNEL_H
#define _VHYP_FAKE_CHANNEL_H

#include <stdbool.h>

#include <vhyp/ioctl.h>

/* A channel as FAKE_VHYP_CHANNELS describes it (fake_vhyp.c parses it) */
struct fake_channel_spec {
	char name[VHYP_CHANNEL_NAME_LEN];
	char end[2][VHYP_CELL_NAME_LEN];	/* a cell's name, or "root" */
	unsigned int ro[2];			/* that end only reads */
	unsigned long long size;
};

bool fake_channel_spec(unsigned int id, struct fake_channel_spec *s);
/* *fd: the channel's file */
int fake_channel_open(const struct vhyp_channel_open *req, bool enabled, int *fd);
/* FD is a channel's file of ours */
bool fake_channel_fd(int fd);
/* an ioctl on it: returns what ioctl() returns */
int fake_channel_ioctl(int fd, unsigned long req);

#endif
