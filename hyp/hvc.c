// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls from the root cell: vhyp's own (uapi/vhyp/hypercall.h), and
 * Linux's hyp-stub calls, answered as the stub would so that kexec and
 * reboot keep working while vhyp is enabled: whoever sets new EL2
 * vectors, resets them or soft-restarts at EL2 takes EL2 back, and vhyp
 * leaves this CPU first.
 */
#include <vhyp/hypercall.h>
#include <vhyp/version.h>
#include "hyp.h"

typedef void (*hypercall_t)(struct hyp_regs *regs);

static void hc_version(struct hyp_regs *regs)
{
	regs->x[0] = VHYP_HYP_ABI;
}

static void hc_nop(struct hyp_regs *regs)
{
	regs->x[0] = 0;
}

static void hc_disable_cpu(struct hyp_regs *regs)
{
	regs->x[0] = 0;
	hyp_cpu_leave(regs, hyp_header.stub_vectors, 0);
}

/* Only when the driver was loaded with test_faults=1: the panic path's test. */
static void hc_test_fault(struct hyp_regs *regs)
{
	u64 nowhere = 8;		/* nothing is mapped there at EL2 */

	if (!(hyp_header.flags & VHYP_HDR_TEST_FAULT)) {
		regs->x[0] = VHYP_HC_NOT_SUPPORTED;
		return;
	}
	hyp_printf("vhyp: CPU %u: faulting on purpose (test_faults)\n", this_cpu()->slot);
	asm volatile("" : "+r" (nowhere));
	*(volatile u64 *)nowhere = 0;
}

static const hypercall_t hypercalls[] = {
	[VHYP_HC_VERSION - VHYP_HC_BASE]	= hc_version,
	[VHYP_HC_DISABLE_CPU - VHYP_HC_BASE]	= hc_disable_cpu,
	[VHYP_HC_NOP - VHYP_HC_BASE]		= hc_nop,
	[VHYP_HC_TEST_FAULT - VHYP_HC_BASE]	= hc_test_fault,
};

static void stub_call(struct hyp_regs *regs)
{
	switch (regs->x[0]) {
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
