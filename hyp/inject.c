// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions injected into a cell's EL1, as the CPU would have taken
 * them: ELR/SPSR/ESR/FAR_EL1 set, PSTATE as on exception entry, and the
 * return to the right entry of the cell's vector table.
 */
#include "hyp.h"

#define SCTLR_EL1_SPAN		BIT(23)
#define PSR_AARCH32		BIT(4)

void skip_instr(struct hyp_regs *regs)
{
	regs->elr += 4;
}

static void inject(struct hyp_regs *regs, u64 esr, u64 far)
{
	u64 spsr = regs->spsr;
	u64 pstate = PSR_MODE_EL1h | PSR_DAIF;
	u64 offset;

	if (spsr & PSR_AARCH32)
		offset = 0x600;			/* lower EL, AArch32 */
	else if ((spsr & PSR_MODE_MASK) == PSR_MODE_EL0t)
		offset = 0x400;			/* lower EL, AArch64 */
	else if ((spsr & PSR_MODE_MASK) == PSR_MODE_EL1h)
		offset = 0x200;			/* current EL, SP_EL1 */
	else
		offset = 0;			/* current EL, SP_EL0 */

	if (!(read_sysreg(sctlr_el1) & SCTLR_EL1_SPAN))
		pstate |= PSR_PAN;
	else
		pstate |= spsr & PSR_PAN;

	write_sysreg(regs->elr, elr_el1);
	write_sysreg(spsr, spsr_el1);
	write_sysreg(esr, esr_el1);
	write_sysreg(far, far_el1);
	regs->elr = read_sysreg(vbar_el1) + offset;
	regs->spsr = pstate;
}

void inject_undef(struct hyp_regs *regs)
{
	inject(regs, (u64)EC_UNKNOWN << ESR_ELx_EC_SHIFT | ESR_IL, 0);
}

/* A permission fault: what the cell's own tables would have raised. */
void inject_abort(struct hyp_regs *regs, u64 far, bool instr, bool write)
{
	u64 spsr = regs->spsr;
	bool from_el0 = (spsr & PSR_AARCH32) || (spsr & PSR_MODE_MASK) == PSR_MODE_EL0t;
	u64 ec;

	if (instr)
		ec = from_el0 ? EC_IABT_LOW : EC_IABT_CUR;
	else
		ec = from_el0 ? EC_DABT_LOW : EC_DABT_CUR;

	inject(regs, ec << ESR_ELx_EC_SHIFT | ESR_IL | (write ? ESR_DABT_WNR : 0) | FSC_PERM_L3,
	       far);
}
