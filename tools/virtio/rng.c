// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rng (virtio 1.x, 5.4): each buffer the driver gives filled from
 * getrandom(), up to RNG_MAX bytes a request so that one greedy driver
 * cannot keep the loop in the kernel's generator.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

#include "vio.h"

#define RNG_MAX		65536

static void rng_queue(struct vio_dev *d, struct vio_queue *vq)
{
	static struct vio_chain c;
	size_t want, done, k;
	unsigned int i, n = 0;
	ssize_t got;
	int r;

	do {
		while ((r = vq_pop(vq, &c)) > 0) {
			done = 0;
			for (i = c.n_out; i < c.n_out + c.n_in && done < RNG_MAX; i++) {
				want = c.iov[i].iov_len;
				if (want > RNG_MAX - done)
					want = RNG_MAX - done;
				for (k = 0; k < want; k += got) {
					got = getrandom((char *)c.iov[i].iov_base + k, want - k, 0);
					if (got <= 0)
						break;
				}
				done += k;
				if (k < want)
					break;
			}
			vq_push(vq, c.head, done);
			if (vq_budget_spent(vq, &n))
				return;
		}
		if (r < 0) {
			vio_dev_broken(d, "handed a malformed request queue");
			return;
		}
	} while (vq_enable_notify(vq));
}

static const struct vio_dev_ops rng_ops = {
	.device_id = VHYP_VIRTIO_RNG,
	.nqueues = 1,
	.queue = rng_queue,
};

int vio_rng_init(struct vio_dev *d)
{
	d->ops = &rng_ops;
	d->config_len = 0;
	d->fd = -1;
	return 0;
}
