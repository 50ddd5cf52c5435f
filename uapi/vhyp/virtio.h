/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: virtio devices of a cell, served by a backend in the root
 * (Documentation/virtio.md).
 *
 * A cell's config names up to VHYP_CELL_MAX_VIRTIO devices (struct
 * vhyp_cell_virtio, cell.h), each a virtio-mmio register window (version
 * 2, virtio 1.x) of one 4 KiB page at 'ipa' and an edge-triggered virtual
 * SPI.  The window is in no stage 2: every access of the cell to it traps
 * to the hypervisor, which queues it for the root's backend as a
 * struct vhyp_virtio_req.  A write lets the cell go on at once; a read
 * waits on its CPU (in the hypervisor, interruptible by stop and destroy)
 * for the backend's answer.  The hypervisor rings the root's doorbell
 * when a request is queued; the driver wakes the backend, which sleeps in
 * poll() on its file.
 *
 * The backend's file (VHYP_VIRTIO_OPEN, ioctl.h; one per cell at a time):
 *   read()   whole struct vhyp_virtio_req records, oldest first, in the
 *            order the cell made the accesses; EAGAIN/waits when there are
 *            none; ENODEV once the cell is destroyed (poll: POLLHUP).
 *   write()  whole struct vhyp_virtio_answer records, each answering the
 *            read request of the same seq (EINVAL for any other, such as
 *            a read that a stop or start dropped before its RESET).
 *   ioctl VHYP_VIRTIO_IRQ  raise a device's interrupt (an edge; a pending
 *            one is one interrupt).
 *   mmap()   MAP_SHARED, at offset 0: VHYP_CELL_MAX_VIRTIO state pages,
 *            one per device, zeroed at create and kept for the cell's
 *            life whoever opens the file, so that a restarted backend
 *            finds the transport state its predecessor left; at offset
 *            VHYP_VIRTIO_MMAP_RAM + ipa: the cell's RAM at that IPA, within
 *            one RAM region.  The mappings are revoked when the cell is
 *            destroyed.
 *
 * A cell with virtio devices shares its RAM with the root: the standard
 * virtio drivers place buffers anywhere in it.  Its RAM stays in the
 * root's stage 2 while the cell runs (only the root's kernel and what
 * it maps can reach it; other cells cannot).  Cells without virtio
 * devices are isolated as before.
 */
#ifndef _UAPI_VHYP_VIRTIO_H
#define _UAPI_VHYP_VIRTIO_H

#include <linux/types.h>

#define VHYP_VIRTIO_ABI		1	/* the requests, answers and file below */

#define VHYP_CELL_MAX_VIRTIO	8	/* virtio devices of one cell */
#define VHYP_VIRTIO_WINDOW	0x1000	/* each device's register window at 'ipa' */
#define VHYP_VIRTIO_DT_SIZE	0x200	/* the size its device-tree node gives */
#define VHYP_VIRTIO_BACKEND_LEN	128	/* vhyp_cell_virtio.backend, with the NUL */
#define VHYP_VIRTIO_NAME_LEN	16	/* vhyp_cell_virtio.name, with the NUL */

/* vhyp_cell_virtio.type: the virtio device IDs */
#define VHYP_VIRTIO_NET		1
#define VHYP_VIRTIO_BLK		2
#define VHYP_VIRTIO_CONSOLE	3
#define VHYP_VIRTIO_RNG		4

/* vhyp_cell_virtio.flags */
#define VHYP_VIRTIO_READONLY	(1u << 0)	/* blk: the cell may only read the disk */
#define VHYP_VIRTIO_FLAGS	(VHYP_VIRTIO_READONLY)

/*
 * One device.  'backend' is the root's end of it, for the backend only
 * (the driver does not look at it):
 *   blk      the path of a file or block device
 *   net      the name of a tap interface (created if it does not exist)
 *   console  empty: a pseudo-terminal, linked at /run/vhyp/CELL.NAME.pty;
 *            or the path of a file or device to use instead
 *   rng      empty (getrandom())
 */
struct vhyp_cell_virtio {
	char name[VHYP_VIRTIO_NAME_LEN];	/* the device's node name */
	__u32 type;		/* VHYP_VIRTIO_NET.. */
	__u32 irq;		/* its virtual SPI (INTID), an edge, no device's */
	__u64 ipa;		/* its 4 KiB register window */
	__u32 flags;		/* VHYP_VIRTIO_* */
	__u8 mac[6];		/* net: the cell's MAC address (else zero) */
	__u16 reserved;		/* zero */
	char backend[VHYP_VIRTIO_BACKEND_LEN];
};

/* vhyp_virtio_req.flags */
#define VHYP_VIRTIO_REQ_WRITE	(1u << 0)	/* a write: 'val' is what was written */
#define VHYP_VIRTIO_REQ_RESET	(1u << 1)	/* no access: the cell stopped (or was
						 * started again); every device is reset */

/* One access of the cell to a device's window, as the backend reads it. */
struct vhyp_virtio_req {
	__u64 seq;		/* 1, 2, ..: its number, for the answer */
	__u32 dev;		/* index into the config's virtio[] */
	__u32 off;		/* offset in the window */
	__u64 val;		/* a write's value (zero-extended) */
	__u32 size;		/* bytes: 1, 2, 4 or 8 */
	__u32 flags;		/* VHYP_VIRTIO_REQ_* */
};

/* The value a read request returns (a write needs no answer). */
struct vhyp_virtio_answer {
	__u64 seq;		/* the read's */
	__u64 val;		/* truncated to its size */
};

/* VHYP_VIRTIO_IRQ: raise device 'dev''s interrupt in the cell. */
struct vhyp_virtio_irq {
	__u32 size;		/* sizeof(struct vhyp_virtio_irq) */
	__u32 dev;		/* index into the config's virtio[] */
	__u64 reserved;		/* zero */
};

#define VHYP_VIRTIO_STATE_SIZE	0x1000	/* one state page per device */
#define VHYP_VIRTIO_MMAP_RAM	(1ULL << 48)	/* mmap offset of IPA 0 */

_Static_assert(sizeof(struct vhyp_cell_virtio) == 176, "vhyp_cell_virtio layout");
_Static_assert(sizeof(struct vhyp_virtio_req) == 32, "vhyp_virtio_req layout");
_Static_assert(sizeof(struct vhyp_virtio_answer) == 16, "vhyp_virtio_answer layout");
_Static_assert(sizeof(struct vhyp_virtio_irq) == 16, "vhyp_virtio_irq layout");

#endif
