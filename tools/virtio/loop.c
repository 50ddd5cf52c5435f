// SPDX-License-Identifier: GPL-2.0
/*
 * A cell's backend: its devices opened from its config, then one loop
 * that sleeps in poll() on the vhyp file and the devices' fds.
 *
 * A round: read every request queued (one read() for up to REQ_BATCH),
 * answer the reads at once (one write() for all), so the cell's waiting
 * CPU goes on as early as it can; then run the queues that were kicked
 * and the devices whose fd is readable; then publish the used rings and
 * raise each interrupt due, once per device per round.  QueueNotify is a
 * write and costs the cell no wait: the notify-to-interrupt path is one
 * read(), the device's work and one ioctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vhyp/ioctl.h>

#include "vio.h"

#define REQ_BATCH	64

static int raise_irq(struct vio_backend *be, unsigned int dev)
{
	struct vhyp_virtio_irq irq = { .size = sizeof(irq), .dev = dev };

	return ioctl(be->fd, VHYP_VIRTIO_IRQ, &irq) ? errno : 0;
}

static int dev_open(struct vio_backend *be, struct vio_dev *d, const struct vhyp_cell_virtio *v)
{
	switch (v->type) {
	case VHYP_VIRTIO_BLK:
		return vio_blk_open(d, v);
	case VHYP_VIRTIO_NET:
		return vio_net_open(d, v);
	case VHYP_VIRTIO_CONSOLE:
		return vio_console_open(d, v, be->cell);
	case VHYP_VIRTIO_RNG:
		return vio_rng_init(d);
	default:
		return vio_fail("device %s is of type %u, which this backend does not know",
				d->name, v->type);
	}
}

int vio_backend_open(struct vio_backend *be, int fd, const struct vhyp_cell_config *cfg)
{
	size_t len = VHYP_CELL_MAX_VIRTIO * VHYP_VIRTIO_STATE_SIZE;
	const struct vhyp_cell_virtio *v;
	struct vio_dev *d;
	unsigned int i;
	void *p;

	be->fd = fd;
	be->ndev = 0;
	if (!be->raise_irq)
		be->raise_irq = raise_irq;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return vio_fail("cannot map the virtio state pages of cell %s: %s", be->cell,
				strerror(errno));
	be->states = p;
	if (gm_map(&be->gm, fd, cfg))
		goto fail;
	for (i = 0; i < cfg->num_virtio && i < VHYP_CELL_MAX_VIRTIO; i++) {
		v = &cfg->virtio[i];
		d = &be->dev[i];
		memset(d, 0, sizeof(*d));
		d->be = be;
		d->index = i;
		d->gm = &be->gm;
		d->fd = -1;
		snprintf(d->name, sizeof(d->name), "%.*s", VHYP_VIRTIO_NAME_LEN - 1, v->name);
		if (dev_open(be, d, v))
			goto fail;
		be->ndev = i + 1;
		vio_dev_attach(d, (struct vio_state *)((char *)p + i * VHYP_VIRTIO_STATE_SIZE),
			       v->type);
	}
	return 0;
fail:
	vio_backend_close(be);
	return -1;
}

void vio_backend_close(struct vio_backend *be)
{
	unsigned int i;

	for (i = 0; i < be->ndev; i++)
		if (be->dev[i].ops && be->dev[i].ops->close)
			be->dev[i].ops->close(&be->dev[i]);
	be->ndev = 0;
	gm_unmap(&be->gm);
	if (be->states)
		munmap(be->states, VHYP_CELL_MAX_VIRTIO * VHYP_VIRTIO_STATE_SIZE);
	be->states = NULL;
}

bool vio_backend_request(struct vio_backend *be, const struct vhyp_virtio_req *r, uint64_t *val)
{
	unsigned int i;

	if (r->flags & VHYP_VIRTIO_REQ_RESET) {
		for (i = 0; i < be->ndev; i++)
			vio_dev_reset(&be->dev[i]);
		return false;
	}
	if (r->dev >= be->ndev) {
		/* the driver checks this; answer a read anyway so no CPU waits */
		*val = 0;
		return !(r->flags & VHYP_VIRTIO_REQ_WRITE);
	}
	if (r->flags & VHYP_VIRTIO_REQ_WRITE) {
		vio_mmio_write(&be->dev[r->dev], r->off, r->size, r->val);
		return false;
	}
	*val = vio_mmio_read(&be->dev[r->dev], r->off, r->size);
	if (r->size < 8)
		*val &= (1ull << (8 * r->size)) - 1;
	return true;
}

void vio_backend_dump(struct vio_backend *be)
{
	unsigned int i, k;

	if (!be->log)
		return;
	for (i = 0; i < be->ndev; i++) {
		const struct vio_dev *d = &be->dev[i];

		be->log(be, "device %u (%s): status %#x isr %#x", i, d->name, d->st->status,
			d->st->isr);
		for (k = 0; k < d->ops->nqueues; k++) {
			const struct vio_queue *vq = &d->q[k];

			if (!vq->num)
				continue;
			be->log(be, "  queue %u: avail idx %u used_event %u, next %u last %u, "
				"used idx %u (guest's %u) signalled %u avail_event %u%s%s", k,
				__atomic_load_n(&vq->avail->idx, __ATOMIC_RELAXED),
				__atomic_load_n(&vq->avail->ring[vq->num], __ATOMIC_RELAXED),
				vq->next_avail, vq->st->last_avail, vq->st->used_idx,
				__atomic_load_n(&vq->used->idx, __ATOMIC_RELAXED), vq->st->signalled,
				__atomic_load_n((const uint16_t *)&vq->used->ring[vq->num], __ATOMIC_RELAXED),
				vq->kick ? " kick" : "", vq->pushed ? " pushed" : "");
		}
	}
}

bool vio_backend_round(struct vio_backend *be)
{
	struct vio_dev *d;
	bool more = false;
	unsigned int i;
	int err;

	for (i = 0; i < be->ndev; i++)
		more |= vio_dev_run(&be->dev[i]);
	for (i = 0; i < be->ndev; i++) {
		d = &be->dev[i];
		vio_dev_flush(d);
		if (!d->irq)
			continue;
		d->irq = false;
		err = be->raise_irq(be, i);
		if (err && err != ENODEV && be->log)
			be->log(be, "cannot raise the interrupt of device %u (%s) of cell %s: %s",
				i, d->name, be->cell, strerror(err));
	}
	return more;
}

/* Every request queued; false once the cell is gone. */
static bool read_requests(struct vio_backend *be)
{
	static struct vhyp_virtio_req req[REQ_BATCH];
	static struct vhyp_virtio_answer ans[REQ_BATCH];
	unsigned int i, n, na;
	ssize_t got;

	for (;;) {
		got = read(be->fd, req, sizeof(req));
		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return true;
			if (errno != ENODEV)
				vio_fail("cannot read the requests of cell %s: %s", be->cell,
					 strerror(errno));
			return false;
		}
		if (!got)
			return false;
		n = got / sizeof(req[0]);
		for (i = 0, na = 0; i < n; i++) {
			uint64_t val;

			if (vio_backend_request(be, &req[i], &val)) {
				ans[na].seq = req[i].seq;
				ans[na++].val = val;
			}
		}
		if (na && write(be->fd, ans, na * sizeof(ans[0])) < 0 && errno != ENODEV &&
		    be->log)
			be->log(be, "cannot answer %u reads of cell %s: %s", na, be->cell,
				strerror(errno));
		if (n < REQ_BATCH)
			return true;
	}
}

int vio_backend_run(struct vio_backend *be)
{
	struct pollfd pfd[1 + VHYP_CELL_MAX_VIRTIO];
	struct vio_dev *owner[1 + VHYP_CELL_MAX_VIRTIO];
	unsigned int i, n;
	bool more;

	/* what a predecessor left: republish, interrupt, look at the queues */
	more = vio_backend_round(be);
	while (!be->stop || !*be->stop) {
		pfd[0].fd = be->fd;
		pfd[0].events = POLLIN;
		n = 1;
		for (i = 0; i < be->ndev; i++) {
			if (be->dev[i].fd < 0 || !be->dev[i].want_in)
				continue;
			pfd[n].fd = be->dev[i].fd;
			pfd[n].events = POLLIN;
			owner[n++] = &be->dev[i];
		}
		/* a queue with work left over: look at the rest, then go on at once */
		if (poll(pfd, n, more ? 0 : -1) < 0) {
			if (errno == EINTR) {
				if (be->dump && *be->dump) {
					*be->dump = 0;
					vio_backend_dump(be);
				}
				continue;
			}
			return vio_fail("cannot wait for cell %s: %s", be->cell, strerror(errno));
		}
		if (pfd[0].revents & POLLIN) {
			vio_error_clear();
			if (!read_requests(be))
				return vio_error()[0] ? -1 : 0;
		} else if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			return 0;	/* the cell was destroyed */
		}
		for (i = 1; i < n; i++)
			if (pfd[i].revents && owner[i]->ops->input)
				owner[i]->ops->input(owner[i]);
		more = vio_backend_round(be);
	}
	return 0;
}
