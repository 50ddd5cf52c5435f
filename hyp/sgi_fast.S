/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SGI fast path: a cell's ICC_SGI1R_EL1 write, sent on its behalf
 * without the C path.
 *
 * A system-register trap from a lower EL arrives here with the whole
 * struct hyp_regs saved (vectors.S: sync_vector).  It is finished here when it is
 * a write of ICC_SGI1R_EL1 by a CPU running its cell (OWN_CELL, not
 * stopping), with the trace off, no SError deferred by the entry's ESB and
 * no test fault armed, and the value names by target list (IRM 0, Aff3..1
 * and RS 0) only CPUs of the cell (the first 16, hyp_cpu.sgi_route, set
 * when the CPU entered its cell: cell_cpu.c) and not the hypervisor's kick
 * SGI.  Each target gets the SGI at the physical affinity of that CPU; the
 * exit is counted and the instruction skipped, as sysreg.c and sgi.c do.
 * Everything else, a write that would be refused and counted included,
 * goes to the C path (traps.c: hyp_trap) after the branch-predictor
 * hardening.  Like the interrupt fast path, this one has no indirect
 * branch and returns to the same owner.
 */
#include "asm.h"

	.arch	armv8-a

#define ICC_SGI1R_EL1	S3_0_C12_C11_5
#define SGIR_RT_SHIFT	5
#define SGIR_INTID_SHIFT 24
/* Aff3 (55:48), RS (47:44), IRM (40), Aff2 (39:32), Aff1 (23:16): all 0 for a list of 0..15 */
#define SGIR_NOT_LIST	0x00fff1ff00ff0000

	.section .text, "ax"
	.globl	hyp_sync_entry
hyp_sync_entry:
	mrs	x0, esr_el2			/* EC_SYS64: the vector looked */
	movz	w1, #(SYS64_ISS_REG_READ_MASK & 0xffff)
	movk	w1, #(SYS64_ISS_REG_READ_MASK >> 16), lsl #16
	and	w1, w0, w1
	movz	w3, #(SYS64_SGI1R_WRITE & 0xffff)
	movk	w3, #(SYS64_SGI1R_WRITE >> 16), lsl #16
	cmp	w1, w3
	b.ne	.Lslow
	mrs	x2, tpidr_el2
	fast_path_allowed 2, 1, .Lslow

	/* the value written: Rt (xzr goes the slow way) */
	ubfx	x3, x0, #SGIR_RT_SHIFT, #5
	cmp	x3, #31
	b.eq	.Lslow
	ldr	x4, [sp, x3, lsl #3]
	mov_q	x5, SGIR_NOT_LIST
	tst	x4, x5
	b.ne	.Lslow
	ubfx	x5, x4, #SGIR_INTID_SHIFT, #4
	adrp	x6, hyp_header
	add	x6, x6, :lo12:hyp_header
	ldr	w6, [x6, #HDR_KICK_SGI]
	cmp	x5, x6
	b.eq	.Lslow
	and	x8, x4, #0xffff			/* the targets: virtual CPUs 0..15 */
	ldr	w9, [x2, #CPU_SGI_VALID]
	bics	xzr, x8, x9
	b.ne	.Lslow				/* one is not the cell's: refused and counted */

	lsl	x5, x5, #SGIR_INTID_SHIFT
	add	x10, x2, #CPU_SGI_ROUTE
2:	cbz	x8, 3f
	rbit	x11, x8
	clz	x11, x11
	ldr	x12, [x10, x11, lsl #3]
	orr	x12, x12, x5
	msr	ICC_SGI1R_EL1, x12
	sub	x11, x8, #1
	and	x8, x8, x11			/* the next target */
	b	2b

3:	ldr	x0, [sp, #REGS_ELR]
	add	x0, x0, #4			/* past the MSR */
	str	x0, [sp, #REGS_ELR]
	ldr	x1, [x2, #CPU_STATUS]
	ldr	x0, [x1, #STATUS_CPU_EXIT_SGI]
	add	x0, x0, #1
	str	x0, [x1, #STATUS_CPU_EXIT_SGI]
	b	hyp_trap_return

.Lslow:	bl	hyp_mitigate
	mov	x0, sp
	bl	hyp_trap
	b	hyp_trap_return
