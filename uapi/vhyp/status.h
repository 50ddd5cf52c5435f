/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: the status area the hypervisor writes and the root cell may only
 * read (its stage-2 maps it read-only): state, per-CPU exit counters, each
 * cell's state, the hypervisor console and each cell's console, byte rings.
 * Positions in a ring count every byte ever written; byte p lives at
 * ring[p % size].
 */
#ifndef _UAPI_VHYP_STATUS_H
#define _UAPI_VHYP_STATUS_H

#include <linux/types.h>
#include "exits.h"
#include "header.h"
#include "virtio.h"

#define VHYP_MAX_CELLS		8	/* besides the root */
#define VHYP_STATUS_SIZE	(288 * 1024)
#define VHYP_CONSOLE_OFFSET	(16 * 1024)
#define VHYP_CONSOLE_SIZE	(16 * 1024)
/* cell n (1..VHYP_MAX_CELLS) has its console ring at VHYP_CELL_CONSOLE_OFFSET(n) */
#define VHYP_CELL_CONSOLE_SIZE	(12 * 1024)
#define VHYP_CELL_CONSOLE_OFFSET(n) \
	(VHYP_CONSOLE_OFFSET + VHYP_CONSOLE_SIZE + ((n) - 1) * VHYP_CELL_CONSOLE_SIZE)
/* channel id (1..VHYP_MAX_CHANNELS), end (0, 1): its struct vhyp_channel_header page */
#define VHYP_CHANNEL_HDR_OFFSET(id, end) \
	(128 * 1024 + (((id) - 1) * 2 + (end)) * 4096)

/*
 * Cell n's virtio request ring (struct vhyp_virtio_ring), one page each
 * after the channel headers.  The hypervisor writes it; the root reads
 * records from its own position p, tail <= p < head, at req[p % LEN],
 * and a record it copied is valid if tail is still <= p after the copy
 * (a slot is reused only once the tail passed it).  It reports what it
 * took with VHYP_HC_VIRTIO_CONSUMED.  The hypervisor drops what is queued
 * (tail = head) when the cell stops or starts, then queues one
 * VHYP_VIRTIO_REQ_RESET record.
 */
#define VHYP_VIRTIO_RING_OFFSET(n)	(256 * 1024 + ((n) - 1) * 4096)
#define VHYP_VIRTIO_RING_LEN		120

struct vhyp_virtio_ring {
	__u64 head;		/* records ever queued */
	__u64 tail;		/* records consumed (or dropped) */
	__u64 seq;		/* the newest record's seq */
	__u64 waiting;		/* the cell's CPUs waiting for a read's answer now */
	__u64 reserved[4];
	struct vhyp_virtio_req req[VHYP_VIRTIO_RING_LEN];
};

/* vhyp_status.state */
#define VHYP_STATE_OFF		0
#define VHYP_STATE_RUNNING	1
#define VHYP_STATE_PANICKED	2

/* vhyp_status_cpu.state */
#define VHYP_CPU_STATE_OFF	0	/* never entered, or left */
#define VHYP_CPU_STATE_HYP	1	/* running a cell under the hypervisor */
#define VHYP_CPU_STATE_PARKED	2	/* waiting in the hypervisor, for a cell or the root */

/* vhyp_status_cell.state */
#define VHYP_CELL_FREE		0
#define VHYP_CELL_CREATED	1	/* CPUs being taken, memory the root's */
#define VHYP_CELL_RUNNING	2
#define VHYP_CELL_STOPPED	3	/* stopped by the root, or powered off itself */
#define VHYP_CELL_FAILED	4	/* stopped for a fault: reason, esr, far, pc */
#define VHYP_CELL_RESET		5	/* asked for a reset: stopped, to be restarted */

/*
 * What a cell's payload says of itself (VHYP_HC_CELL_REPORT, hypercall.h;
 * Documentation/uapi.md, "The payload's report"): the hypervisor checks
 * the call's arguments and writes them here, the payload never writes
 * this area.  Zeroed at the cell's create and at each of its starts, so
 * that a new payload never shows an old one's figures.  Written without
 * a lock, each field on its own: from several CPUs at once the newest
 * fields may come from two reports; 'reports' is written last.
 */
struct vhyp_cell_report {
	__u64 reports;		/* reports since the start; 0: none yet */
	__u64 worst_ns;		/* the newest report's worst latency, over its period */
	__u64 max_ns;		/* the largest worst_ns of all reports since the start */
	__u64 samples;		/* the samples of all reports since the start */
	__u32 period_samples;	/* the newest report's samples */
	__u32 code;		/* the newest report's status code: the payload's meaning */
};

struct vhyp_status_cell {
	__u32 state;		/* VHYP_CELL_* */
	__u32 cpu;		/* the CPU slot that failed */
	__u64 cpus;		/* CPU slot mask */
	__u64 esr, far, pc;	/* of the fault, with VHYP_CELL_FAILED */
	__u64 console_head;	/* bytes ever written to its console ring */
	__u64 starts;		/* times started */
	char reason[96];	/* NUL-terminated, with VHYP_CELL_FAILED */
	__u64 irqs_denied;	/* its GICD accesses to interrupts not its own */
	__u64 sgis_denied;	/* its SGIs aimed outside the cell (or the hypervisor's SGI) */
	__u64 serrors;		/* SErrors it caused, passed on to it */
	struct vhyp_cell_report report;	/* its payload's own figures */
};

struct vhyp_status_cpu {
	__u64 mpidr;
	__u32 state;		/* VHYP_CPU_STATE_* */
	__u32 reserved;
	__u64 exits[VHYP_EXIT_SLOTS];
};

struct vhyp_status {
	__u32 abi;		/* VHYP_STATUS_ABI */
	__u32 state;		/* VHYP_STATE_* */
	__u32 ncpus;
	__u32 console_size;	/* VHYP_CONSOLE_SIZE */
	__u64 console_head;	/* position after the newest byte */
	__u32 panic_cpu;
	__u32 gic_lrs;		/* list registers per CPU */
	__u32 gic_irqs;		/* INTIDs the distributor implements (32 + SPIs) */
	__u32 pool_free_pages;	/* pages of the table pool free now */
	__u32 smc_refused;	/* the root's firmware calls refused (firmware.c) */
	__u32 reserved;
	char panic_reason[128];	/* NUL-terminated, set with VHYP_STATE_PANICKED */
	struct vhyp_status_cpu cpu[VHYP_MAX_CPUS];
	struct vhyp_status_cell cell[VHYP_MAX_CELLS + 1];	/* [0]: unused (the root) */
};

#endif
