// SPDX-License-Identifier: GPL-2.0
/*
 * Trapped system-register accesses.  With interrupts routed to EL2, the
 * GICv3 SGI generation registers trap: the root cell's IPIs are sent on
 * its behalf (the cells issue filters their targets).  Anything else that
 * traps here is not emulated: the cell gets an undefined instruction.
 */
#include "hyp.h"
#include "cell.h"

void handle_sysreg(struct hyp_regs *regs, u64 esr)
{
	u64 iss = ESR_ISS(esr);
	unsigned int rt = SYS64_ISS_RT(iss);
	u64 val = rt == 31 ? 0 : regs->x[rt];

	if (iss & SYS64_ISS_READ)
		goto undef;
	/* the hypervisor's own SGI is nobody else's to send */
	if ((iss & SYS64_ISS_REG_MASK) != SYS64_ICC_SGI0R && ((val >> 24) & 0xf) == KICK_SGI) {
		count_exit(VHYP_EXIT_SGI);
		skip_instr(regs);
		return;
	}
	switch (iss & SYS64_ISS_REG_MASK) {
	case SYS64_ICC_SGI1R:
		write_sysreg(val, ICC_SGI1R_EL1);
		break;
	case SYS64_ICC_ASGI1R:
		write_sysreg(val, ICC_ASGI1R_EL1);
		break;
	case SYS64_ICC_SGI0R:
		write_sysreg(val, ICC_SGI0R_EL1);
		break;
	default:
		goto undef;
	}
	isb();
	count_exit(VHYP_EXIT_SGI);
	skip_instr(regs);
	return;
undef:
	count_exit(VHYP_EXIT_SYSREG);
	hyp_printf("vhyp: CPU %u: system register access %#llx at PC %#llx not emulated\n",
		   this_cpu()->slot, iss, regs->elr);
	inject_undef(regs);
}

/*
 * A cell's trapped system registers.  Its SGIs are dropped (and counted)
 * until interrupt partitioning gives cells their own; anything else is
 * not emulated and stops the cell.
 */
void cell_sysreg(struct hyp_regs *regs, u64 esr);
void cell_sysreg(struct hyp_regs *regs, u64 esr)
{
	u64 iss = ESR_ISS(esr);

	switch (iss & SYS64_ISS_REG_MASK) {
	case SYS64_ICC_SGI1R:
	case SYS64_ICC_ASGI1R:
	case SYS64_ICC_SGI0R:
		if (!(iss & SYS64_ISS_READ)) {
			count_exit(VHYP_EXIT_SGI);
			skip_instr(regs);
			return;
		}
	}
	count_exit(VHYP_EXIT_SYSREG);
	cell_fail(regs, "a system register access the hypervisor does not emulate", esr, 0);
}
