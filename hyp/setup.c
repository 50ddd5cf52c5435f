// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing a CPU under the hypervisor and letting it go again.
 *
 * A CPU comes in one of two ways: from Linux through the hyp stub
 * (hyp_cpu_init: EL2 is configured as the stub left it, which is saved and
 * put back when the CPU leaves), or fresh from firmware after a PSCI
 * CPU_ON or resume (hyp_cpu_boot: nothing is configured, so the state the
 * stub left on the first CPU serves as the template).
 */
#include <vhyp/version.h>
#include "hyp.h"
#include "paging.h"
#include "cell.h"

extern char hyp_vectors[];

static spinlock_t template_lock;
static struct el2_state template;
static bool template_valid;

static bool has_sve(void)
{
	return (read_sysreg(id_aa64pfr0_el1) >> 32) & 0xf;
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

/* The traps and routing every CPU of the root cell runs with. */
static void configure_el2(struct hyp_cpu *cpu)
{
	u64 hcr = cpu->saved.hcr | HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO |
		  HCR_TSC | HCR_RW | HCR_BSU_IS | HCR_FB;

	cpu->status = &hyp_status()->cpu[cpu->slot];
	cpu->status->mpidr = cpu->mpidr;
	write_sysreg(hyp_header.vtcr, vtcr_el2);
	write_sysreg(hyp_header.vttbr, vttbr_el2);	/* root cell: VMID 0 */
	write_sysreg(hcr, hcr_el2);
	isb();
	/* no TLB entry made without stage 2 may survive: they would bypass it */
	asm volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	virq_init_cpu(cpu);
	write_sysreg(hyp_vectors, vbar_el2);
	isb();
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_HYP, __ATOMIC_RELEASE);
}

int hyp_slot_of(u64 mpidr)
{
	unsigned int i;

	for (i = 0; i < hyp_header.ncpus; i++)
		if (hyp_header.cpu_mpidr[i] == mpidr_affinity(mpidr))
			return i;
	return -1;
}

/* From Linux through the hyp stub (head.S hyp_init_sync). */
void hyp_cpu_init(struct hyp_regs *regs, struct hyp_cpu *cpu, unsigned int slot, u64 sctlr);
void hyp_cpu_init(struct hyp_regs *regs, struct hyp_cpu *cpu, unsigned int slot, u64 sctlr)
{
	u64 mpidr = mpidr_affinity(read_sysreg(mpidr_el1));

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
		write_sysreg(cpu->saved.tpidr, tpidr_el2);
		regs->x[0] = -22;
		dcache_clean_inval_range(regs, sizeof(*regs));
		hyp_leave_el2(regs, hyp_header.stub_vectors, 0, sctlr);
	}
	spin_lock(&template_lock);
	if (!template_valid) {
		template = cpu->saved;
		template_valid = true;
		cell_setup();
	}
	spin_unlock(&template_lock);
	configure_el2(cpu);
	hyp_printf("vhyp: CPU %u (MPIDR %#llx) entered\n", slot, mpidr);
	regs->x[0] = 0;
}

/* Fresh from firmware, for the root cell (head.S hyp_cpu_on_entry). */
void hyp_cpu_boot(struct hyp_regs *regs, struct hyp_cpu *cpu);
void hyp_cpu_boot(struct hyp_regs *regs, struct hyp_cpu *cpu)
{
	unsigned int i;
	u64 entry, ctx;

	write_sysreg(cpu, tpidr_el2);
	cpu->regs = regs;
	cpu->mpidr = mpidr_affinity(read_sysreg(mpidr_el1));
	cpu->saved = template;
	cpu->saved.tpidr = 0;
	write_sysreg(template.icc_sre, ICC_SRE_EL2);
	isb();
	write_sysreg(template.cptr, cptr_el2);
	write_sysreg(template.mdcr, mdcr_el2);
	write_sysreg(template.cnthctl, cnthctl_el2);
	write_sysreg(template.hstr, hstr_el2);
	if (template.has_zcr)
		write_sysreg(template.zcr, ZCR_EL2);
	write_sysreg(0, cntvoff_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	write_sysreg(0x30d00800, sctlr_el1);	/* RES1 bits, MMU and caches off */

	spin_lock(&cpu->boot_lock);
	entry = cpu->boot_entry;
	ctx = cpu->boot_ctx;
	cpu->boot_pending = false;
	spin_unlock(&cpu->boot_lock);

	configure_el2(cpu);

	for (i = 0; i < ARRAY_SIZE(regs->x); i++)
		regs->x[i] = 0;
	regs->x[0] = ctx;
	hyp_printf("vhyp: CPU %u (MPIDR %#llx) started by PSCI, entering the root at %#llx\n",
		   cpu->slot, cpu->mpidr, entry);
	regs->elr = entry;
	regs->spsr = PSR_MODE_EL1h | PSR_DAIF;
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
