// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU between the root and a cell.  Given to a cell, a CPU that Linux
 * takes offline parks here instead of powering off; from here it enters
 * its cell, or the root again once the cell is gone (Linux's CPU_ON).
 * Which owner a CPU has is its state in owner.h: another CPU claims a
 * parked one (which waits in WFE on that state) or asks a running one to
 * stop, with the hypervisor's kick SGI to make it take an exit.
 *
 * Entering a cell, the CPU's EL1, FP/SIMD, timer, debug, PMU and GIC
 * virtual interface state is reset: the cell finds nothing of what ran on
 * the CPU before it.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "owner.h"

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

/* Every counter stopped and zeroed (PMCR.P and C), every event and filter cleared. */
static void reset_pmu(void)
{
	unsigned int pmuver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf, n, i;

	if (pmuver == 0 || pmuver == 0xf)
		return;
	write_sysreg(~0ULL, pmcntenclr_el0);
	write_sysreg(~0ULL, pmintenclr_el1);
	write_sysreg(~0ULL, pmovsclr_el0);
	write_sysreg(PMCR_P | PMCR_C, pmcr_el0);
	isb();
	write_sysreg(0, pmcr_el0);
	n = (read_sysreg(pmcr_el0) >> 11) & 0x1f;
	for (i = 0; i < n; i++) {
		write_sysreg(i, pmselr_el0);
		isb();
		write_sysreg(0, pmxevtyper_el0);
	}
	write_sysreg(0, pmccfiltr_el0);
	write_sysreg(0, pmuserenr_el0);
	write_sysreg(0, pmselr_el0);
}

/* Statistical profiling and the trace buffer: off, whatever the last owner did. */
static void reset_trace(void)
{
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1);

	if ((dfr0 >> 32) & 0xf) {			/* PMSVer: SPE */
		write_sysreg(0, PMBLIMITR_EL1);
		write_sysreg(0, PMSCR_EL1);
	}
	if ((dfr0 >> 44) & 0xf)				/* TraceBuffer: TRBE */
		write_sysreg(0, TRBLIMITR_EL1);
	if ((dfr0 >> 40) & 0xf)				/* TraceFilt */
		write_sysreg(0, TRFCR_EL1);
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
	reset_trace();
	reset_pauth();
	fpsimd_reset();
	isb();
}

/*
 * A CPU that waits at EL2 (parked, or for a virtio answer) wakes from WFE
 * at least every 2^16 counter ticks (1 to 3 ms), whatever event it missed.
 */
void event_stream(bool on)
{
	u64 v = read_sysreg(cnthctl_el2) & ~(CNTHCTL_EVNTEN | CNTHCTL_EVNTI_MASK);

	if (on)
		v |= CNTHCTL_EVNTEN | 15ULL << CNTHCTL_EVNTI_SHIFT;
	write_sysreg(v, cnthctl_el2);
	isb();
}

/* Make 'cpu' take an exit (it is at EL1: its cell's code, or the root's). */
void cpu_kick(struct hyp_cpu *cpu)
{
	if (cpu != this_cpu())
		gic_send_sgi(cpu->mpidr, hyp_header.kick_sgi);
}

/*
 * Claim a parked CPU: it enters its cell at 'entry' with x0 = 'x0'
 * (RUN_CELL), or the root at its boot entry (RUN_ROOT).  The caller holds
 * what orders claims of this CPU (cell_lock, or its cell's power_lock).
 */
bool cpu_claim(struct hyp_cpu *cpu, u32 run_to, u64 entry, u64 x0)
{
	if (!own_move(cpu, OWN_PARKED, OWN_ENTERING))
		return false;
	cpu->run_entry = entry;
	cpu->run_x0 = x0;
	__atomic_store_n(&cpu->run_to, run_to, __ATOMIC_RELEASE);	/* wakes it */
	return true;
}

/* Ask a CPU of a running cell to park: true if it was running or entering. */
bool cpu_stop(struct hyp_cpu *cpu)
{
	for (;;) {
		u32 own = own_get(cpu);

		if (own == OWN_CELL && own_move(cpu, OWN_CELL, OWN_STOPPING)) {
			cpu_kick(cpu);		/* at EL1: an exit */
			dsb(ish);
			sev();			/* waiting at EL2 (stop_self) */
			return true;
		}
		if (own == OWN_ENTERING && own_move(cpu, OWN_ENTERING, OWN_STOPPING))
			return true;	/* it looks before it enters */
		if (own != OWN_CELL && own != OWN_ENTERING)
			return false;	/* parking or parked already, or stopping */
	}
}

/* Wait until 'cpu' has parked. */
void cpu_wait_parked(struct hyp_cpu *cpu)
{
	u32 own;

	while ((own = own_get(cpu)) != OWN_PARKED)
		own_wait_leave(cpu, own);
}

/* The kick SGI: what the CPU was kicked for is in shared state; look at it all. */
void kick_received(struct hyp_cpu *cpu)
{
	if (__atomic_exchange_n(&cpu->vspi_check, false, __ATOMIC_ACQ_REL) && own_in_cell(cpu))
		vspi_update(cell_of(cpu));
	if (root_runs_on(cpu)) {
		lpi_collect(cpu);
		doorbell_root_collect(cpu);
	}
	/* a stop (OWN_STOPPING) is seen by cpu_check_stop(), a panic by hyp_check_panicked() */
}

/* The traps, timers and identity of a cell's CPU. */
static void configure_for_cell(struct hyp_cpu *cpu, struct cell *cell)
{
	unsigned int v;

	el2_config_cell(cpu, cell);
	/* the SGI fast path's routes (sgi_fast.S): the cell's first 16 CPUs */
	cpu->sgi_valid = 0;
	for (v = 0; v < cell->nr_vcpus && v < 16; v++) {
		cpu->sgi_route[v] = gic_sgir(cell_vcpu(cell, v)->mpidr, 0);
		cpu->sgi_valid |= BIT(v);
	}
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(BIT(31) | cpu->vcpu, vmpidr_el2);	/* Aff0 = its index in the cell */
	write_sysreg(pt_vtcr(&cell->s2, hyp_header.pa_bits), vtcr_el2);
	write_sysreg(cell->s2.root | (u64)cell->id << 48, vttbr_el2);
	isb();
	asm volatile("tlbi vmalls12e1" ::: "memory");	/* nothing of a previous user of the VMID */
	dsb(nsh);
	asm volatile("ic iallu" ::: "memory");
	dsb(nsh);
	isb();
}

/* Everything a CPU needs to run its cell at 'entry' with x0 = 'x0', from reset. */
static void __noreturn enter_cell(struct hyp_cpu *cpu, struct hyp_regs *regs, u64 entry,
				  u64 x0)
{
	struct cell *cell = cell_of(cpu);
	unsigned int i;

	virq_drain(cpu, DRAIN_DISCARD);
	write_sysreg(0, ICH_VMCR_EL2);
	reset_el1();
	configure_for_cell(cpu, cell);
	for (i = 0; i < ARRAY_SIZE(regs->x); i++)
		regs->x[i] = 0;
	regs->x[0] = x0;
	regs->elr = entry;
	regs->spsr = PSR_MODE_EL1h | PSR_DAIF;
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_HYP, __ATOMIC_RELEASE);
	if (!own_move(cpu, OWN_ENTERING, OWN_CELL)) {
		/* a stop overtook the start: park instead (it waits for that) */
		own_move(cpu, OWN_STOPPING, OWN_PARKING);
		cpu_park(regs);
	}
	vspi_update(cell);		/* its console's line, if routed here */
	hyp_resume(regs);
	__builtin_unreachable();
}

/* Back to the root at Linux's CPU_ON entry point, after a cell had the CPU. */
static void __noreturn enter_root(struct hyp_cpu *cpu, struct hyp_regs *regs)
{
	unsigned int i;

	virq_drain(cpu, DRAIN_DISCARD);
	write_sysreg(0, ICH_VMCR_EL2);
	reset_el1();
	el2_config_root(cpu);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	write_sysreg(hyp_header.vtcr, vtcr_el2);
	write_sysreg(hyp_header.vttbr, vttbr_el2);
	isb();
	asm volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	gic_reset_private(cpu);		/* nothing of the cell's interrupts stays */
	for (i = 0; i < ARRAY_SIZE(regs->x); i++)
		regs->x[i] = 0;
	spin_lock(&cpu->boot_lock);
	regs->x[0] = cpu->boot_ctx;
	regs->elr = cpu->boot_entry;
	cpu->boot_pending = false;
	spin_unlock(&cpu->boot_lock);
	regs->spsr = PSR_MODE_EL1h | PSR_DAIF;
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_HYP, __ATOMIC_RELEASE);
	if (!own_move(cpu, OWN_ENTERING, OWN_ROOT))
		hyp_panic("CPU %u: taken from the root while it entered it", cpu->slot);
	hyp_printf("vhyp: CPU %u back to the root\n", cpu->slot);
	hyp_resume(regs);
	__builtin_unreachable();
}

/*
 * Park this CPU, which the caller moved to OWN_PARKING: nothing of its
 * last owner stays (the root's interrupts go back to the root, a cell's
 * are dropped), then wait to be claimed.  While it waits, interrupts that
 * reach it are passed on (virq_poll): a parked CPU wakes at least at every
 * tick of the EL2 event stream.
 */
void __noreturn cpu_park(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();
	u32 to;

	virq_drain(cpu, DRAIN_DISCARD);	/* a cell's; the root's were given back before */
	serror_sync(cpu);
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_PARKED, __ATOMIC_RELEASE);
	event_stream(true);
	if (!own_move(cpu, OWN_PARKING, OWN_PARKED))
		hyp_panic("CPU %u: not parking when it parked", cpu->slot);
	for (;;) {
		virq_poll(cpu);
		if (own_get(cpu) != OWN_PARKED)
			break;
		wfe_while_u32(&cpu->own, OWN_PARKED);
	}
	/* claimed: ENTERING; the claimer writes where to last */
	while (!(to = __atomic_load_n(&cpu->run_to, __ATOMIC_ACQUIRE)))
		wfe_while_u32(&cpu->run_to, 0);
	cpu->run_to = 0;
	event_stream(false);
	if (to == RUN_ROOT)
		enter_root(cpu, regs);
	enter_cell(cpu, regs, cpu->run_entry, cpu->run_x0);
}

/* This CPU leaves its running cell by itself (CPU_OFF, a fault, its stop). */
void __noreturn cpu_leave_cell(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();

	if (!own_move(cpu, OWN_CELL, OWN_PARKING) && !own_move(cpu, OWN_STOPPING, OWN_PARKING))
		hyp_panic("CPU %u: leaving a cell it does not run", cpu->slot);
	cpu_park(regs);
}

/* At every exit of a cell's CPU: a stop asked by another CPU comes first. */
void cpu_check_stop(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();

	if (likely(own_get(cpu) != OWN_STOPPING))
		return;
	own_move(cpu, OWN_STOPPING, OWN_PARKING);
	cpu_park(regs);
}
