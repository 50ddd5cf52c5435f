/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: the header at offset 0 of the EL2 binary (hyp/out/vhyp-hyp.bin).
 *
 * The build fills the first part; the driver checks magic and ABI, copies
 * the image into memory it allocated, applies the image's relocations for
 * the physical address it landed at (the hypervisor runs identity-mapped:
 * its EL2 virtual addresses are physical addresses), builds the initial
 * page tables and fills the loader part.  Offsets are from the image start.
 */
#ifndef _UAPI_VHYP_HEADER_H
#define _UAPI_VHYP_HEADER_H

#define VHYP_HYP_MAGIC		"VHYP-EL2"
#define VHYP_MAX_CPUS		64
#define VHYP_MAX_GICR_REGIONS	4	/* redistributor regions of the GICv3 */
#define VHYP_MAX_PROTECTED	16	/* ranges no cell may map: ITSes, SMMUs */
#define VHYP_MAX_SMC_ALLOW	32	/* ranges of the root's SMCs forwarded beyond the standard ones */

/* vhyp_hyp_header.flags */
#define VHYP_HDR_UART		(1u << 0)	/* mirror the console to uart_base */
#define VHYP_HDR_TEST_FAULT	(1u << 1)	/* accept the VHYP_HC_TEST_* calls */
#define VHYP_HDR_TEST_POWERDOWN	(1u << 2)	/* treat a power-down CPU_SUSPEND firmware
						 * returned from as a real power-down (tests:
						 * QEMU never powers a CPU down) */

#ifndef __ASSEMBLY__
#include <linux/types.h>

struct vhyp_range {
	__u64 base, size;
};

/* SMC function IDs first..last (x0), both included */
struct vhyp_smc_range {
	__u32 first, last;
};

struct vhyp_hyp_header {
	/* --- filled by the build --- */
	char magic[8];		/* VHYP_HYP_MAGIC, no NUL */
	__u32 hyp_abi;		/* VHYP_HYP_ABI */
	__u32 header_size;	/* sizeof(struct vhyp_hyp_header) */
	__u64 image_size;	/* bytes of the binary file */
	__u64 mem_size;		/* image + zeroed data (bss), page aligned */
	__u64 init_vectors;	/* offset of the vectors for HVC_SET_VECTORS */
	__u64 rela_start;	/* offset of the R_AARCH64_RELATIVE relocations */
	__u64 rela_end;
	__u64 percpu_size;	/* bytes of state and stack per CPU */
	__u64 text_end;		/* [0, text_end): code, mapped read-only executable */
	__u64 rodata_end;	/* [text_end, rodata_end): read-only data */
	__u64 vbar_probe;	/* code that returns VBAR_EL2 (via HVC_SOFT_RESTART) */
	__u64 percpu_guard;	/* offset in each CPU slot of a page EL2 must not map
				 * (its stack's guard), 0: none; slots are aligned
				 * to percpu_size */

	/* --- filled by the loader (driver/loader.c) --- */
	__u64 phys_base;	/* physical address of the image */
	__u64 phys_size;	/* all memory given to the hypervisor */
	__u64 percpu_offset;	/* ncpus * percpu_size bytes */
	__u64 status_offset;	/* struct vhyp_status + console ring */
	__u64 status_size;
	__u64 pool_offset;	/* page-table pool */
	__u64 pool_size;
	__u64 pool_used;	/* bytes of the pool the loader's tables use */
	__u64 stub_vectors;	/* physical address of Linux's hyp-stub vectors */
	__u64 mair;		/* EL2 stage 1: MAIR_EL2, TCR_EL2, TTBR0_EL2 */
	__u64 tcr;
	__u64 ttbr0;
	__u64 vtcr;		/* root cell stage 2: VTCR_EL2, VTTBR_EL2 */
	__u64 vttbr;
	__u64 uart_base;	/* PL011 for VHYP_HDR_UART */
	__u32 maint_irq;	/* GIC maintenance interrupt (INTID) */
	__u32 pa_bits;		/* physical address size of the CPUs */
	__u32 root_ia_bits;	/* input address size of the root's stage 2 (vttbr) */
	__u32 reserved0;
	__u32 ncpus;		/* slots in cpu_mpidr and in the per-CPU area */
	__u32 flags;		/* VHYP_HDR_* */
	__u64 cpu_mpidr[VHYP_MAX_CPUS];	/* MPIDR affinity of each CPU slot */
	__u64 gicd_base;	/* the GIC distributor's 64 KiB */
	__u64 gicr_base[VHYP_MAX_GICR_REGIONS];	/* redistributor regions, */
	__u64 gicr_size[VHYP_MAX_GICR_REGIONS];	/* as the device tree has them */
	__u32 nr_gicr;
	__u32 kick_sgi;		/* the SGI (8..15) the hypervisor keeps for itself */
	__u64 gicr_stride;	/* the DT's redistributor-stride, 0: from each GICR_TYPER */
	__u32 nr_protected;
	__u32 nr_smc_allow;
	struct vhyp_range protected_ranges[VHYP_MAX_PROTECTED];	/* no cell may map these */
	struct vhyp_smc_range smc_allow[VHYP_MAX_SMC_ALLOW];	/* see Documentation/security.md */
};
#endif /* __ASSEMBLY__ */

#endif
