// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronous exceptions from a cell, dispatched by exception class.
 * An exception class without a handler is a fault of the cell: it is
 * reported with its syndrome and the cell gets an undefined-instruction
 * exception, as hardware without EL2 would have given it.
 */
#include "hyp.h"
#include "cell.h"
#include "owner.h"
#include "trace.h"

typedef void (*trap_handler_t)(struct hyp_regs *regs, u64 esr);

void handle_dabt(struct hyp_regs *regs, u64 esr);
void handle_iabt(struct hyp_regs *regs, u64 esr);
void cell_hvc(struct hyp_regs *regs, u64 esr);
void cell_smc(struct hyp_regs *regs, u64 esr);
void cell_sysreg(struct hyp_regs *regs, u64 esr);
void cell_abort(struct hyp_regs *regs, u64 esr);

/* The root cell's exits. */
static const trap_handler_t trap_handlers[EC_MAX + 1] = {
	[EC_HVC64]	= handle_hvc,
	[EC_SMC64]	= handle_smc,
	[EC_SYS64]	= handle_sysreg,
	[EC_DABT_LOW]	= handle_dabt,
	[EC_IABT_LOW]	= handle_iabt,
};

/* A cell's: whatever is not here stops the cell. */
static const trap_handler_t cell_trap_handlers[EC_MAX + 1] = {
	[EC_HVC64]	= cell_hvc,
	[EC_SMC64]	= cell_smc,
	[EC_SYS64]	= cell_sysreg,
	[EC_DABT_LOW]	= cell_abort,
	[EC_IABT_LOW]	= cell_abort,
};

void hyp_trap(struct hyp_regs *regs)
{
	u64 esr = read_sysreg(esr_el2);
	struct hyp_cpu *cpu = this_cpu();
	struct vhyp_trace_event *ev = trace_exit(cpu, VHYP_TRACE_TRAP, ESR_EC(esr), esr);
	trap_handler_t handler;

	cpu->regs = regs;
	serror_check(cpu);
	if (own_in_cell(cpu)) {
		cpu_check_stop(regs);
		handler = cell_trap_handlers[ESR_EC(esr)];
		if (!handler) {
			count_exit(VHYP_EXIT_OTHER);
			cell_fail(regs, "a trap the hypervisor does not handle", esr,
				  read_sysreg(far_el2));
		}
		handler(regs, esr);
	} else if ((handler = trap_handlers[ESR_EC(esr)])) {
		handler(regs, esr);
	} else {
		count_exit(VHYP_EXIT_OTHER);
		hyp_printf("vhyp: CPU %u: unhandled trap, EC %#llx ESR %#llx at PC %#llx\n",
			   this_cpu()->slot, ESR_EC(esr), esr, regs->elr);
		inject_undef(regs);
	}
	if (ev)
		trace_leave(cpu, ev);
}

/* An exception taken at EL2 itself is a bug in vhyp. */
void hyp_el2_exception(struct hyp_regs *regs)
{
	(void)regs;
	hyp_panic("exception at EL2: ESR %#llx at PC %#llx, FAR %#llx",
		  read_sysreg(esr_el2), read_sysreg(elr_el2), read_sysreg(far_el2));
}
