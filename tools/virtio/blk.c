// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (virtio 1.x, 5.2) over a file or a block device.
 *
 * A request is a 16-byte header the driver reads-only, its data, and a
 * status byte last.  Data moves with one preadv()/pwritev() straight
 * between the disk and the guest's buffers, no copy in between.  A
 * read-only disk (VHYP_VIRTIO_READONLY) offers VIRTIO_BLK_F_RO and
 * answers any write with IOERR; FLUSH is fdatasync(); DISCARD and
 * WRITE_ZEROES are fallocate() punching holes or zeroing ranges where the
 * file system can, else plain zeroes written (WRITE_ZEROES) or nothing
 * (DISCARD is a hint).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vio.h"

#define BLK_F_SIZE_MAX		1
#define BLK_F_SEG_MAX		2
#define BLK_F_RO		5
#define BLK_F_BLK_SIZE		6
#define BLK_F_FLUSH		9
#define BLK_F_DISCARD		13
#define BLK_F_WRITE_ZEROES	14

#define BLK_T_IN		0
#define BLK_T_OUT		1
#define BLK_T_FLUSH		4
#define BLK_T_GET_ID		8
#define BLK_T_DISCARD		11
#define BLK_T_WRITE_ZEROES	13

#define BLK_S_OK		0
#define BLK_S_IOERR		1
#define BLK_S_UNSUPP		2

#define SECTOR			512
#define SEG_MAX			(VIO_MAX_SEGS - 2)	/* a header and a status beside */
#define SIZE_MAX_SEG		(1u << 22)
#define ID_BYTES		20
#define DISCARD_MAX_SECTORS	(1u << 22)
#define DISCARD_MAX_SEGS	1

struct blk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct blk_discard {
	uint64_t sector;
	uint32_t num_sectors;
	uint32_t flags;		/* bit 0: unmap (write zeroes) */
};

struct blk {
	int fd;
	bool ro;
	uint64_t sectors;
	char id[ID_BYTES];
	struct iovec data[VIO_MAX_SEGS];
};

/* config space (5.2.4), the fields we fill */
struct blk_config {
	uint64_t capacity;
	uint32_t size_max;
	uint32_t seg_max;
	uint16_t cylinders;
	uint8_t heads, sectors;
	uint32_t blk_size;
	uint8_t physical_block_exp, alignment_offset;
	uint16_t min_io_size;
	uint32_t opt_io_size;
	uint8_t writeback, unused0[3];
	uint32_t max_discard_sectors;
	uint32_t max_discard_seg;
	uint32_t discard_sector_alignment;
	uint32_t max_write_zeroes_sectors;
	uint32_t max_write_zeroes_seg;
	uint8_t write_zeroes_may_unmap, unused1[3];
} __attribute__((packed));

_Static_assert(sizeof(struct blk_config) == 60, "virtio_blk_config layout");

static int zero_range(struct blk *b, uint64_t off, uint64_t len, bool unmap)
{
	static const char zeroes[65536];
	ssize_t n;

	if (unmap && !fallocate(b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len))
		return 0;
	if (!fallocate(b->fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, off, len))
		return 0;
	/* a block device or a file system without either */
	while (len) {
		n = pwrite(b->fd, zeroes, len < sizeof(zeroes) ? len : sizeof(zeroes), off);
		if (n <= 0)
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

static uint8_t blk_discard(struct blk *b, const struct vio_chain *c, size_t off, size_t len,
			   bool zeroes)
{
	struct blk_discard seg;
	uint64_t bytes;

	if (b->ro)
		return BLK_S_IOERR;
	if (len != sizeof(seg))
		return BLK_S_UNSUPP;	/* one segment at a time, as we offer */
	iov_to_buf(c->iov, c->n_out, off, &seg, sizeof(seg));
	if (seg.sector > b->sectors || seg.num_sectors > b->sectors - seg.sector)
		return BLK_S_IOERR;
	if (seg.flags & ~1u)
		return BLK_S_UNSUPP;
	bytes = (uint64_t)seg.num_sectors * SECTOR;
	if (zeroes)
		return zero_range(b, seg.sector * SECTOR, bytes, seg.flags & 1) ? BLK_S_IOERR :
		       BLK_S_OK;
	/* a hint: where the file system cannot punch, the data simply stays */
	fallocate(b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, seg.sector * SECTOR, bytes);
	return BLK_S_OK;
}

/* One request; its status, *written the data bytes it put into the guest's buffers. */
static uint8_t blk_request(struct blk *b, const struct vio_chain *c, uint32_t *written)
{
	struct blk_hdr h;
	uint64_t off, len;
	unsigned int n;
	ssize_t done;

	*written = 0;
	if (c->out_len < sizeof(h))
		return BLK_S_IOERR;
	iov_to_buf(c->iov, c->n_out, 0, &h, sizeof(h));
	switch (h.type) {
	case BLK_T_IN:
		len = c->in_len - 1;
		off = h.sector * SECTOR;
		if (len % SECTOR || h.sector > b->sectors || len / SECTOR > b->sectors - h.sector)
			return BLK_S_IOERR;
		n = iov_slice(c->iov + c->n_out, c->n_in, 0, len, b->data, VIO_MAX_SEGS);
		done = n ? preadv(b->fd, b->data, n, off) : 0;
		if (done < 0 || (uint64_t)done != len)
			return BLK_S_IOERR;
		*written = done;
		return BLK_S_OK;
	case BLK_T_OUT:
		if (b->ro)
			return BLK_S_IOERR;
		len = c->out_len - sizeof(h);
		off = h.sector * SECTOR;
		if (len % SECTOR || h.sector > b->sectors || len / SECTOR > b->sectors - h.sector)
			return BLK_S_IOERR;
		n = iov_slice(c->iov, c->n_out, sizeof(h), len, b->data, VIO_MAX_SEGS);
		done = n ? pwritev(b->fd, b->data, n, off) : 0;
		return done >= 0 && (uint64_t)done == len ? BLK_S_OK : BLK_S_IOERR;
	case BLK_T_FLUSH:
		if (b->ro)
			return BLK_S_OK;
		return fdatasync(b->fd) ? BLK_S_IOERR : BLK_S_OK;
	case BLK_T_GET_ID:
		len = c->in_len - 1 < ID_BYTES ? c->in_len - 1 : ID_BYTES;
		*written = iov_from_buf(c->iov + c->n_out, c->n_in, 0, b->id, len);
		return BLK_S_OK;
	case BLK_T_DISCARD:
	case BLK_T_WRITE_ZEROES:
		return blk_discard(b, c, sizeof(h), c->out_len - sizeof(h),
				   h.type == BLK_T_WRITE_ZEROES);
	default:
		return BLK_S_UNSUPP;
	}
}

static void blk_queue(struct vio_dev *d, struct vio_queue *vq)
{
	struct blk *b = d->priv;
	static struct vio_chain c;
	unsigned int n = 0;
	uint32_t written;
	uint8_t status;
	int r;

	do {
		while ((r = vq_pop(vq, &c)) > 0) {
			if (!c.n_in || !c.in_len) {
				vio_dev_broken(d, "sent a request without room for its status");
				return;
			}
			status = blk_request(b, &c, &written);
			/* the status byte is the last writable one */
			iov_from_buf(c.iov + c.n_out, c.n_in, c.in_len - 1, &status, 1);
			vq_push(vq, c.head, written + 1);
			d->ok_requests++;
			if (vq_budget_spent(vq, &n))
				return;
		}
		if (r < 0) {
			vio_dev_broken(d, "handed a malformed request queue");
			return;
		}
	} while (vq_enable_notify(vq));
}

static void blk_close(struct vio_dev *d)
{
	struct blk *b = d->priv;

	if (b->fd >= 0)
		close(b->fd);
	free(b);
	d->priv = NULL;
}

static const struct vio_dev_ops blk_ops = {
	.device_id = VHYP_VIRTIO_BLK,
	.nqueues = 1,
	.features = VIO_FEAT(BLK_F_SIZE_MAX) | VIO_FEAT(BLK_F_SEG_MAX) |
		    VIO_FEAT(BLK_F_BLK_SIZE) | VIO_FEAT(BLK_F_FLUSH) |
		    VIO_FEAT(BLK_F_DISCARD) | VIO_FEAT(BLK_F_WRITE_ZEROES),
	.queue = blk_queue,
	.close = blk_close,
};

static const struct vio_dev_ops blk_ro_ops = {
	.device_id = VHYP_VIRTIO_BLK,
	.nqueues = 1,
	.features = VIO_FEAT(BLK_F_SIZE_MAX) | VIO_FEAT(BLK_F_SEG_MAX) |
		    VIO_FEAT(BLK_F_BLK_SIZE) | VIO_FEAT(BLK_F_FLUSH) | VIO_FEAT(BLK_F_RO),
	.queue = blk_queue,
	.close = blk_close,
};

int vio_blk_init(struct vio_dev *d, int fd, uint64_t bytes, bool ro)
{
	struct blk_config cfg;
	struct blk *b;

	b = calloc(1, sizeof(*b));
	if (!b)
		return vio_fail("out of memory");
	b->fd = fd;
	b->ro = ro;
	b->sectors = bytes / SECTOR;
	snprintf(b->id, sizeof(b->id), "vhyp-%.14s", d->name);
	memset(&cfg, 0, sizeof(cfg));
	cfg.capacity = b->sectors;
	cfg.size_max = SIZE_MAX_SEG;
	cfg.seg_max = SEG_MAX;
	cfg.blk_size = SECTOR;
	cfg.max_discard_sectors = DISCARD_MAX_SECTORS;
	cfg.max_discard_seg = DISCARD_MAX_SEGS;
	cfg.discard_sector_alignment = 8;	/* 4 KiB, the usual file system block */
	cfg.max_write_zeroes_sectors = DISCARD_MAX_SECTORS;
	cfg.max_write_zeroes_seg = DISCARD_MAX_SEGS;
	cfg.write_zeroes_may_unmap = 1;
	memcpy(d->config, &cfg, sizeof(cfg));
	d->config_len = sizeof(cfg);
	d->ops = ro ? &blk_ro_ops : &blk_ops;
	d->priv = b;
	d->fd = -1;
	return 0;
}

int vio_blk_open(struct vio_dev *d, const struct vhyp_cell_virtio *v)
{
	bool ro = v->flags & VHYP_VIRTIO_READONLY;
	uint64_t bytes;
	struct stat s;
	int fd;

	if (!v->backend[0])
		return vio_fail("blk device %s names no disk: give its backend a file or block device",
				d->name);
	fd = open(v->backend, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return vio_fail("cannot open %s, the disk of blk device %s: %s%s", v->backend,
				d->name, strerror(errno),
				errno == ENOENT ? " (create it, or fix the config's backend)" :
				errno == EACCES || errno == EROFS ?
				" (make it writable, or mark the device read-only)" : "");
	if (fstat(fd, &s) || (!S_ISREG(s.st_mode) && !S_ISBLK(s.st_mode))) {
		close(fd);
		return vio_fail("%s, the disk of blk device %s, is neither a file nor a block device",
				v->backend, d->name);
	}
	bytes = s.st_size;
	if (S_ISBLK(s.st_mode) && ioctl(fd, BLKGETSIZE64, &bytes)) {
		close(fd);
		return vio_fail("cannot read the size of %s, the disk of blk device %s: %s",
				v->backend, d->name, strerror(errno));
	}
	if (vio_blk_init(d, fd, bytes, ro)) {
		close(fd);
		return -1;
	}
	return 0;
}
