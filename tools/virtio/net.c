// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-net (virtio 1.x, 5.1) over a tap interface.
 *
 * The tap is opened with IFF_VNET_HDR and a 12-byte header, which is
 * virtio_net_hdr_v1 as the driver sends and expects it, so that a frame
 * goes between the tap and the guest's buffers with one writev() or
 * readv() and no copy.  No offload is offered: the headers stay zero.
 * With VIRTIO_NET_F_MRG_RXBUF a frame may fill several receive buffers
 * (num_buffers says how many); without it every buffer holds a whole
 * frame.  When the guest has no receive buffer left we stop polling the
 * tap until it gives us some.
 *
 * vio_net_init() takes any fd that keeps frame boundaries (the tests use
 * a SOCK_SEQPACKET pair); vio_net_open() makes it a tap.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vio.h"

#define NET_F_MAC		5
#define NET_F_MRG_RXBUF		15
#define NET_F_STATUS		16
#define NET_S_LINK_UP		1

#define HDR_LEN			12	/* virtio_net_hdr_v1 */
#define NUM_BUFFERS_OFF		10
#define ETH_OVERHEAD		18	/* Ethernet header and a VLAN tag */
#define DEFAULT_MTU		1500
#define RX_MAX_BUFS		64	/* chains one frame may take */
#define RX_BURST		64	/* frames per wakeup, then the loop's others get a turn */

enum { RXQ, TXQ };

struct net {
	int fd;
	uint32_t frame_max;	/* header and the largest frame the tap gives */
	uint64_t rx_frames, tx_frames, rx_dropped;
	struct vio_chain rx[RX_MAX_BUFS];
	struct iovec iov[VIO_MAX_SEGS];
	struct vio_chain tx;
};

/* One frame into one or (merged) more receive chains; false: stop for now. */
static bool net_rx_one(struct vio_dev *d, struct vio_queue *vq, struct net *nt)
{
	bool mrg = vio_has_feature(d, NET_F_MRG_RXBUF);
	unsigned int nbufs = 0, niov = 0, used;
	uint64_t room = 0;
	uint16_t num_buffers;
	ssize_t n, left;
	int r;

	while (nbufs < (mrg ? RX_MAX_BUFS : 1) && room < nt->frame_max) {
		struct vio_chain *c = &nt->rx[nbufs];

		r = vq_pop(vq, c);
		if (r < 0) {
			vq_unpop(vq, nbufs);
			vio_dev_broken(d, "handed a malformed receive queue");
			return false;
		}
		if (!r)
			break;
		if (c->n_out || c->in_len < HDR_LEN) {
			vq_unpop(vq, nbufs + 1);
			vio_dev_broken(d, "gave a receive buffer smaller than a header");
			return false;
		}
		if (niov + c->n_in > VIO_MAX_SEGS) {
			vq_unpop(vq, 1);	/* nbufs > 0: one chain has at most all */
			break;
		}
		memcpy(&nt->iov[niov], c->iov, c->n_in * sizeof(struct iovec));
		niov += c->n_in;
		room += c->in_len;
		nbufs++;
	}
	if (!nbufs) {
		d->want_in = false;	/* until the guest gives buffers */
		return false;
	}
	n = readv(nt->fd, nt->iov, niov);
	if (n <= 0) {
		vq_unpop(vq, nbufs);
		return false;
	}
	if (n < HDR_LEN) {	/* not a frame: give the buffers back */
		vq_unpop(vq, nbufs);
		nt->rx_dropped++;
		return true;
	}
	left = n;
	for (used = 0; used < nbufs && left > 0; used++) {
		uint32_t len = nt->rx[used].in_len;

		if ((uint64_t)left < len)
			len = left;

		vq_push(vq, nt->rx[used].head, len);
		left -= len;
	}
	vq_unpop(vq, nbufs - used);
	num_buffers = used;
	iov_from_buf(nt->rx[0].iov, nt->rx[0].n_in, NUM_BUFFERS_OFF, &num_buffers, 2);
	nt->rx_frames++;
	return true;
}

static void net_rx(struct vio_dev *d)
{
	struct net *nt = d->priv;
	struct vio_queue *vq = &d->q[RXQ];
	unsigned int k;

	if (!vio_dev_rx_open(d, vq))
		return;
	for (k = 0; k < RX_BURST; k++)
		if (!net_rx_one(d, vq, nt))
			break;
	if (!d->want_in && !(d->st->status & VIO_S_NEEDS_RESET) && vq_enable_notify(vq))
		d->want_in = true;	/* buffers came while we looked */
}

static void net_tx(struct vio_dev *d, struct vio_queue *vq)
{
	struct net *nt = d->priv;
	unsigned int n = 0;
	int r;

	do {
		while ((r = vq_pop(vq, &nt->tx)) > 0) {
			if (nt->tx.n_in || nt->tx.out_len < HDR_LEN) {
				vio_dev_broken(d, "sent a frame without its header");
				return;
			}
			/* a frame the tap refuses (full, down) is dropped as a wire would */
			if (writev(nt->fd, nt->tx.iov, nt->tx.n_out) > 0)
				nt->tx_frames++;
			vq_push(vq, nt->tx.head, 0);
			if (vq_budget_spent(vq, &n))
				return;
		}
		if (r < 0) {
			vio_dev_broken(d, "handed a malformed transmit queue");
			return;
		}
	} while (vq_enable_notify(vq));
}

static void net_queue(struct vio_dev *d, struct vio_queue *vq)
{
	if (vq->index == TXQ) {
		net_tx(d, vq);
		return;
	}
	/* new receive buffers: take frames again */
	d->want_in = true;
}

static void net_reset(struct vio_dev *d)
{
	d->want_in = false;
}

static void net_close(struct vio_dev *d)
{
	struct net *nt = d->priv;

	if (nt->fd >= 0)
		close(nt->fd);
	free(nt);
	d->priv = NULL;
}

static const struct vio_dev_ops net_ops = {
	.device_id = VHYP_VIRTIO_NET,
	.nqueues = 2,
	.features = VIO_FEAT(NET_F_MAC) | VIO_FEAT(NET_F_STATUS) | VIO_FEAT(NET_F_MRG_RXBUF),
	.queue = net_queue,
	.input = net_rx,
	.reset = net_reset,
	.close = net_close,
};

int vio_net_init(struct vio_dev *d, int fd, const uint8_t mac[6], unsigned int mtu)
{
	static const uint8_t zero[6];
	uint16_t status = NET_S_LINK_UP;
	struct net *nt;

	nt = calloc(1, sizeof(*nt));
	if (!nt)
		return vio_fail("out of memory");
	nt->fd = fd;
	nt->frame_max = HDR_LEN + ETH_OVERHEAD + (mtu ? mtu : DEFAULT_MTU);
	memcpy(d->config, mac, 6);
	if (!memcmp(mac, zero, 6)) {
		/* a random unicast, locally administered address */
		if (getrandom(d->config, 6, 0) != 6)
			d->config[5] = d->index + 1;
		d->config[0] = (d->config[0] & 0xfe) | 0x02;
	}
	memcpy(d->config + 6, &status, 2);
	d->config_len = 8;
	d->ops = &net_ops;
	d->priv = nt;
	d->fd = fd;
	return 0;
}

/* Up, and its MTU into *MTU */
static int tap_up(const char *ifname, unsigned int *mtu)
{
	struct ifreq ifr;
	int s, ret = 0;

	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strnlen(ifname, IFNAMSIZ - 1));
	if (ioctl(s, SIOCGIFFLAGS, &ifr)) {
		ret = -1;
	} else if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	if (!ret && !ioctl(s, SIOCGIFMTU, &ifr))
		*mtu = ifr.ifr_mtu;
	close(s);
	return ret;
}

int vio_net_open(struct vio_dev *d, const struct vhyp_cell_virtio *v)
{
	int fd, hdr = HDR_LEN, err;
	unsigned int mtu = 0;
	struct ifreq ifr;

	if (!v->backend[0] || strlen(v->backend) >= IFNAMSIZ)
		return vio_fail("net device %s needs the name of a tap interface (1 to %d "
				"characters) as its backend", d->name, IFNAMSIZ - 1);
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return vio_fail("cannot open /dev/net/tun for tap %s of net device %s: %s "
				"(load the tun module, run as root)", v->backend, d->name,
				strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, v->backend, strlen(v->backend));	/* < IFNAMSIZ: checked */
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	if (ioctl(fd, TUNSETIFF, &ifr)) {
		err = errno;
		close(fd);
		return vio_fail("cannot attach to tap %s of net device %s: %s%s", v->backend,
				d->name, strerror(err),
				err == EPERM ? " (needs CAP_NET_ADMIN, or a tap made for this user "
					       "with 'ip tuntap add mode tap user ...')" :
				err == EBUSY ? " (another program has it, or it is not a "
					       "vnet_hdr tap)" : "");
	}
	if (ioctl(fd, TUNSETVNETHDRSZ, &hdr) || ioctl(fd, TUNSETOFFLOAD, 0)) {
		err = errno;
		close(fd);
		return vio_fail("cannot set up the headers of tap %s of net device %s: %s",
				v->backend, d->name, strerror(err));
	}
	if (tap_up(v->backend, &mtu)) {
		err = errno;
		close(fd);
		return vio_fail("cannot bring tap %s of net device %s up: %s", v->backend,
				d->name, strerror(err));
	}
	if (vio_net_init(d, fd, v->mac, mtu)) {
		close(fd);
		return -1;
	}
	return 0;
}
