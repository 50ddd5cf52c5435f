/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Clearing the FP/SIMD registers before a CPU enters a cell, so that it
 * finds nothing of what ran there before.  The only FP instructions in
 * the hypervisor, hence in assembly (C is built -mgeneral-regs-only).
 */
	.arch	armv8-a+fp+simd
	.text
	.globl	fpsimd_reset
fpsimd_reset:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	movi	v\n\().2d, #0
	.endr
	msr	fpcr, xzr
	msr	fpsr, xzr
	ret
