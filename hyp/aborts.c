// SPDX-License-Identifier: GPL-2.0
/*
 * Stage-2 aborts: a cell touched an address it does not own (for the root
 * cell: the hypervisor's memory, or its status area for writing).  The
 * access is refused; the cell sees the permission fault it would get
 * from its own page tables, so Linux's fault fix-ups (copy_*_nofault,
 * uaccess) handle it.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "paging.h"

#define REPORTS_MAX	16

static unsigned int reports;

static u64 fault_ipa(void)
{
	return ((read_sysreg(hpfar_el2) & GENMASK_ULL(43, 4)) << 8) | (read_sysreg(far_el2) & 0xfff);
}

static void refuse(struct hyp_regs *regs, u64 esr, bool instr)
{
	u64 ipa = fault_ipa();
	u64 far = read_sysreg(far_el2);
	bool write = esr & ESR_DABT_WNR;
	const char *what = instr ? "instruction fetch" : (write ? "write" : "read");

	count_exit(VHYP_EXIT_DABT);
	if (reports < REPORTS_MAX) {
		reports++;
		hyp_printf("vhyp: CPU %u: %s at IPA %#llx (VA %#llx, PC %#llx) refused\n",
			   this_cpu()->slot, what, ipa, far, regs->elr);
	}
	inject_abort(regs, far, instr, write);
}

/*
 * A cell's stage-2 fault: its emulated GIC or console, a virtio window
 * (served by the root, virtio.c), or an access it has no right to.
 */
void cell_abort(struct hyp_regs *regs, u64 esr);
void cell_abort(struct hyp_regs *regs, u64 esr)
{
	struct cell *cell = cell_of(this_cpu());
	u64 ipa = fault_ipa();

	count_exit(VHYP_EXIT_DABT);
	if (ESR_EC(esr) == EC_DABT_LOW &&
	    (vgicd_access(cell, regs, ipa, esr) || vgicr_access(cell, regs, ipa, esr) ||
	     vpl011_access(cell, regs, ipa, esr) || virtio_access(cell, regs, ipa, esr)))
		return;
	cell_fail(regs, ESR_EC(esr) == EC_IABT_LOW ?
		  "instruction fetch outside its memory" : "access outside what it owns",
		  esr, ipa);
}

/*
 * Does the root's stage 2 allow this access now?  Then it hit an entry
 * while it was being replaced (break-before-make: the old one cleared,
 * the TLBs invalidated, the new one not yet written), and is retried.
 * Every change to the root's stage 2 is made under cell_lock.
 */
static bool root_may(u64 ipa, bool instr, bool write)
{
	u64 e;

	spin_lock(&cell_lock);
	e = pt_lookup(&root_s2, ipa, NULL);
	spin_unlock(&cell_lock);
	if (!(e & PT_VALID))
		return false;
	if (instr)
		return !(e & PT_S2_XN);
	return (e & (write ? PT_S2_RW : PT_S2_RO)) == (write ? PT_S2_RW : PT_S2_RO);
}

/* The root's: its distributor and redistributors, emulated, or an access it has no right to. */
void handle_dabt(struct hyp_regs *regs, u64 esr);
void handle_dabt(struct hyp_regs *regs, u64 esr)
{
	u64 ipa = fault_ipa();

	if (vgicd_access(NULL, regs, ipa, esr) || vgicr_root_access(regs, ipa, esr)) {
		count_exit(VHYP_EXIT_DABT);
		return;
	}
	if (root_may(ipa, false, esr & ESR_DABT_WNR)) {
		count_exit(VHYP_EXIT_DABT);
		return;
	}
	refuse(regs, esr, false);
}

void handle_iabt(struct hyp_regs *regs, u64 esr);
void handle_iabt(struct hyp_regs *regs, u64 esr)
{
	if (root_may(fault_ipa(), true, false)) {
		count_exit(VHYP_EXIT_DABT);
		return;
	}
	refuse(regs, esr & ~ESR_DABT_WNR, true);
}
