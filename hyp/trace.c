// SPDX-License-Identifier: GPL-2.0
/*
 * The EL2 trace: what the hypervisor did with each exit, per CPU, for
 * whoever wants to know where a cell's interrupt latency went (the root,
 * through debugfs vhyp/trace).  Layout and rules: uapi/vhyp/trace.h.
 *
 * Off (trace_gen 0) it costs one load and branch per exit of the C paths,
 * and the fast path (irq_fast.S) runs; on, the fast path stands aside, so
 * that every exit is seen.  A ring is written by its own CPU only; a
 * start empties it at that CPU's next exit, never from another CPU.
 */
#include <vhyp/hypercall.h>
#include "hyp.h"
#include "trace.h"

#define EINVAL		22
#define ENOSPC		28
#define TIMER_VIRT_PPI	27
#define CNT_ENABLE	BIT(0)
#define CNT_IMASK	BIT(1)
#define CNT_ISTATUS	BIT(2)

u32 trace_gen;

static struct vhyp_trace_ring *ring_of(struct hyp_cpu *cpu)
{
	return (void *)hyp_status() + VHYP_TRACE_OFFSET + (u64)cpu->slot * VHYP_TRACE_CPU_SIZE;
}

/* The owner's counter (CNTVOFF_EL2 is 0 under vhyp: the same as CNTPCT). */
static u64 now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

struct vhyp_trace_event *trace_enter(struct hyp_cpu *cpu, u32 type, u32 info, u64 arg)
{
	struct vhyp_trace_ring *r = ring_of(cpu);
	u32 gen = __atomic_load_n(&trace_gen, __ATOMIC_ACQUIRE);
	struct vhyp_trace_event *ev;

	if (cpu->trace_gen != gen) {		/* started anew: empty this CPU's ring */
		cpu->trace_gen = gen;
		r->max_stay = r->max_late = 0;
		__atomic_store_n(&r->head, 0, __ATOMIC_RELEASE);
	}
	ev = &r->ev[r->head % VHYP_TRACE_LEN];
	ev->enter = now();
	ev->leave = 0;
	ev->type = type;
	ev->info = info;
	ev->arg = arg;
	return ev;
}

/* The virtual timer's deadline, if its interrupt is what this exit is for. */
static u64 timer_deadline(void)
{
	u64 ctl = read_sysreg(cntv_ctl_el0);

	if ((ctl & (CNT_ENABLE | CNT_IMASK | CNT_ISTATUS)) != (CNT_ENABLE | CNT_ISTATUS))
		return 0;
	return read_sysreg(cntv_cval_el0);
}

void trace_leave(struct hyp_cpu *cpu, struct vhyp_trace_event *ev)
{
	struct vhyp_trace_ring *r = ring_of(cpu);

	ev->leave = now();
	if (ev->type == VHYP_TRACE_IRQ && ev->info == TIMER_VIRT_PPI) {
		ev->arg = timer_deadline();
		if (ev->arg && ev->enter > ev->arg && ev->enter - ev->arg > r->max_late)
			r->max_late = ev->enter - ev->arg;
	}
	if (ev->leave - ev->enter > r->max_stay)
		r->max_stay = ev->leave - ev->enter;
	__atomic_store_n(&r->head, r->head + 1, __ATOMIC_RELEASE);
}

/* VHYP_HC_TRACE, from the root. */
void hc_trace(struct hyp_regs *regs)
{
	static u32 gens;
	u32 gen;

	switch (regs->x[1]) {
	case VHYP_TRACE_START:
		if (hyp_header.status_size < VHYP_TRACE_OFFSET + VHYP_TRACE_SIZE(hyp_header.ncpus)) {
			regs->x[0] = -ENOSPC;	/* a loader without room for the rings */
			return;
		}
		gen = __atomic_add_fetch(&gens, 1, __ATOMIC_RELAXED);
		if (!gen)		/* 0 means off */
			gen = __atomic_add_fetch(&gens, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&trace_gen, gen, __ATOMIC_RELEASE);
		regs->x[0] = 0;
		return;
	case VHYP_TRACE_STOP:
		__atomic_store_n(&trace_gen, 0, __ATOMIC_RELEASE);
		regs->x[0] = 0;
		return;
	default:
		regs->x[0] = -EINVAL;
	}
}
