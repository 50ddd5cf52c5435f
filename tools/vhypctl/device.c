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
 * retried: only 'console --follow' installs signal handlers, and there an
 * interrupted call means the user asked to stop.
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
		     void *buf, uint32_t len, uint64_t pos)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
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
