// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues (virtio 1.x, 2.7) from the device's side.
 *
 * The rings are in guest RAM and the guest runs on another CPU while we
 * read them.  Ordering: the driver writes ring entries and then avail->idx
 * with a release; we load avail->idx with an acquire before we read the
 * entries and descriptors it covers.  We write used entries and then
 * used->idx with a release.  Before we read used_event (whether the guest
 * wants an interrupt) and after we write avail_event (whether it should
 * notify us) a full fence orders our store against its, the pairing the
 * event-index scheme needs so that neither side misses the other.
 *
 * Every descriptor is copied into a local once and checked there: its
 * buffer must lie inside one RAM region (gm_ptr()), a chain may visit at
 * most as many descriptors as its table has (so a loop ends), an indirect
 * table must not be empty, ragged, or hold another indirect descriptor,
 * readable buffers come before writable ones.  Anything else makes
 * vq_pop() say -1, and the caller puts the device into NEEDS_RESET.
 */
#include <string.h>

#include "vio.h"

#define load_acquire(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define load_once(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define store_once(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define full_fence()		__atomic_thread_fence(__ATOMIC_SEQ_CST)

static bool event_idx(const struct vio_queue *vq)
{
	return vio_has_feature(vq->dev, VIO_F_EVENT_IDX);
}

bool vq_setup(struct vio_queue *vq)
{
	const struct vio_qstate *st = vq->st;
	struct guest_mem *gm = vq->dev->gm;
	uint64_t num = st->num;

	vq->num = 0;
	vq->pushed = false;
	vq->kick = false;
	if (!num || num > VIO_QUEUE_MAX || (num & (num - 1)))
		return false;
	if ((st->desc & 15) || (st->driver & 1) || (st->device & 3))
		return false;
	vq->desc = gm_ptr(gm, st->desc, 16 * num);
	vq->avail = gm_ptr(gm, st->driver, 6 + 2 * num);
	vq->used = gm_ptr(gm, st->device, 6 + 8 * num);
	if (!vq->desc || !vq->avail || !vq->used)
		return false;
	vq->num = num;
	vq->next_avail = st->last_avail;
	return true;
}

bool vq_has_avail(struct vio_queue *vq)
{
	return vq->num && load_acquire(&vq->avail->idx) != vq->next_avail;
}

static void desc_read(const struct vio_desc *table, unsigned int i, struct vio_desc *d)
{
	/* one snapshot; everything after looks at the local only */
	memcpy(d, &table[i], sizeof(*d));
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

int vq_pop(struct vio_queue *vq, struct vio_chain *c)
{
	const struct vio_desc *table = vq->desc;
	unsigned int i, size = vq->num, hops = 0, n = 0;
	bool indirect = false;
	struct vio_desc d;
	uint16_t avail;
	void *p;

	if (!vq->num)
		return 0;
	avail = load_acquire(&vq->avail->idx);
	if (avail == vq->next_avail)
		return 0;
	/* more buffers than the ring holds: the index is garbage */
	if ((uint16_t)(avail - vq->st->last_avail) > vq->num)
		return -1;
	i = load_once(&vq->avail->ring[vq->next_avail & (vq->num - 1)]);
	if (i >= vq->num)
		return -1;
	c->head = i;
	c->n_out = c->n_in = 0;
	c->out_len = c->in_len = 0;
	for (;;) {
		if (++hops > size)
			return -1;	/* a loop */
		desc_read(table, i, &d);
		if (d.flags & VIO_DESC_F_INDIRECT) {
			if (indirect || (d.flags & VIO_DESC_F_NEXT) ||
			    !vio_has_feature(vq->dev, VIO_F_INDIRECT_DESC))
				return -1;
			if (!d.len || d.len % sizeof(struct vio_desc) ||
			    d.len / sizeof(struct vio_desc) > 65536)
				return -1;
			table = gm_ptr(vq->dev->gm, d.addr, d.len);
			if (!table)
				return -1;
			size = d.len / sizeof(struct vio_desc);
			indirect = true;
			hops = 0;
			i = 0;
			continue;
		}
		p = gm_ptr(vq->dev->gm, d.addr, d.len);
		if (!p || n == VIO_MAX_SEGS)
			return -1;
		if (d.flags & VIO_DESC_F_WRITE) {
			c->n_in++;
			c->in_len += d.len;
		} else {
			if (c->n_in)
				return -1;	/* readable after writable */
			c->n_out++;
			c->out_len += d.len;
		}
		c->iov[n].iov_base = p;
		c->iov[n].iov_len = d.len;
		n++;
		if (!(d.flags & VIO_DESC_F_NEXT))
			break;
		i = d.next;
		if (i >= size)
			return -1;
	}
	vq->next_avail++;
	return 1;
}

void vq_unpop(struct vio_queue *vq, unsigned int n)
{
	vq->next_avail -= n;
}

void vq_push(struct vio_queue *vq, uint16_t head, uint32_t len)
{
	struct vio_used_elem *e = &vq->used->ring[vq->st->used_idx & (vq->num - 1)];

	store_once(&e->id, head);
	store_once(&e->len, len);
	vq->st->used_idx++;
	vq->st->last_avail++;
	vq->pushed = true;
}

/* Has the index moved past EVENT going from OLD to NEW? (virtio 2.7.10) */
static bool need_event(uint16_t event, uint16_t new, uint16_t old)
{
	return (uint16_t)(new - event - 1) < (uint16_t)(new - old);
}

bool vq_flush(struct vio_queue *vq)
{
	uint16_t old, new;

	if (!vq->pushed || !vq->num)
		return false;
	vq->pushed = false;
	new = vq->st->used_idx;
	store_release(&vq->used->idx, new);
	full_fence();
	if (!event_idx(vq))
		return !(load_once(&vq->avail->flags) & VIO_AVAIL_F_NO_INTERRUPT);
	old = vq->st->signalled;
	vq->st->signalled = new;
	return need_event(load_once(&vq->avail->ring[vq->num]), new, old);
}

bool vq_enable_notify(struct vio_queue *vq)
{
	if (!vq->num)
		return false;
	if (event_idx(vq))
		store_once((uint16_t *)&vq->used->ring[vq->num], vq->next_avail);
	full_fence();
	return load_acquire(&vq->avail->idx) != vq->next_avail;
}

/* Copy between LEN bytes at BUF and the iovecs from offset OFF; bytes copied. */
static size_t iov_copy(const struct iovec *iov, unsigned int n, size_t off, char *buf,
		       size_t len, bool to_iov)
{
	size_t done = 0, k;
	unsigned int i;

	for (i = 0; i < n && done < len; i++) {
		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		k = iov[i].iov_len - off;
		if (k > len - done)
			k = len - done;
		if (to_iov)
			memcpy((char *)iov[i].iov_base + off, buf + done, k);
		else
			memcpy(buf + done, (char *)iov[i].iov_base + off, k);
		done += k;
		off = 0;
	}
	return done;
}

size_t iov_to_buf(const struct iovec *iov, unsigned int n, size_t off, void *buf, size_t len)
{
	return iov_copy(iov, n, off, buf, len, false);
}

size_t iov_from_buf(const struct iovec *iov, unsigned int n, size_t off, const void *buf,
		    size_t len)
{
	return iov_copy(iov, n, off, (char *)buf, len, true);
}

unsigned int iov_slice(const struct iovec *iov, unsigned int n, size_t off, size_t len,
		       struct iovec *out, unsigned int max)
{
	unsigned int i, k = 0;
	size_t piece;

	for (i = 0; i < n && len && k < max; i++) {
		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		piece = iov[i].iov_len - off;
		if (piece > len)
			piece = len;
		out[k].iov_base = (char *)iov[i].iov_base + off;
		out[k].iov_len = piece;
		k++;
		len -= piece;
		off = 0;
	}
	return k;
}
