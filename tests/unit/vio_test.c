// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio backend (tools/virtio) over a fake cell (vio_fake.c), under
 * ASan and UBSan: the register model, split queues (chains, indirect
 * tables, event indices, 16-bit wraparound), every malformed queue we can
 * think of (each must end in DEVICE_NEEDS_RESET, never a crash or an
 * access outside the fake RAM, which ASan would catch), a restarted
 * backend resuming from the state pages, and the devices: blk over a temp
 * file, rng, console over a pty, net over a socketpair.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "vio_fake.h"

#define ALL	(~0ull)
#define BLK_RO_BIT	5

static struct fake F;

static void fresh_rng(struct fake *f)
{
	fake_init(f);
	vio_rng_init(&f->be.dev[0]);
	fake_attach(f, 0, VHYP_VIRTIO_RNG);
}

static bool needs_reset(struct fake *f, unsigned int dev)
{
	return fake_rd(f, dev, VIO_MMIO_STATUS) & VIO_S_NEEDS_RESET;
}

static void test_registers(void)
{
	struct fake *f = &F;
	uint32_t st;

	fresh_rng(f);
	ok(fake_rd(f, 0, VIO_MMIO_MAGIC) == 0x74726976, "magic is \"virt\"");
	ok(fake_rd(f, 0, VIO_MMIO_VERSION) == 2, "version 2");
	ok(fake_rd(f, 0, VIO_MMIO_DEVICE_ID) == VHYP_VIRTIO_RNG, "device id of rng");
	ok(fake_rd(f, 0, VIO_MMIO_VENDOR_ID) == 0x50594856, "vendor VHYP");
	fake_wr(f, 0, VIO_MMIO_DEV_FEATURES_SEL, 1);
	ok(fake_rd(f, 0, VIO_MMIO_DEV_FEATURES) & 1, "VERSION_1 offered");
	fake_wr(f, 0, VIO_MMIO_DEV_FEATURES_SEL, 0);
	st = fake_rd(f, 0, VIO_MMIO_DEV_FEATURES);
	ok((st & (1u << 28)) && (st & (1u << 29)), "INDIRECT_DESC and EVENT_IDX offered");
	ok(fake_rd(f, 0, VIO_MMIO_QUEUE_NUM_MAX) == VIO_QUEUE_MAX, "QueueNumMax of queue 0");
	fake_wr(f, 0, VIO_MMIO_QUEUE_SEL, 1);
	ok(fake_rd(f, 0, VIO_MMIO_QUEUE_NUM_MAX) == 0, "no queue 1 on rng: QueueNumMax 0");

	/* FEATURES_OK without VERSION_1, or with a feature not offered */
	fake_wr(f, 0, VIO_MMIO_STATUS, 3);
	fake_wr(f, 0, VIO_MMIO_DRV_FEATURES_SEL, 1);
	fake_wr(f, 0, VIO_MMIO_DRV_FEATURES, 0);
	fake_wr(f, 0, VIO_MMIO_STATUS, 3 | VIO_S_FEATURES_OK);
	ok(!(fake_rd(f, 0, VIO_MMIO_STATUS) & VIO_S_FEATURES_OK),
	   "FEATURES_OK refused without VIRTIO_F_VERSION_1");
	fake_wr(f, 0, VIO_MMIO_STATUS, 0);
	fake_wr(f, 0, VIO_MMIO_STATUS, 3);
	fake_wr(f, 0, VIO_MMIO_DRV_FEATURES_SEL, 1);
	fake_wr(f, 0, VIO_MMIO_DRV_FEATURES, 1 | 2);
	fake_wr(f, 0, VIO_MMIO_STATUS, 3 | VIO_S_FEATURES_OK);
	ok(!(fake_rd(f, 0, VIO_MMIO_STATUS) & VIO_S_FEATURES_OK),
	   "FEATURES_OK refused with a feature not offered");

	st = fake_driver_up(f, 0, ALL, 1, 8);
	ok(st == (VIO_S_ACKNOWLEDGE | VIO_S_DRIVER | VIO_S_FEATURES_OK | VIO_S_DRIVER_OK),
	   "driver up: status 0x%x", st);
	fake_wr(f, 0, VIO_MMIO_QUEUE_SEL, 0);
	ok(fake_rd(f, 0, VIO_MMIO_QUEUE_READY) == 1, "queue 0 ready");
	ok(f->states[0].q[0].desc == fake_desc_gpa(0, 0) && f->states[0].q[0].num == 8,
	   "queue address and size in the state page");
	fake_wr(f, 0, VIO_MMIO_STATUS, 0);
	ok(fake_rd(f, 0, VIO_MMIO_STATUS) == 0 && fake_rd(f, 0, VIO_MMIO_QUEUE_READY) == 0 &&
	   f->states[0].drv_features == 0, "status 0 resets the device");
	fake_fini(f);
}

static void test_rng(void)
{
	struct fake *f = &F;
	struct seg s;
	uint32_t id, len;
	uint8_t zero[64] = { 0 };
	uint16_t head;

	fresh_rng(f);
	fake_driver_up(f, 0, ALL, 1, 8);
	s.gpa = fake_alloc(f, 64);
	s.len = 64;
	s.write = true;
	head = fake_add(f, 0, 0, &s, 1, false);
	fake_kick(f, 0, 0);
	ok(fake_used(f, 0, 0, &id, &len) && id == head && len == 64, "rng fills 64 bytes");
	ok(memcmp(fake_ptr(f, s.gpa), zero, 64), "with something other than zeroes");
	ok(f->irqs[0] == 1 && (fake_rd(f, 0, VIO_MMIO_INT_STATUS) & VIO_INT_VRING),
	   "and raises its interrupt, used-buffer bit set");
	fake_wr(f, 0, VIO_MMIO_INT_ACK, VIO_INT_VRING);
	ok(fake_rd(f, 0, VIO_MMIO_INT_STATUS) == 0, "InterruptACK clears it");

	/*
	 * The ack is a posted write, seen after what the backend did since
	 * the driver read the register: a completion in between survives it.
	 */
	{
		struct vio_avail *a = fake_ptr(f, fake_avail_gpa(0, 0));
		struct vio_used *u = fake_ptr(f, fake_used_gpa(0, 0));
		unsigned int before;

		a->ring[8] = u->idx;		/* an interrupt for the next one */
		fake_add(f, 0, 0, &s, 1, false);
		fake_kick(f, 0, 0);
		ok(fake_used(f, 0, 0, &id, &len) &&
		   (fake_rd(f, 0, VIO_MMIO_INT_STATUS) & VIO_INT_VRING), "the driver reads the bit");
		a->ring[8] = u->idx;
		fake_add(f, 0, 0, &s, 1, false);
		fake_kick(f, 0, 0);
		before = f->irqs[0];
		fake_wr(f, 0, VIO_MMIO_INT_ACK, VIO_INT_VRING);
		vio_backend_round(&f->be);	/* the end of the round that read the ack */
		ok((fake_rd(f, 0, VIO_MMIO_INT_STATUS) & VIO_INT_VRING) && f->irqs[0] > before,
		   "a completion after that read survives its ack, and interrupts again");
		fake_wr(f, 0, VIO_MMIO_INT_ACK, VIO_INT_VRING);
		ok(fake_rd(f, 0, VIO_MMIO_INT_STATUS) == 0 && fake_used(f, 0, 0, &id, &len),
		   "acked once read, it clears");
	}

	/* indirect */
	head = fake_add(f, 0, 0, &s, 1, true);
	fake_kick(f, 0, 0);
	ok(fake_used(f, 0, 0, &id, &len) && id == head && len == 64, "an indirect chain");

	/* event index: the guest wants no interrupt until used idx passes 100 */
	{
		struct vio_avail *a = fake_ptr(f, fake_avail_gpa(0, 0));
		unsigned int before = f->irqs[0];

		a->ring[8] = 100;
		fake_add(f, 0, 0, &s, 1, false);
		fake_kick(f, 0, 0);
		ok(fake_used(f, 0, 0, &id, &len) && f->irqs[0] == before,
		   "event idx: no interrupt before used_event");
		a->ring[8] = f->states[0].q[0].used_idx;
		fake_add(f, 0, 0, &s, 1, false);
		fake_kick(f, 0, 0);
		ok(fake_used(f, 0, 0, &id, &len) && f->irqs[0] == before + 1,
		   "event idx: an interrupt once used idx passes used_event");
		ok(*(uint16_t *)&((struct vio_used *)fake_ptr(f, fake_used_gpa(0, 0)))->ring[8] ==
		   f->avail_idx[0][0], "avail_event asks for the next buffer");
	}
	fake_fini(f);
}

static void test_wrap(void)
{
	struct fake *f = &F;
	struct vio_avail *a;
	unsigned int i, good = 0;
	uint32_t id, len;
	struct seg s;

	fresh_rng(f);
	fake_driver_up(f, 0, ALL & ~VIO_FEAT(VIO_F_EVENT_IDX), 1, 4);
	a = fake_ptr(f, fake_avail_gpa(0, 0));
	s.gpa = fake_alloc(f, 4);
	s.len = 4;
	s.write = true;
	for (i = 0; i < 70000; i++) {
		uint16_t head = fake_add(f, 0, 0, &s, 1, false);

		if (i % 3 == 0)
			continue;	/* let a few queue up */
		fake_kick(f, 0, 0);
		while (fake_used(f, 0, 0, &id, &len))
			good += len == 4;
		(void)head;
	}
	fake_kick(f, 0, 0);
	while (fake_used(f, 0, 0, &id, &len))
		good += len == 4;
	ok(good == 70000 && !needs_reset(f, 0) && a->idx == (uint16_t)70000,
	   "70000 requests through a 4-entry queue: the 16-bit indices wrap (%u done)", good);
	fake_fini(f);
}

/* A queue kept full may take VIO_BUDGET chains a round, then the others get theirs. */
static void test_budget(void)
{
	struct fake *f = &F;
	unsigned int i, used = 0;
	uint32_t u, l;
	struct seg s;
	bool more;

	fresh_rng(f);
	fake_driver_up(f, 0, ALL, 1, 256);
	s.gpa = fake_alloc(f, 4);
	s.len = 4;
	s.write = true;
	for (i = 0; i < 256; i++)
		fake_add(f, 0, 0, &s, 1, false);
	fake_wr(f, 0, VIO_MMIO_QUEUE_NOTIFY, 0);
	more = vio_backend_round(&f->be);
	while (fake_used(f, 0, 0, &u, &l))
		used++;
	ok(more && used == VIO_BUDGET, "a full queue: %u chains in a round, then work left", used);
	for (i = 0; i < 10; i++)
		fake_add(f, 0, 0, &s, 1, false);
	more = vio_backend_round(&f->be);
	while (fake_used(f, 0, 0, &u, &l))
		used++;
	ok(!more && used == VIO_BUDGET + 10, "the next round takes the rest without a new notify");
	fake_fini(f);
}

/* A hostile driver's queue: each case must end in NEEDS_RESET and a config interrupt. */
enum hostile {
	H_OUTSIDE, H_WRAP, H_HUGE, H_LOOP, H_HEAD, H_AVAIL_JUMP, H_IND_IND, H_IND_NEXT,
	H_IND_RAGGED, H_IND_EMPTY, H_IND_OUTSIDE, H_WRITE_THEN_READ, H_NEXT_OUT, H_IND_LOOP,
	H_NR
};

static const char *const hostile_name[H_NR] = {
	"a buffer outside RAM", "an address that wraps", "a length of 4 GiB",
	"a descriptor loop", "a head beyond the queue", "avail idx more than the queue ahead",
	"an indirect table in an indirect table", "an indirect descriptor with NEXT",
	"an indirect table of 17 bytes", "an empty indirect table",
	"an indirect table outside RAM", "a readable buffer after a writable one",
	"a next index beyond the queue", "a loop in an indirect table",
};

static void hostile(enum hostile h)
{
	struct fake *f = &F;
	struct vio_desc *t;
	struct vio_avail *a;
	uint64_t buf, it;
	struct vio_desc *id;
	uint32_t u, l;

	fresh_rng(f);
	fake_driver_up(f, 0, ALL, 1, 8);
	t = fake_ptr(f, fake_desc_gpa(0, 0));
	a = fake_ptr(f, fake_avail_gpa(0, 0));
	buf = fake_alloc(f, 64);
	it = fake_alloc(f, 64);
	id = fake_ptr(f, it);
	t[0] = (struct vio_desc){ buf, 16, VIO_DESC_F_WRITE, 0 };
	switch (h) {
	case H_OUTSIDE:
		t[0].addr = FAKE_BASE + FAKE_SIZE;
		break;
	case H_WRAP:
		t[0].addr = ~0ull - 7;
		break;
	case H_HUGE:
		t[0].len = 0xffffffffu;
		break;
	case H_LOOP:
		t[0].flags |= VIO_DESC_F_NEXT;
		t[1] = (struct vio_desc){ buf, 16, VIO_DESC_F_WRITE | VIO_DESC_F_NEXT, 0 };
		t[0].next = 1;
		break;
	case H_HEAD:
		fake_publish(f, 0, 0, 8);
		goto kick;
	case H_AVAIL_JUMP:
		a->ring[0] = 0;
		a->idx = 9;
		goto kick_only;
	case H_IND_IND:
		id[0] = (struct vio_desc){ it, 16, VIO_DESC_F_INDIRECT, 0 };
		t[0] = (struct vio_desc){ it, 16, VIO_DESC_F_INDIRECT, 0 };
		break;
	case H_IND_NEXT:
		id[0] = (struct vio_desc){ buf, 16, VIO_DESC_F_WRITE, 0 };
		t[0] = (struct vio_desc){ it, 16, VIO_DESC_F_INDIRECT | VIO_DESC_F_NEXT, 1 };
		break;
	case H_IND_RAGGED:
		t[0] = (struct vio_desc){ it, 17, VIO_DESC_F_INDIRECT, 0 };
		break;
	case H_IND_EMPTY:
		t[0] = (struct vio_desc){ it, 0, VIO_DESC_F_INDIRECT, 0 };
		break;
	case H_IND_OUTSIDE:
		t[0] = (struct vio_desc){ FAKE_BASE + FAKE_SIZE - 16, 32, VIO_DESC_F_INDIRECT, 0 };
		break;
	case H_WRITE_THEN_READ:
		t[0].flags |= VIO_DESC_F_NEXT;
		t[0].next = 1;
		t[1] = (struct vio_desc){ buf, 16, 0, 0 };
		break;
	case H_NEXT_OUT:
		t[0].flags |= VIO_DESC_F_NEXT;
		t[0].next = 8;
		break;
	case H_IND_LOOP:
		id[0] = (struct vio_desc){ buf, 16, VIO_DESC_F_WRITE | VIO_DESC_F_NEXT, 1 };
		id[1] = (struct vio_desc){ buf, 16, VIO_DESC_F_WRITE | VIO_DESC_F_NEXT, 0 };
		t[0] = (struct vio_desc){ it, 32, VIO_DESC_F_INDIRECT, 0 };
		break;
	default:
		break;
	}
	fake_publish(f, 0, 0, 0);
kick:
kick_only:
	f->irqs[0] = 0;
	fake_wr(f, 0, VIO_MMIO_QUEUE_NOTIFY, 0);
	vio_backend_round(&f->be);
	ok(needs_reset(f, 0) && (fake_rd(f, 0, VIO_MMIO_INT_STATUS) & VIO_INT_CONFIG) &&
	   f->irqs[0] == 1 && !fake_used(f, 0, 0, &u, &l),
	   "%s: NEEDS_RESET, a config interrupt, nothing used", hostile_name[h]);
	fake_fini(f);
}

static void test_hostile(void)
{
	struct fake *f = &F;
	unsigned int h;
	uint32_t u, l;
	struct seg s;

	for (h = 0; h < H_NR; h++)
		hostile(h);

	/* rings outside RAM, a size not a power of two: refused at QueueReady */
	fresh_rng(f);
	fake_wr(f, 0, VIO_MMIO_STATUS, 3);
	fake_wr(f, 0, VIO_MMIO_QUEUE_NUM, 8);
	fake_wr(f, 0, VIO_MMIO_QUEUE_DESC_LO, 0x1000);
	fake_wr(f, 0, VIO_MMIO_QUEUE_READY, 1);
	ok(needs_reset(f, 0), "a descriptor table outside RAM: NEEDS_RESET at QueueReady");
	fake_wr(f, 0, VIO_MMIO_STATUS, 0);
	ok(!needs_reset(f, 0), "a reset clears NEEDS_RESET");
	fake_wr(f, 0, VIO_MMIO_STATUS, 3);
	fake_wr(f, 0, VIO_MMIO_QUEUE_NUM, 6);
	fake_wr(f, 0, VIO_MMIO_QUEUE_DESC_LO, fake_desc_gpa(0, 0));
	fake_wr(f, 0, VIO_MMIO_QUEUE_DRV_LO, fake_avail_gpa(0, 0));
	fake_wr(f, 0, VIO_MMIO_QUEUE_DEV_LO, fake_used_gpa(0, 0));
	fake_wr(f, 0, VIO_MMIO_QUEUE_READY, 1);
	ok(needs_reset(f, 0), "a queue of 6: NEEDS_RESET at QueueReady");
	fake_wr(f, 0, VIO_MMIO_STATUS, 0);
	fake_wr(f, 0, VIO_MMIO_QUEUE_NUM, 1024);
	fake_wr(f, 0, VIO_MMIO_STATUS, 3);
	fake_wr(f, 0, VIO_MMIO_QUEUE_READY, 1);
	ok(needs_reset(f, 0), "a queue larger than QueueNumMax: NEEDS_RESET");

	/* and the device works again after the driver's reset */
	fake_driver_up(f, 0, ALL, 1, 8);
	s.gpa = fake_alloc(f, 8);
	s.len = 8;
	s.write = true;
	fake_add(f, 0, 0, &s, 1, false);
	fake_kick(f, 0, 0);
	ok(!needs_reset(f, 0) && fake_used(f, 0, 0, &u, &l) && l == 8,
	   "after a reset the device serves again");
	fake_fini(f);
}

static void test_resume(void)
{
	struct fake *f = &F;
	struct vio_dev *d = &f->be.dev[0];
	uint32_t u, l;
	struct seg s;

	fresh_rng(f);
	fake_driver_up(f, 0, ALL, 1, 8);
	s.gpa = fake_alloc(f, 8);
	s.len = 8;
	s.write = true;
	fake_add(f, 0, 0, &s, 1, false);
	fake_kick(f, 0, 0);
	fake_used(f, 0, 0, &u, &l);
	/* the backend dies; a chain comes meanwhile; a new one binds to the state pages */
	fake_add(f, 0, 0, &s, 1, false);
	memset(d, 0, sizeof(*d));
	vio_rng_init(d);
	f->irqs[0] = 0;
	fake_attach(f, 0, VHYP_VIRTIO_RNG);
	vio_backend_round(&f->be);
	ok(fake_rd(f, 0, VIO_MMIO_STATUS) & VIO_S_DRIVER_OK, "a new backend finds DRIVER_OK");
	ok(fake_used(f, 0, 0, &u, &l) && l == 8 && f->irqs[0] == 1,
	   "and serves what came while none ran, with an interrupt");

	/* a state page of another version: the driver is told to reset */
	f->states[0].version = 99;
	memset(d, 0, sizeof(*d));
	vio_rng_init(d);
	fake_attach(f, 0, VHYP_VIRTIO_RNG);
	ok(needs_reset(f, 0), "a state page of an unknown version: NEEDS_RESET");

	/* VHYP_VIRTIO_REQ_RESET resets every device */
	fake_driver_up(f, 0, ALL, 1, 8);
	{
		struct vhyp_virtio_req r = { .flags = VHYP_VIRTIO_REQ_RESET };
		uint64_t v;

		vio_backend_request(&f->be, &r, &v);
	}
	ok(fake_rd(f, 0, VIO_MMIO_STATUS) == 0, "a reset request resets the devices");
	fake_fini(f);
}

struct blk_req {
	uint32_t type, reserved;
	uint64_t sector;
};

static uint8_t blk_do(struct fake *f, uint32_t type, uint64_t sector, void *data, uint32_t len,
		      bool data_in, uint32_t *used, bool indirect)
{
	struct blk_req h = { type, 0, sector };
	struct seg s[3];
	unsigned int n = 0;
	uint64_t hg = fake_alloc(f, 16), dg = fake_alloc(f, len ? len : 1), sg = fake_alloc(f, 1);
	uint32_t id, l;

	memcpy(fake_ptr(f, hg), &h, 16);
	s[n++] = (struct seg){ hg, 16, false };
	if (len) {
		if (!data_in)
			memcpy(fake_ptr(f, dg), data, len);
		s[n++] = (struct seg){ dg, len, data_in };
	}
	*(uint8_t *)fake_ptr(f, sg) = 0xff;
	s[n++] = (struct seg){ sg, 1, true };
	fake_add(f, 0, 0, s, n, indirect);
	fake_kick(f, 0, 0);
	if (!fake_used(f, 0, 0, &id, &l))
		return 0xee;
	if (used)
		*used = l;
	if (len && data_in)
		memcpy(data, fake_ptr(f, dg), len);
	return *(uint8_t *)fake_ptr(f, sg);
}

static void test_blk(void)
{
	char path[] = "/tmp/vio_test_blk.XXXXXX";
	uint8_t w[4096], r[4096], z[4096] = { 0 };
	struct fake *f = &F;
	uint32_t used, feat;
	struct {
		uint64_t sector;
		uint32_t num, flags;
	} seg = { 2, 1, 0 };
	int fd;

	fd = mkstemp(path);
	unlink(path);
	if (ftruncate(fd, 1 << 20))
		return;
	fake_init(f);
	vio_blk_init(&f->be.dev[0], fd, 1 << 20, false);
	fake_attach(f, 0, VHYP_VIRTIO_BLK);
	fake_driver_up(f, 0, ALL, 1, 16);
	ok(*(uint64_t *)f->be.dev[0].config == 2048, "capacity 2048 sectors");
	memset(w, 0x5a, sizeof(w));
	ok(blk_do(f, 1, 1, w, 4096, false, &used, false) == 0 && used == 1, "write 4 KiB at sector 1");
	ok(pread(fd, r, 4096, 512) == 4096 && !memcmp(r, w, 4096), "it is in the file");
	memset(r, 0, sizeof(r));
	ok(blk_do(f, 0, 1, r, 4096, true, &used, false) == 0 && used == 4097 &&
	   !memcmp(r, w, 4096), "read it back: used length data + status");
	memset(r, 0, sizeof(r));
	ok(blk_do(f, 0, 1, r, 4096, true, &used, true) == 0 && !memcmp(r, w, 4096),
	   "read through an indirect table");
	ok(blk_do(f, 0, 2047, r, 1024, true, &used, false) == 1, "a read past the end: IOERR");
	ok(blk_do(f, 0, ~0ull / 512 + 1, r, 512, true, &used, false) == 1,
	   "a sector that overflows: IOERR");
	ok(blk_do(f, 4, 0, NULL, 0, false, &used, false) == 0, "flush");
	memset(r, 0, 20);
	ok(blk_do(f, 8, 0, r, 20, true, &used, false) == 0 && !memcmp(r, "vhyp-", 5),
	   "GET_ID: %.20s", (char *)r);
	ok(blk_do(f, 13, 0, &seg, 16, false, &used, false) == 0 &&
	   pread(fd, r, 512, 1024) == 512 && !memcmp(r, z, 512), "WRITE_ZEROES of sector 2");
	seg.sector = 3;
	ok(blk_do(f, 11, 0, &seg, 16, false, &used, false) == 0, "DISCARD of sector 3");
	seg.sector = 2048;
	ok(blk_do(f, 11, 0, &seg, 16, false, &used, false) == 1, "DISCARD past the end: IOERR");
	ok(blk_do(f, 99, 0, NULL, 0, false, &used, false) == 2, "an unknown type: UNSUPP");
	fake_fini(f);	/* closes fd */

	fd = open("/dev/null", O_RDONLY);
	fake_init(f);
	vio_blk_init(&f->be.dev[0], fd, 1 << 20, true);
	fake_attach(f, 0, VHYP_VIRTIO_BLK);
	fake_wr(f, 0, VIO_MMIO_DEV_FEATURES_SEL, 0);
	feat = fake_rd(f, 0, VIO_MMIO_DEV_FEATURES);
	ok(feat & (1u << BLK_RO_BIT), "a read-only disk offers VIRTIO_BLK_F_RO");
	fake_driver_up(f, 0, ALL, 1, 16);
	ok(blk_do(f, 1, 1, w, 512, false, &used, false) == 1, "and refuses writes with IOERR");
	fake_fini(f);
}

static void test_console(void)
{
	struct fake *f = &F;
	char buf[16] = { 0 };
	struct termios t;
	uint32_t u, l;
	struct seg s;
	int m, sl;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
	grantpt(m);
	unlockpt(m);
	sl = open(ptsname(m), O_RDWR | O_NOCTTY);
	tcgetattr(sl, &t);
	cfmakeraw(&t);
	tcsetattr(sl, TCSANOW, &t);
	fake_init(f);
	vio_console_init(&f->be.dev[0], m, m);
	fake_attach(f, 0, VHYP_VIRTIO_CONSOLE);
	fake_driver_up(f, 0, ALL, 2, 8);
	s.gpa = fake_alloc(f, 5);
	memcpy(fake_ptr(f, s.gpa), "hello", 5);
	s.len = 5;
	s.write = false;
	fake_add(f, 0, 1, &s, 1, false);
	fake_kick(f, 0, 1);
	ok(fake_used(f, 0, 1, &u, &l) && read(sl, buf, sizeof(buf)) == 5 &&
	   !memcmp(buf, "hello", 5), "console output reaches the pty");
	s.gpa = fake_alloc(f, 16);
	s.len = 16;
	s.write = true;
	fake_add(f, 0, 0, &s, 1, false);
	fake_kick(f, 0, 0);
	ok(f->be.dev[0].want_in, "a receive buffer: the pty is polled");
	ok(write(sl, "abc", 3) == 3, "typed into the pty");
	usleep(10000);
	f->be.dev[0].ops->input(&f->be.dev[0]);
	vio_backend_round(&f->be);
	ok(fake_used(f, 0, 0, &u, &l) && l == 3 && !memcmp(fake_ptr(f, s.gpa), "abc", 3),
	   "console input reaches the cell");
	close(sl);
	fake_fini(f);
}

static void test_net(void)
{
	uint8_t frame[12 + 60], got[256], mac[6] = { 0 };
	struct fake *f = &F;
	uint32_t u, l;
	struct seg s[2];
	uint16_t nb;
	int sv[2];

	socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv);
	fake_init(f);
	vio_net_init(&f->be.dev[0], sv[0], mac, 1500);
	fake_attach(f, 0, VHYP_VIRTIO_NET);
	ok((f->be.dev[0].config[0] & 3) == 2, "a random MAC is unicast, locally administered");
	ok(fake_driver_up(f, 0, ALL, 2, 16) & VIO_S_FEATURES_OK, "net driver up");
	ok(vio_has_feature(&f->be.dev[0], 15), "MRG_RXBUF negotiated");
	memset(frame, 0, 12);
	memset(frame + 12, 0xab, 60);
	s[0] = (struct seg){ fake_alloc(f, 12), 12, false };
	s[1] = (struct seg){ fake_alloc(f, 60), 60, false };
	memcpy(fake_ptr(f, s[0].gpa), frame, 12);
	memcpy(fake_ptr(f, s[1].gpa), frame + 12, 60);
	fake_add(f, 0, 1, s, 2, false);
	fake_kick(f, 0, 1);
	ok(fake_used(f, 0, 1, &u, &l) && recv(sv[1], got, sizeof(got), 0) == 72 &&
	   !memcmp(got, frame, 72), "a transmitted frame leaves with its header, whole");

	vio_backend_round(&f->be);
	ok(!f->be.dev[0].want_in || (f->be.dev[0].ops->input(&f->be.dev[0]),
				     !f->be.dev[0].want_in),
	   "no receive buffers: the fd is not polled");
	s[0] = (struct seg){ fake_alloc(f, 1526), 1526, true };
	fake_add(f, 0, 0, s, 1, false);
	fake_kick(f, 0, 0);
	ok(f->be.dev[0].want_in, "a receive buffer: the fd is polled again");
	memset(got, 0, 12);
	memset(got + 12, 0xcd, 100);
	ok(send(sv[1], got, 112, 0) == 112, "a frame arrives");
	f->be.dev[0].ops->input(&f->be.dev[0]);
	vio_backend_round(&f->be);
	memcpy(&nb, (uint8_t *)fake_ptr(f, s[0].gpa) + 10, 2);
	ok(fake_used(f, 0, 0, &u, &l) && l == 112 && nb == 1 &&
	   !memcmp((uint8_t *)fake_ptr(f, s[0].gpa) + 12, got + 12, 100),
	   "it lands in the guest's buffer, num_buffers 1");
	close(sv[1]);
	fake_fini(f);
}

/*
 * The loop itself (loop.c) on its own thread, the cell's file a
 * SOCK_SEQPACKET pair (one record per message, as the driver's read()
 * gives them), interrupts into a pipe: a read answered, and the round
 * trip from QueueNotify to the used buffer's interrupt, as the benchmark
 * will measure it through the hypervisor (here without it).
 */
static int irq_pipe[2];

static int loop_irq(struct vio_backend *be, unsigned int dev)
{
	char c = dev;

	(void)be;
	return write(irq_pipe[1], &c, 1) == 1 ? 0 : errno;
}

static void *loop_thread(void *arg)
{
	return (void *)(intptr_t)vio_backend_run(arg);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

#define ROUNDS	20000

static void test_loop(void)
{
	static uint64_t lat[ROUNDS];
	struct vhyp_virtio_req r = { .seq = 1, .off = VIO_MMIO_MAGIC, .size = 4 };
	struct vhyp_virtio_answer a;
	struct fake *f = &F;
	struct vio_avail *av;
	unsigned int i, good = 0;
	uint32_t u, l;
	pthread_t t;
	struct seg s;
	void *ret;
	int sv[2];
	char c;

	fresh_rng(f);
	fake_driver_up(f, 0, ALL, 1, 256);
	av = fake_ptr(f, fake_avail_gpa(0, 0));
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	if (pipe(irq_pipe))
		return;
	f->be.fd = sv[0];
	f->be.raise_irq = loop_irq;
	pthread_create(&t, NULL, loop_thread, &f->be);

	ok(send(sv[1], &r, sizeof(r), 0) == sizeof(r) && recv(sv[1], &a, sizeof(a), 0) == sizeof(a) &&
	   a.seq == 1 && a.val == VIO_MAGIC_VALUE, "loop: a read of MagicValue is answered");

	s.gpa = fake_alloc(f, 16);
	s.len = 16;
	s.write = true;
	r.flags = VHYP_VIRTIO_REQ_WRITE;
	for (i = 0; i < ROUNDS; i++) {
		uint64_t t0;

		fake_add(f, 0, 0, &s, 1, false);
		r.seq++;
		r.off = VIO_MMIO_QUEUE_NOTIFY;
		r.val = 0;
		t0 = mono_ns();
		if (send(sv[1], &r, sizeof(r), 0) != sizeof(r) || read(irq_pipe[0], &c, 1) != 1)
			break;
		lat[i] = mono_ns() - t0;
		while (fake_used(f, 0, 0, &u, &l))
			good += l == 16;
		/* as Linux's virtqueue_enable_cb: an interrupt for the next one */
		__atomic_store_n(&av->ring[256], f->used_seen[0][0], __ATOMIC_SEQ_CST);
		/* as vm_interrupt(): read InterruptStatus, ack what it said */
		r.seq++;
		r.flags = 0;
		r.off = VIO_MMIO_INT_STATUS;
		if (send(sv[1], &r, sizeof(r), 0) != sizeof(r) ||
		    recv(sv[1], &a, sizeof(a), 0) != sizeof(a))
			break;
		r.flags = VHYP_VIRTIO_REQ_WRITE;
		r.seq++;
		r.off = VIO_MMIO_INT_ACK;
		r.val = VIO_INT_VRING;
		send(sv[1], &r, sizeof(r), 0);
	}
	ok(good == ROUNDS, "loop: %u notifies, each answered with an interrupt", good);
	shutdown(sv[1], SHUT_WR);
	pthread_join(t, &ret);
	ok(ret == NULL, "loop: exits 0 when the cell's file ends");
	qsort(lat, i, sizeof(lat[0]), cmp_u64);
	if (i)
		printf("# QueueNotify -> interrupt through the loop (host, no hypervisor): "
		       "median %.1f us, p99 %.1f us over %u\n", lat[i / 2] / 1000.0,
		       lat[i * 99 / 100] / 1000.0, i);
	close(sv[1]);
	close(irq_pipe[0]);
	close(irq_pipe[1]);
	f->be.fd = -1;
	fake_fini(f);
	close(sv[0]);
}

int main(void)
{
	(void)fail;
	test_registers();
	test_rng();
	test_wrap();
	test_budget();
	test_hostile();
	test_resume();
	test_blk();
	test_console();
	test_net();
	test_loop();
	return tap_done();
}
