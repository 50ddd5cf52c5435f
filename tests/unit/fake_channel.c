// SPDX-License-Identifier: GPL-2.0
/*
 * The channels' files of the fake /dev/vhyp (fake_vhyp.c, which answers
 * VHYP_CHANNEL_INFO from FAKE_VHYP_CHANNELS), so that libvhypchan and
 * 'vhypctl channel' run end to end on the host: VHYP_CHANNEL_OPEN giving
 * an eventfd whose mmap()
 * (wrapped here) maps a memfd holding the header page and the data, and
 * behind it a thread that plays the cell at the other end with the real
 * ring protocol (tools/channel/vhyp_ring.c) and rings the root through
 * the eventfd, as the hypervisor and the driver would.
 *
 * Environment:
 *   FAKE_VHYP_CHANNELS  as fake_vhyp.c reads it (NAME:SIZE:END0:END1)
 *   FAKE_VHYP_PEER=MODE  the cell at the root's channel:
 *                      echo     answers each line L with "echo: L" (default)
 *                      ticks    the same, and "tick N" every 20 ms
 *                      stuck    runs, but reads nothing
 *                      none     has not started
 *                      gone     ran, and is gone
 *                      bounce   echo; gone after 300 ms, back 300 ms later
 *   FAKE_VHYP_PEER_OUT=FILE  what the cell reads, appended as it comes
 *   FAKE_VHYP_MAP=split  refuse to map the header page writable, as a
 *                      driver may: the library maps the data on its own
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>

#include "fake_channel.h"
#include "vhyp_ring.h"

#define HDR		VHYP_CHANNEL_HDR_SIZE
#define MAX_OPEN	8


struct fake_chan {
	int fd;			/* the root's file: an eventfd */
	int memfd;		/* the window */
	unsigned char *win;	/* the hypervisor's view of it */
	struct vhyp_channel_header *hdr;
	struct fake_channel_spec spec;
	unsigned int root_end;
	const char *mode;
	pthread_t peer;
};

static struct fake_chan chans[MAX_OPEN];
static unsigned int nr_chans;

static const char *peer_mode(void)
{
	const char *m = getenv("FAKE_VHYP_PEER");

	return m ? m : "echo";
}

/* The peer's state as the root's end sees it, before any thread runs. */
static unsigned int initial_state(const char *mode)
{
	if (!strcmp(mode, "none"))
		return VHYP_PEER_NONE;
	if (!strcmp(mode, "gone"))
		return VHYP_PEER_GONE;
	return VHYP_PEER_UP;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&ts, NULL);
}

/* What the hypervisor does when the peer rings the root, or changes. */
static void root_event(struct fake_chan *c, bool doorbell)
{
	if (doorbell)
		__atomic_add_fetch(&c->hdr->doorbells, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&c->hdr->events, 1, __ATOMIC_RELEASE);
	eventfd_write(c->fd, 1);
}

static void peer_set_state(struct fake_chan *c, unsigned int state)
{
	if (state == VHYP_PEER_RESTARTED)
		c->hdr->peer_generation++;
	__atomic_store_n(&c->hdr->peer_state, state, __ATOMIC_RELEASE);
	root_event(c, false);
}

/* The cell: read, answer lines, tick, go away and come back, as its mode says. */
static void *peer_main(void *arg)
{
	struct fake_chan *c = arg;
	unsigned int end = 1 - c->root_end;
	bool echo = strcmp(c->mode, "stuck"), ticks = !strcmp(c->mode, "ticks");
	bool bounce = !strcmp(c->mode, "bounce");
	const char *out_path = getenv("FAKE_VHYP_PEER_OUT");
	char in[4096], line[1024], out[8192];
	size_t line_len = 0, out_len = 0, n, i;
	unsigned long long tick = 0, ms = 0;
	struct vhyp_ring r;
	FILE *out_file = out_path ? fopen(out_path, "a") : NULL;

	vhyp_ring_init(&r, c->win + HDR, c->spec.size, end, c->spec.ro[end],
		       c->spec.ro[c->root_end]);
	for (;; ms++) {
		if (bounce && ms == 300) {
			peer_set_state(c, VHYP_PEER_GONE);
			sleep_ms(300);
			vhyp_ring_init(&r, c->win + HDR, c->spec.size, end, c->spec.ro[end],
				       c->spec.ro[c->root_end]);
			line_len = out_len = 0;
			peer_set_state(c, VHYP_PEER_RESTARTED);
		}
		while (echo && (n = vhyp_ring_read(&r, in, sizeof(in)))) {
			if (out_file) {
				fwrite(in, 1, n, out_file);
				fflush(out_file);
			}
			for (i = 0; i < n; i++) {
				if (in[i] != '\n' && line_len < sizeof(line) - 1) {
					line[line_len++] = in[i];
					continue;
				}
				if (in[i] == '\n' && out_len + line_len + 8 <= sizeof(out))
					out_len += sprintf(out + out_len, "echo: %.*s\n",
							   (int)line_len, line);
				line_len = 0;
			}
		}
		if (ticks && ms % 20 == 0 && out_len + 32 <= sizeof(out))
			out_len += sprintf(out + out_len, "tick %llu\n", tick++);
		if (out_len) {
			n = vhyp_ring_write(&r, out, out_len);
			memmove(out, out + n, out_len - n);
			out_len -= n;
			if (n)
				root_event(c, true);
		}
		sleep_ms(1);
	}
	return NULL;
}

int fake_channel_open(const struct vhyp_channel_open *req, bool enabled, int *fd)
{
	struct fake_chan *c = &chans[nr_chans];
	unsigned int id;

	if (req->size != sizeof(*req) || req->flags & ~VHYP_CHANNEL_OPEN_FLAGS ||
	    req->reserved[0] || req->reserved[1])
		return EINVAL;
	if (!enabled)
		return ENOTCONN;
	for (id = 1; id <= VHYP_MAX_CHANNELS; id++) {
		if (!fake_channel_spec(id, &c->spec) || strncmp(c->spec.name, req->name, sizeof(req->name)))
			continue;
		if (!strcmp(c->spec.end[0], "root") || !strcmp(c->spec.end[1], "root"))
			break;
	}
	if (id > VHYP_MAX_CHANNELS || nr_chans == MAX_OPEN)
		return ENOENT;
	c->root_end = strcmp(c->spec.end[0], "root") ? 1 : 0;
	c->mode = peer_mode();
	c->memfd = memfd_create("fake-channel", MFD_CLOEXEC);
	if (c->memfd < 0 || ftruncate(c->memfd, HDR + c->spec.size))
		return ENOMEM;
	c->win = mmap(NULL, HDR + c->spec.size, PROT_READ | PROT_WRITE, MAP_SHARED, c->memfd, 0);
	c->fd = eventfd(0, EFD_CLOEXEC | (req->flags & VHYP_CHANNEL_NONBLOCK ? EFD_NONBLOCK : 0));
	if (c->win == MAP_FAILED || c->fd < 0)
		return ENOMEM;
	c->hdr = (struct vhyp_channel_header *)c->win;
	c->hdr->magic = VHYP_CHANNEL_MAGIC;
	c->hdr->abi = VHYP_CHANNEL_ABI;
	c->hdr->id = id;
	c->hdr->end = c->root_end;
	memcpy(c->hdr->name, c->spec.name, sizeof(c->hdr->name));
	c->hdr->size = c->spec.size;
	c->hdr->flags = c->spec.ro[c->root_end] ? VHYP_CHAN_READONLY : 0;
	c->hdr->peer_flags = c->spec.ro[1 - c->root_end] ? VHYP_CHAN_READONLY : 0;
	c->hdr->peer_is_root = 0;
	c->hdr->peer_state = initial_state(c->mode);
	c->hdr->peer_generation = c->hdr->peer_state != VHYP_PEER_NONE;
	if (c->hdr->peer_state == VHYP_PEER_UP)
		pthread_create(&c->peer, NULL, peer_main, c);
	else if (c->hdr->peer_state == VHYP_PEER_GONE)	/* it spoke the protocol once */
		((struct vhyp_ring_ctrl *)(c->win + HDR + 128 * (1 - c->root_end)))->magic =
			VHYP_RING_MAGIC;
	nr_chans++;
	*fd = c->fd;
	return 0;
}

static struct fake_chan *chan_of(int fd)
{
	unsigned int i;

	for (i = 0; i < nr_chans; i++)
		if (chans[i].fd == fd)
			return &chans[i];
	return NULL;
}

bool fake_channel_fd(int fd)
{
	return fd >= 0 && chan_of(fd);
}

int fake_channel_ioctl(int fd, unsigned long req)
{
	struct fake_chan *c = chan_of(fd);

	if (req != VHYP_CHANNEL_RING) {
		errno = ENOTTY;
		return -1;
	}
	if (c->hdr->peer_state == VHYP_PEER_NONE || c->hdr->peer_state == VHYP_PEER_GONE) {
		errno = ENOTCONN;
		return -1;
	}
	return 0;
}

/*
 * The window as the driver maps it: within its bounds, from page
 * offsets, the header page never writable, the data read-only for an end
 * that only reads.
 */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
	struct fake_chan *c;
	const char *map = getenv("FAKE_VHYP_MAP");
	unsigned char *p;

	if (!real_mmap)
		real_mmap = dlsym(RTLD_NEXT, "mmap");
	c = fd >= 0 ? chan_of(fd) : NULL;
	if (!c)
		return real_mmap(addr, len, prot, flags, fd, off);
	if (off < 0 || off % HDR || !len || off + len > HDR + c->spec.size ||
	    !(flags & MAP_SHARED)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if (prot & PROT_WRITE && ((!off && map && !strcmp(map, "split")) ||
				  c->hdr->flags & VHYP_CHAN_READONLY)) {
		errno = EACCES;
		return MAP_FAILED;
	}
	p = real_mmap(addr, len, prot, flags, c->memfd, off);
	if (p != MAP_FAILED && !off && prot & PROT_WRITE)
		mprotect(p, HDR, PROT_READ);
	return p;
}

/*
 * A cell outlives the vhypctl that wrote to it; the thread that plays it
 * here does not: give it up to 2 s to read what the root wrote last.
 */
__attribute__((destructor)) static void peer_drain(void)
{
	const struct vhyp_ring_ctrl *root, *peer;
	unsigned int i, ms;

	for (i = 0; i < nr_chans; i++) {
		if (chans[i].hdr->peer_state != VHYP_PEER_UP || !strcmp(chans[i].mode, "stuck"))
			continue;
		root = (const void *)(chans[i].win + HDR + 128 * chans[i].root_end);
		peer = (const void *)(chans[i].win + HDR + 128 * (1 - chans[i].root_end));
		for (ms = 0; ms < 2000 && __atomic_load_n(&peer->tail, __ATOMIC_ACQUIRE) !=
					  __atomic_load_n(&root->head, __ATOMIC_ACQUIRE); ms++)
			sleep_ms(1);
	}
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
	__attribute__((alias("mmap")));
