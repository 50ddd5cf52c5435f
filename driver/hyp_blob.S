/* SPDX-License-Identifier: GPL-2.0 */
/* The EL2 binary (hyp/out/vhyp-hyp.bin), embedded so that vhyp.ko is one file. */
	.section .rodata.vhyp_hyp, "a"
	.balign	4096
	.globl	vhyp_hyp_blob
vhyp_hyp_blob:
	.incbin	VHYP_HYP_BIN
	.globl	vhyp_hyp_blob_end
vhyp_hyp_blob_end:
