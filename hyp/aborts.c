// SPDX-License-Identifier: GPL-2.0
/*
 * Stage-2 aborts: a cell touched an address it does not own (for the root
 * cell: the hypervisor's memory, or its status area for writing).  The
 * access is refused; the cell sees the permission fault it would get
 * from its own page tables, so Linux's fault fix-ups (copy_*_nofault,
 * uaccess) handle it.
 */
#include "hyp.h"

#define REPORTS_MAX	16

static unsigned int reports;

static void refuse(struct hyp_regs *regs, u64 esr, bool instr)
{
	u64 ipa = (read_sysreg(hpfar_el2) & GENMASK_ULL(43, 4)) << 8;
	u64 far = read_sysreg(far_el2);
	bool write = esr & ESR_DABT_WNR;
	const char *what = instr ? "instruction fetch" : (write ? "write" : "read");

	ipa |= far & 0xfff;
	count_exit(VHYP_EXIT_DABT);
	if (reports < REPORTS_MAX) {
		reports++;
		hyp_printf("vhyp: CPU %u: %s at IPA %#llx (VA %#llx, PC %#llx) refused\n",
			   this_cpu()->slot, what, ipa, far, regs->elr);
	}
	inject_abort(regs, far, instr, write);
}

void handle_dabt(struct hyp_regs *regs, u64 esr);
void handle_dabt(struct hyp_regs *regs, u64 esr)
{
	refuse(regs, esr, false);
}

void handle_iabt(struct hyp_regs *regs, u64 esr);
void handle_iabt(struct hyp_regs *regs, u64 esr)
{
	refuse(regs, esr & ~ESR_DABT_WNR, true);
}
