/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interrupt fast path: a cell's own interrupt, straight into a list
 * register and back, with six registers saved.
 *
 * A CPU running its cell (OWN_CELL, not stopping) with no virtual
 * interrupt queued (virq.c), the trace off, no SError deferred by the
 * vector's ESB and no test fault pending acknowledges the interrupt and
 * finishes here if it is
 *   - a PPI, not the GIC's maintenance interrupt: the cell's (its timers,
 *     its PMU), injected with the HW bit, as virq.c does;
 *   - an SPI the cell owns (irq_owner), the same;
 *   - an SGI, not the hypervisor's kick, while no list register is in use
 *     (so there is no earlier one to merge it with): completed here and
 *     injected as a purely virtual interrupt.
 * It needs a free list register for it; everything else, and whatever it
 * acknowledged but cannot finish, goes to the C path (virq.c: hyp_irq)
 * with the frame completed, after the branch-predictor hardening.  The
 * fast path itself has no indirect branch and always returns to the same
 * owner, so it needs none.
 *
 * Entered from the vector (vectors.S: irq_vector) with x0..x5 saved in a
 * struct hyp_regs on the EL2 stack.
 */
#include "asm.h"

	.arch	armv8-a

#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_DIR_EL1	S3_0_C12_C11_1
#define ICH_ELRSR_EL2	S3_4_C12_C11_5
#define LR_GROUP1_PENDING	0x5000		/* << 48: bits 60 and 62 */
#define LR_GROUP1_HW_PENDING	0x7000		/* << 48: bits 60, 61 and 62 */

/* x2 = the free list registers of the nr_lrs this CPU has (ICH_ELRSR_EL2), x5 = all of them */
.macro free_lrs
	mrs	x2, ICH_ELRSR_EL2
	ldr	w4, [x0, #CPU_NR_LRS]
	mov	x5, #1
	lsl	x5, x5, x4
	sub	x5, x5, #1
	and	x2, x2, x5
.endm

/* write list register n from x3, then count the exit */
.macro lr_write n, crm, op2
.Llr\n:
	msr	S3_4_C12_\crm\()_\op2, x3
	b	.Lcount
.endm

	.section .text, "ax"
	.globl	hyp_irq_entry
hyp_irq_entry:
	mrs	x0, tpidr_el2
	fast_path_allowed 0, 1, .Lnone
	ldr	w1, [x0, #CPU_VIRQ_HEAD]
	ldr	w2, [x0, #CPU_VIRQ_TAIL]
	cmp	w1, w2
	b.ne	.Lnone				/* queued interrupts come first: virq.c */
	mrs	x1, ICC_IAR1_EL1
	and	x1, x1, #0xffffff
	cmp	x1, #GIC_MAX_INTID
	b.hs	.Lhigh
	cmp	x1, #GIC_NR_PRIVATE
	b.hs	.Lspi
	cmp	x1, #16
	b.lo	.Lsgi

	/* a PPI: the cell's, but for the GIC's maintenance interrupt */
	adrp	x2, hyp_header
	add	x2, x2, :lo12:hyp_header
	ldr	w2, [x2, #HDR_MAINT_IRQ]
	cmp	x1, x2
	b.eq	.Lacked
	add	x2, x0, #CPU_PRIO
	ldrb	w2, [x2, x1]
	b	.Lhw

	/* an SPI: if the cell owns it */
.Lspi:	adrp	x2, irq_owner
	add	x2, x2, :lo12:irq_owner
	ldrb	w2, [x2, x1]
	ldr	w3, [x0, #CPU_CELL]
	cmp	w2, w3
	b.ne	.Lacked
	adrp	x2, spi_prio
	add	x2, x2, :lo12:spi_prio
	ldrb	w2, [x2, x1]

	/* x3 = list register: vINTID = pINTID = x1, priority w2, group 1, HW, pending */
.Lhw:	orr	x3, x1, x1, lsl #32
	orr	x3, x3, x2, lsl #48
	movz	x2, #LR_GROUP1_HW_PENDING, lsl #48
	orr	x3, x3, x2
	free_lrs
	cbz	x2, .Lacked
	msr	ICC_EOIR1_EL1, x1		/* priority drop; the cell's EOI deactivates */
	tbnz	x2, #0, .Llr0
	tbnz	x2, #1, .Llr1
	tbnz	x2, #2, .Llr2
	tbnz	x2, #3, .Llr3
	tbnz	x2, #4, .Llr4
	tbnz	x2, #5, .Llr5
	tbnz	x2, #6, .Llr6
	tbnz	x2, #7, .Llr7
	tbnz	x2, #8, .Llr8
	tbnz	x2, #9, .Llr9
	tbnz	x2, #10, .Llr10
	tbnz	x2, #11, .Llr11
	tbnz	x2, #12, .Llr12
	tbnz	x2, #13, .Llr13
	tbnz	x2, #14, .Llr14
	lr_write 15, C13, 7
	lr_write 0, C12, 0
	lr_write 1, C12, 1
	lr_write 2, C12, 2
	lr_write 3, C12, 3
	lr_write 4, C12, 4
	lr_write 5, C12, 5
	lr_write 6, C12, 6
	lr_write 7, C12, 7
	lr_write 8, C13, 0
	lr_write 9, C13, 1
	lr_write 10, C13, 2
	lr_write 11, C13, 3
	lr_write 12, C13, 4
	lr_write 13, C13, 5
	lr_write 14, C13, 6

	/* an SGI, not the kick, while every list register is free */
.Lsgi:	adrp	x2, hyp_header
	add	x2, x2, :lo12:hyp_header
	ldr	w2, [x2, #HDR_KICK_SGI]
	cmp	x1, x2
	b.eq	.Lacked
	free_lrs
	cmp	x2, x5
	b.ne	.Lacked
	add	x2, x0, #CPU_PRIO
	ldrb	w2, [x2, x1]
	orr	x3, x1, x2, lsl #48
	movz	x2, #LR_GROUP1_PENDING, lsl #48
	orr	x3, x3, x2
	msr	ICC_EOIR1_EL1, x1
	msr	ICC_DIR_EL1, x1			/* an SGI is done with here */
	b	.Llr0

.Lcount:
	ldr	x2, [x0, #CPU_STATUS]
	ldr	x3, [x2, #STATUS_CPU_EXIT_IRQ]
	add	x3, x3, #1
	str	x3, [x2, #STATUS_CPU_EXIT_IRQ]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x0, x1, [sp, #16 * 0]
	add	sp, sp, #REGS_SIZE
	eret
	dsb	nsh				/* no speculation past eret */
	isb

	/* 1020..1023: nothing to take here; above: an LPI, the root's */
.Lhigh:	cmp	x1, #GIC_SPURIOUS
	b.hi	.Lacked
.Lnone:	mov	x1, #GIC_SPURIOUS

	/* the C path: hyp_irq(regs, x1 = the INTID acknowledged, or 1023) */
.Lacked:
	save_regs_tail x2, x3
	mov	x20, x1
	bl	hyp_mitigate
	mov	x0, sp
	mov	x1, x20
	bl	hyp_irq
	b	hyp_trap_return
