// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing a CPU under the hypervisor and letting it go again.
 *
 * A CPU comes in one of three ways: from Linux through the hyp stub
 * (hyp_cpu_init: EL2 is configured as the stub left it, which is saved and
 * put back when the CPU leaves), fresh from firmware after a PSCI CPU_ON
 * (hyp_cpu_boot: nothing is configured, so the stub's state on the first
 * CPU serves as the template for what all CPUs share, and what differs
 * between kinds of core, the PMU's counter count, is read on this one),
 * or back from a power-down suspend (hyp_cpu_boot with cpu->resuming: its
 * own state, kept in struct hyp_cpu, is put back, silently).
 */
#include <vhyp/version.h>
#include "hyp.h"
#include "paging.h"
#include "cell.h"
#include "gic.h"
#include "owner.h"

#define EIO		5

extern char hyp_vectors[];

static spinlock_t template_lock;
static struct el2_state template;
static bool template_valid;

static bool has_sve(void)
{
	return ID_FIELD(read_sysreg(id_aa64pfr0_el1), PFR0_SVE);
}

static void save_el2(struct el2_state *s)
{
	s->hcr = read_sysreg(hcr_el2);
	s->cptr = read_sysreg(cptr_el2);
	s->mdcr = read_sysreg(mdcr_el2);
	s->cnthctl = read_sysreg(cnthctl_el2);
	s->hstr = read_sysreg(hstr_el2);
	s->vtcr = read_sysreg(vtcr_el2);
	s->tpidr = read_sysreg(tpidr_el2);
	s->icc_sre = read_sysreg(ICC_SRE_EL2);
	s->icc_ctlr = read_sysreg(ICC_CTLR_EL1);
	s->has_zcr = has_sve();
	if (s->has_zcr)
		s->zcr = read_sysreg(ZCR_EL2);
}

/*
 * The traps and routing every CPU of the root cell runs with.  A CPU
 * resuming from a power-down suspend ('resume') was configured before:
 * only its registers are lost, not what it learned of firmware and GIC.
 */
/* 'booted': fresh from firmware (hyp_cpu_boot), not through the stub at enable. */
static int configure_el2(struct hyp_cpu *cpu, bool resume, bool booted)
{
	int ret;

	if (!resume) {
		cpu->status = &hyp_status()->cpu[cpu->slot];
		cpu->status->mpidr = cpu->mpidr;
		el2_traps_init(cpu);
		smccc_init_cpu(cpu);
	}
	serror_init_cpu(cpu);
	write_sysreg(hyp_header.vtcr, vtcr_el2);
	write_sysreg(hyp_header.vttbr, vttbr_el2);	/* root cell: VMID 0 */
	el2_config_root(cpu);
	/* no TLB entry made without stage 2 may survive: they would bypass it */
	asm volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	ret = gic_init_cpu(cpu, booted);
	if (ret)
		return ret;
	if (!resume) {
		spin_lock(&cell_lock);	/* Linux's GIC driver must not reach our two */
		ret = pt_unmap(&root_s2, cpu->gicr + GICR_SGI_BASE, GICR_SGI_BASE);
		spin_unlock(&cell_lock);
		if (ret)
			return ret;
	}
	write_sysreg(hyp_vectors, vbar_el2);
	isb();
	return 0;
}

static void say_init_failure(struct hyp_cpu *cpu, int ret)
{
	if (ret == -19)
		hyp_printf("vhyp: CPU %u: no redistributor has its affinity %#llx\n", cpu->slot,
			   cpu->mpidr);
	else if (ret == -1)
		hyp_printf("vhyp: CPU %u: SGI %u is not non-secure group 1 on it (the secure world's); the hypervisor needs it\n",
			   cpu->slot, hyp_header.kick_sgi);
	else
		hyp_printf("vhyp: CPU %u: no table memory to hide its redistributor (%d)\n",
			   cpu->slot, ret);
}

int hyp_slot_of(u64 mpidr)
{
	unsigned int i;

	for (i = 0; i < hyp_header.ncpus; i++)
		if (hyp_header.cpu_mpidr[i] == mpidr_affinity(mpidr))
			return i;
	return -1;
}

/* Give EL2 back to the stub on a CPU that could not come in, with 'err' for the caller. */
static void __noreturn refuse(struct hyp_regs *regs, struct hyp_cpu *cpu, s64 err, u64 sctlr)
{
	gic_exit_cpu(cpu);
	write_sysreg(cpu->saved.hcr, hcr_el2);
	write_sysreg(cpu->saved.mdcr, mdcr_el2);
	write_sysreg(cpu->saved.cptr, cptr_el2);
	write_sysreg(cpu->saved.tpidr, tpidr_el2);
	regs->x[0] = err;
	dcache_clean_inval_range(regs, sizeof(*regs));
	hyp_leave_el2(regs, hyp_header.stub_vectors, 0, sctlr);
}

/* From Linux through the hyp stub (head.S hyp_init_sync). */
void hyp_cpu_init(struct hyp_regs *regs, struct hyp_cpu *cpu, unsigned int slot, u64 sctlr);
void hyp_cpu_init(struct hyp_regs *regs, struct hyp_cpu *cpu, unsigned int slot, u64 sctlr)
{
	u64 mpidr = mpidr_affinity(read_sysreg(mpidr_el1));
	int ret;

	save_el2(&cpu->saved);
	cpu->saved.sctlr = sctlr;
	cpu->slot = slot;
	cpu->mpidr = mpidr;
	cpu->regs = regs;
	write_sysreg(cpu, tpidr_el2);
	if (hyp_status()->abi != VHYP_STATUS_ABI || hyp_header.cpu_mpidr[slot] != mpidr) {
		hyp_printf("vhyp: CPU slot %u is MPIDR %#llx, but MPIDR %#llx asked for it (status ABI %u, mine %u)\n",
			   slot, hyp_header.cpu_mpidr[slot], mpidr, hyp_status()->abi,
			   VHYP_STATUS_ABI);
		refuse(regs, cpu, -22, sctlr);
	}
	spin_lock(&template_lock);
	if (!template_valid) {
		template = cpu->saved;
		template_valid = true;
		cell_setup();
	}
	spin_unlock(&template_lock);
	ret = configure_el2(cpu, false, false);
	if (ret) {
		say_init_failure(cpu, ret);
		refuse(regs, cpu, ret == -1 ? -1 : -EIO, sctlr);
	}
	virq_init_cpu(cpu);
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_HYP, __ATOMIC_RELEASE);
	hyp_printf("vhyp: CPU %u (MPIDR %#llx) entered\n", slot, mpidr);
	regs->x[0] = 0;
}

/* What the stub would have set on this CPU: the template, with this core's own values. */
static void template_for_this_cpu(struct hyp_cpu *cpu)
{
	cpu->saved = template;
	cpu->saved.tpidr = 0;
	cpu->saved.mdcr = (template.mdcr & ~MDCR_HPMN_MASK) | el2_pmu_counters();
	cpu->saved.has_zcr = has_sve();
}

/* Fresh from firmware, for the root cell (head.S hyp_cpu_on_entry). */
void hyp_cpu_boot(struct hyp_regs *regs, struct hyp_cpu *cpu);
void hyp_cpu_boot(struct hyp_regs *regs, struct hyp_cpu *cpu)
{
	bool resume = cpu->resuming;
	unsigned int i;
	u64 entry, ctx;
	int ret;

	write_sysreg(cpu, tpidr_el2);
	cpu->regs = regs;
	cpu->mpidr = mpidr_affinity(read_sysreg(mpidr_el1));
	if (!resume)
		template_for_this_cpu(cpu);
	write_sysreg(cpu->saved.icc_sre, ICC_SRE_EL2);
	isb();
	write_sysreg(cpu->saved.cnthctl, cnthctl_el2);
	write_sysreg(cpu->saved.hstr, hstr_el2);
	if (cpu->saved.has_zcr)
		write_sysreg(cpu->saved.zcr, ZCR_EL2);
	write_sysreg(0, cntvoff_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	write_sysreg(0x30d00800, sctlr_el1);	/* RES1 bits, MMU and caches off */

	spin_lock(&cpu->boot_lock);
	entry = cpu->boot_entry;
	ctx = cpu->boot_ctx;
	cpu->boot_pending = false;
	spin_unlock(&cpu->boot_lock);

	ret = configure_el2(cpu, resume, true);
	if (ret)	/* the driver saw this CPU enter before: nothing to give back to */
		hyp_panic("CPU %u cannot come back under the hypervisor (%d)", cpu->slot, ret);
	virq_init_cpu(cpu);
	if (resume) {
		virq_restore(cpu, &cpu->suspended);
		cpu->resuming = false;
	}
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_HYP, __ATOMIC_RELEASE);

	for (i = 0; i < ARRAY_SIZE(regs->x); i++)
		regs->x[i] = 0;
	regs->x[0] = ctx;
	if (!resume)
		hyp_printf("vhyp: CPU %u (MPIDR %#llx) started by PSCI, entering the root at %#llx\n",
			   cpu->slot, cpu->mpidr, entry);
	regs->elr = entry;
	regs->spsr = PSR_MODE_EL1h | PSR_DAIF;
}

/*
 * test_powerdown: firmware returned from a power-down CPU_SUSPEND (QEMU's
 * always does), so do what a real power-down does to the CPU: its GIC CPU
 * interface and EL2 state are gone, and it restarts at hyp_cpu_on_entry
 * with the MMU off.  The suspend path then has to bring everything back.
 */
void __noreturn hyp_simulate_powerdown(struct hyp_cpu *cpu)
{
	struct hyp_regs *regs = (struct hyp_regs *)((u64)cpu + PERCPU_OVERFLOW_TOP) - 1;

	write_sysreg(0, ICH_HCR_EL2);
	write_sysreg(0, ICH_VMCR_EL2);
	write_sysreg(0, ICC_IGRPEN1_EL1);
	write_sysreg(0, ICC_PMR_EL1);
	write_sysreg(0, vbar_el2);
	isb();
	regs->x[2] = (u64)cpu;		/* hyp_leave_el2 jumps with x0 = regs->x[2] */
	dcache_clean_inval_range(regs, sizeof(*regs));
	hyp_leave_el2(regs, 0, (u64)hyp_cpu_on_entry, cpu->saved.sctlr);
}

/*
 * Leave EL2 on this CPU: put back what the stub had, then return to the
 * trapped context (jump == 0) or branch to 'jump' at EL2 (soft restart),
 * with 'vbar' as the vectors from now on.
 */
void __noreturn hyp_cpu_leave(struct hyp_regs *regs, u64 vbar, u64 jump)
{
	struct hyp_cpu *cpu = this_cpu();
	const struct el2_state *s = &cpu->saved;

	virq_exit_cpu(cpu);
	gic_exit_cpu(cpu);
	write_sysreg(s->hcr, hcr_el2);
	write_sysreg(0, vttbr_el2);
	write_sysreg(s->vtcr, vtcr_el2);
	write_sysreg(s->cptr, cptr_el2);
	write_sysreg(s->mdcr, mdcr_el2);
	write_sysreg(s->cnthctl, cnthctl_el2);
	write_sysreg(s->hstr, hstr_el2);
	isb();
	asm volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_OFF, __ATOMIC_RELEASE);
	hyp_printf("vhyp: CPU %u left\n", cpu->slot);
	write_sysreg(s->tpidr, tpidr_el2);
	dcache_clean_inval_range(regs, sizeof(*regs));
	hyp_leave_el2(regs, vbar, jump, s->sctlr);
}
