// SPDX-License-Identifier: GPL-2.0
/*
 * Trapped system-register accesses.  With interrupts routed to EL2, the
 * GICv3 SGI generation registers trap: SGIs are sent on the sender's
 * behalf, to its own cell's CPUs only (sgi.c).  A cell's ID register reads
 * trap too (idregs.c).  Anything else that traps here is not emulated: the
 * root gets an undefined instruction, a cell is stopped.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"

static bool is_sgir(u64 iss)
{
	switch (iss & SYS64_ISS_REG_MASK) {
	case SYS64_ICC_SGI1R:
	case SYS64_ICC_ASGI1R:
	case SYS64_ICC_SGI0R:
		return !(iss & SYS64_ISS_READ);
	}
	return false;
}

static u64 rt_val(struct hyp_regs *regs, u64 iss)
{
	unsigned int rt = SYS64_ISS_RT(iss);

	return rt == 31 ? 0 : regs->x[rt];
}

void handle_sysreg(struct hyp_regs *regs, u64 esr)
{
	u64 iss = ESR_ISS(esr);

	if (is_sgir(iss)) {
		sgi_from_root(iss & SYS64_ISS_REG_MASK, rt_val(regs, iss));
		count_exit(VHYP_EXIT_SGI);
		skip_instr(regs);
		return;
	}
	count_exit(VHYP_EXIT_SYSREG);
	hyp_printf("vhyp: CPU %u: system register access %#llx at PC %#llx not emulated\n",
		   this_cpu()->slot, iss, regs->elr);
	inject_undef(regs);
}

void cell_sysreg(struct hyp_regs *regs, u64 esr);
void cell_sysreg(struct hyp_regs *regs, u64 esr)
{
	u64 iss = ESR_ISS(esr);

	if (is_sgir(iss)) {
		sgi_from_cell(cell_of(this_cpu()), rt_val(regs, iss));
		count_exit(VHYP_EXIT_SGI);
		skip_instr(regs);
		return;
	}
	count_exit(VHYP_EXIT_SYSREG);
	if (idreg_read(regs, iss) || vsysreg_cell(regs, iss))
		return;
	cell_fail(regs, "a system register access the hypervisor does not emulate", esr, 0);
}
