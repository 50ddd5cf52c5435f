// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls from the root cell: vhyp's own (uapi/vhyp/hypercall.h), and
 * Linux's hyp-stub calls, answered as the stub would so that kexec and
 * reboot keep working while vhyp is enabled: whoever sets new EL2
 * vectors, resets them or soft-restarts at EL2 takes EL2 back, and vhyp
 * leaves this CPU first.  Not while a cell exists: the CPU would run
 * without stage 2 and reach every cell's memory, so these calls, and
 * vhyp's own disable call, get the stub's error (the driver destroys the
 * cells before a reboot or kexec).
 */
#include <vhyp/hypercall.h>
#include <vhyp/version.h>
#include "hyp.h"
#include "cell.h"
#include "pool.h"
#include "trace.h"

#define EBUSY		16
#define EAGAIN		11
#define EINVAL		22

typedef void (*hypercall_t)(struct hyp_regs *regs);

static void hc_version(struct hyp_regs *regs)
{
	regs->x[0] = VHYP_HYP_ABI;
}

static void hc_nop(struct hyp_regs *regs)
{
	regs->x[0] = 0;
}

/*
 * Leave this CPU: not while cells exist, and not while an LPI waits here
 * for the root (it cannot be made pending again at the GIC): the driver
 * lets Linux take it and calls again.
 */
static void hc_disable_cpu(struct hyp_regs *regs)
{
	if (cells_exist()) {
		regs->x[0] = -EBUSY;
		return;
	}
	if (virq_lpis_pending(this_cpu())) {
		regs->x[0] = -EAGAIN;
		return;
	}
	regs->x[0] = 0;
	hyp_cpu_leave(regs, hyp_header.stub_vectors, 0);
}

/* Deeper and deeper, until the EL2 stack runs into its guard page (limit: never reached). */
static u64 __attribute__((noinline)) recurse(u64 depth, u64 limit)
{
	volatile u64 frame[32];

	frame[0] = depth;
	if (depth == limit)
		return frame[0];
	return recurse(depth + 1, limit) + frame[0];
}

/*
 * Only when the driver was loaded with test_faults=1: x1 = 0, a fault at
 * EL2 (the panic path's test); x1 = 1, CPU slot x2 acts at its next exit
 * as if its owner had caused an SError (serror.c); x1 = 2, the EL2 stack
 * overflows (the guard page's test); x1 = 3, the x2-th table page taken
 * from now cannot be had (the error paths of cell_map and the like).
 */
static void hc_test_fault(struct hyp_regs *regs)
{
	u64 nowhere = 8;		/* nothing is mapped there at EL2 */
	struct hyp_cpu *c;

	if (!(hyp_header.flags & VHYP_HDR_TEST_FAULT)) {
		regs->x[0] = VHYP_HC_NOT_SUPPORTED;
		return;
	}
	if (regs->x[1] == VHYP_TEST_SERROR) {
		if (regs->x[2] >= hyp_header.ncpus || !hyp_cpu_slot(regs->x[2])->status) {
			regs->x[0] = -EINVAL;
			return;
		}
		c = hyp_cpu_slot(regs->x[2]);
		__atomic_store_n(&c->test_serror, true, __ATOMIC_RELEASE);
		if (c == this_cpu())
			serror_check(c);
		else
			cpu_kick(c);
		regs->x[0] = 0;
		return;
	}
	if (regs->x[1] == VHYP_TEST_POOL_FAIL) {
		pool_fail_nth(regs->x[2]);	/* (u32: 0 cancels) */
		regs->x[0] = 0;
		return;
	}
	if (regs->x[1] == VHYP_TEST_STACK_OVERFLOW) {
		hyp_printf("vhyp: CPU %u: overflowing the EL2 stack on purpose (test_faults)\n",
			   this_cpu()->slot);
		regs->x[0] = recurse(0, ~0ULL);
		return;
	}
	if (regs->x[1] != VHYP_TEST_EL2_FAULT) {
		regs->x[0] = -EINVAL;
		return;
	}
	hyp_printf("vhyp: CPU %u: faulting on purpose (test_faults)\n", this_cpu()->slot);
	asm volatile("" : "+r" (nowhere));
	*(volatile u64 *)nowhere = 0;
}

/* Cell management, serialised: the root's CPUs may call at the same time. */
#define CELL_CALL(name, call)						\
static void name(struct hyp_regs *regs)				\
{									\
	u64 *x = regs->x;						\
									\
	spin_lock(&cell_lock);						\
	x[0] = call;							\
	spin_unlock(&cell_lock);					\
}
CELL_CALL(hc_cell_create, cell_create(x[1], x[2], x[3]))
CELL_CALL(hc_cell_map, cell_map(x[1], x[2], x[3], x[4], x[5]))
CELL_CALL(hc_cell_console, cell_console(x[1], x[2], x[3], x[4]))
CELL_CALL(hc_cell_start, cell_start(x[1], x[2], x[3]))
CELL_CALL(hc_cell_stop, cell_stop(x[1]))
CELL_CALL(hc_cell_destroy, cell_destroy(x[1]))
CELL_CALL(hc_cell_input, cell_input(x[1], x[2]))
CELL_CALL(hc_cell_irq, cell_irq(x[1], x[2]))
CELL_CALL(hc_channel_create, channel_create(x[1], x[2], x[3], x[4], x[5]))
CELL_CALL(hc_channel_mem, channel_mem(x[1], x[2], x[3], x[4]))
CELL_CALL(hc_channel_attach, channel_attach(x[1], x[2], x[3], x[4], x[5]))
CELL_CALL(hc_channel_destroy, channel_destroy(x[1]))
CELL_CALL(hc_virtio_dev, virtio_dev(x[1], x[2], x[3], x[4]))
CELL_CALL(hc_virtio_answer, virtio_answer(x[1], x[2], x[3]))
CELL_CALL(hc_virtio_consumed, virtio_consumed(x[1], x[2]))
CELL_CALL(hc_virtio_irq, virtio_irq(x[1], x[2]))
CELL_CALL(hc_virtio_replay, virtio_replay(x[1]))

/* The root rings a cell: no lock, as a cell's ring takes none (channel.c). */
static void hc_channel_ring(struct hyp_regs *regs)
{
	channel_ring_call(regs, NULL);
}

static const hypercall_t hypercalls[] = {
	[VHYP_HC_VERSION - VHYP_HC_BASE]	= hc_version,
	[VHYP_HC_DISABLE_CPU - VHYP_HC_BASE]	= hc_disable_cpu,
	[VHYP_HC_NOP - VHYP_HC_BASE]		= hc_nop,
	[VHYP_HC_TEST_FAULT - VHYP_HC_BASE]	= hc_test_fault,
	[VHYP_HC_TRACE - VHYP_HC_BASE]		= hc_trace,
	[VHYP_HC_CELL_CREATE - VHYP_HC_BASE]	= hc_cell_create,
	[VHYP_HC_CELL_MAP - VHYP_HC_BASE]	= hc_cell_map,
	[VHYP_HC_CELL_CONSOLE - VHYP_HC_BASE]	= hc_cell_console,
	[VHYP_HC_CELL_START - VHYP_HC_BASE]	= hc_cell_start,
	[VHYP_HC_CELL_STOP - VHYP_HC_BASE]	= hc_cell_stop,
	[VHYP_HC_CELL_DESTROY - VHYP_HC_BASE]	= hc_cell_destroy,
	[VHYP_HC_CELL_INPUT - VHYP_HC_BASE]	= hc_cell_input,
	[VHYP_HC_CELL_IRQ - VHYP_HC_BASE]	= hc_cell_irq,
	[VHYP_HC_CHANNEL_CREATE - VHYP_HC_BASE]	= hc_channel_create,
	[VHYP_HC_CHANNEL_MEM - VHYP_HC_BASE]	= hc_channel_mem,
	[VHYP_HC_CHANNEL_ATTACH - VHYP_HC_BASE]	= hc_channel_attach,
	[VHYP_HC_CHANNEL_DESTROY - VHYP_HC_BASE] = hc_channel_destroy,
	[VHYP_HC_CHANNEL_RING - VHYP_HC_BASE]	= hc_channel_ring,
	[VHYP_HC_VIRTIO_DEV - VHYP_HC_BASE]	= hc_virtio_dev,
	[VHYP_HC_VIRTIO_ANSWER - VHYP_HC_BASE]	= hc_virtio_answer,
	[VHYP_HC_VIRTIO_CONSUMED - VHYP_HC_BASE] = hc_virtio_consumed,
	[VHYP_HC_VIRTIO_IRQ - VHYP_HC_BASE]	= hc_virtio_irq,
	[VHYP_HC_VIRTIO_REPLAY - VHYP_HC_BASE]	= hc_virtio_replay,
};

static void stub_call(struct hyp_regs *regs)
{
	u64 fn = regs->x[0];

	if ((fn == VHYP_LINUX_HVC_SET_VECTORS || fn == VHYP_LINUX_HVC_RESET_VECTORS ||
	     fn == VHYP_LINUX_HVC_SOFT_RESTART) && cells_exist()) {
		hyp_printf("vhyp: CPU %u: hyp-stub call %llu refused: cells exist, and the CPU would reach their memory\n",
			   this_cpu()->slot, fn);
		regs->x[0] = VHYP_LINUX_HVC_STUB_ERR;
		return;
	}
	switch (fn) {
	case VHYP_LINUX_HVC_SET_VECTORS:
		regs->x[0] = 0;
		hyp_cpu_leave(regs, regs->x[1], 0);
	case VHYP_LINUX_HVC_RESET_VECTORS:
		regs->x[0] = 0;
		hyp_cpu_leave(regs, hyp_header.stub_vectors, 0);
	case VHYP_LINUX_HVC_SOFT_RESTART:
		hyp_cpu_leave(regs, hyp_header.stub_vectors, regs->x[1]);
	default:
		/* HVC_FINALISE_EL2 (no switch to VHE under a hypervisor), unknown */
		regs->x[0] = VHYP_LINUX_HVC_STUB_ERR;
	}
}

void handle_hvc(struct hyp_regs *regs, u64 esr)
{
	u64 fn = regs->x[0];
	u64 idx = fn - VHYP_HC_BASE;

	(void)esr;
	count_exit(VHYP_EXIT_HVC);
	/* not an SMC Calling Convention fast call: the stub's kind of call */
	if (!(fn & VHYP_SMCCC_FAST_CALL)) {
		stub_call(regs);
		return;
	}
	if (idx < ARRAY_SIZE(hypercalls) && hypercalls[idx]) {
		hypercalls[idx](regs);
		return;
	}
	regs->x[0] = VHYP_HC_NOT_SUPPORTED;
}

static bool is_psci(u32 fn)
{
	return (fn & ~0x4000001fu) == 0x84000000u;
}

/*
 * From a cell: PSCI, the Arm architecture calls (smccc.c), a channel
 * end's two calls and its payload's report (cell_report.c); the rest of
 * vhyp's own are the root's alone.
 */
void cell_hvc(struct hyp_regs *regs, u64 esr);
void cell_hvc(struct hyp_regs *regs, u64 esr)
{
	(void)esr;
	count_exit(VHYP_EXIT_HVC);
	if ((u32)regs->x[0] == VHYP_HC_CHANNEL_RING)	/* SMCCC: W0 is the function */
		channel_ring_call(regs, cell_of(this_cpu()));
	else if ((u32)regs->x[0] == VHYP_HC_CHANNEL_QUERY)
		channel_query_call(regs, cell_of(this_cpu()));
	else if ((u32)regs->x[0] == VHYP_HC_CELL_REPORT)
		cell_report_call(regs, cell_of(this_cpu()));
	else if (is_psci(regs->x[0]))
		vpsci_call(regs);
	else if (!smccc_cell_call(regs))
		regs->x[0] = VHYP_HC_NOT_SUPPORTED;
}

void cell_smc(struct hyp_regs *regs, u64 esr);
void cell_smc(struct hyp_regs *regs, u64 esr)
{
	(void)esr;
	skip_instr(regs);
	count_exit(VHYP_EXIT_SMC);
	if (is_psci(regs->x[0]))
		vpsci_call(regs);
	else if (!smccc_cell_call(regs))
		regs->x[0] = VHYP_HC_NOT_SUPPORTED;
}
