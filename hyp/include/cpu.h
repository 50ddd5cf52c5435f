/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU state of the hypervisor.  Each CPU slot owns VHYP_PERCPU_SIZE
 * bytes: this struct at the bottom, its EL2 stack above it.  TPIDR_EL2
 * holds the slot's address while the CPU runs under vhyp.
 */
#ifndef _VHYP_CPU_H
#define _VHYP_CPU_H

#include <linux/types.h>
#include <vhyp/status.h>
#include "arm64.h"
#include "spinlock.h"

#define VHYP_PERCPU_SIZE	(16 * 1024)
#define VIRQ_QUEUE_LEN		64

/* a virtual interrupt in the queue: INTID, priority, no physical one behind it */
#define VIRQ_INTID(e)		((e) & 0x3ff)
#define VIRQ_PRIO(e)		(((e) >> 16) & 0xff)
#define VIRQ_VIRTUAL		BIT(31)
#define VIRQ(intid, prio)	((u32)(intid) | (u32)(prio) << 16)

/*
 * What a trap saved of the interrupted context: x0..x30 and where it
 * returns to.  Handlers change elr/spsr here, never in the registers: the
 * frame is what the exit restores, even after a fault at EL2 overwrote
 * ELR_EL2 and SPSR_EL2 (the panic path).
 */
struct hyp_regs {
	u64 x[31];
	u64 pad;
	u64 elr;
	u64 spsr;
};

/* EL2 state as Linux's hyp stub left it, put back when vhyp leaves. */
struct el2_state {
	u64 hcr, cptr, mdcr, cnthctl, hstr, sctlr, vtcr, tcr, mair, tpidr;
	u64 icc_sre, icc_ctlr, zcr;
	bool has_zcr;
};

struct hyp_cpu {
	u32 slot;
	u32 nr_lrs;
	u64 mpidr;
	struct vhyp_status_cpu *status;
	struct hyp_regs *regs;			/* the trap being handled */

	/* virtual interrupts that did not fit into the list registers (VIRQ_*) */
	u32 virq_queue[VIRQ_QUEUE_LEN];
	u32 virq_head, virq_tail;
	bool vspi_check;		/* another CPU changed its cell's console line */

	/* its redistributor (RD_base), and its SGIs' and PPIs' priorities */
	u64 gicr;
	u8 prio[32];

	/* cells: which one has this CPU, and what another CPU asks of it */
	u32 cell;			/* 0: the root's; else the cell it is given to */
	u32 vcpu;			/* its index in the cell: virtual MPIDR Aff0 */
	bool parked;			/* waiting in cpu_park() */
	bool in_cell;			/* running its cell */
	u32 cmd;			/* CPU_CMD_*, set by another CPU */
	u64 run_entry, run_x0;

	/* root cell PSCI: where a CPU_ON or resume enters Linux */
	spinlock_t boot_lock;
	bool boot_pending;
	u64 boot_entry, boot_ctx;

	struct el2_state saved;
};

static inline struct hyp_cpu *this_cpu(void)
{
	return (struct hyp_cpu *)read_sysreg(tpidr_el2);
}

static inline void count_exit(enum vhyp_exit_reason r)
{
	this_cpu()->status->exits[r]++;
}

#endif
