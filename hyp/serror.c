// SPDX-License-Identifier: GPL-2.0
/*
 * SErrors: an asynchronous abort belongs to whoever ran when it was
 * caused, and goes to that owner only, as a virtual SError.
 *
 * With the RAS extension, every entry from a lower EL synchronises errors
 * first (ESB in vectors.S, and SCTLR_EL2.IESB): one the lower EL caused
 * is deferred into DISR_EL1 and passed to it (serror_check).  Without it,
 * an SError is taken when the lower EL runs again, which is the same
 * owner unless the CPU changed hands: so before a CPU changes hands the
 * hypervisor takes any pending one itself (serror_sync), on purpose, at
 * EL2.  A virtual SError is part of HCR_EL2, which every hand-over writes
 * anew (el2_traps.c): one a cell left pending with PSTATE.A masked never
 * reaches the root.
 */
#include "hyp.h"
#include "cell.h"
#include "owner.h"

#define DISR_A		BIT_ULL(31)
#define ESR_ISS_MASK	0x1ffffffULL

void serror_init_cpu(struct hyp_cpu *cpu)
{
	cpu->has_ras = ID_FIELD(read_sysreg(id_aa64pfr0_el1), PFR0_RAS);
	if (!cpu->has_ras)
		return;
	write_sysreg(read_sysreg(sctlr_el2) | SCTLR_IESB, sctlr_el2);
	write_sysreg(0, DISR_EL1);
	isb();
}

static const char *owner_name(struct hyp_cpu *cpu)
{
	return own_in_cell(cpu) ? "its cell" : "the root";
}

/* The owner running here caused it: it gets a virtual SError with the syndrome. */
static void to_owner(struct hyp_cpu *cpu, u64 esr)
{
	count_exit(VHYP_EXIT_SERROR);
	hyp_printf("vhyp: CPU %u: SError (syndrome %#llx) of %s, passed on to it\n", cpu->slot,
		   esr, owner_name(cpu));
	if (own_in_cell(cpu))
		__atomic_fetch_add(&cell_of(cpu)->status->serrors, 1, __ATOMIC_RELAXED);
	if (cpu->has_ras)
		write_sysreg(esr & ESR_ISS_MASK, VSESR_EL2);
	write_sysreg(read_sysreg(hcr_el2) | HCR_VSE, hcr_el2);
	isb();
}

/* A physical SError taken from a lower EL. */
void hyp_serror(struct hyp_regs *regs)
{
	(void)regs;
	to_owner(this_cpu(), read_sysreg(esr_el2));
}

/* At an entry from a lower EL: an error its ESB deferred (RAS only). */
void serror_check(struct hyp_cpu *cpu)
{
	u64 disr;

	if (unlikely(cpu->test_serror)) {	/* test_faults: as if one came now */
		cpu->test_serror = false;
		to_owner(cpu, 0);
	}
	if (!cpu->has_ras)
		return;
	disr = read_sysreg(DISR_EL1);
	if (likely(!(disr & DISR_A)))
		return;
	write_sysreg(0, DISR_EL1);
	to_owner(cpu, disr);
}

/* An SError at EL2: one serror_sync() asked for, or a broken hypervisor. */
void hyp_el2_serror(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();

	(void)regs;
	if (!cpu->serror_expected)
		hyp_panic("SError at EL2: ESR %#llx at PC %#llx", read_sysreg(esr_el2),
			  read_sysreg(elr_el2));
	cpu->serror_expected = false;
	count_exit(VHYP_EXIT_SERROR);
	hyp_printf("vhyp: CPU %u: SError (ESR %#llx) of the owner it just left, taken here\n",
		   cpu->slot, read_sysreg(esr_el2));
}

/* Before the CPU changes hands: nothing the last owner caused may reach the next. */
void serror_sync(struct hyp_cpu *cpu)
{
	u64 disr;

	if (cpu->has_ras) {
		asm volatile("hint #16; isb" ::: "memory");	/* esb */
		disr = read_sysreg(DISR_EL1);
		if (disr & DISR_A) {
			write_sysreg(0, DISR_EL1);
			count_exit(VHYP_EXIT_SERROR);
			hyp_printf("vhyp: CPU %u: SError (syndrome %#llx) of the owner it just left\n",
				   cpu->slot, disr);
		}
		return;
	}
	if (!(read_sysreg(isr_el1) & ISR_A))
		return;
	cpu->serror_expected = true;
	asm volatile("msr daifclr, #4; isb; msr daifset, #4; isb" ::: "memory");
	cpu->serror_expected = false;
}
