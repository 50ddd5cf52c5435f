// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI for the root cell: SMCs trap to EL2 and are passed to firmware,
 * except where a CPU would come back at EL2 outside vhyp's control.
 * CPU_ON and power-down suspends are given vhyp's entry point instead of
 * Linux's; the CPU comes up in vhyp (head.S hyp_cpu_on_entry), which
 * then enters Linux's entry point at EL1.  So CPUs the root takes offline
 * and back online, or idles in a power-down state, stay under the
 * hypervisor.  Other firmware calls: firmware.c.
 *
 * A suspend keeps the root's interrupts: if one is pending for it here
 * (in the list registers, invisible to the firmware's WFI), the call
 * returns at once, as firmware returns when a physical one is pending; a
 * power-down saves the virtual CPU interface, which a resume puts back
 * (setup.c).  Nothing is printed per suspend.
 */
#include "hyp.h"
#include "cell.h"
#include "owner.h"

#define PSCI_CPU_SUSPEND_32	0x84000001u
#define PSCI_CPU_SUSPEND_64	0xc4000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON_32		0x84000003u
#define PSCI_CPU_ON_64		0xc4000003u
#define PSCI_AFFINITY_32	0x84000004u
#define PSCI_AFFINITY_64	0xc4000004u
#define PSCI_FEATURES		0x8400000au
#define PSCI_DEF_SUSPEND_32	0x8400000cu
#define PSCI_DEF_SUSPEND_64	0xc400000cu
#define PSCI_SYS_SUSPEND_32	0x8400000eu
#define PSCI_SYS_SUSPEND_64	0xc400000eu

#define PSCI_SUCCESS		0
#define PSCI_INVALID_PARAMETERS	(-2)
#define PSCI_DENIED		(-3)
#define PSCI_ON_PENDING		(-5)
#define AFFINITY_OFF		1
#define AFFINITY_ON_PENDING	2

/* CPU_SUSPEND's power_state: its StateType bit, in the original or extended format */
#define PSCI_STATE_TYPE_ORIG	BIT(16)
#define PSCI_STATE_TYPE_EXT	BIT(30)
#define PSCI_FEATURE_EXT_STATE	BIT(1)

static u32 suspend_state_type;	/* the StateType bit of this firmware's power_state */

/* Once: the power_state format the firmware takes (PSCI_FEATURES of CPU_SUSPEND). */
void psci_relay_setup(void)
{
	s64 f = smc_call(PSCI_FEATURES, PSCI_CPU_SUSPEND_64, 0, 0);

	suspend_state_type = f >= 0 && (f & PSCI_FEATURE_EXT_STATE) ? PSCI_STATE_TYPE_EXT :
								      PSCI_STATE_TYPE_ORIG;
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

/* CPU_ON of a CPU parked in vhyp: free again (the root's to take) or a cell's. */
static s64 cpu_on_parked(struct hyp_cpu *cpu, u64 entry, u64 ctx)
{
	s64 ret = PSCI_SUCCESS;

	spin_lock(&cell_lock);
	if (cpu->cell)
		ret = PSCI_DENIED;
	else if (own_get(cpu) != OWN_PARKED || !set_boot(cpu, entry, ctx))
		ret = PSCI_ON_PENDING;
	else if (!cpu_claim(cpu, RUN_ROOT, 0, 0))
		ret = PSCI_ON_PENDING;
	spin_unlock(&cell_lock);
	return ret;
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
	cpu->slot = slot;	/* a CPU offline at enable never ran hyp_cpu_init */
	if (own_get(cpu) != OWN_ROOT) {
		regs->x[0] = cpu_on_parked(cpu, regs->x[2], regs->x[3]);
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
 * CPU_DEFAULT_SUSPEND (entry, ctx).  A standby state returns here; a
 * power-down one resumes at hyp_cpu_on_entry (setup.c), unless firmware
 * returns instead (a wake-up already pending; QEMU always), with the
 * interrupts where they were.
 */
static void psci_suspend(struct hyp_regs *regs, u32 fn, bool power_state)
{
	struct hyp_cpu *cpu = this_cpu();
	u64 *args = power_state ? &regs->x[2] : &regs->x[1];
	bool powerdown = !power_state || (regs->x[1] & suspend_state_type);

	if (virq_wakeup_pending(cpu)) {
		regs->x[0] = PSCI_SUCCESS;	/* woken at once, as by a pending interrupt */
		return;
	}
	if ((fn == PSCI_SYS_SUSPEND_32 || fn == PSCI_SYS_SUSPEND_64) && cells_exist()) {
		regs->x[0] = PSCI_DENIED;	/* the cells' CPUs are not the root's to suspend */
		return;
	}
	if (!powerdown) {
		smc_forward(regs->x);
		return;
	}
	virq_save(cpu, &cpu->suspended);
	set_boot(cpu, args[0], args[1]);
	cpu->resuming = true;
	if (power_state)
		regs->x[0] = smc_call(fn, regs->x[1], (u64)hyp_cpu_on_entry, (u64)cpu);
	else
		regs->x[0] = smc_call(fn, (u64)hyp_cpu_on_entry, (u64)cpu, 0);
	if (!regs->x[0] && (hyp_header.flags & VHYP_HDR_TEST_POWERDOWN))
		hyp_simulate_powerdown(cpu);	/* as if firmware had powered it down */
	cpu->resuming = false;
	clear_boot(cpu);
}

static void psci_cpu_off(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();

	/* Linux moved everything off this CPU; what is left of the root's goes elsewhere */
	if (cpu->cell) {	/* given to a cell: Linux let go of it, it waits in vhyp */
		if (!own_move(cpu, OWN_ROOT, OWN_PARKING))
			hyp_panic("CPU %u: CPU_OFF from the root on a CPU it does not run", cpu->slot);
		virq_drain(cpu, DRAIN_ROOT);
		hyp_printf("vhyp: CPU %u parked for cell %u\n", cpu->slot, cpu->cell);
		cpu_park(regs);
	}
	virq_drain(cpu, DRAIN_ROOT);
	serror_sync(cpu);
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_OFF, __ATOMIC_RELEASE);
	hyp_printf("vhyp: CPU %u off (PSCI CPU_OFF)\n", cpu->slot);
	smc_forward(regs->x);
	/* still here: firmware refused */
	__atomic_store_n(&cpu->status->state, VHYP_CPU_STATE_HYP, __ATOMIC_RELEASE);
}

/* A CPU parked in vhyp, or a cell's, is off as far as the root can tell. */
static void psci_affinity_info(struct hyp_regs *regs)
{
	int slot = hyp_slot_of(regs->x[1]);
	struct hyp_cpu *cpu;
	u32 own;

	if (regs->x[2] || slot < 0) {
		smc_forward(regs->x);
		return;
	}
	cpu = hyp_cpu_slot(slot);
	own = own_get(cpu);
	if (own == OWN_ROOT)
		smc_forward(regs->x);
	else if (own == OWN_ENTERING && __atomic_load_n(&cpu->run_to, __ATOMIC_ACQUIRE) == RUN_ROOT)
		regs->x[0] = AFFINITY_ON_PENDING;
	else
		regs->x[0] = AFFINITY_OFF;
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
		root_smc(regs);
	}
}
