// SPDX-License-Identifier: GPL-2.0
/*
 * Offsets and constants for the assembly files, generated from the C
 * definitions so that no .S file carries a hand-written offset.
 */
#include <linux/types.h>
#include <vhyp/header.h>
#include "arm64.h"
#include "cpu.h"
#include "gic.h"
#include "owner.h"

#define DEFINE(sym, val) \
	asm volatile("\n.ascii \"->" #sym " %0\"" : : "i" ((u64)(val)))
#define OFFSET(sym, type, member)	DEFINE(sym, __builtin_offsetof(type, member))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(HDR_PERCPU_SIZE, struct vhyp_hyp_header, percpu_size);
	OFFSET(HDR_PERCPU_OFFSET, struct vhyp_hyp_header, percpu_offset);
	OFFSET(HDR_MAIR, struct vhyp_hyp_header, mair);
	OFFSET(HDR_TCR, struct vhyp_hyp_header, tcr);
	OFFSET(HDR_TTBR0, struct vhyp_hyp_header, ttbr0);
	OFFSET(HDR_NCPUS, struct vhyp_hyp_header, ncpus);
	OFFSET(HDR_PHYS_BASE, struct vhyp_hyp_header, phys_base);
	DEFINE(HDR_SIZE, sizeof(struct vhyp_hyp_header));
	OFFSET(CPU_MITIGATE, struct hyp_cpu, mitigate);
	OFFSET(CPU_OWN, struct hyp_cpu, own);
	OFFSET(CPU_CELL, struct hyp_cpu, cell);
	OFFSET(CPU_VIRQ_HEAD, struct hyp_cpu, virq_head);
	OFFSET(CPU_VIRQ_TAIL, struct hyp_cpu, virq_tail);
	OFFSET(CPU_NR_LRS, struct hyp_cpu, nr_lrs);
	OFFSET(CPU_PRIO, struct hyp_cpu, prio);
	OFFSET(CPU_STATUS, struct hyp_cpu, status);
	OFFSET(CPU_HAS_RAS, struct hyp_cpu, has_ras);
	OFFSET(CPU_TEST_SERROR, struct hyp_cpu, test_serror);
	OFFSET(CPU_SGI_VALID, struct hyp_cpu, sgi_valid);
	OFFSET(CPU_SGI_ROUTE, struct hyp_cpu, sgi_route);
	OFFSET(REGS_ELR, struct hyp_regs, elr);
	DEFINE(STATUS_CPU_EXIT_SGI, __builtin_offsetof(struct vhyp_status_cpu, exits) +
	       VHYP_EXIT_SGI * sizeof(__u64));
	DEFINE(EC_SYS64, EC_SYS64);
	DEFINE(ESR_EC_SHIFT, 26);
	DEFINE(SYS64_SGI1R_WRITE, SYS64_ICC_SGI1R);
	DEFINE(SYS64_ISS_REG_READ_MASK, SYS64_ISS_REG_MASK | SYS64_ISS_READ);
	DEFINE(OWN_CELL, OWN_CELL);
	OFFSET(HDR_MAINT_IRQ, struct vhyp_hyp_header, maint_irq);
	OFFSET(HDR_KICK_SGI, struct vhyp_hyp_header, kick_sgi);
	DEFINE(STATUS_CPU_EXIT_IRQ, __builtin_offsetof(struct vhyp_status_cpu, exits) +
	       VHYP_EXIT_IRQ * sizeof(__u64));
	DEFINE(GIC_MAX_INTID, GIC_MAX_INTID);
	DEFINE(GIC_NR_PRIVATE, GIC_NR_PRIVATE);
	DEFINE(GIC_SPURIOUS, GIC_SPURIOUS);
	DEFINE(MITIGATE_FW_WA1_BIT, 0);
	DEFINE(MITIGATE_FW_WA3_BIT, 1);
	DEFINE(MITIGATE_CLRBHB_BIT, 2);
	DEFINE(MITIGATE_LOOP_SHIFT, MITIGATE_LOOP_SHIFT);
	DEFINE(REGS_SIZE, sizeof(struct hyp_regs));
	DEFINE(PERCPU_SIZE, VHYP_PERCPU_SIZE);
	DEFINE(PERCPU_GUARD, PERCPU_GUARD);
	DEFINE(PERCPU_OVERFLOW_TOP, PERCPU_OVERFLOW_TOP);
	DEFINE(PERCPU_STACK_BIT, PERCPU_STACK_BIT);
	DEFINE(SCTLR_EL2_MMU_ON, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I |
	       SCTLR_WXN);
	DEFINE(SCTLR_EL2_MMU_OFF_MASK, SCTLR_M | SCTLR_C);
}
