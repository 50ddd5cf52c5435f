/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of a bare-metal payload, as vhyp (or QEMU's -kernel) enters it:
 * EL1 (or EL2 on QEMU without a hypervisor), MMU off, x0 = a device tree
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
 * Where a second CPU starts (PSCI CPU_ON with this entry point): its own
 * stack, 8 KiB below the first CPU's, then secondary_main(context).
 */
	.globl	secondary_entry
secondary_entry:
	adr	x1, __stack_top
	sub	x1, x1, #0x2000
	mov	sp, x1
	bl	secondary_main
4:	wfe
	b	4b
