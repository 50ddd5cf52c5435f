/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libvhypvio: the root's backend of a cell's virtio devices
 * (uapi/vhyp/virtio.h, Documentation/virtio.md "The backend").
 *
 *   guest_mem.c   the cell's RAM as the backend maps it; every address
 *                 and length the guest hands us is checked here
 *   mmio.c        the virtio-mmio version 2 register window
 *   vq.c          split virtqueues: chains in, used buffers out, events
 *   blk.c net.c console.c rng.c   the devices
 *   loop.c        the event loop over the vhyp file and the devices' fds
 *
 * Nothing here prints: failures are sentences the caller logs
 * (vio_error()).  The guest is another CPU and hostile: whatever it
 * writes into its rings may change under us, so every field of a ring is
 * read once into a local and checked there; a malformed queue puts its
 * device into DEVICE_NEEDS_RESET, never makes us touch memory outside
 * the cell's RAM.
 */
#ifndef VHYP_VIO_H
#define VHYP_VIO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include <vhyp/cell.h>
#include <vhyp/virtio.h>

/* virtio-mmio version 2 registers */
#define VIO_MMIO_MAGIC		0x000
#define VIO_MMIO_VERSION	0x004
#define VIO_MMIO_DEVICE_ID	0x008
#define VIO_MMIO_VENDOR_ID	0x00c
#define VIO_MMIO_DEV_FEATURES	0x010
#define VIO_MMIO_DEV_FEATURES_SEL 0x014
#define VIO_MMIO_DRV_FEATURES	0x020
#define VIO_MMIO_DRV_FEATURES_SEL 0x024
#define VIO_MMIO_QUEUE_SEL	0x030
#define VIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIO_MMIO_QUEUE_NUM	0x038
#define VIO_MMIO_QUEUE_READY	0x044
#define VIO_MMIO_QUEUE_NOTIFY	0x050
#define VIO_MMIO_INT_STATUS	0x060
#define VIO_MMIO_INT_ACK	0x064
#define VIO_MMIO_STATUS		0x070
#define VIO_MMIO_QUEUE_DESC_LO	0x080
#define VIO_MMIO_QUEUE_DESC_HI	0x084
#define VIO_MMIO_QUEUE_DRV_LO	0x090
#define VIO_MMIO_QUEUE_DRV_HI	0x094
#define VIO_MMIO_QUEUE_DEV_LO	0x0a0
#define VIO_MMIO_QUEUE_DEV_HI	0x0a4
#define VIO_MMIO_SHM_SEL	0x0ac
#define VIO_MMIO_SHM_LEN_LO	0x0b0
#define VIO_MMIO_SHM_LEN_HI	0x0b4
#define VIO_MMIO_SHM_BASE_LO	0x0b8
#define VIO_MMIO_SHM_BASE_HI	0x0bc
#define VIO_MMIO_CONFIG_GEN	0x0fc
#define VIO_MMIO_CONFIG		0x100

#define VIO_MAGIC_VALUE		0x74726976	/* "virt" */
#define VIO_VENDOR		0x50594856	/* "VHYP" */

/* device status */
#define VIO_S_ACKNOWLEDGE	0x01
#define VIO_S_DRIVER		0x02
#define VIO_S_DRIVER_OK		0x04
#define VIO_S_FEATURES_OK	0x08
#define VIO_S_NEEDS_RESET	0x40
#define VIO_S_FAILED		0x80

/* interrupt status */
#define VIO_INT_VRING		0x1
#define VIO_INT_CONFIG		0x2

/* transport feature bits */
#define VIO_F_INDIRECT_DESC	28
#define VIO_F_EVENT_IDX		29
#define VIO_F_VERSION_1		32
#define VIO_FEAT(bit)		(1ull << (bit))
#define VIO_TRANSPORT_FEATURES	(VIO_FEAT(VIO_F_VERSION_1) | VIO_FEAT(VIO_F_EVENT_IDX) | \
				 VIO_FEAT(VIO_F_INDIRECT_DESC))

#define VIO_MAX_QUEUES		2	/* per device: net and console have two */
#define VIO_QUEUE_MAX		256	/* QueueNumMax */
#define VIO_MAX_SEGS		VIO_QUEUE_MAX	/* segments of one chain we keep */
#define VIO_CONFIG_MAX		64	/* bytes of device config space */

/*
 * A device's transport state, in its state page (mmap of the vhyp file at
 * dev * VHYP_VIRTIO_STATE_SIZE) so that a restarted backend resumes where
 * the last one stopped.  The page is zero until a backend first writes
 * its magic; any other magic or version is a state we cannot trust, and
 * the device then asks its driver for a reset.
 */
#define VIO_STATE_MAGIC		0x534f4956	/* "VIOS" */
#define VIO_STATE_VERSION	1

struct vio_qstate {
	uint32_t num;		/* QueueNum */
	uint32_t ready;		/* QueueReady */
	uint64_t desc, driver, device;	/* the rings' guest addresses */
	uint16_t last_avail;	/* avail entries consumed and answered */
	uint16_t used_idx;	/* our used->idx: the guest's copy may lag it */
	uint16_t signalled;	/* used->idx when we last interrupted */
	uint16_t reserved;
};

struct vio_state {
	uint32_t magic;		/* VIO_STATE_MAGIC */
	uint32_t version;	/* VIO_STATE_VERSION */
	uint32_t type;		/* the device's VHYP_VIRTIO_* */
	uint32_t status;	/* Status */
	uint32_t isr;		/* InterruptStatus */
	uint32_t config_gen;	/* ConfigGeneration */
	uint32_t dev_features_sel, drv_features_sel, queue_sel;
	uint32_t isr_new;	/* bits of isr set since the driver last read it */
	uint64_t drv_features;	/* DriverFeatures, both halves */
	struct vio_qstate q[VIO_MAX_QUEUES];
};

_Static_assert(sizeof(struct vio_state) <= VHYP_VIRTIO_STATE_SIZE, "vio_state fits its page");

/* guest_mem.c */
struct guest_region {
	uint64_t ipa, size;
	uint8_t *host;
};

struct guest_mem {
	struct guest_region r[VHYP_CELL_MAX_MEM];
	unsigned int n;
};

/* Where [ipa, ipa + len) lies in our address space, NULL unless all in one region. */
static inline void *gm_ptr(const struct guest_mem *gm, uint64_t ipa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < gm->n; i++) {
		const struct guest_region *r = &gm->r[i];

		if (ipa >= r->ipa && ipa - r->ipa <= r->size && len <= r->size - (ipa - r->ipa))
			return r->host + (ipa - r->ipa);
	}
	return NULL;
}

int gm_add(struct guest_mem *gm, uint64_t ipa, uint64_t size, void *host);
/* Map every RAM region of CFG from the vhyp file FD. 0 or -1 and vio_error(). */
int gm_map(struct guest_mem *gm, int fd, const struct vhyp_cell_config *cfg);
void gm_unmap(struct guest_mem *gm);

/* The split virtqueue's layout (virtio 1.x, 2.7), little-endian like us. */
#define VIO_DESC_F_NEXT		1
#define VIO_DESC_F_WRITE	2
#define VIO_DESC_F_INDIRECT	4
#define VIO_AVAIL_F_NO_INTERRUPT 1

struct vio_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vio_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* num entries, then used_event */
};

struct vio_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vio_used {
	uint16_t flags;
	uint16_t idx;
	struct vio_used_elem ring[];	/* num entries, then avail_event */
};

/* vq.c: one split virtqueue */
struct vio_dev;

struct vio_queue {
	struct vio_dev *dev;
	struct vio_qstate *st;	/* in the state page */
	unsigned int index;
	uint16_t num;		/* 0: not ready */
	uint16_t next_avail;	/* popped up to here; st->last_avail once answered */
	struct vio_desc *desc;	/* in guest RAM: read each field once */
	struct vio_avail *avail;
	struct vio_used *used;
	bool pushed;		/* used entries not yet published */
	bool kick;		/* the guest notified us, or may have */
};

/* A descriptor chain, as iovecs into guest RAM: the readable ones first. */
struct vio_chain {
	uint16_t head;
	unsigned int n_out, n_in;	/* device-readable, then device-writable */
	uint64_t out_len, in_len;
	struct iovec iov[VIO_MAX_SEGS];
};

/* Check and take over the rings a driver set up; false: malformed. */
bool vq_setup(struct vio_queue *vq);
/* 1: a chain into *C; 0: the queue is empty; -1: malformed (device needs reset). */
int vq_pop(struct vio_queue *vq, struct vio_chain *c);
/* Give back the last N chains popped and not pushed, for a later pop. */
void vq_unpop(struct vio_queue *vq, unsigned int n);
/* Return a chain with LEN bytes written into it (not yet visible: vq_flush). */
void vq_push(struct vio_queue *vq, uint16_t head, uint32_t len);
/* Publish the pushed entries; true if the guest wants an interrupt for them. */
bool vq_flush(struct vio_queue *vq);
/* Ask for a notification on the next buffer; true if buffers came meanwhile. */
bool vq_enable_notify(struct vio_queue *vq);
bool vq_has_avail(struct vio_queue *vq);
/*
 * Count a chain served; true once a round has served VIO_BUDGET of this
 * queue: the caller returns, and the queue runs again next round (a guest
 * that keeps its queue full must not starve the other devices).
 */
#define VIO_BUDGET		VIO_QUEUE_MAX
static inline bool vq_budget_spent(struct vio_queue *vq, unsigned int *n)
{
	if (++*n < VIO_BUDGET)
		return false;
	vq->kick = true;
	return true;
}

/* Copy between a chain's iovecs (from byte OFF on) and a buffer. Returns bytes. */
size_t iov_to_buf(const struct iovec *iov, unsigned int n, size_t off, void *buf, size_t len);
size_t iov_from_buf(const struct iovec *iov, unsigned int n, size_t off, const void *buf,
		    size_t len);
/* The iovecs of bytes [off, off + len) of IOV into OUT (at most MAX); their count. */
unsigned int iov_slice(const struct iovec *iov, unsigned int n, size_t off, size_t len,
		       struct iovec *out, unsigned int max);

/* A device, its transport (mmio.c) and its kind (ops). */
struct vio_dev_ops {
	uint32_t device_id;	/* virtio device ID */
	unsigned int nqueues;
	uint64_t features;	/* its own, beside VIO_TRANSPORT_FEATURES */
	/* the driver notified QUEUE, or it may have buffers to take */
	void (*queue)(struct vio_dev *d, struct vio_queue *vq);
	/* its fd is readable (want_in) */
	void (*input)(struct vio_dev *d);
	/* status went to 0 */
	void (*reset)(struct vio_dev *d);
	void (*close)(struct vio_dev *d);
};

struct vio_backend;

struct vio_dev {
	const struct vio_dev_ops *ops;
	struct vio_backend *be;
	unsigned int index;	/* in the config's virtio[] */
	char name[VHYP_VIRTIO_NAME_LEN];
	struct vio_state *st;
	struct guest_mem *gm;
	struct vio_queue q[VIO_MAX_QUEUES];
	uint8_t config[VIO_CONFIG_MAX];
	unsigned int config_len;
	int fd;			/* its backend's fd to poll, -1: none */
	bool want_in;		/* poll fd for input */
	bool irq;		/* raise its interrupt at the end of this round */
	uint64_t ok_requests, bad_queues;	/* counters for the log */
	void *priv;
};

/* mmio.c */
/* Bind D to its state page ST: resume what it holds, or start from reset. */
void vio_dev_attach(struct vio_dev *d, struct vio_state *st, uint32_t type);
uint64_t vio_mmio_read(struct vio_dev *d, uint32_t off, uint32_t size);
void vio_mmio_write(struct vio_dev *d, uint32_t off, uint32_t size, uint64_t val);
void vio_dev_reset(struct vio_dev *d);
/* The driver handed a malformed queue: stop, DEVICE_NEEDS_RESET, tell it. */
void vio_dev_broken(struct vio_dev *d, const char *why);
bool vio_dev_live(const struct vio_dev *d);
/* May its receive queue VQ take input now?  If not, stop polling its fd. */
bool vio_dev_rx_open(struct vio_dev *d, const struct vio_queue *vq);
bool vio_has_feature(const struct vio_dev *d, unsigned int bit);
/* Publish every queue's used entries; set d->irq if the guest wants to know. */
void vio_dev_flush(struct vio_dev *d);
/* Run the queues the guest kicked; true if one has work left for the next round. */
bool vio_dev_run(struct vio_dev *d);

/* The devices: each sets up D (ops, config, fd) from its entry of the config. */
int vio_blk_open(struct vio_dev *d, const struct vhyp_cell_virtio *v);
int vio_blk_init(struct vio_dev *d, int fd, uint64_t bytes, bool ro);
int vio_net_open(struct vio_dev *d, const struct vhyp_cell_virtio *v);
int vio_net_init(struct vio_dev *d, int fd, const uint8_t mac[6], unsigned int mtu);
int vio_console_open(struct vio_dev *d, const struct vhyp_cell_virtio *v, const char *cell);
int vio_console_init(struct vio_dev *d, int fd, int in_fd);
int vio_rng_init(struct vio_dev *d);

/* loop.c: a cell's backend */
struct vio_backend {
	int fd;			/* the vhyp file, -1 in tests */
	const char *cell;
	struct vio_state *states;	/* the mapped state pages */
	struct guest_mem gm;
	struct vio_dev dev[VHYP_CELL_MAX_VIRTIO];
	unsigned int ndev;
	/* raise device DEV's interrupt; 0 or an errno (tests replace it) */
	int (*raise_irq)(struct vio_backend *be, unsigned int dev);
	void (*log)(struct vio_backend *be, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	volatile int *stop;	/* nonzero: leave the loop */
	volatile int *dump;	/* nonzero: log every queue's state, then clear it */
};

/* Map and open everything of CFG through the vhyp file FD.  0 or -1, vio_error(). */
int vio_backend_open(struct vio_backend *be, int fd, const struct vhyp_cell_config *cfg);
void vio_backend_close(struct vio_backend *be);
/* Serve until the cell is destroyed (0) or *stop (0) or a failure (-1, vio_error()). */
int vio_backend_run(struct vio_backend *be);
/* One request of the cell; a read's value into *VAL.  true if it was a read. */
bool vio_backend_request(struct vio_backend *be, const struct vhyp_virtio_req *r, uint64_t *val);
/* Log each device's and queue's state (SIGUSR1 to vhypctl serve). */
void vio_backend_dump(struct vio_backend *be);
/* End of a round: run kicked queues, publish, raise interrupts; true: work left. */
bool vio_backend_round(struct vio_backend *be);

/* The last failure as a sentence; set with vio_fail() (returns -1). */
const char *vio_error(void);
void vio_error_clear(void);
int vio_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
