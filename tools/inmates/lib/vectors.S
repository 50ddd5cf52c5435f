/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The EL1 exception vectors of a payload (VBAR_EL1, set by irq_init()).
 * Payloads run in EL1h: an IRQ from there saves the registers a C call
 * may change and calls irq_handle(); interrupts are masked throughout, so
 * nothing nests and ELR_EL1/SPSR_EL1 stay intact.  A synchronous
 * exception from there does the same with sync_handle(), which goes on
 * only if the payload's handler took it (irq.c).  Every other vector
 * reports the exception and stops the CPU (exception_unexpected()).
 */
	.macro	unexpected kind
	.balign	0x80
	mov	x0, #\kind
	b	exception_unexpected
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.globl	vectors
vectors:
	unexpected 0		/* current EL, SP_EL0: sync, IRQ, FIQ, SError */
	unexpected 1
	unexpected 2
	unexpected 3
	.balign	0x80		/* current EL, SP_ELx */
	b	sync_entry
	.balign	0x80
	b	irq_entry
	unexpected 6
	unexpected 7
	unexpected 8		/* lower EL, AArch64 */
	unexpected 9
	unexpected 10
	unexpected 11
	unexpected 12		/* lower EL, AArch32 */
	unexpected 13
	unexpected 14
	unexpected 15

/* x0-x18, x29 and x30: the caller-saved registers, and the frame pointer. */
	.macro	call_saving fn
	sub	sp, sp, #176
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #160]
	bl	\fn
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	ldr	x30, [sp, #160]
	add	sp, sp, #176
	eret
	.endm

irq_entry:
	call_saving irq_handle

sync_entry:
	call_saving sync_handle
