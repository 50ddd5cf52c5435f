// SPDX-License-Identifier: GPL-2.0
/*
 * Which traps each owner of a CPU runs with (HCR_EL2, MDCR_EL2,
 * CPTR_EL2), worked out once per CPU from that CPU's own ID registers and
 * the state Linux's stub left (two kinds of core in one machine differ,
 * in the PMU's counter count among others), and written whole at every
 * hand-over: nothing of one owner's configuration, a pending virtual
 * SError included, carries over to the next.
 *
 * The root runs as the stub had it, plus stage 2, interrupts routed to
 * EL2, SMCs trapped (PSCI relay, firmware allow-list) and no PMU counting
 * at EL2.  A cell also traps: its ID registers (idregs.c), implementation
 * defined registers, ACTLR_EL1, cache maintenance by set/way (which would
 * discard others' data in a shared cache), LORegions, RAS error records,
 * debug and OS lock registers, the PMU unless the cell is given it,
 * statistical profiling and trace (vsysreg.c emulates what these trap);
 * SVE, SME, trace and activity monitors are off, allocation tags (MTE)
 * are not accessible.
 */
#include "hyp.h"
#include "cell.h"

static bool has(u64 idreg, unsigned int lsb)
{
	u64 f = ID_FIELD(idreg, lsb);

	return f && f != 0xf;
}

/* This CPU's PMU counter count: HPMN as Linux's stub sets it. */
u64 el2_pmu_counters(void)
{
	if (!has(read_sysreg(id_aa64dfr0_el1), DFR0_PMUVER))
		return 0;
	return (read_sysreg(pmcr_el0) >> 11) & 0x1f;
}

/* On the CPU itself, once it is in: cpu->saved holds what the stub had. */
void el2_traps_init(struct hyp_cpu *cpu)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1), pfr1 = read_sysreg(id_aa64pfr1_el1);
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1), mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	u64 mmfr1 = read_sysreg(ID_AA64MMFR1_EL1);
	bool pmuv3p1 = ID_FIELD(dfr0, DFR0_PMUVER) >= 4 && ID_FIELD(dfr0, DFR0_PMUVER) != 0xf;
	struct el2_traps *r = &cpu->root_traps, *c = &cpu->cell_traps;

	r->hcr = (cpu->saved.hcr | HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC |
		  HCR_RW | HCR_BSU_IS | HCR_FB) & ~HCR_VSE;
	r->mdcr = cpu->saved.mdcr | (pmuv3p1 ? MDCR_HPMD : 0);
	r->cptr = cpu->saved.cptr;

	c->hcr = (r->hcr | HCR_TID3 | HCR_TIDCP | HCR_TACR | HCR_TSW) & ~HCR_ATA;
	if (has(mmfr1, MMFR1_LO))
		c->hcr |= HCR_TLOR;
	if (has(pfr0, PFR0_RAS))
		c->hcr |= HCR_TERR;
	c->mdcr = (r->mdcr & MDCR_HPMN_MASK) | (pmuv3p1 ? MDCR_HPMD : 0) |
		  MDCR_TDA | MDCR_TDOSA | MDCR_TDRA;
	if (has(dfr0, DFR0_PMSVER))
		c->mdcr |= MDCR_TPMS;			/* E2PB 0: the buffer is EL2's */
	if (has(dfr0, DFR0_TRACEFILT))
		c->mdcr |= MDCR_TTRF;			/* E2TB 0: the trace buffer too */
	if (has(mmfr0, MMFR0_FGT))
		c->mdcr |= MDCR_TDCC;
	c->cptr = r->cptr | CPTR_TTA;
	if (has(pfr0, PFR0_SVE))
		c->cptr |= CPTR_TZ;
	if (has(pfr1, PFR1_SME))
		c->cptr |= CPTR_TSM;
	if (has(pfr0, PFR0_AMU))
		c->cptr |= CPTR_TAM;
}

static void write_traps(const struct el2_traps *t, u64 mdcr)
{
	write_sysreg(t->hcr, hcr_el2);
	write_sysreg(mdcr, mdcr_el2);
	write_sysreg(t->cptr, cptr_el2);
	isb();
}

void el2_config_root(struct hyp_cpu *cpu)
{
	write_traps(&cpu->root_traps, cpu->root_traps.mdcr);
}

void el2_config_cell(struct hyp_cpu *cpu, struct cell *cell)
{
	u64 mdcr = cpu->cell_traps.mdcr;

	if (!(cell->flags & VHYP_CELL_PMU))
		mdcr |= MDCR_TPM | MDCR_TPMCR;
	write_traps(&cpu->cell_traps, mdcr);
}
