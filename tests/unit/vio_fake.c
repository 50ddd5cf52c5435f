// SPDX-License-Identifier: GPL-2.0
/*
 * A fake cell for the virtio backend: see vio_fake.h.  The driver side
 * here is as simple as Linux's: descriptors handed out round-robin, one
 * avail entry per chain, the used ring read in order.
 */
#include <stdlib.h>
#include <string.h>

#include "vio_fake.h"

static int fake_irq(struct vio_backend *be, unsigned int dev)
{
	struct fake *f = (struct fake *)be;

	f->irqs[dev]++;
	return 0;
}

void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->ram = aligned_alloc(4096, FAKE_SIZE);
	memset(f->ram, 0, FAKE_SIZE);
	f->states = aligned_alloc(4096, VHYP_CELL_MAX_VIRTIO * VHYP_VIRTIO_STATE_SIZE);
	memset(f->states, 0, VHYP_CELL_MAX_VIRTIO * VHYP_VIRTIO_STATE_SIZE);
	f->be.fd = -1;
	f->be.cell = "fake";
	f->be.raise_irq = fake_irq;
	gm_add(&f->be.gm, FAKE_BASE, FAKE_SIZE, f->ram);
	f->next_buf = FAKE_BASE + FAKE_BUFS;
}

void fake_fini(struct fake *f)
{
	unsigned int i;

	for (i = 0; i < f->be.ndev; i++)
		if (f->be.dev[i].ops && f->be.dev[i].ops->close)
			f->be.dev[i].ops->close(&f->be.dev[i]);
	free(f->ram);
	free(f->states);
}

void fake_attach(struct fake *f, unsigned int dev, uint32_t type)
{
	struct vio_dev *d = &f->be.dev[dev];

	d->be = &f->be;
	d->index = dev;
	d->gm = &f->be.gm;
	if (f->be.ndev <= dev)
		f->be.ndev = dev + 1;
	vio_dev_attach(d, (struct vio_state *)((char *)f->states + dev * VHYP_VIRTIO_STATE_SIZE),
		       type);
}

uint32_t fake_rd(struct fake *f, unsigned int dev, uint32_t off)
{
	struct vhyp_virtio_req r = { .dev = dev, .off = off, .size = 4 };
	uint64_t v = 0;

	vio_backend_request(&f->be, &r, &v);
	return v;
}

void fake_wr(struct fake *f, unsigned int dev, uint32_t off, uint32_t val)
{
	struct vhyp_virtio_req r = {
		.dev = dev, .off = off, .size = 4, .val = val, .flags = VHYP_VIRTIO_REQ_WRITE,
	};
	uint64_t v;

	vio_backend_request(&f->be, &r, &v);
}

uint64_t fake_desc_gpa(unsigned int dev, unsigned int q)
{
	return FAKE_BASE + (dev * VIO_MAX_QUEUES + q) * 0x4000ull;
}

uint64_t fake_avail_gpa(unsigned int dev, unsigned int q)
{
	return fake_desc_gpa(dev, q) + 0x1000;
}

uint64_t fake_used_gpa(unsigned int dev, unsigned int q)
{
	return fake_desc_gpa(dev, q) + 0x2000;
}

void *fake_ptr(struct fake *f, uint64_t gpa)
{
	return f->ram + (gpa - FAKE_BASE);
}

uint64_t fake_alloc(struct fake *f, uint32_t len)
{
	uint64_t gpa = f->next_buf;

	f->next_buf += (len + 15) & ~15u;
	if (f->next_buf > FAKE_BASE + FAKE_SIZE) {
		f->next_buf = FAKE_BASE + FAKE_BUFS;
		return fake_alloc(f, len);
	}
	return gpa;
}

uint32_t fake_driver_up(struct fake *f, unsigned int dev, uint64_t features, unsigned int nq,
			uint16_t num)
{
	uint64_t offered;
	unsigned int q;

	fake_wr(f, dev, VIO_MMIO_STATUS, 0);
	fake_wr(f, dev, VIO_MMIO_STATUS, VIO_S_ACKNOWLEDGE | VIO_S_DRIVER);
	fake_wr(f, dev, VIO_MMIO_DEV_FEATURES_SEL, 0);
	offered = fake_rd(f, dev, VIO_MMIO_DEV_FEATURES);
	fake_wr(f, dev, VIO_MMIO_DEV_FEATURES_SEL, 1);
	offered |= (uint64_t)fake_rd(f, dev, VIO_MMIO_DEV_FEATURES) << 32;
	features &= offered;
	fake_wr(f, dev, VIO_MMIO_DRV_FEATURES_SEL, 0);
	fake_wr(f, dev, VIO_MMIO_DRV_FEATURES, features);
	fake_wr(f, dev, VIO_MMIO_DRV_FEATURES_SEL, 1);
	fake_wr(f, dev, VIO_MMIO_DRV_FEATURES, features >> 32);
	fake_wr(f, dev, VIO_MMIO_STATUS, VIO_S_ACKNOWLEDGE | VIO_S_DRIVER | VIO_S_FEATURES_OK);
	for (q = 0; q < nq; q++) {
		memset(fake_ptr(f, fake_desc_gpa(dev, q)), 0, 0x4000);
		fake_wr(f, dev, VIO_MMIO_QUEUE_SEL, q);
		fake_wr(f, dev, VIO_MMIO_QUEUE_NUM, num);
		fake_wr(f, dev, VIO_MMIO_QUEUE_DESC_LO, fake_desc_gpa(dev, q));
		fake_wr(f, dev, VIO_MMIO_QUEUE_DESC_HI, fake_desc_gpa(dev, q) >> 32);
		fake_wr(f, dev, VIO_MMIO_QUEUE_DRV_LO, fake_avail_gpa(dev, q));
		fake_wr(f, dev, VIO_MMIO_QUEUE_DRV_HI, fake_avail_gpa(dev, q) >> 32);
		fake_wr(f, dev, VIO_MMIO_QUEUE_DEV_LO, fake_used_gpa(dev, q));
		fake_wr(f, dev, VIO_MMIO_QUEUE_DEV_HI, fake_used_gpa(dev, q) >> 32);
		fake_wr(f, dev, VIO_MMIO_QUEUE_READY, 1);
		f->num[dev][q] = num;
		f->avail_idx[dev][q] = 0;
		f->next_desc[dev][q] = 0;
		f->used_seen[dev][q] = 0;
	}
	fake_wr(f, dev, VIO_MMIO_STATUS, VIO_S_ACKNOWLEDGE | VIO_S_DRIVER | VIO_S_FEATURES_OK |
		VIO_S_DRIVER_OK);
	return fake_rd(f, dev, VIO_MMIO_STATUS);
}

uint16_t fake_add(struct fake *f, unsigned int dev, unsigned int q, const struct seg *s,
		  unsigned int n, bool indirect)
{
	struct vio_desc *table = fake_ptr(f, fake_desc_gpa(dev, q));
	uint16_t num = f->num[dev][q], head, i, k;
	struct vio_desc *d;

	head = f->next_desc[dev][q];
	if (indirect) {
		uint64_t t = fake_alloc(f, n * sizeof(*d));
		struct vio_desc *it = fake_ptr(f, t);

		for (k = 0; k < n; k++) {
			it[k].addr = s[k].gpa;
			it[k].len = s[k].len;
			it[k].flags = (s[k].write ? VIO_DESC_F_WRITE : 0) |
				      (k + 1u < n ? VIO_DESC_F_NEXT : 0);
			it[k].next = k + 1;
		}
		d = &table[head];
		d->addr = t;
		d->len = n * sizeof(*d);
		d->flags = VIO_DESC_F_INDIRECT;
		d->next = 0;
		f->next_desc[dev][q] = (head + 1) % num;
	} else {
		for (k = 0; k < n; k++) {
			i = (head + k) % num;
			d = &table[i];
			d->addr = s[k].gpa;
			d->len = s[k].len;
			d->flags = (s[k].write ? VIO_DESC_F_WRITE : 0) |
				   (k + 1u < n ? VIO_DESC_F_NEXT : 0);
			d->next = (i + 1) % num;
		}
		f->next_desc[dev][q] = (head + n) % num;
	}
	fake_publish(f, dev, q, head);
	return head;
}

void fake_publish(struct fake *f, unsigned int dev, unsigned int q, uint16_t head)
{
	struct vio_avail *a = fake_ptr(f, fake_avail_gpa(dev, q));
	uint16_t num = f->num[dev][q] ? f->num[dev][q] : 1;

	a->ring[f->avail_idx[dev][q] % num] = head;
	f->avail_idx[dev][q]++;
	__atomic_store_n(&a->idx, f->avail_idx[dev][q], __ATOMIC_RELEASE);
}

void fake_kick(struct fake *f, unsigned int dev, unsigned int q)
{
	fake_wr(f, dev, VIO_MMIO_QUEUE_NOTIFY, q);
	vio_backend_round(&f->be);
}

bool fake_used(struct fake *f, unsigned int dev, unsigned int q, uint32_t *id, uint32_t *len)
{
	struct vio_used *u = fake_ptr(f, fake_used_gpa(dev, q));
	uint16_t num = f->num[dev][q];
	struct vio_used_elem *e;

	if (__atomic_load_n(&u->idx, __ATOMIC_ACQUIRE) == f->used_seen[dev][q])
		return false;
	e = &u->ring[f->used_seen[dev][q] % num];
	*id = e->id;
	*len = e->len;
	f->used_seen[dev][q]++;
	return true;
}
