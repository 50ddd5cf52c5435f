// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target "vio": a hostile cell driving the virtio backend
 * (tools/virtio) through a fake cell (tests/unit/vio_fake.c): four
 * devices (rng, blk over a memfd, net and console over socketpairs) set
 * up by a well-behaved driver, then the input as a program of what a
 * hostile driver may do: write descriptors, publish heads, move avail
 * idx, set used_event, write registers and guest RAM, send input and
 * kick.  The fake RAM is a heap block of its exact size, so ASan catches
 * any access outside it; a malformed queue must end in NEEDS_RESET,
 * never a crash.  The records (little-endian), by their first byte % 9:
 *
 *   0 DESC   dev q idx, int32 offset from the RAM base, u32 len, u16 flags, u16 next
 *   1 AVAIL  dev q, u16 head             (avail ring entry, idx + 1)
 *   2 KICK   dev q                       (QueueNotify, a round of the loop)
 *   3 MMIO   dev, u16 off, u32 val       (a register write)
 *   4 RAM    u32 off, u8 len, bytes      (guest RAM)
 *   5 IDX    dev q, u16                  (avail idx as it likes)
 *   6 EVENT  dev q, u16                  (used_event)
 *   7 INPUT  dev, u8 len, bytes          (a frame or keys from the root's side)
 *   8 RESET                              (VHYP_VIRTIO_REQ_RESET)
 *
 * tests/fuzz/mkcorpus.sh writes seeds of this form.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vio_fake.h"

#define NDEV	4

static struct fake F;
static int peer[NDEV];

static void drain(int fd)
{
	char buf[2048];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/* The devices once per process: each input starts from a driver's reset. */
static void setup_once(struct fake *f)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	int sv[2], fd;

	fake_init(f);
	vio_rng_init(&f->be.dev[0]);
	fake_attach(f, 0, VHYP_VIRTIO_RNG);
	fd = memfd_create("vio-fuzz-disk", MFD_CLOEXEC);
	if (ftruncate(fd, 65536))
		__builtin_trap();
	vio_blk_init(&f->be.dev[1], fd, 65536, false);
	fake_attach(f, 1, VHYP_VIRTIO_BLK);
	socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv);
	vio_net_init(&f->be.dev[2], sv[0], mac, 1500);
	fake_attach(f, 2, VHYP_VIRTIO_NET);
	peer[2] = sv[1];
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv);
	vio_console_init(&f->be.dev[3], sv[0], sv[0]);
	fake_attach(f, 3, VHYP_VIRTIO_CONSOLE);
	peer[3] = sv[1];
}

static void setup(struct fake *f)
{
	static bool done;

	if (!done) {
		setup_once(f);
		done = true;
	}
	memset(f->ram, 0, FAKE_SIZE);
	f->next_buf = FAKE_BASE + FAKE_BUFS;
	drain(peer[2]);
	drain(peer[3]);
	fake_driver_up(f, 0, ~0ull, 1, 8);
	fake_driver_up(f, 1, ~0ull, 1, 8);
	fake_driver_up(f, 2, ~0ull, 2, 8);
	fake_driver_up(f, 3, ~0ull, 2, 8);
	f->be.dev[0].irq = f->be.dev[1].irq = f->be.dev[2].irq = f->be.dev[3].irq = false;
}

#define NEED(n)	do { if (end - p < (ptrdiff_t)(n)) goto out; } while (0)

static uint16_t u16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t u32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct fake *f = &F;
	struct vio_desc *t;
	unsigned int dev, q, len;
	uint32_t off;
	uint16_t num;

	setup(f);
	while (p < end) {
		switch (*p++ % 9) {
		case 0:
			NEED(15);
			dev = p[0] % NDEV;
			q = p[1] % VIO_MAX_QUEUES;
			num = f->num[dev][q] ? f->num[dev][q] : 8;
			t = fake_ptr(f, fake_desc_gpa(dev, q));
			t += p[2] % num;
			t->addr = FAKE_BASE + (int64_t)(int32_t)u32(p + 3);
			t->len = u32(p + 7);
			t->flags = u16(p + 11);
			t->next = u16(p + 13);
			p += 15;
			break;
		case 1:
			NEED(4);
			fake_publish(f, p[0] % NDEV, p[1] % VIO_MAX_QUEUES, u16(p + 2));
			p += 4;
			break;
		case 2:
			NEED(2);
			fake_kick(f, p[0] % NDEV, p[1]);
			p += 2;
			break;
		case 3:
			NEED(7);
			fake_wr(f, p[0] % NDEV, u16(p + 1) & 0x1fc, u32(p + 3));
			p += 7;
			break;
		case 4:
			NEED(5);
			off = u32(p) % FAKE_SIZE;
			len = p[4];
			p += 5;
			NEED(len);
			if (len > FAKE_SIZE - off)
				len = FAKE_SIZE - off;
			memcpy(f->ram + off, p, len);
			p += len;
			break;
		case 5:
		case 6:
			NEED(4);
			dev = p[0] % NDEV;
			q = p[1] % VIO_MAX_QUEUES;
			num = f->num[dev][q] ? f->num[dev][q] : 8;
			if (p[-1] % 9 == 5)
				((struct vio_avail *)fake_ptr(f, fake_avail_gpa(dev, q)))->idx = u16(p + 2);
			else
				((struct vio_avail *)fake_ptr(f, fake_avail_gpa(dev, q)))->ring[num] =
					u16(p + 2);
			p += 4;
			break;
		case 7:
			NEED(2);
			dev = 2 + p[0] % 2;
			len = p[1];
			p += 2;
			NEED(len);
			/* full: dropped, as a wire would */
			(void)!write(peer[dev], p, len);
			p += len;
			if (f->be.dev[dev].want_in)
				f->be.dev[dev].ops->input(&f->be.dev[dev]);
			vio_backend_round(&f->be);
			break;
		case 8: {
			struct vhyp_virtio_req r = { .flags = VHYP_VIRTIO_REQ_RESET };
			uint64_t v;

			vio_backend_request(&f->be, &r, &v);
			break;
		}
		}
	}
out:
	vio_backend_round(&f->be);
	return 0;
}
