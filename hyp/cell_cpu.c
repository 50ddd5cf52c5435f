// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU between the root and a cell.  Given to a cell, a CPU that Linux
 * takes offline parks here instead of powering off; from here it enters
 * its cell (run), or the root again once the cell is gone (Linux's
 * CPU_ON).  Another CPU asks with a command and the hypervisor's own SGI;
 * a parked CPU waits in WFE.
 *
 * Entering a cell, the CPU's EL1, FP/SIMD, timer, debug, PMU and GIC
 * virtual interface state is reset: the cell finds nothing of what ran on
 * the CPU before it.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"

#define SCTLR_EL1_RESET		0x30d00800ULL	/* RES1 bits, MMU and caches off */
#define CPTR_EL2_TZ		BIT(8)		/* no SVE in cells */

void hyp_resume(struct hyp_regs *regs);	/* vectors.S */

static void reset_debug(void)
{
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1);
	unsigned int brps = ((dfr0 >> 12) & 0xf) + 1, wrps = ((dfr0 >> 20) & 0xf) + 1;

	write_sysreg(0, mdscr_el1);
#define RESET_BP(n) do { if (n < brps) { write_sysreg(0, dbgbcr##n##_el1); \
		write_sysreg(0, dbgbvr##n##_el1); } } while (0)
#define RESET_WP(n) do { if (n < wrps) { write_sysreg(0, dbgwcr##n##_el1); \
		write_sysreg(0, dbgwvr##n##_el1); } } while (0)
	RESET_BP(0); RESET_BP(1); RESET_BP(2); RESET_BP(3); RESET_BP(4); RESET_BP(5);
	RESET_BP(6); RESET_BP(7); RESET_BP(8); RESET_BP(9); RESET_BP(10); RESET_BP(11);
	RESET_BP(12); RESET_BP(13); RESET_BP(14); RESET_BP(15);
	RESET_WP(0); RESET_WP(1); RESET_WP(2); RESET_WP(3); RESET_WP(4); RESET_WP(5);
	RESET_WP(6); RESET_WP(7); RESET_WP(8); RESET_WP(9); RESET_WP(10); RESET_WP(11);
	RESET_WP(12); RESET_WP(13); RESET_WP(14); RESET_WP(15);
#undef RESET_BP
#undef RESET_WP
}

static void reset_pmu(void)
{
	if (((read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf) == 0 ||
	    ((read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf) == 0xf)
		return;
	write_sysreg(0, pmcr_el0);
	write_sysreg(~0ULL, pmcntenclr_el0);
	write_sysreg(~0ULL, pmintenclr_el1);
	write_sysreg(~0ULL, pmovsclr_el0);
	write_sysreg(0, pmuserenr_el0);
	write_sysreg(0, pmselr_el0);
}

static void reset_pauth(void)
{
	u64 isar1 = read_sysreg(id_aa64isar1_el1);

	if (!(isar1 & (0xffULL << 4)))		/* APA, API */
		return;
	write_sysreg(0, S3_0_C2_C1_0);	write_sysreg(0, S3_0_C2_C1_1);	/* APIAKey */
	write_sysreg(0, S3_0_C2_C1_2);	write_sysreg(0, S3_0_C2_C1_3);	/* APIBKey */
	write_sysreg(0, S3_0_C2_C2_0);	write_sysreg(0, S3_0_C2_C2_1);	/* APDAKey */
	write_sysreg(0, S3_0_C2_C2_2);	write_sysreg(0, S3_0_C2_C2_3);	/* APDBKey */
	write_sysreg(0, S3_0_C2_C3_0);	write_sysreg(0, S3_0_C2_C3_1);	/* APGAKey */
}

void reset_el1(void)
{
	write_sysreg(SCTLR_EL1_RESET, sctlr_el1);
	isb();
	write_sysreg(0, tcr_el1);
	write_sysreg(0, ttbr0_el1);
	write_sysreg(0, ttbr1_el1);
	write_sysreg(0, mair_el1);
	write_sysreg(0, amair_el1);
	write_sysreg(0, vbar_el1);
	write_sysreg(0, contextidr_el1);
	write_sysreg(0, tpidr_el0);
	write_sysreg(0, tpidrro_el0);
	write_sysreg(0, tpidr_el1);
	write_sysreg(0, sp_el0);
	write_sysreg(0, sp_el1);
	write_sysreg(0, elr_el1);
	write_sysreg(0, spsr_el1);
	write_sysreg(0, esr_el1);
	write_sysreg(0, far_el1);
	write_sysreg(0, afsr0_el1);
	write_sysreg(0, afsr1_el1);
	write_sysreg(0, par_el1);
	write_sysreg(0, cpacr_el1);
	write_sysreg(0, csselr_el1);
	write_sysreg(0, cntkctl_el1);
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(0, cntv_cval_el0);
	write_sysreg(0, cntp_ctl_el0);
	write_sysreg(0, cntp_cval_el0);
	reset_debug();
	reset_pmu();
	reset_pauth();
	fpsimd_reset();
	isb();
}

/* Ask 'cpu' to do 'cmd': it sees it at its next exit, or at once if parked. */
void cpu_kick(struct hyp_cpu *cpu, u32 cmd)
{
	bool parked = __atomic_load_n(&cpu->parked, __ATOMIC_ACQUIRE);

	/*
	 * A parked CPU asked to leave counts as gone from now: whoever waits
	 * for it to park (park_all) must not take a pending run for parked.
	 */
	if (cmd == CPU_CMD_RUN || cmd == CPU_CMD_ROOT)
		__atomic_store_n(&cpu->parked, false, __ATOMIC_RELEASE);
	__atomic_store_n(&cpu->cmd, cmd, __ATOMIC_RELEASE);
	dsb(ish);
	sev();
	if (cpu == this_cpu() || parked)
		return;			/* it sees the command in cpu_park() */
	gic_send_sgi(cpu->mpidr, KICK_SGI);
}

/* Everything a CPU needs to run its cell at 'entry' with x0 = 'x0', from reset. */
static void __noreturn enter_cell(struct hyp_cpu *cpu, struct hyp_regs *regs, u64 entry,
				  u64 x0)
{
	struct cell *cell = cell_of(cpu);
	unsigned int i;

	virq_drain(cpu, false);
	write_sysreg(0, ICH_VMCR_EL2);
	reset_el1();
	write_sysreg(cpu->saved.cptr | CPTR_EL2_TZ, cptr_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(BIT(31) | cpu->vcpu, vmpidr_el2);	/* Aff0 = its index in the cell */
	write_sysreg(read_sysreg(hcr_el2) | HCR_TID3, hcr_el2);	/* its ID registers: idregs.c */
	write_sysreg(pt_vtcr(&cell->s2, hyp_header.pa_bits), vtcr_el2);
	write_sysreg(cell->s2.root | (u64)cell->id << 48, vttbr_el2);
	isb();
	asm volatile("tlbi vmalls12e1" ::: "memory");	/* nothing of a previous user of the VMID */
	dsb(nsh);
	asm volatile("ic iallu" ::: "memory");
	dsb(nsh);
	isb();
	for (i = 0; i < ARRAY_SIZE(regs->x); i++)
		regs->x[i] = 0;
	regs->x[0] = x0;
	regs->elr = entry;
	regs->spsr = PSR_MODE_EL1h | PSR_DAIF;
	cpu->in_cell = true;
	cpu->parked = false;
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_HYP, __ATOMIC_RELEASE);
	vspi_update(cell);		/* its console's line, if routed here */
	hyp_resume(regs);
	__builtin_unreachable();
}

/* Back to the root at Linux's CPU_ON entry point, after a cell had the CPU. */
static void __noreturn enter_root(struct hyp_cpu *cpu, struct hyp_regs *regs)
{
	unsigned int i;

	reset_el1();
	write_sysreg(cpu->saved.cptr, cptr_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TID3, hcr_el2);
	write_sysreg(hyp_header.vtcr, vtcr_el2);
	write_sysreg(hyp_header.vttbr, vttbr_el2);
	isb();
	asm volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	virq_drain(cpu, false);
	write_sysreg(0, ICH_VMCR_EL2);
	gic_reset_private(cpu);		/* nothing of the cell's interrupts stays */
	for (i = 0; i < ARRAY_SIZE(regs->x); i++)
		regs->x[i] = 0;
	spin_lock(&cpu->boot_lock);
	regs->x[0] = cpu->boot_ctx;
	regs->elr = cpu->boot_entry;
	cpu->boot_pending = false;
	spin_unlock(&cpu->boot_lock);
	regs->spsr = PSR_MODE_EL1h | PSR_DAIF;
	cpu->cell = 0;
	cpu->parked = false;
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_HYP, __ATOMIC_RELEASE);
	hyp_printf("vhyp: CPU %u back to the root\n", cpu->slot);
	hyp_resume(regs);
	__builtin_unreachable();
}

/* Wait here until asked to run the cell or to go back to the root. */
void __noreturn cpu_park(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();

	cpu->in_cell = false;
	virq_drain(cpu, false);
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_PARKED, __ATOMIC_RELEASE);
	__atomic_store_n(&cpu->parked, true, __ATOMIC_RELEASE);
	for (;;) {
		u32 cmd = __atomic_exchange_n(&cpu->cmd, CPU_CMD_NONE, __ATOMIC_ACQ_REL);

		if (cmd == CPU_CMD_RUN && cell_of(cpu))
			enter_cell(cpu, regs, cpu->run_entry, cpu->run_x0);
		if (cmd == CPU_CMD_ROOT)
			enter_root(cpu, regs);
		if (cmd != CPU_CMD_NONE)	/* a run overtaken by a park, or for no cell */
			__atomic_store_n(&cpu->parked, true, __ATOMIC_RELEASE);
		wfe();
	}
}

/* At every exit of a cell's CPU: a command from another CPU comes first. */
void cpu_check_cmd(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();

	if (likely(!__atomic_load_n(&cpu->cmd, __ATOMIC_ACQUIRE)))
		return;
	if (__atomic_load_n(&cpu->cmd, __ATOMIC_ACQUIRE) == CPU_CMD_PARK) {
		__atomic_store_n(&cpu->cmd, CPU_CMD_NONE, __ATOMIC_RELEASE);
		cpu_park(regs);
	}
}
