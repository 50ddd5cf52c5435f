/* SPDX-License-Identifier: GPL-2.0 */
/* The EL2 trace (uapi/vhyp/trace.h): one ring per CPU, off by default. */
#ifndef _VHYP_TRACE_H
#define _VHYP_TRACE_H

#include <vhyp/trace.h>
#include "hyp.h"

extern u32 trace_gen;	/* 0: off; changed by every VHYP_TRACE_START */

struct vhyp_trace_event *trace_enter(struct hyp_cpu *cpu, u32 type, u32 info, u64 arg);
void trace_leave(struct hyp_cpu *cpu, struct vhyp_trace_event *ev);
void hc_trace(struct hyp_regs *regs);

/* An exit's event, or NULL when the trace is off (one load and a branch). */
static inline struct vhyp_trace_event *trace_exit(struct hyp_cpu *cpu, u32 type, u32 info,
						  u64 arg)
{
	if (likely(!__atomic_load_n(&trace_gen, __ATOMIC_RELAXED)))
		return NULL;
	return trace_enter(cpu, type, info, arg);
}

#endif
