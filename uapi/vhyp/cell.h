/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: a cell's configuration as vhypctl hands it to the driver
 * (VHYP_CELL_CREATE): flat, explicitly sized, versioned.  vhypctl builds
 * it from a device-tree cell config (Documentation/cell-config.md) after
 * checking every rule it can; the driver checks it again against the
 * running system and refuses anything the root does not own.
 *
 * Addresses and sizes are in bytes and 4 KiB aligned.  Unused array
 * entries and reserved fields are zero.
 */
#ifndef _UAPI_VHYP_CELL_H
#define _UAPI_VHYP_CELL_H

#include <linux/types.h>
#include "virtio.h"

/*
 * The device-tree schema (vhyp,schema-version) and this struct's layout.
 * Version 2 added channels, version 3 virtio devices; a file of an older
 * version (which has none) is still accepted by vhypctl and becomes a
 * version 3 struct.
 */
#define VHYP_CELL_SCHEMA	3
#define VHYP_CELL_SCHEMA_MIN	1	/* the oldest device-tree schema vhypctl reads */

#define VHYP_CELL_NAME_LEN	32	/* with the NUL */
#define VHYP_REGION_NAME_LEN	16	/* with the NUL */
#define VHYP_CELL_MAX_MEM	16
#define VHYP_CELL_MAX_DEV	16
#define VHYP_CELL_MAX_IRQS	32
#define VHYP_CELL_MAX_CPUS	64	/* Linux CPU numbers 0..63 */
#define VHYP_CELL_MAX_CHANNELS	8	/* channels one cell is an end of */
#define VHYP_CHANNEL_NAME_LEN	16	/* with the NUL */

/* vhyp_cell_mem.flags */
#define VHYP_MEM_READ		(1u << 0)
#define VHYP_MEM_WRITE		(1u << 1)
#define VHYP_MEM_EXEC		(1u << 2)
#define VHYP_MEM_IDENTITY	(1u << 3)	/* phys == ipa: taken from a reserved-memory
						 * region of the root, not allocated (DMA) */
#define VHYP_MEM_FLAGS		(VHYP_MEM_READ | VHYP_MEM_WRITE | VHYP_MEM_EXEC | \
				 VHYP_MEM_IDENTITY)

struct vhyp_cell_mem {
	char name[VHYP_REGION_NAME_LEN];	/* the region's node name */
	__u64 ipa;		/* where the cell sees it */
	__u64 size;
	__u32 flags;		/* VHYP_MEM_*; RAM is at least READ */
	__u32 reserved;
};

/* A device passed through: its MMIO range, mapped at the same address. */
struct vhyp_cell_dev {
	char name[VHYP_REGION_NAME_LEN];	/* the device's node name */
	__u64 base;		/* physical address == IPA */
	__u64 size;
};

/* vhyp_cell_console.type */
#define VHYP_CONSOLE_NONE	0
#define VHYP_CONSOLE_PL011	1	/* an emulated PL011 at 'ipa' */

struct vhyp_cell_console {
	__u32 type;		/* VHYP_CONSOLE_* */
	__u32 irq;		/* its interrupt, 0: none: the INTID of a virtual SPI
				 * of the cell's GIC, no device's */
	__u64 ipa;		/* base of its 4 KiB register frame */
};

/* vhyp_cell_channel.flags */
#define VHYP_CHAN_READONLY	(1u << 0)	/* this cell only reads the data */
#define VHYP_CHAN_PEER_READONLY	(1u << 1)	/* the root only reads it (peer "root" only) */
#define VHYP_CHAN_FLAGS		(VHYP_CHAN_READONLY | VHYP_CHAN_PEER_READONLY)
#define VHYP_CHANNEL_MAX_SIZE	(16u << 20)	/* data bytes of one channel */
#define VHYP_CHANNEL_PEER_ROOT	"root"		/* vhyp_cell_channel.peer for the root */

/*
 * A channel this cell is an end of (Documentation/channels.md): shared
 * memory with the peer, the root or another cell, and a doorbell each
 * way.  The cell sees a window at 'ipa': one read-only header page the
 * hypervisor writes (struct vhyp_channel_header, channel.h), then 'size'
 * bytes of data.  Both ends name the channel alike and give the same size.
 */
struct vhyp_cell_channel {
	char name[VHYP_CHANNEL_NAME_LEN];	/* unique in the system */
	char peer[VHYP_CELL_NAME_LEN];	/* "root" or the other cell's name */
	__u64 ipa;		/* the window: header page, then the data */
	__u64 size;		/* data bytes: 4 KiB multiple, 4 KiB .. VHYP_CHANNEL_MAX_SIZE */
	__u32 flags;		/* VHYP_CHAN_* */
	__u32 irq;		/* the virtual SPI (INTID) its peer's doorbell raises, 0: none */
};

/* vhyp_cell_config.flags */
#define VHYP_CELL_PMU		(1u << 0)	/* its CPUs' PMU is the cell's (reset at every
						 * start); without it the PMU is trapped and
						 * hidden */
#define VHYP_CELL_FLAGS		(VHYP_CELL_PMU)

struct vhyp_cell_config {
	__u32 size;		/* sizeof(struct vhyp_cell_config) */
	__u32 schema;		/* VHYP_CELL_SCHEMA */
	char name[VHYP_CELL_NAME_LEN];	/* 1..31 of [a-zA-Z0-9_-], unique among cells */
	__u64 cpus;		/* bit n: Linux CPU n goes to the cell */
	__u32 num_mem;
	__u32 num_dev;
	__u32 num_irqs;
	__u32 flags;		/* VHYP_CELL_* */
	struct vhyp_cell_mem mem[VHYP_CELL_MAX_MEM];
	struct vhyp_cell_dev dev[VHYP_CELL_MAX_DEV];
	__u32 irqs[VHYP_CELL_MAX_IRQS];	/* the devices' SPIs as INTIDs (32..1019),
					 * each once, in config order */
	struct vhyp_cell_console console;
	__u32 num_channels;
	__u32 reserved0;	/* zero */
	struct vhyp_cell_channel channels[VHYP_CELL_MAX_CHANNELS];
	__u32 num_virtio;
	__u32 reserved1;	/* zero */
	struct vhyp_cell_virtio virtio[VHYP_CELL_MAX_VIRTIO];	/* virtio.h */
	__u64 reserved[8];
};

_Static_assert(sizeof(struct vhyp_cell_mem) == 40, "vhyp_cell_mem layout");
_Static_assert(sizeof(struct vhyp_cell_dev) == 32, "vhyp_cell_dev layout");
_Static_assert(sizeof(struct vhyp_cell_channel) == 72, "vhyp_cell_channel layout");
_Static_assert(sizeof(struct vhyp_cell_config) == 3424, "vhyp_cell_config layout");

#endif
