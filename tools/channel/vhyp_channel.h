/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libvhypchan: the root's end of a vhyp channel (Documentation/channels.md,
 * "The root's C library"), over /dev/vhyp's VHYP_CHANNEL_OPEN file: the
 * window mapped, the header checked, the byte rings of channel.h
 * (vhyp_ring.h) as a stream, the doorbell both ways.
 *
 * Every function that can fail returns -1 (or NULL) and sets errno, and
 * vhyp_channel_error() then gives a sentence that says what failed, where,
 * and what to do.  A channel is used by one thread at a time, or by one
 * thread that sends and one that receives, if only one of them waits.
 */
#ifndef _VHYP_CHANNEL_H
#define _VHYP_CHANNEL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <vhyp/ioctl.h>

struct vhyp_channel;

/**
 * vhyp_channel_open() - open the root's end of a channel
 * @name:	the channel's name, as the cells' configs give it
 * @flags:	0; VHYP_CHANNEL_NONBLOCK: vhyp_channel_send() and
 *		vhyp_channel_recv() never wait, whatever their timeout
 * @ch:		the open channel, on success
 *
 * Opens /dev/vhyp, checks its ioctl ABI, opens the channel's file, maps
 * its header page (read-only) and data (read-only if the root only reads),
 * checks the header (magic, VHYP_CHANNEL_ABI, name, size) and starts the
 * ring protocol as the header's end, by the resume rules of channel.h.
 *
 * Return: 0, or -1 with errno: ENOENT (no such channel, or the root is not
 * an end of it: the sentence says which), ENOTCONN (vhyp is not enabled),
 * EACCES or EPERM (not root), EPROTO (another ABI: the driver refused the
 * request with ENOTTY or EINVAL, or a header that is not one), EINVAL (a
 * bad name or flags), or what open(), ioctl() or mmap() said.
 */
int vhyp_channel_open(const char *name, unsigned int flags, struct vhyp_channel **ch);

/* The same through DEVICE instead of VHYP_DEVICE ("/dev/vhyp"). */
int vhyp_channel_open_device(const char *device, const char *name, unsigned int flags,
			     struct vhyp_channel **ch);

/**
 * vhyp_channel_close() - unmap, close, free; NULL is fine
 * @ch:		the channel
 */
void vhyp_channel_close(struct vhyp_channel *ch);

/**
 * vhyp_channel_send() - write all of a buffer into the channel
 * @ch:		the channel
 * @buf:	the bytes
 * @len:	how many
 * @timeout_ms:	the longest wait for room, in all; -1: no limit, 0: none
 *
 * Rings the peer after each piece written.  Waits for room by poll() on
 * the channel's file (the peer's doorbell), looking again every 20 ms at
 * the latest: a reader need not ring when it has read.  A peer that only
 * reads never makes it wait (it loses what it does not read in time).
 *
 * Return: @len; fewer bytes, with errno set, if it stopped after writing
 * some; -1 with errno if it wrote none: ETIMEDOUT, EAGAIN (no wait
 * allowed), EPIPE (the peer is gone: it stopped, failed or was destroyed),
 * EINTR (a signal), EROFS (the root only reads this channel).
 */
ssize_t vhyp_channel_send(struct vhyp_channel *ch, const void *buf, size_t len, int timeout_ms);

/**
 * vhyp_channel_recv() - read what the peer wrote, waiting for some
 * @ch:		the channel
 * @buf:	where to
 * @len:	at most this many
 * @timeout_ms:	the longest wait for a first byte; -1: no limit, 0: none
 *
 * Waits by poll() on the channel's file, looking again every 20 ms.
 *
 * Return: the bytes read (at least 1), or -1 with errno: ETIMEDOUT, EAGAIN
 * (nothing there and no wait allowed), EPIPE (nothing there and the peer is
 * gone), EINTR.
 */
ssize_t vhyp_channel_recv(struct vhyp_channel *ch, void *buf, size_t len, int timeout_ms);

/**
 * vhyp_channel_ring() - ring the peer's doorbell
 * @ch:		the channel
 *
 * Return: 0, or -1 with errno: ENOTCONN (the peer does not run), or what
 * the driver said.
 */
int vhyp_channel_ring(struct vhyp_channel *ch);

/**
 * vhyp_channel_wait() - wait for events: doorbells, changes of the peer
 * @ch:		the channel
 * @timeout_ms:	-1: no limit, 0: do not wait
 * @events:	the count of events since the last wait (or send, recv that
 *		waited), may be NULL
 *
 * Return: 0 if there were events, -1 with errno: ETIMEDOUT, EAGAIN (none
 * and no wait allowed), EINTR.
 */
int vhyp_channel_wait(struct vhyp_channel *ch, int timeout_ms, uint64_t *events);

/* The file to poll() (POLLIN: events wait) alongside others; do not read or close it. */
int vhyp_channel_fd(const struct vhyp_channel *ch);

/* The header page, which only the hypervisor writes: name, id, end, size, counts. */
const volatile struct vhyp_channel_header *vhyp_channel_header(const struct vhyp_channel *ch);

/* The peer's VHYP_PEER_* now, and how many times it has started (may be NULL). */
uint32_t vhyp_channel_peer_state(const struct vhyp_channel *ch, uint64_t *generation);

/* "none", "up", "gone", "restarted", or "unknown" for another value. */
const char *vhyp_peer_state_name(uint32_t state);

/* Bytes a recv would return now; bytes sent that the peer has not read. */
uint64_t vhyp_channel_readable(const struct vhyp_channel *ch);
uint64_t vhyp_channel_unread(const struct vhyp_channel *ch);

/* Bytes the peer wrote that this end skipped unread (an end that only reads). */
uint64_t vhyp_channel_lost(const struct vhyp_channel *ch);

/* The peer speaks the ring protocol (has set its magic, or only reads). */
int vhyp_channel_peer_ready(const struct vhyp_channel *ch);

/**
 * vhyp_channel_info() - what VHYP_CHANNEL_INFO says of channel @id
 * @dev_fd:	an open /dev/vhyp
 * @id:		1..VHYP_MAX_CHANNELS
 * @info:	filled on success
 *
 * Return: 0, or -1 with errno: ENOENT (no channel @id), ENOTCONN, or what
 * the driver said.  No sentence: the caller knows what it asked.
 */
int vhyp_channel_info(int dev_fd, uint32_t id, struct vhyp_channel_info *info);

/* The sentence of this thread's last failure ("" if none yet). */
const char *vhyp_channel_error(void);

#endif
