// SPDX-License-Identifier: GPL-2.0
/*
 * The system registers and instructions a cell's traps catch that are
 * not errors (el2_traps.c): the debug, OS lock, trace, PMU (unless the
 * cell has it), profiling, activity monitor, LORegion, RAS error record,
 * allocation tag and auxiliary control registers read as zero and ignore
 * writes, as on a CPU without them (idregs.c hides them);
 * implementation-defined registers are undefined, as KVM has them; cache
 * maintenance by set/way is done, but an invalidate becomes a clean and
 * invalidate: on a cache shared with other owners it would discard their
 * data.
 */
#include "hyp.h"
#include "cell.h"

#define ISS_OP0(iss)	(((iss) >> 20) & 3)
#define ISS_OP2(iss)	(((iss) >> 17) & 7)
#define ISS_OP1(iss)	(((iss) >> 14) & 7)
#define ISS_CRN(iss)	(((iss) >> 10) & 0xf)
#define ISS_CRM(iss)	(((iss) >> 1) & 0xf)
#define ISS_REG(iss)	((iss) & SYS64_ISS_REG_MASK)

/* Registers a cell sees as absent: reads zero, writes ignored. */
static bool raz_wi(u64 iss)
{
	unsigned int op0 = ISS_OP0(iss), op1 = ISS_OP1(iss), crn = ISS_CRN(iss);
	unsigned int crm = ISS_CRM(iss);

	if (op0 == 2)				/* debug, OS lock, trace (ETM) */
		return true;
	if (op0 != 3)
		return false;
	switch (ISS_REG(iss)) {
	case SYS64_ISS(3, 0, 1, 0, 1):		/* ACTLR_EL1 */
	case SYS64_ISS(3, 0, 1, 2, 1):		/* TRFCR_EL1 */
	case SYS64_ISS(3, 0, 1, 0, 5):		/* RGSR_EL1 */
	case SYS64_ISS(3, 0, 1, 0, 6):		/* GCR_EL1 */
	case SYS64_ISS(3, 0, 5, 6, 0):		/* TFSR_EL1 */
	case SYS64_ISS(3, 0, 5, 6, 1):		/* TFSRE0_EL1 */
		return true;
	}
	if (crn == 9 && crm >= 9)		/* SPE 9-10, TRBE 11, PMU 12-14 */
		return true;
	if (crn == 14 && op1 == 3 && crm >= 8)	/* PMEVCNTRn, PMEVTYPERn, PMCCFILTR */
		return true;
	if (crn == 13 && op1 == 3 && crm >= 2)	/* activity monitors */
		return true;
	if (crn == 10 && op1 == 0 && crm == 4)	/* LORegions */
		return true;
	if (crn == 5 && op1 == 0 && crm >= 3 && crm <= 5)	/* RAS error records */
		return true;
	return false;
}

/* DC ISW, CSW, CISW and their tag variants: op0 1, op1 0, CRn 7, by set/way. */
static bool set_way(u64 iss)
{
	return ISS_OP0(iss) == 1 && ISS_OP1(iss) == 0 && ISS_CRN(iss) == 7 &&
	       (ISS_CRM(iss) == 6 || ISS_CRM(iss) == 10 || ISS_CRM(iss) == 14) &&
	       ISS_OP2(iss) >= 2;
}

/* A trapped access of a cell that is not an error: true when handled. */
bool vsysreg_cell(struct hyp_regs *regs, u64 iss)
{
	unsigned int rt = SYS64_ISS_RT(iss);

	if (ISS_OP0(iss) == 3 && (ISS_CRN(iss) == 11 || ISS_CRN(iss) == 15)) {
		inject_undef(regs);		/* implementation defined */
		return true;
	}
	if (set_way(iss)) {
		u64 v = rt == 31 ? 0 : regs->x[rt];

		if (ISS_CRM(iss) == 10)
			asm volatile("dc csw, %0" : : "r" (v) : "memory");
		else
			asm volatile("dc cisw, %0" : : "r" (v) : "memory");
		skip_instr(regs);
		return true;
	}
	if (!raz_wi(iss))
		return false;
	if ((iss & SYS64_ISS_READ) && rt != 31)
		regs->x[rt] = 0;
	skip_instr(regs);
	return true;
}
