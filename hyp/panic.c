// SPDX-License-Identifier: GPL-2.0
/*
 * When the hypervisor finds itself broken, it stops cleanly rather than
 * take Linux down with it: it says why on its console and in the status
 * area, leaves the CPU it runs on, and every other CPU leaves at its next
 * exit.  Linux carries on without a hypervisor; the driver reports the
 * panic and frees the memory once all CPUs are out.
 */
#include <stdarg.h>
#include "hyp.h"

static struct hyp_cpu *cpu_or_null(void)
{
	u64 cpu = read_sysreg(tpidr_el2);
	u64 base = hyp_header.phys_base + hyp_header.percpu_offset;

	if (cpu < base || cpu >= base + (u64)hyp_header.ncpus * hyp_header.percpu_size)
		return NULL;
	return (struct hyp_cpu *)cpu;
}

void __noreturn hyp_panic(const char *fmt, ...)
{
	struct vhyp_status *st = hyp_status();
	struct hyp_cpu *cpu = cpu_or_null();
	va_list ap;

	va_start(ap, fmt);
	hyp_vsnprintf(st->panic_reason, sizeof(st->panic_reason), fmt, ap);
	va_end(ap);
	st->panic_cpu = cpu ? cpu->slot : ~0U;
	hyp_printf("vhyp: PANIC on CPU %d: %s\n", cpu ? (int)cpu->slot : -1, st->panic_reason);
	hyp_printf("vhyp: the hypervisor stops; Linux goes on without it\n");
	__atomic_store_n(&st->state, VHYP_STATE_PANICKED, __ATOMIC_RELEASE);
	/* a cell's CPU (or one parked for it) stays here: without stage 2 a
	 * cell would reach everything */
	if (cpu && cpu->regs && !cpu->cell)
		hyp_cpu_leave(cpu->regs, hyp_header.stub_vectors, 0);
	for (;;)
		wfe();
}

void hyp_check_panicked(struct hyp_regs *regs)
{
	if (likely(__atomic_load_n(&hyp_status()->state, __ATOMIC_ACQUIRE) !=
		   VHYP_STATE_PANICKED))
		return;
	if (this_cpu()->cell)
		for (;;)
			wfe();
	hyp_cpu_leave(regs, hyp_header.stub_vectors, 0);
}
