// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio version 2 register window of one device (virtio 1.x,
 * 4.2.2), its state kept in the device's state page (struct vio_state).
 *
 * Reads and writes come one at a time from the event loop, in the order
 * the cell made them.  Queue registers take effect at QueueReady: that is
 * where the rings are checked (vq_setup()); a driver that hands us rings
 * outside its RAM, or a size we did not offer, gets DEVICE_NEEDS_RESET
 * and a configuration-change interrupt, as does one whose queue turns
 * out malformed later (vio_dev_broken()).  Writing 0 to Status resets the
 * device; FEATURES_OK sticks only if the driver took VIRTIO_F_VERSION_1
 * and nothing we did not offer.
 */
#include <stdio.h>
#include <string.h>

#include "vio.h"

static uint64_t dev_features(const struct vio_dev *d)
{
	return VIO_TRANSPORT_FEATURES | d->ops->features;
}

bool vio_has_feature(const struct vio_dev *d, unsigned int bit)
{
	return d->st->drv_features & VIO_FEAT(bit);
}

bool vio_dev_live(const struct vio_dev *d)
{
	return (d->st->status & VIO_S_DRIVER_OK) &&
	       !(d->st->status & (VIO_S_NEEDS_RESET | VIO_S_FAILED));
}

bool vio_dev_rx_open(struct vio_dev *d, const struct vio_queue *vq)
{
	if (vio_dev_live(d) && vq->num)
		return true;
	d->want_in = false;
	return false;
}

static void dev_log(struct vio_dev *d, const char *what)
{
	if (d->be && d->be->log)
		d->be->log(d->be, "device %u (%s) of cell %s %s", d->index, d->name,
			   d->be->cell, what);
}

void vio_dev_reset(struct vio_dev *d)
{
	struct vio_state *st = d->st;
	unsigned int i;

	st->status = 0;
	st->isr = st->isr_new = 0;
	st->dev_features_sel = st->drv_features_sel = st->queue_sel = 0;
	st->drv_features = 0;
	memset(st->q, 0, sizeof(st->q));
	for (i = 0; i < VIO_MAX_QUEUES; i++) {
		d->q[i].num = 0;
		d->q[i].next_avail = 0;
		d->q[i].pushed = false;
		d->q[i].kick = false;
	}
	if (d->ops->reset)
		d->ops->reset(d);
}

void vio_dev_broken(struct vio_dev *d, const char *why)
{
	char buf[160];
	unsigned int i;

	if (d->st->status & VIO_S_NEEDS_RESET)
		return;
	snprintf(buf, sizeof(buf), "needs a reset: its driver %s", why);
	dev_log(d, buf);
	d->bad_queues++;
	d->st->status |= VIO_S_NEEDS_RESET;
	d->st->isr |= VIO_INT_CONFIG;
	d->st->isr_new |= VIO_INT_CONFIG;
	d->st->config_gen++;
	for (i = 0; i < VIO_MAX_QUEUES; i++) {
		d->q[i].num = 0;
		d->q[i].pushed = false;
	}
	d->irq = true;
}

void vio_dev_attach(struct vio_dev *d, struct vio_state *st, uint32_t type)
{
	unsigned int i;

	d->st = st;
	for (i = 0; i < VIO_MAX_QUEUES; i++) {
		d->q[i].dev = d;
		d->q[i].st = &st->q[i];
		d->q[i].index = i;
		d->q[i].num = 0;
	}
	if (st->magic == 0) {
		memset(st, 0, sizeof(*st));
		st->magic = VIO_STATE_MAGIC;
		st->version = VIO_STATE_VERSION;
		st->type = type;
		return;
	}
	if (st->magic != VIO_STATE_MAGIC || st->version != VIO_STATE_VERSION ||
	    st->type != type) {
		/* a state we cannot read: start over, and tell the driver */
		memset(st, 0, sizeof(*st));
		st->magic = VIO_STATE_MAGIC;
		st->version = VIO_STATE_VERSION;
		st->type = type;
		st->status = VIO_S_DRIVER_OK;
		vio_dev_broken(d, "left a state this backend does not know");
		return;
	}
	/* a predecessor's: take its queues over where it stopped */
	dev_log(d, "resumes the state its last backend left");
	for (i = 0; i < d->ops->nqueues; i++) {
		if (!st->q[i].ready)
			continue;
		if (!vq_setup(&d->q[i])) {
			vio_dev_broken(d, "set up a queue outside its RAM");
			return;
		}
		/* republish what it may have pushed, look at what came meanwhile */
		d->q[i].pushed = true;
		d->q[i].kick = true;
	}
	if (st->isr)
		d->irq = true;
}

static void queue_ready(struct vio_dev *d, struct vio_queue *vq, uint64_t val)
{
	struct vio_qstate *q = vq->st;

	if (!val) {
		q->ready = 0;
		vq->num = 0;
		return;
	}
	if (q->ready)
		return;
	q->ready = 1;
	q->last_avail = q->used_idx = q->signalled = 0;
	if (!vq_setup(vq))
		vio_dev_broken(d, "set up a queue of a size we did not offer or outside its RAM");
}

static void status_write(struct vio_dev *d, uint32_t val)
{
	struct vio_state *st = d->st;
	uint64_t offered = dev_features(d);
	unsigned int i;

	if (!val) {
		vio_dev_reset(d);
		return;
	}
	if ((val & VIO_S_FEATURES_OK) && !(st->status & VIO_S_FEATURES_OK)) {
		if (!(st->drv_features & VIO_FEAT(VIO_F_VERSION_1)) ||
		    (st->drv_features & ~offered))
			val &= ~VIO_S_FEATURES_OK;
	}
	/* the device's own bit stays until a reset */
	st->status = val | (st->status & VIO_S_NEEDS_RESET);
	if (vio_dev_live(d))
		for (i = 0; i < d->ops->nqueues; i++)
			d->q[i].kick = true;
}

static struct vio_qstate *sel_queue(struct vio_dev *d)
{
	if (d->st->queue_sel >= d->ops->nqueues)
		return NULL;
	return &d->st->q[d->st->queue_sel];
}

uint64_t vio_mmio_read(struct vio_dev *d, uint32_t off, uint32_t size)
{
	struct vio_state *st = d->st;
	struct vio_qstate *q = sel_queue(d);
	uint64_t v = 0;

	if (off >= VIO_MMIO_CONFIG) {
		off -= VIO_MMIO_CONFIG;
		if (off < d->config_len && size <= 8 && size <= d->config_len - off)
			memcpy(&v, d->config + off, size);
		return v;
	}
	if (size != 4)
		return 0;	/* the registers are 32 bits wide (4.2.2.2) */
	switch (off) {
	case VIO_MMIO_MAGIC:
		return VIO_MAGIC_VALUE;
	case VIO_MMIO_VERSION:
		return 2;
	case VIO_MMIO_DEVICE_ID:
		return d->ops->device_id;
	case VIO_MMIO_VENDOR_ID:
		return VIO_VENDOR;
	case VIO_MMIO_DEV_FEATURES:
		if (st->dev_features_sel > 1)
			return 0;
		return (uint32_t)(dev_features(d) >> (32 * st->dev_features_sel));
	case VIO_MMIO_QUEUE_NUM_MAX:
		return q ? VIO_QUEUE_MAX : 0;
	case VIO_MMIO_QUEUE_READY:
		return q ? q->ready : 0;
	case VIO_MMIO_INT_STATUS:
		st->isr_new = 0;
		return st->isr;
	case VIO_MMIO_STATUS:
		return st->status;
	case VIO_MMIO_SHM_LEN_LO:
	case VIO_MMIO_SHM_LEN_HI:
		return 0xffffffff;	/* no shared memory regions */
	case VIO_MMIO_CONFIG_GEN:
		return st->config_gen;
	default:
		return 0;
	}
}

static void set_half(uint64_t *reg, bool high, uint32_t val)
{
	if (high)
		*reg = (*reg & 0xffffffffull) | ((uint64_t)val << 32);
	else
		*reg = (*reg & ~0xffffffffull) | val;
}

void vio_mmio_write(struct vio_dev *d, uint32_t off, uint32_t size, uint64_t val)
{
	struct vio_state *st = d->st;
	struct vio_qstate *q = sel_queue(d);
	uint32_t v = val;

	if (off >= VIO_MMIO_CONFIG || size != 4)
		return;		/* no device of ours has writable config */
	switch (off) {
	case VIO_MMIO_DEV_FEATURES_SEL:
		st->dev_features_sel = v;
		break;
	case VIO_MMIO_DRV_FEATURES:
		if (st->drv_features_sel <= 1 && !(st->status & VIO_S_FEATURES_OK))
			set_half(&st->drv_features, st->drv_features_sel, v);
		break;
	case VIO_MMIO_DRV_FEATURES_SEL:
		st->drv_features_sel = v;
		break;
	case VIO_MMIO_QUEUE_SEL:
		st->queue_sel = v;
		break;
	case VIO_MMIO_QUEUE_NUM:
		if (q && !q->ready)
			q->num = v;
		break;
	case VIO_MMIO_QUEUE_READY:
		if (q)
			queue_ready(d, &d->q[st->queue_sel], v);
		break;
	case VIO_MMIO_QUEUE_NOTIFY:
		if (v < d->ops->nqueues)
			d->q[v].kick = true;
		break;
	case VIO_MMIO_INT_ACK:
		/*
		 * The ack is a posted write: we see it after what we did since
		 * the driver read InterruptStatus.  A bit set since that read is
		 * news the driver has not seen: it stays, and interrupts again
		 * (else its interrupt finds the register clear and is dropped).
		 * Once: a driver that acks without reading gets one interrupt
		 * more per event, not a storm.
		 */
		st->isr &= ~(v & ~st->isr_new);
		st->isr_new = 0;
		if (st->isr)
			d->irq = true;
		break;
	case VIO_MMIO_STATUS:
		status_write(d, v);
		break;
	case VIO_MMIO_QUEUE_DESC_LO:
	case VIO_MMIO_QUEUE_DESC_HI:
		if (q && !q->ready)
			set_half(&q->desc, off == VIO_MMIO_QUEUE_DESC_HI, v);
		break;
	case VIO_MMIO_QUEUE_DRV_LO:
	case VIO_MMIO_QUEUE_DRV_HI:
		if (q && !q->ready)
			set_half(&q->driver, off == VIO_MMIO_QUEUE_DRV_HI, v);
		break;
	case VIO_MMIO_QUEUE_DEV_LO:
	case VIO_MMIO_QUEUE_DEV_HI:
		if (q && !q->ready)
			set_half(&q->device, off == VIO_MMIO_QUEUE_DEV_HI, v);
		break;
	default:
		break;
	}
}

bool vio_dev_run(struct vio_dev *d)
{
	bool more = false;
	unsigned int i;

	for (i = 0; i < d->ops->nqueues; i++) {
		struct vio_queue *vq = &d->q[i];

		if (!vq->kick)
			continue;
		vq->kick = false;
		if (vio_dev_live(d) && vq->num)
			d->ops->queue(d, vq);
		more |= vq->kick;
	}
	return more;
}

void vio_dev_flush(struct vio_dev *d)
{
	unsigned int i;
	bool any = false;

	for (i = 0; i < d->ops->nqueues; i++)
		if (vq_flush(&d->q[i]))
			any = true;
	if (any) {
		d->st->isr |= VIO_INT_VRING;
		d->st->isr_new |= VIO_INT_VRING;
		d->irq = true;
	}
}
