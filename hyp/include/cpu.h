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

/*
 * A CPU slot: VHYP_PERCPU_SIZE bytes, aligned to their size, laid out so
 * that an overflowing EL2 stack hits an unmapped page instead of the
 * CPU's state, and the fault on it can be told apart by one address bit:
 *   [0, 4K)     struct hyp_cpu
 *   [4K, 12K)   the stack a CPU panics on when its own overflowed
 *   [12K, 16K)  guard page, not mapped at EL2 (the driver leaves it out)
 *   [16K, 32K)  the stack, growing down from the top
 */
#define VHYP_PERCPU_SIZE	(32 * 1024)
#define PERCPU_OVERFLOW_TOP	(12 * 1024)
#define PERCPU_GUARD		(12 * 1024)
#define PERCPU_GUARD_SIZE	(4 * 1024)
#define PERCPU_STACK_BIT	14	/* set in every address of the stack proper */
#define VIRQ_QUEUE_LEN		64
#define GIC_MAX_LRS		16
#define GIC_MAX_APRS		4

/*
 * A virtual interrupt waiting in the queue: INTID (32 bits: LPIs are
 * 8192 and up), priority, and whether a physical one is behind it.
 */
#define VIRQ_INTID(e)		((u32)(e))
#define VIRQ_PRIO(e)		((u8)((e) >> 32))
#define VIRQ_VIRTUAL		BIT_ULL(40)	/* nothing physical: EOI asks for maintenance */
#define VIRQ(intid, prio)	((u64)(u32)(intid) | (u64)(u8)(prio) << 32)

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

/* The traps an owner runs with (el2_traps.c). */
struct el2_traps {
	u64 hcr, mdcr, cptr;
};

/* The virtual CPU interface of a CPU, kept across a power-down suspend. */
struct vgic_state {
	u64 lr[GIC_MAX_LRS];
	u64 ap0r[GIC_MAX_APRS], ap1r[GIC_MAX_APRS];
	u64 vmcr, hcr;
};

struct hyp_cpu {
	u32 slot;
	u32 nr_lrs;
	u64 mpidr;
	struct vhyp_status_cpu *status;		/* NULL until the CPU first entered */
	struct hyp_regs *regs;			/* the trap being handled */

	/* who has this CPU (owner.h), and what the one who claimed it wants */
	u32 own;			/* enum cpu_owner: own_move() only */
	u32 cell;			/* the cell it is given to, 0: none */
	u32 vcpu;			/* its index in the cell: virtual MPIDR Aff0 */
	u32 run_to;			/* with OWN_ENTERING: RUN_CELL or RUN_ROOT */
	u64 run_entry, run_x0;		/* with RUN_CELL */
	bool vspi_check;		/* another CPU changed its cell's console line */

	/* a read of a virtio window waiting for the root's answer (virtio.c) */
	u32 vio_state;			/* VIO_IDLE, VIO_WAITING, VIO_ANSWERED */
	struct vhyp_virtio_req vio_req;	/* the read's record */
	u64 vio_pos;			/* where it was (last) queued in the ring */
	u64 vio_val;			/* the answer */

	/* virtual interrupts that did not fit into the list registers (VIRQ_*) */
	u64 virq_queue[VIRQ_QUEUE_LEN];
	u32 virq_head, virq_tail;
	bool throttled;			/* the queue is full: PMR holds the rest back */
	u32 nr_aprs;			/* ICH_AP0Rn/AP1Rn registers it has */
	struct vgic_state suspended;	/* across a power-down CPU_SUSPEND */

	/* its redistributor frame, and its SGIs' and PPIs' priorities */
	u64 gicr, gicr_size;
	u8 prio[32];

	/* root cell PSCI: where a CPU_ON or resume enters Linux */
	spinlock_t boot_lock;
	bool boot_pending;
	u64 boot_entry, boot_ctx;

	struct el2_state saved;
	struct el2_traps root_traps, cell_traps;
	bool resuming;			/* in a power-down CPU_SUSPEND (psci_relay.c) */
	bool panic_stopped;		/* stopped for good at a panic (panic.c) */
	bool has_ras;			/* the RAS extension: ESB, DISR_EL1 (serror.c) */
	bool serror_expected;		/* taking a pending SError at EL2 (serror.c) */
	bool test_serror;		/* test_faults: act as if an SError came now */

	/* what the firmware offers on this CPU, and its entry hardening (smccc.c) */
	s64 fw_wa[4];			/* ARCH_FEATURES of ARCH_WORKAROUND_1..3 */
	bool fw_trng;
	u32 mitigate;			/* MITIGATE_*: read by vectors.S */

	u32 trace_gen;			/* the trace this CPU's ring holds (trace.c) */

	/* in a cell: ICC_SGI1R_EL1 (INTID 0) for each of its first 16 CPUs (sgi_fast.S) */
	u32 sgi_valid;			/* bit v: sgi_route[v] is the cell's CPU v */
	u64 sgi_route[16];
};

#define MITIGATE_FW_WA1		BIT(0)	/* SMC ARCH_WORKAROUND_1 */
#define MITIGATE_FW_WA3		BIT(1)	/* SMC ARCH_WORKAROUND_3 */
#define MITIGATE_CLRBHB		BIT(2)	/* the CLRBHB instruction */
#define MITIGATE_LOOP_SHIFT	8	/* and up: branch loop iterations */

static inline struct hyp_cpu *this_cpu(void)
{
	return (struct hyp_cpu *)read_sysreg(tpidr_el2);
}

static inline void count_exit(enum vhyp_exit_reason r)
{
	this_cpu()->status->exits[r]++;
}

#endif
