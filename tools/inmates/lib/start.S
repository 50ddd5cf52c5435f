/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of a bare-metal payload, as vhyp (or QEMU's -kernel) enters it:
 * EL1 (EL2 on QEMU with virtualization=on), MMU off, x0 = a device tree
 * or 0.  A stack, a clean bss, then main().
 */
	.section .text.start, "ax"
	.globl	_start
_start:
	adr	x1, __stack_top
	mov	sp, x1
	adr	x1, __bss_start
	adr	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	bl	main
3:	wfe
	b	3b

/*
 * Where another CPU starts (PSCI CPU_ON with this entry point and x0 =
 * context): the stack of its MPIDR Aff0, then secondary_main(context).
 * The first CPU's stack is the 16 KiB below __stack_top, and CPU n
 * (Aff0 1..7) has the 8 KiB below __stack_top - 16 KiB - (n - 1) * 8 KiB
 * (inmate.lds).  A CPU without a stack of its own stops here.
 */
	.globl	secondary_entry
secondary_entry:
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	cbz	x1, 4f
	cmp	x1, #7
	b.hi	4f
	adr	x2, __stack_top
	sub	x2, x2, #0x2000			/* 16 KiB - 8 KiB ... */
	sub	x2, x2, x1, lsl #13		/* ... - n * 8 KiB */
	mov	sp, x2
	bl	secondary_main
4:	wfe
	b	4b
