/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL2 exception vectors once a CPU is in.  Every entry from EL1/EL0
 * synchronises errors first (ESB: an SError the lower EL caused is
 * deferred into DISR_EL1 and belongs to it, serror.c), saves the
 * general-purpose registers (nothing else: EL2 code uses no FP/SIMD and
 * the EL1 system registers stay live), hardens the branch predictor where
 * the CPU needs it (smccc.c) and calls the C handler.  An IRQ tries the
 * fast path first (irq_fast.S), which saves six registers only.
 *
 * An exception at EL2 itself first checks its stack: a CPU slot's stack
 * has PERCPU_STACK_BIT set in every address, the guard page below it and
 * everything further down do not (include/cpu.h), so an overflow is
 * caught on the way in and panics on the slot's overflow stack.
 */
#include "asm.h"

	.arch	armv8-a

.macro vector handler
	.align	7
.Lslot\@:
	hint	#16			/* esb */
	save_regs
	bl	hyp_mitigate
	mov	x0, sp
	bl	\handler
	b	hyp_trap_return
	.if	(. - .Lslot\@) > 0x80
	.error	"vector slot overflows 128 bytes"
	.endif
.endm

/* An IRQ from a lower EL: the fast path first (irq_fast.S). */
.macro irq_vector
	.align	7
.Lslot\@:
	hint	#16			/* esb */
	save_regs_head
	b	hyp_irq_entry
.endm

/*
 * A synchronous exit from a lower EL: a system-register trap tries the
 * SGI fast path first (sgi_fast.S); anything else goes straight to C.
 */
.macro sync_vector
	.align	7
.Lslot\@:
	hint	#16			/* esb */
	save_regs
	mrs	x0, esr_el2
	lsr	x0, x0, #ESR_EC_SHIFT
	cmp	x0, #EC_SYS64
	b.eq	hyp_sync_entry
	bl	hyp_mitigate
	mov	x0, sp
	bl	hyp_trap
	b	hyp_trap_return
	.if	(. - .Lslot\@) > 0x80
	.error	"vector slot overflows 128 bytes"
	.endif
.endm

/* At EL2: the stack checked without a free register (sp + x0 - x0). */
.macro el2_vector handler
	.align	7
.Lslot\@:
	add	sp, sp, x0
	sub	x0, sp, x0		/* x0 = sp */
	tbz	x0, #PERCPU_STACK_BIT, hyp_stack_overflowed
	sub	x0, sp, x0		/* x0 = x0 */
	sub	sp, sp, x0		/* sp = sp */
	save_regs
	mov	x0, sp
	bl	\handler
	b	hyp_trap_return
	.if	(. - .Lslot\@) > 0x80
	.error	"vector slot overflows 128 bytes"
	.endif
.endm

	.section .text.vectors, "ax"
	.align	11
	.globl	hyp_vectors
hyp_vectors:
	el2_vector hyp_el2_exception	/* EL2 with SP_EL0: never used */
	el2_vector hyp_el2_exception
	el2_vector hyp_el2_exception
	el2_vector hyp_el2_serror
	el2_vector hyp_el2_exception	/* EL2 with SP_EL2: a bug in vhyp */
	el2_vector hyp_el2_exception
	el2_vector hyp_el2_exception
	el2_vector hyp_el2_serror	/* or one taken on purpose (serror.c) */
	sync_vector			/* lower EL, AArch64 */
	irq_vector
	vector	hyp_fiq
	vector	hyp_serror
	vector	hyp_trap		/* lower EL, AArch32 */
	irq_vector
	vector	hyp_fiq
	vector	hyp_serror

/* The stack overflowed (x0, sp: lost): panic on the overflow stack. */
hyp_stack_overflowed:
	mrs	x0, tpidr_el2
	add	x0, x0, #PERCPU_OVERFLOW_TOP
	mov	sp, x0
	b	hyp_stack_overflow

/*
 * Clear what a lower EL taught the branch predictors, as this CPU needs
 * (struct hyp_cpu.mitigate).  Every general-purpose register is in the
 * frame already, so the firmware may clobber x0..x17 and this x19; x30
 * is the return.  Before any C code (which has indirect branches); the
 * interrupt fast path, which has none and returns to the same owner,
 * goes without.
 */
	.globl	hyp_mitigate
hyp_mitigate:
	mrs	x0, tpidr_el2
	ldr	w19, [x0, #CPU_MITIGATE]
	cbz	w19, 3f
	tbz	w19, #MITIGATE_FW_WA3_BIT, 1f
	mov_q	x0, 0x80003fff		/* ARCH_WORKAROUND_3 */
	smc	#0
	ret
1:	tbz	w19, #MITIGATE_FW_WA1_BIT, 2f
	mov_q	x0, 0x80008000		/* ARCH_WORKAROUND_1 */
	smc	#0
2:	tbz	w19, #MITIGATE_CLRBHB_BIT, 4f
	hint	#22			/* clrbhb */
	isb
	ret
4:	lsr	w19, w19, #MITIGATE_LOOP_SHIFT
	cbz	w19, 3f
5:	b	6f
6:	subs	w19, w19, #1
	b.ne	5b
	dsb	nsh
	isb
3:	ret

/* hyp_resume(regs): return to the context in 'regs', dropping the stack above it. */
	.globl	hyp_resume
hyp_resume:
	mov	sp, x0

	.globl	hyp_trap_return
hyp_trap_return:
	restore_regs
	eret
	dsb	nsh			/* no speculation past eret */
	isb
