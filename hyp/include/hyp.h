/* SPDX-License-Identifier: GPL-2.0 */
/* What every part of the hypervisor shares: the header and the status area. */
#ifndef _VHYP_HYP_H
#define _VHYP_HYP_H

#include <linux/types.h>
#include <vhyp/header.h>
#include <vhyp/status.h>
#include "cpu.h"
#include "printf.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __noreturn	__attribute__((noreturn))
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define likely(x)	__builtin_expect(!!(x), 1)

extern struct vhyp_hyp_header hyp_header;

static inline struct vhyp_status *hyp_status(void)
{
	return (struct vhyp_status *)(hyp_header.phys_base + hyp_header.status_offset);
}

static inline struct hyp_cpu *hyp_cpu_slot(unsigned int slot)
{
	return (struct hyp_cpu *)(hyp_header.phys_base + hyp_header.percpu_offset +
				  (u64)slot * hyp_header.percpu_size);
}

/* setup.c */
void __noreturn hyp_cpu_leave(struct hyp_regs *regs, u64 vbar, u64 jump);
void __noreturn hyp_simulate_powerdown(struct hyp_cpu *cpu);
void psci_relay_setup(void);
int hyp_slot_of(u64 mpidr);

/* head.S */
extern char hyp_cpu_on_entry[];
void __noreturn hyp_leave_el2(struct hyp_regs *regs, u64 vbar, u64 jump, u64 sctlr);

/* traps.c, hvc.c, psci_relay.c, sysreg.c, inject.c */
void hyp_trap(struct hyp_regs *regs);
void handle_hvc(struct hyp_regs *regs, u64 esr);
void handle_smc(struct hyp_regs *regs, u64 esr);
void handle_sysreg(struct hyp_regs *regs, u64 esr);
void inject_undef(struct hyp_regs *regs);

/* firmware.c: calls into EL3 */
void smc_forward(u64 *x);
u64 smc_call(u64 fn, u64 a1, u64 a2, u64 a3);
void root_smc(struct hyp_regs *regs);

/* smccc.c: the Arm architecture calls (SMCCC 1.1) */
void smccc_init_cpu(struct hyp_cpu *cpu);
bool smccc_cell_call(struct hyp_regs *regs);
void inject_abort(struct hyp_regs *regs, u64 far, bool instr, bool write);
void skip_instr(struct hyp_regs *regs);

/* virq.c: list registers */
enum drain {
	DRAIN_DISCARD,		/* a cell's: gone with it */
	DRAIN_ROOT,		/* the root's: to its other CPUs */
	DRAIN_LEAVE,		/* vhyp leaves the CPU: to its physical interface */
};
void hyp_irq(struct hyp_regs *regs, u32 acked);
void hyp_fiq(struct hyp_regs *regs);
void virq_init_cpu(struct hyp_cpu *cpu);
void virq_poll(struct hyp_cpu *cpu);
void virq_drain(struct hyp_cpu *cpu, enum drain how);
bool virq_lpis_pending(struct hyp_cpu *cpu);
bool virq_wakeup_pending(struct hyp_cpu *cpu);
void virq_save(struct hyp_cpu *cpu, struct vgic_state *s);
void virq_restore(struct hyp_cpu *cpu, const struct vgic_state *s);
void virq_exit_cpu(struct hyp_cpu *cpu);
void virq_inject(struct hyp_cpu *cpu, u64 e);
bool virq_present(struct hyp_cpu *cpu, u32 intid);
void virq_withdraw(struct hyp_cpu *cpu, u32 intid);

/* lpi.c: the root's LPIs where it does not run */
void lpi_to_root(u32 intid);
void lpi_collect(struct hyp_cpu *cpu);

/* serror.c */
void hyp_serror(struct hyp_regs *regs);
void hyp_el2_serror(struct hyp_regs *regs);
void serror_sync(struct hyp_cpu *cpu);
void serror_check(struct hyp_cpu *cpu);
void serror_init_cpu(struct hyp_cpu *cpu);

/* traps.c: an exception at EL2 itself */
void hyp_el2_exception(struct hyp_regs *regs);

/* console.c, printf.c, panic.c */
void hyp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cell_console_putc(unsigned int id, char c);
void __noreturn hyp_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool hyp_is_panicking(void);
void hyp_check_panicked(struct hyp_regs *regs);

#endif
