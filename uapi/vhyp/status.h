/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: the status area the hypervisor writes and the root cell may only
 * read (its stage-2 maps it read-only): state, per-CPU exit counters and
 * the hypervisor console, a byte ring.  Positions in the ring count every
 * byte ever written; byte p lives at ring[p % console_size].
 */
#ifndef _UAPI_VHYP_STATUS_H
#define _UAPI_VHYP_STATUS_H

#include <linux/types.h>
#include "exits.h"
#include "header.h"

#define VHYP_STATUS_SIZE	(64 * 1024)
#define VHYP_CONSOLE_OFFSET	(16 * 1024)
#define VHYP_CONSOLE_SIZE	(VHYP_STATUS_SIZE - VHYP_CONSOLE_OFFSET)

/* vhyp_status.state */
#define VHYP_STATE_OFF		0
#define VHYP_STATE_RUNNING	1
#define VHYP_STATE_PANICKED	2

/* vhyp_status_cpu.state */
#define VHYP_CPU_STATE_OFF	0	/* never entered, or left */
#define VHYP_CPU_STATE_HYP	1	/* running a cell under the hypervisor */

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
	char panic_reason[128];	/* NUL-terminated, set with VHYP_STATE_PANICKED */
	struct vhyp_status_cpu cpu[VHYP_MAX_CPUS];
};

#endif
