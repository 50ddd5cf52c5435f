/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: ioctls on /dev/vhyp, the only interface between user space and
 * the driver.  Every argument struct starts with its own size, which the
 * driver checks against the size of this ABI version; reserved fields and
 * unknown flags must be zero or the call fails with EINVAL.
 *
 * Errors of VHYP_ENABLE (each distinct, so that vhypctl can advise):
 *   ENODEV      EL2 is not available to Linux (not implemented, hidden by
 *               a hypervisor underneath, or Linux was started at EL1)
 *   EBUSY       KVM owns EL2 (boot with kvm-arm.mode=none)
 *   EOPNOTSUPP  the kernel runs at EL2 itself (VHE; boot with
 *               id_aa64mmfr1.vh=0)
 *   ENXIO       the interrupt controller is not a GICv3
 *   EACCES      none of SGIs 8..15 is non-secure group 1 (the secure
 *               firmware keeps them): the hypervisor needs one
 *   ENOENT      something of the kernel's that vhyp needs is missing (the
 *               hyp stub's vectors; with hyp_image=, the binary's file)
 *   ERANGE      RAM or devices lie above the 48 bits of physical address
 *               that vhyp's translation tables reach
 *   EADDRNOTAVAIL  VHYP_ENABLE_UART without an address, and no PL011
 *               console UART in the device tree
 *   EALREADY    vhyp is already enabled (VHYP_DISABLE: already disabled)
 *   ENOMEM      no contiguous memory for the hypervisor
 *   EIO         the hypervisor refused to start on a CPU (see its console)
 *
 * VHYP_DISABLE: EALREADY when not enabled; EBUSY when a CPU did not leave
 * the hypervisor (its memory then stays reserved).  VHYP_BENCH: ENOTCONN
 * when not enabled.
 */
#ifndef _UAPI_VHYP_IOCTL_H
#define _UAPI_VHYP_IOCTL_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include "exits.h"
#include "status.h"
#include "cell.h"
#include "channel.h"
#include "virtio.h"

#define VHYP_DEVICE		"/dev/vhyp"
#define VHYP_IOC_MAGIC		0xB6

/* struct vhyp_info.flags */
#define VHYP_INFO_ENABLED	(1u << 0)
#define VHYP_INFO_PANICKED	(1u << 1)	/* the hypervisor stopped itself */

struct vhyp_info {
	__u32 size;		/* in: sizeof(struct vhyp_info) */
	__u32 ioctl_abi;	/* out: VHYP_IOCTL_ABI of the driver */
	__u32 hyp_abi;		/* out: VHYP_HYP_ABI of the loaded binary */
	__u32 flags;		/* out: VHYP_INFO_* */
	char version[32];	/* out: driver version, NUL-terminated */
	__u32 cpus_possible;	/* out: CPUs Linux may ever run on */
	__u32 cpus_online;	/* out: CPUs online now */
	__u32 cpus_hyp;		/* out: CPUs running under the hypervisor */
	__u32 gic_lrs;		/* out: GIC list registers per CPU (0: unknown) */
	__u64 hyp_mem_base;	/* out: physical base of the hypervisor's memory */
	__u64 hyp_mem_size;	/* out: its size in bytes */
	__u64 hyp_mem_used;	/* out: bytes of it in use now (image, CPUs, tables) */
	__u64 enabled_ns;	/* out: CLOCK_BOOTTIME of the enable, 0 while disabled */
	__u32 gic_irqs;		/* out: INTIDs of the GIC (32 + SPIs), 0: unknown (disabled) */
	__u32 kick_sgi;		/* out: the SGI the hypervisor keeps for itself (0: disabled) */
	__u64 uart_base;	/* out: the UART its console is mirrored to, 0: none */
	__u64 smc_refused;	/* out: the root's firmware calls refused (not allowed) */
	__u64 reserved[1];	/* out: zero */
};

/* struct vhyp_enable.flags */
#define VHYP_ENABLE_UART	(1u << 0)	/* mirror the hypervisor console to a UART */
#define VHYP_ENABLE_FLAGS	(VHYP_ENABLE_UART)

struct vhyp_enable {
	__u32 size;		/* sizeof(struct vhyp_enable) */
	__u32 flags;		/* VHYP_ENABLE_* */
	__u64 uart_base;	/* PL011 physical base for VHYP_ENABLE_UART, 0: Linux's console */
	__u64 reserved[4];	/* must be zero */
};

/* struct vhyp_cpu_stats.flags */
#define VHYP_CPU_ONLINE		(1u << 0)	/* online in Linux */
#define VHYP_CPU_HYP		(1u << 1)	/* running under the hypervisor */

struct vhyp_cpu_stats {
	__u32 size;		/* in: sizeof(struct vhyp_cpu_stats) */
	__u32 cpu;		/* in: Linux CPU number */
	__u32 flags;		/* out: VHYP_CPU_* */
	__u32 reserved0;	/* zero */
	__u64 mpidr;		/* out: the CPU's MPIDR affinity */
	__u64 exits[VHYP_EXIT_SLOTS];	/* out: exits by enum vhyp_exit_reason */
};

struct vhyp_console_read {
	__u32 size;		/* in: sizeof(struct vhyp_console_read) */
	__u32 flags;		/* in: zero */
	__u64 buf;		/* in: user buffer */
	__u32 len;		/* in: its size; out: bytes copied */
	__u32 cell;		/* in: 0: the hypervisor's console, else the cell's id */
	__u64 pos;		/* in: position to read from; out: the next one */
	__u64 lost;		/* out: bytes overwritten before they could be read */
	__u64 head;		/* out: position after the newest byte written */
};

/* struct vhyp_bench.op */
#define VHYP_BENCH_HVC_NOP	1	/* empty hypercalls from the calling CPU */

struct vhyp_bench {
	__u32 size;		/* in: sizeof(struct vhyp_bench) */
	__u32 op;		/* in: VHYP_BENCH_* */
	__u64 iterations;	/* in: 1 .. 1000000 */
	__u64 ticks;		/* out: CNTVCT ticks for all iterations */
	__u64 freq;		/* out: CNTFRQ in Hz */
	__u64 reserved[2];	/* zero */
};

/* Bytes for a cell's console input (its UART's receive side). */
struct vhyp_console_write {
	__u32 size;		/* in: sizeof(struct vhyp_console_write) */
	__u32 cell;		/* in: the cell's id */
	__u64 buf;		/* in: user buffer */
	__u32 len;		/* in: bytes, at most 4096; out: bytes taken */
	__u32 reserved0;	/* zero */
};

/* struct vhyp_cell_load.flags */
#define VHYP_LOAD_ENTRY		(1u << 0)	/* the cell starts at this image's IPA */
#define VHYP_LOAD_X0		(1u << 1)	/* x0 = this image's IPA (a device tree) */
#define VHYP_LOAD_FLAGS		(VHYP_LOAD_ENTRY | VHYP_LOAD_X0)
#define VHYP_LOAD_MAX		(256u << 20)	/* bytes per image */

struct vhyp_cell_load {
	__u32 size;		/* sizeof(struct vhyp_cell_load) */
	__u32 id;		/* the cell */
	__u32 flags;		/* VHYP_LOAD_* */
	__u32 reserved0;	/* zero */
	__u64 ipa;		/* where in the cell's RAM */
	__u64 buf;		/* user buffer */
	__u64 len;		/* bytes, 1 .. VHYP_LOAD_MAX, inside one RAM region */
};

/* Start, stop, destroy: which cell. */
struct vhyp_cell_ref {
	__u32 size;		/* sizeof(struct vhyp_cell_ref) */
	__u32 id;
	__u64 reserved[2];	/* zero */
};

struct vhyp_cell_info {
	__u32 size;		/* in: sizeof(struct vhyp_cell_info) */
	__u32 id;		/* in: 1..VHYP_MAX_CELLS */
	__u32 state;		/* out: VHYP_CELL_* (uapi/vhyp/status.h) */
	__u32 failed_cpu;	/* out: with VHYP_CELL_FAILED, the Linux CPU */
	char name[VHYP_CELL_NAME_LEN];	/* out */
	__u64 cpus;		/* out: Linux CPU mask */
	__u64 mem_bytes;	/* out: RAM given to it */
	__u64 starts;		/* out: times started */
	__u64 created_ns;	/* out: CLOCK_BOOTTIME of the create */
	__u64 started_ns;	/* out: of the last start, 0 if never */
	__u64 esr, far, pc;	/* out: of the fault, with VHYP_CELL_FAILED */
	char reason[96];	/* out: why it failed */
	__u64 exits[VHYP_EXIT_SLOTS];	/* out: its CPUs' exits, summed */
	__u64 irqs_denied;	/* out: its distributor accesses to others' interrupts */
	__u64 sgis_denied;	/* out: its SGIs aimed outside the cell, dropped */
	__u64 serrors;		/* out: SErrors it caused, passed on to it */
	__u64 reserved[1];	/* out: zero */
	struct vhyp_cell_report report;	/* out: its payload's report (status.h) */
};

/* The configuration a cell was created from, as the driver keeps it. */
struct vhyp_cell_get_config {
	__u32 size;		/* sizeof(struct vhyp_cell_get_config) */
	__u32 id;		/* the cell */
	__u64 buf;		/* out: a struct vhyp_cell_config is written here */
	__u64 reserved[2];	/* zero */
};

/*
 * Channels (channel.h, Documentation/channels.md).  A channel exists from
 * the create of the first cell that names it until neither end needs it:
 * no cell attached and, for a root channel, no file of it open.
 */
#define VHYP_CHANNEL_END_ROOT	0xffffffffu	/* vhyp_channel_end.cell: the root */

struct vhyp_channel_end {
	__u32 cell;		/* the cell's id, VHYP_CHANNEL_END_ROOT, 0: not attached */
	__u32 flags;		/* VHYP_CHAN_READONLY */
	char cell_name[VHYP_CELL_NAME_LEN];	/* the cell that is (or will be) this end */
	__u64 ipa;		/* its window (a cell) */
	__u32 irq;		/* its doorbell's virtual SPI, 0: none */
	__u32 peer_state;	/* VHYP_PEER_*: the other end, as this end sees it */
	__u64 doorbells;	/* rings this end received */
	__u64 events;		/* doorbells and peer changes it was told of */
};

struct vhyp_channel_info {
	__u32 size;		/* in: sizeof(struct vhyp_channel_info) */
	__u32 id;		/* in: 1..VHYP_MAX_CHANNELS */
	char name[VHYP_CHANNEL_NAME_LEN];	/* out */
	__u64 bytes;		/* out: data bytes */
	__u32 open_files;	/* out: the root's open files of it */
	__u32 reserved0;	/* out: zero */
	struct vhyp_channel_end end[2];	/* out */
	__u64 reserved[2];	/* out: zero */
};

/* struct vhyp_channel_open.flags */
#define VHYP_CHANNEL_NONBLOCK	(1u << 0)	/* the file is O_NONBLOCK */
#define VHYP_CHANNEL_OPEN_FLAGS	(VHYP_CHANNEL_NONBLOCK)

/*
 * Returns a file descriptor (close-on-exec): mmap (MAP_SHARED, offset 0)
 * gives the root's window, header page (read-only) then data (read-only
 * if the root only reads); read() of 8 bytes waits for and returns the
 * count of events (doorbells, peer changes) since the last read; write()
 * of 8 bytes, or VHYP_CHANNEL_RING, rings the cell; poll() says POLLIN
 * when a read would not wait.  ENOENT: no channel of that name has the
 * root as an end.
 */
struct vhyp_channel_open {
	__u32 size;		/* sizeof(struct vhyp_channel_open) */
	__u32 flags;		/* VHYP_CHANNEL_* */
	char name[VHYP_CHANNEL_NAME_LEN];
	__u64 reserved[2];	/* zero */
};

/* struct vhyp_virtio_open.flags */
#define VHYP_VIRTIO_NONBLOCK	(1u << 0)	/* the file is O_NONBLOCK */
#define VHYP_VIRTIO_OPEN_FLAGS	(VHYP_VIRTIO_NONBLOCK)

/*
 * The backend's file of a cell's virtio devices (virtio.h): returns a file
 * descriptor (close-on-exec).  ENOENT: no such cell; ENODEV: it has no
 * virtio devices; EBUSY: another file of it is open (one backend per cell).
 */
struct vhyp_virtio_open {
	__u32 size;		/* sizeof(struct vhyp_virtio_open) */
	__u32 flags;		/* VHYP_VIRTIO_NONBLOCK */
	__u32 cell;		/* the cell's id */
	__u32 reserved0;	/* zero */
	__u64 reserved[2];	/* zero */
};

/* The layouts are the ABI: the same sizes in every world that compiles them. */
_Static_assert(sizeof(struct vhyp_info) == 128, "vhyp_info layout");
_Static_assert(sizeof(struct vhyp_enable) == 48, "vhyp_enable layout");
_Static_assert(sizeof(struct vhyp_cpu_stats) == 152, "vhyp_cpu_stats layout");
_Static_assert(sizeof(struct vhyp_console_read) == 48, "vhyp_console_read layout");
_Static_assert(sizeof(struct vhyp_bench) == 48, "vhyp_bench layout");
_Static_assert(sizeof(struct vhyp_console_write) == 24, "vhyp_console_write layout");
_Static_assert(sizeof(struct vhyp_cell_load) == 40, "vhyp_cell_load layout");
_Static_assert(sizeof(struct vhyp_cell_ref) == 24, "vhyp_cell_ref layout");
_Static_assert(sizeof(struct vhyp_cell_info) == 408, "vhyp_cell_info layout");
_Static_assert(sizeof(struct vhyp_cell_get_config) == 32, "vhyp_cell_get_config layout");
_Static_assert(sizeof(struct vhyp_channel_end) == 72, "vhyp_channel_end layout");
_Static_assert(sizeof(struct vhyp_channel_info) == 200, "vhyp_channel_info layout");
_Static_assert(sizeof(struct vhyp_channel_open) == 40, "vhyp_channel_open layout");
_Static_assert(sizeof(struct vhyp_virtio_open) == 32, "vhyp_virtio_open layout");

#define VHYP_GET_INFO		_IOWR(VHYP_IOC_MAGIC, 0x00, struct vhyp_info)
#define VHYP_ENABLE		_IOW(VHYP_IOC_MAGIC, 0x01, struct vhyp_enable)
#define VHYP_DISABLE		_IO(VHYP_IOC_MAGIC, 0x02)
#define VHYP_GET_CPU_STATS	_IOWR(VHYP_IOC_MAGIC, 0x03, struct vhyp_cpu_stats)
#define VHYP_CONSOLE_READ	_IOWR(VHYP_IOC_MAGIC, 0x04, struct vhyp_console_read)
#define VHYP_BENCH		_IOWR(VHYP_IOC_MAGIC, 0x05, struct vhyp_bench)
#define VHYP_CONSOLE_WRITE	_IOWR(VHYP_IOC_MAGIC, 0x06, struct vhyp_console_write)

/*
 * Cells.  VHYP_CELL_CREATE returns the new cell's id (1..VHYP_MAX_CELLS).
 * Errors: EINVAL a rule of the config broken (dmesg says which), EEXIST
 * the name is taken, ENOSPC no free cell slot, EBUSY a CPU is not the
 * root's to give (offline, a cell's, the last one), EPERM memory or a
 * device the root does not own, ENOMEM, ENOTCONN vhyp is not enabled,
 * ENOENT no such cell, EALREADY running (start) or not running (stop).
 */
#define VHYP_CELL_CREATE	_IOW(VHYP_IOC_MAGIC, 0x10, struct vhyp_cell_config)
#define VHYP_CELL_LOAD		_IOW(VHYP_IOC_MAGIC, 0x11, struct vhyp_cell_load)
#define VHYP_CELL_START		_IOW(VHYP_IOC_MAGIC, 0x12, struct vhyp_cell_ref)
#define VHYP_CELL_STOP		_IOW(VHYP_IOC_MAGIC, 0x13, struct vhyp_cell_ref)
#define VHYP_CELL_DESTROY	_IOW(VHYP_IOC_MAGIC, 0x14, struct vhyp_cell_ref)
#define VHYP_CELL_INFO		_IOWR(VHYP_IOC_MAGIC, 0x15, struct vhyp_cell_info)
#define VHYP_CELL_CONFIG	_IOW(VHYP_IOC_MAGIC, 0x16, struct vhyp_cell_get_config)

#define VHYP_CHANNEL_INFO	_IOWR(VHYP_IOC_MAGIC, 0x20, struct vhyp_channel_info)
#define VHYP_CHANNEL_OPEN	_IOW(VHYP_IOC_MAGIC, 0x21, struct vhyp_channel_open)
#define VHYP_CHANNEL_RING	_IO(VHYP_IOC_MAGIC, 0x22)	/* on a channel's file */

#define VHYP_VIRTIO_OPEN	_IOW(VHYP_IOC_MAGIC, 0x30, struct vhyp_virtio_open)
#define VHYP_VIRTIO_IRQ		_IOW(VHYP_IOC_MAGIC, 0x31, struct vhyp_virtio_irq)	/* on its file */

#endif
