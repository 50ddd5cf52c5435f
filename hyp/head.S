/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The start of the EL2 binary: its header (uapi/vhyp/header.h), the
 * vectors Linux's hyp stub is pointed at to bring a CPU in, the entry of
 * CPUs that PSCI starts or resumes, and the way out again.
 *
 * vhyp runs identity-mapped (virtual == physical), so switching the EL2
 * MMU on or off never moves the code that does it; this file is the only
 * place where the MMU changes state.
 */
#include <vhyp/version.h>
#include <vhyp/hypercall.h>
#include <vhyp/header.h>
#include "asm.h"

	.section .head.text, "ax"

	.globl	hyp_header
hyp_header:
	.ascii	VHYP_HYP_MAGIC
	.long	VHYP_HYP_ABI
	.long	HDR_SIZE
	.quad	__hyp_image_size
	.quad	__hyp_mem_size
	.quad	hyp_init_vectors - hyp_header
	.quad	__rela_start - hyp_header
	.quad	__rela_end - hyp_header
	.quad	PERCPU_SIZE
	.quad	__hyp_text_end - hyp_header
	.quad	__hyp_rodata_end - hyp_header
	.quad	hyp_vbar_probe - hyp_header
	.quad	PERCPU_GUARD
	.org	hyp_header + HDR_SIZE		/* loader fields: zero here */

/*
 * Vectors for bringing a CPU in: the driver sets them with HVC_SET_VECTORS
 * and then calls VHYP_HC_INIT_CPU.  Only that call, and HVC_SET_VECTORS
 * to go back to the stub, are valid.
 */
	.align	11
hyp_init_vectors:
	.rept	8
	.align	7
	b	.			/* EL2 exceptions while coming up: hang */
	.endr
	.align	7
	b	hyp_init_sync		/* lower EL, AArch64, synchronous */
	.rept	7
	.align	7
	eret
	.endr

hyp_init_sync:
	/* as the stub does: lets the driver put the stub back if init fails */
	cmp	x0, #VHYP_LINUX_HVC_SET_VECTORS
	b.ne	0f
	msr	vbar_el2, x1
	mov	x0, xzr
	eret
	/* MMU off.  x0 = VHYP_HC_INIT_CPU, x1 = CPU slot; x0..x17 are the caller's to lose. */
0:	mov_q	x2, VHYP_HC_INIT_CPU
	cmp	x0, x2
	b.ne	1f
	adr	x2, hyp_header
	ldr	w3, [x2, #HDR_NCPUS]
	cmp	x1, x3
	b.hs	1f
	ldr	x3, [x2, #HDR_PERCPU_OFFSET]
	ldr	x4, [x2, #HDR_PERCPU_SIZE]
	madd	x3, x1, x4, x3
	add	x3, x3, x2		/* x3 = the slot's struct hyp_cpu */
	add	x4, x3, x4
	mov	sp, x4
	mov	x4, x30
	mrs	x6, sctlr_el2		/* as the stub had it, for leaving */
	bl	enable_mmu
	mov	x30, x4
	save_regs			/* only now: the stack must be written cacheable */
	mov	x0, sp
	ldr	x2, [sp, #8]		/* the slot, as saved (save_regs clobbers x0, x1) */
	mov	x1, x3
	mov	x3, x6
	bl	hyp_cpu_init		/* (regs, cpu, slot, sctlr) */
	b	hyp_trap_return
1:	mov_q	x0, VHYP_LINUX_HVC_STUB_ERR
	eret

/*
 * Linux's stub branches here for HVC_SOFT_RESTART, MMU off, with VBAR_EL2
 * and the return state of the HVC untouched: the driver learns where the
 * stub's vectors are (to give EL2 back to them) without any unexported
 * kernel symbol.
 */
hyp_vbar_probe:
	mrs	x0, vbar_el2
	eret

/*
 * CPUs started by PSCI CPU_ON or resuming from a powerdown state on
 * behalf of the root cell come here, at EL2 with the MMU off; x0 is
 * their struct hyp_cpu (psci_relay.c).
 */
	.globl	hyp_cpu_on_entry
hyp_cpu_on_entry:
	mov	x3, x0
	adr	x2, hyp_header
	ldr	x4, [x2, #HDR_PERCPU_SIZE]
	add	x4, x3, x4
	mov	sp, x4
	bl	enable_mmu
	sub	sp, sp, #REGS_SIZE
	mov	x0, sp
	mov	x1, x3
	bl	hyp_cpu_boot		/* (regs, cpu) */
	b	hyp_trap_return

/* x2 = header.  Clobbers x5. */
enable_mmu:
	ldr	x5, [x2, #HDR_MAIR]
	msr	mair_el2, x5
	ldr	x5, [x2, #HDR_TCR]
	msr	tcr_el2, x5
	ldr	x5, [x2, #HDR_TTBR0]
	msr	ttbr0_el2, x5
	isb
	tlbi	alle2
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
	mov_q	x5, SCTLR_EL2_MMU_ON
	msr	sctlr_el2, x5
	isb
	ret

/*
 * hyp_leave_el2(regs, vbar, jump, sctlr): leave on this CPU.  The caller
 * restored the rest of EL2 and cleaned 'regs' to the point of coherency,
 * as they are read with the MMU and caches off.  With jump == 0, return
 * to the trapped context; else do what Linux's HVC_SOFT_RESTART asks:
 * branch to 'jump' at EL2 with x0..x2 = the caller's x2..x4.
 */
	.globl	hyp_leave_el2
hyp_leave_el2:
	msr	vbar_el2, x1
	msr	sctlr_el2, x3
	isb
	tlbi	alle2
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
	mov	sp, x0
	cbnz	x2, 1f
	restore_regs
	eret
1:	mov	x9, x2
	ldp	x0, x1, [sp, #16 * 1]
	ldr	x2, [sp, #16 * 2]
	br	x9
