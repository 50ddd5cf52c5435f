// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: /dev/vhyp and its ioctls.
 *
 * Every argument struct starts with its size, which the driver compares
 * with its own: the wrappers fill it (and zero the reserved fields) so that
 * no verb can forget.  Opening the device always reads VHYP_GET_INFO and
 * compares the driver's ioctl ABI with the one vhypctl was built against,
 * because a struct of another layout would be misread silently otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "vhypctl.h"

/*
 * ioctl() returning 0 or the errno, the form fail() takes.  EINTR is not
 * retried: only 'console --follow' and '--attach' install signal
 * handlers, and there an interrupted call means the user asked to stop.
 */
static int xioctl(struct vhyp_dev *d, unsigned long req, void *arg)
{
	if (ioctl(d->fd, req, arg) < 0)
		return errno;
	return 0;
}

/*
 * Open without printing anything: 'vhypctl version' must work, and stay
 * quiet, where no driver is loaded.
 */
int dev_open_raw(struct vhyp_dev *d, const char *path)
{
	int err;

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0) {
		err = errno;
		d->fd = -1;
		return err;
	}
	return 0;
}

int dev_check_abi(const struct vhyp_dev *d)
{
	if (d->info.ioctl_abi == VHYP_IOCTL_ABI)
		return EXIT_OK;
	err_msg("%s speaks ioctl ABI %u but this vhypctl speaks ABI %u: "
		"use the vhypctl built with the loaded vhyp.ko (both come "
		"from the same source tree).",
		d->path, d->info.ioctl_abi, (unsigned int)VHYP_IOCTL_ABI);
	return EXIT_ABI;
}

/* Open, read the driver's info and refuse another ABI; prints errors. */
int dev_open(struct vhyp_dev *d, const char *path)
{
	int err, ret;

	err = dev_open_raw(d, path);
	if (err)
		return fail(path, OP_OPEN, err);
	err = dev_get_info(d, &d->info);
	if (err) {
		ret = fail(path, OP_GET_INFO, err);
		dev_close(d);
		return ret;
	}
	ret = dev_check_abi(d);
	if (ret)
		dev_close(d);
	return ret;
}

void dev_close(struct vhyp_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

int dev_get_info(struct vhyp_dev *d, struct vhyp_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return xioctl(d, VHYP_GET_INFO, info);
}

int dev_enable(struct vhyp_dev *d, uint32_t flags, uint64_t uart_base)
{
	struct vhyp_enable e;

	memset(&e, 0, sizeof(e));
	e.size = sizeof(e);
	e.flags = flags;
	e.uart_base = uart_base;
	return xioctl(d, VHYP_ENABLE, &e);
}

int dev_disable(struct vhyp_dev *d)
{
	return xioctl(d, VHYP_DISABLE, NULL);
}

int dev_cpu_stats(struct vhyp_dev *d, uint32_t cpu, struct vhyp_cpu_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->size = sizeof(*s);
	s->cpu = cpu;
	return xioctl(d, VHYP_GET_CPU_STATS, s);
}

int dev_console_read(struct vhyp_dev *d, struct vhyp_console_read *r,
		     uint32_t cell, void *buf, uint32_t len, uint64_t pos)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	r->cell = cell;
	r->buf = (uintptr_t)buf;
	r->len = len;
	r->pos = pos;
	return xioctl(d, VHYP_CONSOLE_READ, r);
}

int dev_bench(struct vhyp_dev *d, struct vhyp_bench *b, uint32_t op,
	      uint64_t iterations)
{
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->op = op;
	b->iterations = iterations;
	return xioctl(d, VHYP_BENCH, b);
}

int dev_console_write(struct vhyp_dev *d, uint32_t cell, const void *buf,
		      uint32_t len, uint32_t *taken)
{
	struct vhyp_console_write w;
	int err;

	memset(&w, 0, sizeof(w));
	w.size = sizeof(w);
	w.cell = cell;
	w.buf = (uintptr_t)buf;
	w.len = len;
	err = xioctl(d, VHYP_CONSOLE_WRITE, &w);
	*taken = err ? 0 : w.len;
	return err;
}

/* VHYP_CELL_CREATE returns the new cell's id, not 0. */
int dev_cell_create(struct vhyp_dev *d, const struct vhyp_cell_config *cfg,
		    uint32_t *id)
{
	int ret = ioctl(d->fd, VHYP_CELL_CREATE, cfg);

	if (ret < 0)
		return errno;
	*id = ret;
	return 0;
}

int dev_cell_load(struct vhyp_dev *d, uint32_t id, uint32_t flags, uint64_t ipa,
		  const void *buf, uint64_t len)
{
	struct vhyp_cell_load l;

	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.id = id;
	l.flags = flags;
	l.ipa = ipa;
	l.buf = (uintptr_t)buf;
	l.len = len;
	return xioctl(d, VHYP_CELL_LOAD, &l);
}

/* VHYP_CELL_START, VHYP_CELL_STOP or VHYP_CELL_DESTROY */
int dev_cell_ref(struct vhyp_dev *d, unsigned long req, uint32_t id)
{
	struct vhyp_cell_ref r;

	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.id = id;
	return xioctl(d, req, &r);
}

int dev_cell_config(struct vhyp_dev *d, uint32_t id, struct vhyp_cell_config *cfg)
{
	struct vhyp_cell_get_config req = {
		.size = sizeof(req), .id = id, .buf = (uintptr_t)cfg,
	};

	return xioctl(d, VHYP_CELL_CONFIG, &req);
}

int dev_channel_info(struct vhyp_dev *d, uint32_t id, struct vhyp_channel_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->id = id;
	return xioctl(d, VHYP_CHANNEL_INFO, info);
}

int dev_channels(struct vhyp_dev *d, struct vhyp_channel_info *chan, uint32_t *n)
{
	struct vhyp_channel_info *c;
	uint32_t id;
	int err, e;

	*n = 0;
	for (id = 1; id <= VHYP_MAX_CHANNELS; id++) {
		c = &chan[*n];
		err = dev_channel_info(d, id, c);
		if (err == ENOENT)
			continue;
		if (err)
			return err;
		/* the driver's strings, bounded for the sentences that quote them */
		c->name[sizeof(c->name) - 1] = '\0';
		for (e = 0; e < 2; e++)
			c->end[e].cell_name[sizeof(c->end[e].cell_name) - 1] = '\0';
		(*n)++;
	}
	return 0;
}

int dev_cell_info(struct vhyp_dev *d, uint32_t id, struct vhyp_cell_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->id = id;
	return xioctl(d, VHYP_CELL_INFO, info);
}
