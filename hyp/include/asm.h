/* SPDX-License-Identifier: GPL-2.0 */
/* Assembly helpers: saving and restoring a trapped context. */
#ifndef _VHYP_ASM_H
#define _VHYP_ASM_H

#include "asm-offsets.h"

/* Load a 64-bit constant without a literal pool (works with the MMU off). */
.macro mov_q reg, val
	movz	\reg, #((\val) & 0xffff)
	movk	\reg, #(((\val) >> 16) & 0xffff), lsl #16
	movk	\reg, #(((\val) >> 32) & 0xffff), lsl #32
	movk	\reg, #(((\val) >> 48) & 0xffff), lsl #48
.endm

/*
 * Push x0..x30, ELR_EL2 and SPSR_EL2 as a struct hyp_regs on the EL2
 * stack: in two halves, so that the interrupt fast path (irq_fast.S) can
 * save only x0..x5 and complete the frame if it needs the C path.
 */
.macro save_regs_head
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
.endm

/* The rest, with t0 and t1 (saved already) as scratch registers. */
.macro save_regs_tail t0, t1
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	str	x30, [sp, #16 * 15]
	mrs	\t0, elr_el2
	mrs	\t1, spsr_el2
	stp	\t0, \t1, [sp, #16 * 16]
.endm

.macro save_regs
	save_regs_head
	save_regs_tail x0, x1
.endm

/*
 * The fast paths (irq_fast.S, sgi_fast.S) run only on a CPU that runs its
 * cell and is not asked to stop, with the trace off, no test fault armed
 * and no SError its entry's ESB deferred: else on to 'slow'.  cpu: this
 * CPU's struct hyp_cpu; tmp is clobbered.
 */
.macro fast_path_allowed cpu, tmp, slow
	ldr	w\tmp, [x\cpu, #CPU_OWN]
	cmp	w\tmp, #OWN_CELL
	b.ne	\slow
	ldrb	w\tmp, [x\cpu, #CPU_TEST_SERROR]
	cbnz	w\tmp, \slow
	adrp	x\tmp, trace_gen
	ldr	w\tmp, [x\tmp, :lo12:trace_gen]
	cbnz	w\tmp, \slow
	ldrb	w\tmp, [x\cpu, #CPU_HAS_RAS]
	cbz	w\tmp, .Lfast_ok\@
	mrs	x\tmp, S3_0_C12_C1_1		/* DISR_EL1 */
	tbnz	x\tmp, #31, \slow		/* DISR_EL1.A */
.Lfast_ok\@:
.endm

/* Pop them again from the struct hyp_regs at sp: the exit returns where it says. */
.macro restore_regs
	ldp	x0, x1, [sp, #16 * 16]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	ldp	x0, x1, [sp, #16 * 0]
	add	sp, sp, #REGS_SIZE
.endm

#endif
