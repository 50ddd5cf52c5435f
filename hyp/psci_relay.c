// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI for the root cell: SMCs trap to EL2 and are passed to firmware,
 * except where a CPU would come back at EL2 outside vhyp's control.
 * CPU_ON and powerdown suspends are given vhyp's entry point instead of
 * Linux's; the CPU comes up in vhyp (head.S hyp_cpu_on_entry), which
 * then enters Linux's entry point at EL1.  So CPUs the root takes offline
 * and back online stay under the hypervisor.
 */
#include "hyp.h"
#include "cell.h"

#define PSCI_CPU_SUSPEND_32	0x84000001u
#define PSCI_CPU_SUSPEND_64	0xc4000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON_32		0x84000003u
#define PSCI_CPU_ON_64		0xc4000003u
#define PSCI_AFFINITY_32	0x84000004u
#define PSCI_AFFINITY_64	0xc4000004u
#define PSCI_DEF_SUSPEND_32	0x8400000cu
#define PSCI_DEF_SUSPEND_64	0xc400000cu
#define PSCI_SYS_SUSPEND_32	0x8400000eu
#define PSCI_SYS_SUSPEND_64	0xc400000eu

#define PSCI_INVALID_PARAMETERS	(-2)
#define PSCI_DENIED		(-3)
#define PSCI_ON_PENDING		(-5)

/* Firmware call from EL2: x0..x7 in, x0..x3 out. */
static void smc_forward(u64 *r)
{
	register u64 x0 asm("x0") = r[0];
	register u64 x1 asm("x1") = r[1];
	register u64 x2 asm("x2") = r[2];
	register u64 x3 asm("x3") = r[3];
	register u64 x4 asm("x4") = r[4];
	register u64 x5 asm("x5") = r[5];
	register u64 x6 asm("x6") = r[6];
	register u64 x7 asm("x7") = r[7];

	asm volatile("smc #0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3),
		       "+r" (x4), "+r" (x5), "+r" (x6), "+r" (x7)
		     : : "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
		       "x16", "x17", "memory");
	r[0] = x0;
	r[1] = x1;
	r[2] = x2;
	r[3] = x3;
}

u64 smc_call(u64 fn, u64 a1, u64 a2, u64 a3)
{
	u64 r[8] = { fn, a1, a2, a3 };

	smc_forward(r);
	return r[0];
}

/* Remember where Linux wants 'cpu' to go when it comes up in vhyp. */
static bool set_boot(struct hyp_cpu *cpu, u64 entry, u64 ctx)
{
	bool ok;

	spin_lock(&cpu->boot_lock);
	ok = !cpu->boot_pending || cpu == this_cpu();
	if (ok) {
		cpu->boot_entry = entry;
		cpu->boot_ctx = ctx;
		cpu->boot_pending = true;
	}
	spin_unlock(&cpu->boot_lock);
	return ok;
}

static void clear_boot(struct hyp_cpu *cpu)
{
	spin_lock(&cpu->boot_lock);
	cpu->boot_pending = false;
	spin_unlock(&cpu->boot_lock);
}

static void psci_cpu_on(struct hyp_regs *regs)
{
	int slot = hyp_slot_of(regs->x[1]);
	struct hyp_cpu *cpu;
	s64 ret;

	if (slot < 0) {
		regs->x[0] = PSCI_INVALID_PARAMETERS;
		return;
	}
	cpu = hyp_cpu_slot(slot);
	if (__atomic_load_n(&cpu->parked, __ATOMIC_ACQUIRE)) {
		/* parked in vhyp: a cell's (not the root's to take), or free again */
		spin_lock(&cell_lock);
		if (cpu->cell || !set_boot(cpu, regs->x[2], regs->x[3])) {
			regs->x[0] = cpu->cell ? PSCI_DENIED : PSCI_ON_PENDING;
		} else {
			cpu_kick(cpu, CPU_CMD_ROOT);
			regs->x[0] = 0;
		}
		spin_unlock(&cell_lock);
		return;
	}
	if (!set_boot(cpu, regs->x[2], regs->x[3])) {
		regs->x[0] = PSCI_ON_PENDING;
		return;
	}
	ret = smc_call(PSCI_CPU_ON_64, regs->x[1], (u64)hyp_cpu_on_entry, (u64)cpu);
	if (ret)
		clear_boot(cpu);
	regs->x[0] = ret;
}

/*
 * CPU_SUSPEND (power_state, entry, ctx) and SYSTEM_SUSPEND or
 * CPU_DEFAULT_SUSPEND (entry, ctx).  A powerdown state resumes in vhyp;
 * a standby state, or an error, simply returns.
 */
static void psci_suspend(struct hyp_regs *regs, u32 fn, bool power_state)
{
	struct hyp_cpu *cpu = this_cpu();
	u64 *args = power_state ? &regs->x[2] : &regs->x[1];

	/* pending virtual interrupts must wake the physical CPU */
	virq_drain(cpu, true);
	set_boot(cpu, args[0], args[1]);
	if (power_state)
		regs->x[0] = smc_call(fn, regs->x[1], (u64)hyp_cpu_on_entry, (u64)cpu);
	else
		regs->x[0] = smc_call(fn, (u64)hyp_cpu_on_entry, (u64)cpu, 0);
	clear_boot(cpu);
}

static void psci_cpu_off(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();

	/* given to a cell: Linux let go of it, it waits in vhyp for the cell */
	if (cpu->cell) {
		hyp_printf("vhyp: CPU %u parked for cell %u\n", cpu->slot, cpu->cell);
		cpu_park(regs);
	}
	/* Linux moved everything off this CPU; nothing it had may stay active */
	virq_drain(cpu, false);
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_OFF, __ATOMIC_RELEASE);
	hyp_printf("vhyp: CPU %u off (PSCI CPU_OFF)\n", cpu->slot);
	smc_forward(regs->x);
	/* still here: firmware refused */
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_HYP, __ATOMIC_RELEASE);
}

/* A CPU parked in vhyp is off as far as the root can tell: firmware would say on. */
static void psci_affinity_info(struct hyp_regs *regs)
{
	int slot = hyp_slot_of(regs->x[1]);

	if (!regs->x[2] && slot >= 0 &&
	    __atomic_load_n(&hyp_cpu_slot(slot)->parked, __ATOMIC_ACQUIRE))
		regs->x[0] = 1;			/* OFF */
	else
		smc_forward(regs->x);
}

void handle_smc(struct hyp_regs *regs, u64 esr)
{
	u32 fn = regs->x[0];

	(void)esr;
	skip_instr(regs);		/* a trapped SMC returns to itself */
	count_exit(VHYP_EXIT_SMC);
	switch (fn) {
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		count_exit(VHYP_EXIT_PSCI);
		psci_cpu_on(regs);
		break;
	case PSCI_CPU_OFF:
		count_exit(VHYP_EXIT_PSCI);
		psci_cpu_off(regs);
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		count_exit(VHYP_EXIT_PSCI);
		psci_suspend(regs, fn, true);
		break;
	case PSCI_SYS_SUSPEND_32:
	case PSCI_SYS_SUSPEND_64:
	case PSCI_DEF_SUSPEND_32:
	case PSCI_DEF_SUSPEND_64:
		count_exit(VHYP_EXIT_PSCI);
		psci_suspend(regs, fn, false);
		break;
	case PSCI_AFFINITY_32:
	case PSCI_AFFINITY_64:
		count_exit(VHYP_EXIT_PSCI);
		psci_affinity_info(regs);
		break;
	default:
		smc_forward(regs->x);
	}
}
