/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: the EL2 trace, a ring of events per CPU that says what the
 * hypervisor did with each exit of whoever runs on that CPU: when it came
 * in, when it went back, and for the virtual timer's interrupt the
 * deadline it was late for.  Off by default: then the hypervisor writes
 * nothing here, and a cell's own interrupts take the fast path
 * (hyp/irq_fast.S), which has no trace.  On: every exit takes the C path
 * and is recorded.
 *
 * The rings follow the status area (status.h) in the same read-only
 * mapping: CPU slot n's at VHYP_TRACE_OFFSET + n * VHYP_TRACE_CPU_SIZE,
 * for the ncpus slots of the hypervisor's header.  The root turns the
 * trace on or off with VHYP_HC_TRACE (driver: debugfs vhyp/trace).
 *
 * A ring is written by its CPU only.  An event is filled at the exit's
 * entry and published when the exit returns to its owner (head incremented,
 * release); an exit that does not return (its CPU parks, or leaves the
 * hypervisor) is not recorded.  A reader copies ev[p % VHYP_TRACE_LEN] for
 * head - LEN <= p < head and keeps what is still in that window after the
 * copy (head read again, acquire).  VHYP_TRACE_START empties each ring at
 * its CPU's next exit (head and the maxima back to 0).
 */
#ifndef _UAPI_VHYP_TRACE_H
#define _UAPI_VHYP_TRACE_H

#include <linux/types.h>
#include "status.h"

#define VHYP_TRACE_OFFSET	VHYP_STATUS_SIZE	/* from the status area's start */
#define VHYP_TRACE_CPU_SIZE	(16 * 1024)
#define VHYP_TRACE_LEN		((VHYP_TRACE_CPU_SIZE - 64) / 32)
/* the trace area's size for a hypervisor of 'ncpus' CPU slots */
#define VHYP_TRACE_SIZE(ncpus)	((ncpus) * VHYP_TRACE_CPU_SIZE)

/* vhyp_trace_event.type */
#define VHYP_TRACE_IRQ		1	/* a physical interrupt: info = INTID */
#define VHYP_TRACE_TRAP		2	/* a synchronous exit: info = exception class,
					 * arg = ESR_EL2 */

/* VHYP_HC_TRACE x1 */
#define VHYP_TRACE_STOP		0	/* stop recording; the rings stay */
#define VHYP_TRACE_START	1	/* empty every ring, then record */

/*
 * Times are the counter as the owner of the CPU sees it (CNTVCT: the
 * physical count less CNTVOFF_EL2), so that they compare with its timer's
 * deadlines.  'arg' of a VHYP_TRACE_IRQ is CNTV_CVAL if the interrupt is
 * the virtual timer's (INTID 27) and its condition was met, else 0.
 */
struct vhyp_trace_event {
	__u64 enter;		/* counter when the exit reached the hypervisor's C code */
	__u64 leave;		/* counter when it returned to its owner */
	__u64 arg;
	__u32 type;		/* VHYP_TRACE_* */
	__u32 info;
};

struct vhyp_trace_ring {
	__u64 head;		/* events ever completed since the trace started */
	__u64 max_stay;		/* the longest leave - enter, counter ticks */
	__u64 max_late;		/* the latest virtual timer: enter - deadline */
	__u64 reserved[5];
	struct vhyp_trace_event ev[VHYP_TRACE_LEN];
};

#endif
