// SPDX-License-Identifier: GPL-2.0
/*
 * libvhypchan: the root's end of a channel (vhyp_channel.h).
 *
 * The driver gives the root a file per open channel (VHYP_CHANNEL_OPEN):
 * its window mapped from offset 0, the header page then the data, and an
 * 8-byte event count to read or poll.  Everything in the data is the
 * peer's to scribble on: only vhyp_ring.c reads it, and it trusts nothing
 * there.  The header is the hypervisor's, and still checked once.
 */
#define _GNU_SOURCE	/* strerrorname_np */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <vhyp/version.h>

#include "vhyp_channel.h"
#include "vhyp_ring.h"

#define HDR		VHYP_CHANNEL_HDR_SIZE
#define RECHECK_MS	20	/* the longest wait between two looks at the ring */

struct vhyp_channel {
	int fd;
	unsigned int flags;
	const volatile struct vhyp_channel_header *hdr;
	void *window;		/* header and data, or the header alone */
	size_t window_len;
	void *data_map;		/* the data, where mapped on its own */
	uint64_t size;
	struct vhyp_ring ring;
	char name[VHYP_CHANNEL_NAME_LEN];
};

static __thread char msg[320];

const char *vhyp_channel_error(void)
{
	return msg;
}

/* Set errno to ERR and the sentence; returns -1. */
static int fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errno = err;
	return -1;
}

static const char *errname(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "?";
}

int vhyp_channel_info(int dev_fd, uint32_t id, struct vhyp_channel_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->id = id;
	return ioctl(dev_fd, VHYP_CHANNEL_INFO, info) < 0 ? -1 : 0;
}

/*
 * VHYP_CHANNEL_OPEN said ENOENT: no channel of that name, or one the root
 * is no end of.  Say which, from VHYP_CHANNEL_INFO.
 */
static int no_such_channel(int dev_fd, const char *device, const char *name)
{
	struct vhyp_channel_info info;
	uint32_t id;

	for (id = 1; id <= VHYP_MAX_CHANNELS; id++) {
		if (vhyp_channel_info(dev_fd, id, &info) ||
		    strncmp(info.name, name, sizeof(info.name)))
			continue;
		return fail(ENOENT, "cannot open channel %s: the root is not an end of it "
			    "(its ends are cells %.32s and %.32s): attach to it from one of "
			    "them, or give a cell's config peer = \"root\"", name,
			    info.end[0].cell_name, info.end[1].cell_name);
	}
	return fail(ENOENT, "cannot open channel %s: there is no channel %s on %s: a channel "
		    "exists once a cell that names it is created ('vhypctl channel list' "
		    "shows them)", name, name, device);
}

/* open() and ioctl() errors any call to the driver may give. */
static int driver_fail(int err, const char *what, const char *call, const char *device)
{
	const char *advice;
	int code = err;		/* errno for the caller */

	switch (err) {
	case ENOTCONN:
		advice = "vhyp is not enabled: run 'vhypctl enable' first";
		break;
	case EACCES:
	case EPERM:
		advice = "Run as root (needs CAP_SYS_ADMIN)";
		break;
	case ENOTTY:
	case EINVAL:
		advice = "The device is not vhyp's, or its vhyp.ko speaks another ioctl ABI: "
			 "use the library built with the loaded vhyp.ko";
		code = EPROTO;	/* EINVAL stays for the caller's own mistakes */
		break;
	case ENOENT:
	case ENXIO:
	case ENODEV:
		advice = "Load the module with 'insmod vhyp.ko' (or modprobe vhyp)";
		break;
	default:
		advice = "See dmesg for the driver's own message";
	}
	return fail(code, "cannot %s: %s on %s failed with %s (%s). %s", what, call, device,
		    errname(err), strerror(err), advice);
}

static int open_file(const char *device, const char *name, unsigned int flags)
{
	struct vhyp_channel_open req = { .size = sizeof(req), .flags = VHYP_CHANNEL_NONBLOCK };
	struct vhyp_info info = { .size = sizeof(info) };
	char what[64];
	int dev, fd, err;

	snprintf(what, sizeof(what), "open channel %s", name);
	if (!*name || strlen(name) >= sizeof(req.name))
		return fail(EINVAL, "cannot open channel '%s': a channel's name is 1 to %d "
			    "characters", name, VHYP_CHANNEL_NAME_LEN - 1);
	if (flags & ~VHYP_CHANNEL_OPEN_FLAGS)
		return fail(EINVAL, "cannot open channel %s: unknown flags 0x%x", name,
			    flags & ~VHYP_CHANNEL_OPEN_FLAGS);
	strcpy(req.name, name);
	dev = open(device, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return driver_fail(errno, what, "open()", device);
	if (ioctl(dev, VHYP_GET_INFO, &info) < 0) {
		driver_fail(errno, what, "VHYP_GET_INFO", device);
		goto out;
	}
	if (info.ioctl_abi != VHYP_IOCTL_ABI) {
		fail(EPROTO, "cannot open channel %s: %s speaks ioctl ABI %u, this library ABI %u: "
		     "build it with the loaded vhyp.ko's sources", name, device, info.ioctl_abi,
		     (unsigned int)VHYP_IOCTL_ABI);
		goto out;
	}
	fd = ioctl(dev, VHYP_CHANNEL_OPEN, &req);
	if (fd >= 0) {
		close(dev);
		return fd;
	}
	if (errno == ENOENT)
		no_such_channel(dev, device, name);
	else
		driver_fail(errno, what, "VHYP_CHANNEL_OPEN", device);
out:
	err = errno;
	close(dev);
	errno = err;
	return -1;
}

/* The header as the hypervisor must have written it for this channel. */
static int check_header(const volatile struct vhyp_channel_header *h, const char *name)
{
	const char *why = NULL;

	if (h->magic != VHYP_CHANNEL_MAGIC)
		why = "its magic is wrong";
	else if (h->abi != VHYP_CHANNEL_ABI)
		return fail(EPROTO, "cannot open channel %s: its header is of channel ABI %u, "
			    "this library speaks ABI %u: build it with the loaded vhyp.ko's "
			    "sources", name, h->abi, VHYP_CHANNEL_ABI);
	else if (strncmp((const char *)h->name, name, sizeof(h->name)))
		why = "it names another channel";
	else if (h->end > 1 || h->flags & ~VHYP_CHAN_READONLY ||
		 h->peer_flags & ~VHYP_CHAN_READONLY)
		why = "its end or flags are unknown";
	else if (h->size < HDR || h->size > VHYP_CHANNEL_MAX_SIZE || h->size % HDR)
		why = "its size is not a multiple of 4 KiB up to VHYP_CHANNEL_MAX_SIZE";
	if (why)
		return fail(EPROTO, "cannot open channel %s: the header page the driver mapped is "
			    "not a channel header (%s): vhyp.ko and this library disagree; "
			    "see dmesg", name, why);
	return 0;
}

/*
 * The window: the header page read-only, then the data.  One mapping of
 * both from offset 0 if the driver allows it (it keeps the header page
 * read-only in it), else the data mapped on its own at offset 4096.
 */
static int map_window(struct vhyp_channel *ch, const char *device)
{
	int prot = PROT_READ | (ch->hdr->flags & VHYP_CHAN_READONLY ? 0 : PROT_WRITE);
	void *all, *data;

	ch->size = ch->hdr->size;
	all = mmap(NULL, HDR + ch->size, prot, MAP_SHARED, ch->fd, 0);
	if (all != MAP_FAILED) {
		munmap(ch->window, ch->window_len);
		ch->window = all;
		ch->window_len = HDR + ch->size;
		ch->hdr = all;
		return 0;
	}
	data = mmap(NULL, ch->size, prot, MAP_SHARED, ch->fd, HDR);
	if (data == MAP_FAILED)
		return fail(errno, "cannot map the data of channel %s from %s: mmap() of %llu "
			    "bytes failed with %s (%s); see dmesg", ch->name, device,
			    (unsigned long long)ch->size, errname(errno), strerror(errno));
	ch->data_map = data;
	return 0;
}

int vhyp_channel_open_device(const char *device, const char *name, unsigned int flags,
			     struct vhyp_channel **chp)
{
	struct vhyp_channel *ch;
	int err;

	*chp = NULL;
	ch = calloc(1, sizeof(*ch));
	if (!ch)
		return fail(ENOMEM, "cannot open channel %s: out of memory", name);
	ch->window = MAP_FAILED;
	ch->flags = flags;
	ch->fd = open_file(device, name, flags);
	if (ch->fd < 0)
		goto fail;
	strcpy(ch->name, name);
	ch->window = mmap(NULL, HDR, PROT_READ, MAP_SHARED, ch->fd, 0);
	if (ch->window == MAP_FAILED) {
		fail(errno, "cannot map the header of channel %s from %s: mmap() failed with "
		     "%s (%s); see dmesg", name, device, errname(errno), strerror(errno));
		goto fail;
	}
	ch->window_len = HDR;
	ch->hdr = ch->window;
	if (check_header(ch->hdr, name) || map_window(ch, device))
		goto fail;
	if (vhyp_ring_init(&ch->ring, ch->data_map ? ch->data_map : (char *)ch->window + HDR,
			   ch->size, ch->hdr->end, ch->hdr->flags, ch->hdr->peer_flags)) {
		fail(EPROTO, "cannot open channel %s: its %llu data bytes hold no rings", name,
		     (unsigned long long)ch->size);
		goto fail;
	}
	*chp = ch;
	return 0;
fail:
	err = errno;
	vhyp_channel_close(ch);
	errno = err;
	return -1;
}

int vhyp_channel_open(const char *name, unsigned int flags, struct vhyp_channel **ch)
{
	return vhyp_channel_open_device(VHYP_DEVICE, name, flags, ch);
}

void vhyp_channel_close(struct vhyp_channel *ch)
{
	if (!ch)
		return;
	if (ch->data_map)
		munmap(ch->data_map, ch->size);
	if (ch->window != MAP_FAILED)
		munmap(ch->window, ch->window_len);
	if (ch->fd >= 0)
		close(ch->fd);
	free(ch);
}

int vhyp_channel_fd(const struct vhyp_channel *ch)
{
	return ch->fd;
}

const volatile struct vhyp_channel_header *vhyp_channel_header(const struct vhyp_channel *ch)
{
	return ch->hdr;
}

uint32_t vhyp_channel_peer_state(const struct vhyp_channel *ch, uint64_t *generation)
{
	uint32_t state = __atomic_load_n(&ch->hdr->peer_state, __ATOMIC_ACQUIRE);

	if (generation)
		*generation = ch->hdr->peer_generation;
	return state;
}

const char *vhyp_peer_state_name(uint32_t state)
{
	static const char *const names[] = {
		[VHYP_PEER_NONE] = "none", [VHYP_PEER_UP] = "up",
		[VHYP_PEER_GONE] = "gone", [VHYP_PEER_RESTARTED] = "restarted",
	};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "unknown";
}

uint64_t vhyp_channel_readable(const struct vhyp_channel *ch)
{
	return vhyp_ring_readable(&ch->ring);
}

uint64_t vhyp_channel_unread(const struct vhyp_channel *ch)
{
	return vhyp_ring_unread(&ch->ring);
}

uint64_t vhyp_channel_lost(const struct vhyp_channel *ch)
{
	return vhyp_ring_lost(&ch->ring);
}

int vhyp_channel_peer_ready(const struct vhyp_channel *ch)
{
	return vhyp_ring_peer_ready(&ch->ring);
}

int vhyp_channel_ring(struct vhyp_channel *ch)
{
	if (ioctl(ch->fd, VHYP_CHANNEL_RING) == 0)
		return 0;
	if (errno == ENOTCONN)
		return fail(ENOTCONN, "cannot ring channel %s: its peer does not run", ch->name);
	return fail(errno, "cannot ring channel %s: VHYP_CHANNEL_RING failed with %s (%s); "
		    "see dmesg", ch->name, errname(errno), strerror(errno));
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The wait left before DEADLINE (0: none, UINT64_MAX: no limit), at most CAP ms (-1: none). */
static int left_ms(uint64_t deadline, int cap)
{
	uint64_t now, left;

	if (deadline == UINT64_MAX)
		return cap;
	now = now_ms();
	left = deadline > now ? deadline - now : 0;
	if (cap >= 0 && left > (uint64_t)cap)
		return cap;
	return (int)left;
}

static uint64_t deadline_of(const struct vhyp_channel *ch, int timeout_ms)
{
	if (ch->flags & VHYP_CHANNEL_NONBLOCK || !timeout_ms)
		return 0;
	return timeout_ms < 0 ? UINT64_MAX : now_ms() + timeout_ms;
}

/*
 * Wait up to WAIT ms for events and take them.  1: there were some, 0:
 * none, -1 with errno and the sentence: poll() or read() failed.
 */
static int take_events(struct vhyp_channel *ch, int wait, uint64_t *events)
{
	struct pollfd pfd = { .fd = ch->fd, .events = POLLIN };
	uint64_t count;
	ssize_t n;
	int r;

	r = wait ? poll(&pfd, 1, wait) : 1;
	if (r < 0 && errno == EINTR)
		return fail(EINTR, "waiting on channel %s was interrupted by a signal", ch->name);
	if (r < 0)
		return fail(errno, "cannot wait on channel %s: poll() failed with %s (%s)",
			    ch->name, errname(errno), strerror(errno));
	if (!r)
		return 0;
	n = read(ch->fd, &count, sizeof(count));
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n < 0 && errno == EINTR)
		return fail(EINTR, "waiting on channel %s was interrupted by a signal", ch->name);
	if (n != sizeof(count))
		return fail(n < 0 ? errno : EPROTO, "cannot read the events of channel %s: "
			    "read() gave %zd bytes (%s); see dmesg", ch->name, n,
			    n < 0 ? strerror(errno) : "not 8");
	if (events)
		*events = count;
	return 1;
}

static int peer_gone(const struct vhyp_channel *ch)
{
	return vhyp_channel_peer_state(ch, NULL) == VHYP_PEER_GONE;
}

int vhyp_channel_wait(struct vhyp_channel *ch, int timeout_ms, uint64_t *events)
{
	uint64_t deadline = deadline_of(ch, timeout_ms);
	int r;

	for (;;) {
		r = take_events(ch, left_ms(deadline, -1), events);
		if (r)
			return r < 0 ? -1 : 0;
		if (!left_ms(deadline, -1))
			return fail(deadline ? ETIMEDOUT : EAGAIN, "no event on channel %s%s",
				    ch->name, deadline ? " before the timeout" : "");
	}
}

/* Nothing more can be done now: say why (what a send or recv returns). */
static ssize_t stopped(struct vhyp_channel *ch, size_t done, uint64_t deadline,
		       const char *what)
{
	if (peer_gone(ch))
		fail(EPIPE, "cannot %s channel %s: its peer is gone (stopped, failed or "
		     "destroyed): 'vhypctl channel list' shows its state", what, ch->name);
	else
		fail(deadline ? ETIMEDOUT : EAGAIN, "cannot %s channel %s: %s", what, ch->name,
		     deadline ? "the timeout passed" : "it would have to wait");
	return done ? (ssize_t)done : -1;
}

ssize_t vhyp_channel_send(struct vhyp_channel *ch, const void *buf, size_t len, int timeout_ms)
{
	uint64_t deadline = deadline_of(ch, timeout_ms);
	const char *p = buf;
	size_t done = 0, n;
	int r;

	if (ch->hdr->flags & VHYP_CHAN_READONLY)
		return fail(EROFS, "cannot write to channel %s: the root only reads it "
			    "(its config says peer-access = \"ro\")", ch->name);
	while (done < len) {
		n = vhyp_ring_write(&ch->ring, p + done, len - done);
		if (n) {
			done += n;
			/* a peer that does not run yet finds the bytes when it does */
			if (vhyp_channel_ring(ch) && errno != ENOTCONN)
				return done;
			continue;
		}
		if (peer_gone(ch) || !left_ms(deadline, -1))
			return stopped(ch, done, deadline, "write to");
		r = take_events(ch, left_ms(deadline, RECHECK_MS), NULL);
		if (r < 0)
			return done ? (ssize_t)done : -1;
	}
	return done;
}

ssize_t vhyp_channel_recv(struct vhyp_channel *ch, void *buf, size_t len, int timeout_ms)
{
	uint64_t deadline = deadline_of(ch, timeout_ms);
	size_t n;
	int r;

	if (!len)
		return 0;
	for (;;) {
		n = vhyp_ring_read(&ch->ring, buf, len);
		if (n)
			return n;
		if (peer_gone(ch) || !left_ms(deadline, -1))
			return stopped(ch, 0, deadline, "read from");
		/* capped too: a writer need not ring */
		r = take_events(ch, left_ms(deadline, RECHECK_MS), NULL);
		if (r < 0)
			return -1;
	}
}
