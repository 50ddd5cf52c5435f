// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronous exceptions from a cell, dispatched by exception class.
 * An exception class without a handler is a fault of the cell: it is
 * reported with its syndrome and the cell gets an undefined-instruction
 * exception, as hardware without EL2 would have given it.
 */
#include "hyp.h"

typedef void (*trap_handler_t)(struct hyp_regs *regs, u64 esr);

void handle_dabt(struct hyp_regs *regs, u64 esr);
void handle_iabt(struct hyp_regs *regs, u64 esr);

static const trap_handler_t trap_handlers[EC_MAX + 1] = {
	[EC_HVC64]	= handle_hvc,
	[EC_SMC64]	= handle_smc,
	[EC_SYS64]	= handle_sysreg,
	[EC_DABT_LOW]	= handle_dabt,
	[EC_IABT_LOW]	= handle_iabt,
};

void hyp_trap(struct hyp_regs *regs)
{
	u64 esr = read_sysreg(esr_el2);
	trap_handler_t handler = trap_handlers[ESR_EC(esr)];

	this_cpu()->regs = regs;
	if (handler) {
		handler(regs, esr);
		return;
	}
	count_exit(VHYP_EXIT_OTHER);
	hyp_printf("vhyp: CPU %u: unhandled trap, EC %#llx ESR %#llx at PC %#llx\n",
		   this_cpu()->slot, ESR_EC(esr), esr, regs->elr);
	inject_undef(regs);
}

/* Physical SError: the cell it interrupted gets a virtual one. */
void hyp_serror(struct hyp_regs *regs)
{
	(void)regs;
	count_exit(VHYP_EXIT_SERROR);
	hyp_printf("vhyp: CPU %u: SError, ESR %#llx, passed on\n", this_cpu()->slot,
		   read_sysreg(esr_el2));
	write_sysreg(read_sysreg(hcr_el2) | HCR_VSE, hcr_el2);
}

/* An exception taken at EL2 itself is a bug in vhyp. */
void hyp_el2_exception(struct hyp_regs *regs)
{
	(void)regs;
	hyp_panic("exception at EL2: ESR %#llx at PC %#llx, FAR %#llx",
		  read_sysreg(esr_el2), read_sysreg(elr_el2), read_sysreg(far_el2));
}
