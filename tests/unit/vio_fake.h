/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake cell for the virtio backend (tools/virtio): guest RAM in a host
 * buffer, and a virtio driver's side of the registers and split rings,
 * for vio_test.c and the vio fuzz target.
 */
#ifndef VHYP_TEST_VIO_FAKE_H
#define VHYP_TEST_VIO_FAKE_H

#include "vio.h"

#define FAKE_BASE	0x40000000ull
#define FAKE_SIZE	(1u << 20)
#define FAKE_BUFS	0x40000u	/* buffers from here on; rings below */

struct fake {
	struct vio_backend be;
	struct vio_state *states;
	uint8_t *ram;
	unsigned int irqs[VHYP_CELL_MAX_VIRTIO];
	uint64_t next_buf;
	uint16_t num[VHYP_CELL_MAX_VIRTIO][VIO_MAX_QUEUES];
	uint16_t avail_idx[VHYP_CELL_MAX_VIRTIO][VIO_MAX_QUEUES];
	uint16_t next_desc[VHYP_CELL_MAX_VIRTIO][VIO_MAX_QUEUES];
	uint16_t used_seen[VHYP_CELL_MAX_VIRTIO][VIO_MAX_QUEUES];
};

struct seg {
	uint64_t gpa;
	uint32_t len;
	bool write;
};

void fake_init(struct fake *f);
void fake_fini(struct fake *f);
/* Device DEV, set up by INIT (blk, net, ...) already, bound to its state page. */
void fake_attach(struct fake *f, unsigned int dev, uint32_t type);
uint32_t fake_rd(struct fake *f, unsigned int dev, uint32_t off);
void fake_wr(struct fake *f, unsigned int dev, uint32_t off, uint32_t val);
/* Reset, negotiate FEATURES (all offered if ~0), set up N queues of NUM; status read back. */
uint32_t fake_driver_up(struct fake *f, unsigned int dev, uint64_t features, unsigned int nq,
			uint16_t num);
/* Rings of queue Q of DEV in guest RAM. */
uint64_t fake_desc_gpa(unsigned int dev, unsigned int q);
uint64_t fake_avail_gpa(unsigned int dev, unsigned int q);
uint64_t fake_used_gpa(unsigned int dev, unsigned int q);
void *fake_ptr(struct fake *f, uint64_t gpa);
/* A buffer of LEN bytes in guest RAM (16-byte aligned). */
uint64_t fake_alloc(struct fake *f, uint32_t len);
/* Queue a chain (as an indirect table if INDIRECT); its head. */
uint16_t fake_add(struct fake *f, unsigned int dev, unsigned int q, const struct seg *s,
		  unsigned int n, bool indirect);
/* avail->idx += 1 for a head placed by hand */
void fake_publish(struct fake *f, unsigned int dev, unsigned int q, uint16_t head);
/* QueueNotify Q, then a round of the backend */
void fake_kick(struct fake *f, unsigned int dev, unsigned int q);
/* The next used element, false if none. */
bool fake_used(struct fake *f, unsigned int dev, unsigned int q, uint32_t *id, uint32_t *len);

#endif
