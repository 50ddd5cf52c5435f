/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL2 exception vectors once a CPU is in.  Every entry from EL1/EL0 saves
 * the general-purpose registers (nothing else: EL2 code uses no FP/SIMD
 * and the EL1 system registers stay live) and calls the C handler.
 */
#include "asm.h"

.macro vector handler
	.align	7
.Lslot\@:
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
	vector	hyp_el2_exception	/* EL2 with SP_EL0 */
	vector	hyp_el2_exception
	vector	hyp_el2_exception
	vector	hyp_el2_exception
	vector	hyp_el2_exception	/* EL2 with SP_EL2: a bug in vhyp */
	vector	hyp_el2_exception
	vector	hyp_el2_exception
	vector	hyp_el2_exception
	vector	hyp_trap		/* lower EL, AArch64 */
	vector	hyp_irq
	vector	hyp_fiq
	vector	hyp_serror
	vector	hyp_trap		/* lower EL, AArch32 */
	vector	hyp_irq
	vector	hyp_fiq
	vector	hyp_serror

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
