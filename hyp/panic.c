// SPDX-License-Identifier: GPL-2.0
/*
 * When the hypervisor finds itself broken, it stops cleanly rather than
 * take Linux down with it: it says why on its console and in the status
 * area, leaves the CPU it runs on, and makes every other CPU stop too: it
 * sends each the kick SGI (a CPU at EL1 takes it and stops at that exit)
 * and an event (a CPU waiting at EL2, perhaps for a lock the panicking CPU
 * held, sees the flag in its wait: spinlock.h).  A CPU of the root leaves
 * the hypervisor and Linux carries on without it, but only once the
 * panicking CPU has zeroed the cells' memory (scrub.c): without stage 2
 * the root reaches it.  A CPU of a cell, or one parked for one, stays at
 * EL2 for good: without stage 2 a cell would reach everything.  The
 * driver reports the panic and frees the memory once all CPUs are out.
 */
#include <stdarg.h>
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "owner.h"

u32 hyp_panicking;

static struct hyp_cpu *cpu_or_null(void)
{
	u64 cpu = read_sysreg(tpidr_el2);
	u64 base = hyp_header.phys_base + hyp_header.percpu_offset;

	if (cpu < base || cpu >= base + (u64)hyp_header.ncpus * hyp_header.percpu_size)
		return NULL;
	return (struct hyp_cpu *)cpu;
}

bool hyp_is_panicking(void)
{
	return __atomic_load_n(&hyp_panicking, __ATOMIC_ACQUIRE);
}

/* Stop here: out of the hypervisor for the root, at EL2 for good for a cell. */
void __noreturn hyp_panic_stop(void)
{
	struct hyp_cpu *cpu = cpu_or_null();

	if (cpu && cpu->regs && root_runs_on(cpu)) {
		scrub_wait();
		hyp_cpu_leave(cpu->regs, hyp_header.stub_vectors, 0);
	}
	if (cpu) {	/* a cell's CPU: it writes the cell's memory no more (scrub.c) */
		__atomic_store_n(&cpu->panic_stopped, true, __ATOMIC_RELEASE);
		dsb(ish);
		sev();
	}
	for (;;)
		wfe();
}

static void stop_others(struct hyp_cpu *self)
{
	unsigned int slot;

	for (slot = 0; slot < hyp_header.ncpus; slot++) {
		struct hyp_cpu *c = hyp_cpu_slot(slot);

		if (c != self && c->status && c->gicr)
			gic_send_sgi(c->mpidr, hyp_header.kick_sgi);
	}
	dsb(ish);
	sev();
}

void __noreturn hyp_panic(const char *fmt, ...)
{
	struct vhyp_status *st = hyp_status();
	struct hyp_cpu *cpu = cpu_or_null();
	va_list ap;

	if (__atomic_exchange_n(&hyp_panicking, 1, __ATOMIC_ACQ_REL))
		hyp_panic_stop();		/* another CPU is panicking: its reason stands */
	va_start(ap, fmt);
	hyp_vsnprintf(st->panic_reason, sizeof(st->panic_reason), fmt, ap);
	va_end(ap);
	st->panic_cpu = cpu ? cpu->slot : ~0U;
	hyp_printf("vhyp: PANIC on CPU %d: %s\n", cpu ? (int)cpu->slot : -1, st->panic_reason);
	hyp_printf("vhyp: the hypervisor stops; Linux goes on without it\n");
	__atomic_store_n(&st->state, VHYP_STATE_PANICKED, __ATOMIC_RELEASE);
	stop_others(cpu);
	scrub_cells();
	hyp_panic_stop();
}

/* At an exit: has another CPU panicked? */
void hyp_check_panicked(struct hyp_regs *regs)
{
	(void)regs;
	if (unlikely(hyp_is_panicking()))
		hyp_panic_stop();
}

/*
 * vectors.S: this CPU's EL2 stack ran into its guard page; we are on the
 * overflow stack.  What overflowed lies below the owner's own frame, the
 * first one at the top of the stack (saved at the exit from EL1, with the
 * owner's ELR and SPSR): a root CPU leaves from it as from any panic.  A
 * frame anywhere else is not trusted.
 */
void __noreturn hyp_stack_overflow(void);
void __noreturn hyp_stack_overflow(void)
{
	struct hyp_cpu *cpu = cpu_or_null();

	if (cpu && cpu->regs != (struct hyp_regs *)((u64)cpu + hyp_header.percpu_size) - 1)
		cpu->regs = NULL;
	hyp_panic("the EL2 stack overflowed (ELR %#llx, FAR %#llx)", read_sysreg(elr_el2),
		  read_sysreg(far_el2));
}
