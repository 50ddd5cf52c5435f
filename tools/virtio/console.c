// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-console (virtio 1.x, 5.3), port 0 only: its receive queue (0)
 * and transmit queue (1), no multiport.
 *
 * The root's end is a pseudo-terminal, linked at /run/vhyp/CELL.NAME.pty
 * for 'screen' or 'picocom', or whatever file or device the config names.
 * We keep the pty's other side open ourselves, raw, so that the master
 * never reads as hung up while no one is attached (poll() would then
 * spin); output nobody reads fills the pty and is then dropped rather
 * than stall the cell.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "vio.h"

#define RUN_DIR		"/run/vhyp"
#define RX_BURST	16	/* buffers per wakeup, then the others get a turn */

enum { RXQ, TXQ };

struct console {
	int fd;			/* we write the cell's output here */
	int in_fd;		/* and read its input here; -1: none */
	int keep_fd;		/* the pty's other side, held open */
	char link[128];		/* our symlink, removed at close */
	uint64_t dropped;
	struct vio_chain c;
};

static void console_tx(struct vio_dev *d, struct vio_queue *vq)
{
	struct console *cs = d->priv;
	unsigned int n = 0;
	int r;

	do {
		while ((r = vq_pop(vq, &cs->c)) > 0) {
			if (cs->c.n_out && writev(cs->fd, cs->c.iov, cs->c.n_out) < 0)
				cs->dropped += cs->c.out_len;
			vq_push(vq, cs->c.head, 0);
			if (vq_budget_spent(vq, &n))
				return;
		}
		if (r < 0) {
			vio_dev_broken(d, "handed a malformed transmit queue");
			return;
		}
	} while (vq_enable_notify(vq));
}

/* One receive buffer filled from the input; false: stop for now. */
static bool console_rx_one(struct vio_dev *d, struct console *cs, struct vio_queue *vq)
{
	ssize_t n;
	int r;

	r = vq_pop(vq, &cs->c);
	if (r < 0) {
		vio_dev_broken(d, "handed a malformed receive queue");
		return false;
	}
	if (!r) {
		/* no buffer: stop polling until the guest gives one */
		d->want_in = vq_enable_notify(vq);
		return false;
	}
	if (cs->c.n_out) {
		vio_dev_broken(d, "gave a receive buffer the device cannot write");
		return false;
	}
	n = readv(cs->in_fd, cs->c.iov, cs->c.n_in);
	if (n <= 0) {
		vq_unpop(vq, 1);
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			d->want_in = false;	/* the end of its input */
		return false;
	}
	vq_push(vq, cs->c.head, n);
	return true;
}

static void console_rx(struct vio_dev *d)
{
	struct console *cs = d->priv;
	struct vio_queue *vq = &d->q[RXQ];
	unsigned int k;

	if (!vio_dev_rx_open(d, vq))
		return;
	for (k = 0; k < RX_BURST; k++)
		if (!console_rx_one(d, cs, vq))
			break;
}

static void console_queue(struct vio_dev *d, struct vio_queue *vq)
{
	struct console *cs = d->priv;

	if (vq->index == TXQ)
		console_tx(d, vq);
	else if (cs->in_fd >= 0)
		d->want_in = true;
}

static void console_reset(struct vio_dev *d)
{
	d->want_in = false;
}

static void console_close(struct vio_dev *d)
{
	struct console *cs = d->priv;

	if (cs->link[0])
		unlink(cs->link);
	if (cs->in_fd >= 0 && cs->in_fd != cs->fd)
		close(cs->in_fd);
	if (cs->fd >= 0)
		close(cs->fd);
	if (cs->keep_fd >= 0)
		close(cs->keep_fd);
	free(cs);
	d->priv = NULL;
}

static const struct vio_dev_ops console_ops = {
	.device_id = VHYP_VIRTIO_CONSOLE,
	.nqueues = 2,
	.queue = console_queue,
	.input = console_rx,
	.reset = console_reset,
	.close = console_close,
};

int vio_console_init(struct vio_dev *d, int fd, int in_fd)
{
	struct console *cs;

	cs = calloc(1, sizeof(*cs));
	if (!cs)
		return vio_fail("out of memory");
	cs->fd = fd;
	cs->in_fd = in_fd;
	cs->keep_fd = -1;
	memset(d->config, 0, 12);	/* cols, rows, max_nr_ports, emerg_wr: unused */
	d->config_len = 12;
	d->ops = &console_ops;
	d->priv = cs;
	d->fd = in_fd;
	return 0;
}

static int pty_open(struct vio_dev *d, const char *cell)
{
	struct console *cs;
	struct termios t;
	char *slave;
	int m, s;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (m < 0 || grantpt(m) || unlockpt(m) || !(slave = ptsname(m)))
		goto fail;
	s = open(slave, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		goto fail;
	/* raw: no echo of the cell's output back into its input */
	if (!tcgetattr(s, &t)) {
		cfmakeraw(&t);
		tcsetattr(s, TCSANOW, &t);
	}
	if (vio_console_init(d, m, m)) {
		close(s);
		close(m);
		return -1;
	}
	cs = d->priv;
	cs->keep_fd = s;
	mkdir("/run", 0755);		/* a minimal root (an initramfs) may have none */
	mkdir(RUN_DIR, 0755);
	snprintf(cs->link, sizeof(cs->link), RUN_DIR "/%s.%s.pty", cell, d->name);
	unlink(cs->link);
	if (symlink(slave, cs->link)) {
		cs->link[0] = '\0';
		return vio_fail("cannot link " RUN_DIR "/%s.%s.pty to %s for console device %s: "
				"%s (run as root)", cell, d->name, slave, d->name, strerror(errno));
	}
	return 0;
fail:
	if (m >= 0)
		close(m);
	if (errno == ENOENT)
		return vio_fail("cannot make a pseudo-terminal for console device %s: no /dev/ptmx "
				"or /dev/pts (mount -t devpts devpts /dev/pts), or give the device "
				"a backend file", d->name);
	return vio_fail("cannot make a pseudo-terminal for console device %s: %s", d->name,
			strerror(errno));
}

int vio_console_open(struct vio_dev *d, const struct vhyp_cell_virtio *v, const char *cell)
{
	struct stat s;
	int fd;

	if (!v->backend[0])
		return pty_open(d, cell);
	if (!stat(v->backend, &s) && !S_ISREG(s.st_mode)) {
		/* a device or a FIFO: both ways */
		fd = open(v->backend, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			goto fail;
		if (vio_console_init(d, fd, fd)) {
			close(fd);
			return -1;
		}
		return 0;
	}
	/* a file: the cell's output appended, no input */
	fd = open(v->backend, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		goto fail;
	if (vio_console_init(d, fd, -1)) {
		close(fd);
		return -1;
	}
	return 0;
fail:
	return vio_fail("cannot open %s for console device %s: %s", v->backend, d->name,
			strerror(errno));
}
