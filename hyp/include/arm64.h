/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arm64 system registers and the bits of them that vhyp uses at EL2.
 * Names follow the Arm ARM.
 */
#ifndef _VHYP_ARM64_H
#define _VHYP_ARM64_H

#include <linux/types.h>

#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define GENMASK_ULL(h, l)	((~0ULL >> (63 - (h))) & (~0ULL << (l)))

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

#define read_sysreg(r) ({					\
	u64 __val;						\
	asm volatile("mrs %0, " __stringify(r) : "=r" (__val));	\
	__val;							\
})

#define write_sysreg(v, r) do {					\
	u64 __val = (u64)(v);					\
	asm volatile("msr " __stringify(r) ", %x0" : : "rZ" (__val));	\
} while (0)

#define isb()		asm volatile("isb" : : : "memory")
#define dsb(opt)	asm volatile("dsb " #opt : : : "memory")
#define wfe()		asm volatile("wfe" : : : "memory")
#define sev()		asm volatile("sev" : : : "memory")

/* GICv3 CPU interface and hypervisor control, by encoding */
#define ICC_IAR1_EL1		S3_0_C12_C12_0
#define ICC_EOIR1_EL1		S3_0_C12_C12_1
#define ICC_IAR0_EL1		S3_0_C12_C8_0
#define ICC_EOIR0_EL1		S3_0_C12_C8_1
#define ICC_DIR_EL1		S3_0_C12_C11_1
#define ICC_SGI1R_EL1		S3_0_C12_C11_5
#define ICC_ASGI1R_EL1		S3_0_C12_C11_6
#define ICC_SGI0R_EL1		S3_0_C12_C11_7
#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_BPR1_EL1		S3_0_C12_C12_3
#define ICC_CTLR_EL1		S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7
#define ICC_SRE_EL2		S3_4_C12_C9_5
#define ICH_AP1R0_EL2		S3_4_C12_C9_0
#define ICH_HCR_EL2		S3_4_C12_C11_0
#define ICH_VTR_EL2		S3_4_C12_C11_1
#define ICH_MISR_EL2		S3_4_C12_C11_2
#define ICH_EISR_EL2		S3_4_C12_C11_3
#define ICH_ELRSR_EL2		S3_4_C12_C11_5
#define ICH_VMCR_EL2		S3_4_C12_C11_7
#define ICH_LR0_EL2		S3_4_C12_C12_0	/* LR0..7: C12_0..7, LR8..15: C13_0..7 */
#define ZCR_EL2			S3_4_C1_C2_0

#define ICC_CTLR_EOIMODE	BIT(1)
#define ICC_SRE_SRE		BIT(0)
#define ICC_SRE_ENABLE		BIT(3)

#define ICH_HCR_EN		BIT(0)
#define ICH_HCR_UIE		BIT(1)
#define ICH_VTR_LISTREGS(v)	(((v) & 0x1f) + 1)
#define ICH_VTR_PRIBITS(v)	((((v) >> 29) & 7) + 1)
#define ICH_VTR_PREBITS(v)	((((v) >> 26) & 7) + 1)

#define ICH_VMCR_ENG1		BIT(1)
#define ICH_VMCR_EOIM		BIT(9)
#define ICH_VMCR_BPR1_SHIFT	18
#define ICH_VMCR_PMR_SHIFT	24

#define ICH_LR_VINTID(v)	((u64)(v) & 0xffffffffULL)
#define ICH_LR_PINTID(p)	(((u64)(p) & 0x3ff) << 32)
#define ICH_LR_PRIO(p)		(((u64)(p) & 0xff) << 48)
#define ICH_LR_GROUP1		BIT_ULL(60)
#define ICH_LR_HW		BIT_ULL(61)
#define ICH_LR_EOI		BIT_ULL(41)	/* HW = 0: maintenance interrupt on EOI */
#define ICH_LR_PENDING		BIT_ULL(62)
#define ICH_LR_ACTIVE		BIT_ULL(63)
#define ICH_LR_STATE		(ICH_LR_PENDING | ICH_LR_ACTIVE)

/* HCR_EL2 */
#define HCR_VM			BIT_ULL(0)
#define HCR_SWIO		BIT_ULL(1)
#define HCR_FMO			BIT_ULL(3)
#define HCR_IMO			BIT_ULL(4)
#define HCR_AMO			BIT_ULL(5)
#define HCR_VSE			BIT_ULL(8)
#define HCR_FB			BIT_ULL(9)
#define HCR_BSU_IS		BIT_ULL(10)
#define HCR_TID3		BIT_ULL(18)
#define HCR_TSC			BIT_ULL(19)
#define HCR_TIDCP		BIT_ULL(20)
#define HCR_TACR		BIT_ULL(21)
#define HCR_TSW			BIT_ULL(22)
#define HCR_RW			BIT_ULL(31)
#define HCR_TLOR		BIT_ULL(35)
#define HCR_TERR		BIT_ULL(36)
#define HCR_TEA			BIT_ULL(37)
#define HCR_APK			BIT_ULL(40)
#define HCR_API			BIT_ULL(41)
#define HCR_ATA			BIT_ULL(56)

/* MDCR_EL2 */
#define MDCR_HPMN_MASK		0x1fULL
#define MDCR_TPMCR		BIT_ULL(5)
#define MDCR_TPM		BIT_ULL(6)
#define MDCR_HPME		BIT_ULL(7)
#define MDCR_TDE		BIT_ULL(8)
#define MDCR_TDA		BIT_ULL(9)
#define MDCR_TDOSA		BIT_ULL(10)
#define MDCR_TDRA		BIT_ULL(11)
#define MDCR_E2PB_MASK		(3ULL << 12)	/* 0: the profiling buffer is EL2's */
#define MDCR_TPMS		BIT_ULL(14)
#define MDCR_HPMD		BIT_ULL(17)
#define MDCR_TTRF		BIT_ULL(19)
#define MDCR_E2TB_MASK		(3ULL << 24)	/* 0: the trace buffer is EL2's */
#define MDCR_TDCC		BIT_ULL(27)

/* CPTR_EL2 (E2H == 0) */
#define CPTR_TZ			BIT_ULL(8)
#define CPTR_TSM		BIT_ULL(12)
#define CPTR_TTA		BIT_ULL(20)
#define CPTR_TAM		BIT_ULL(30)

/* CNTHCTL_EL2 (E2H == 0) */
#define CNTHCTL_EVNTEN		BIT_ULL(2)
#define CNTHCTL_EVNTI_SHIFT	4
#define CNTHCTL_EVNTI_MASK	(0xfULL << CNTHCTL_EVNTI_SHIFT)

/* ISR_EL1: at EL2, what is pending physically */
#define ISR_I			BIT_ULL(7)
#define ISR_A			BIT_ULL(8)

/* PMCR_EL0 */
#define PMCR_P			BIT_ULL(1)
#define PMCR_C			BIT_ULL(2)

/* ID register fields: (register value, low bit) -> 4-bit field */
#define ID_FIELD(v, lsb)	(((v) >> (lsb)) & 0xf)
#define PFR0_RAS		28
#define PFR0_SVE		32
#define PFR0_AMU		44
#define PFR0_CSV2		56
#define PFR1_MTE		8
#define PFR1_SME		24
#define DFR0_TRACEVER		4
#define DFR0_PMUVER		8
#define DFR0_PMSVER		32
#define DFR0_TRACEFILT		40
#define DFR0_TRACEBUFFER	44
#define MMFR0_FGT		56
#define MMFR1_LO		16
#define MMFR1_ECBHB		60
#define ISAR2_CLRBHB		28

/* registers the assembler may not know by name */
#define PMSCR_EL1		S3_0_C9_C9_0
#define PMBLIMITR_EL1		S3_0_C9_C10_0
#define TRBLIMITR_EL1		S3_0_C9_C11_0
#define TRFCR_EL1		S3_0_C1_C2_1
#define DISR_EL1		S3_0_C12_C1_1
#define VSESR_EL2		S3_4_C5_C2_3
#define ID_AA64ISAR2_EL1	S3_0_C0_C6_2
#define ID_AA64MMFR1_EL1	S3_0_C0_C7_1

/* SCTLR_EL2 (E2H == 0) */
#define SCTLR_M			BIT(0)
#define SCTLR_C			BIT(2)
#define SCTLR_SA		BIT(3)
#define SCTLR_I			BIT(12)
#define SCTLR_WXN		BIT(19)
#define SCTLR_IESB		BIT(21)
#define SCTLR_EL2_RES1		(BIT(4) | BIT(5) | BIT(11) | BIT(16) | BIT(18) | \
				 BIT(22) | BIT(23) | BIT(28) | BIT(29))

/* SPSR */
#define PSR_MODE_EL1h		0x5
#define PSR_MODE_EL0t		0x0
#define PSR_MODE_MASK		0xf
#define PSR_F			BIT(6)
#define PSR_I			BIT(7)
#define PSR_A			BIT(8)
#define PSR_D			BIT(9)
#define PSR_PAN			BIT(22)
#define PSR_DAIF		(PSR_D | PSR_A | PSR_I | PSR_F)

/* ESR */
#define ESR_EC(esr)		(((esr) >> 26) & 0x3f)
#define ESR_IL			BIT(25)
#define ESR_ISS(esr)		((esr) & 0x1ffffff)
#define EC_UNKNOWN		0x00
#define EC_WFX			0x01
#define EC_HVC64		0x16
#define EC_SMC64		0x17
#define EC_SYS64		0x18
#define EC_IABT_LOW		0x20
#define EC_IABT_CUR		0x21
#define EC_DABT_LOW		0x24
#define EC_DABT_CUR		0x25
#define EC_MAX			0x3f

/* ISS of EC_SYS64: Op0, Op2, Op1, CRn, Rt, CRm, direction */
#define SYS64_ISS_RT(iss)	(((iss) >> 5) & 0x1f)
#define SYS64_ISS_READ		BIT(0)
#define SYS64_ISS_REG_MASK	0x3ffc1e	/* Op0, Op2, Op1, CRn, CRm */
#define SYS64_ISS(op0, op1, crn, crm, op2) \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))
#define SYS64_ICC_SGI1R		SYS64_ISS(3, 0, 12, 11, 5)
#define SYS64_ICC_ASGI1R	SYS64_ISS(3, 0, 12, 11, 6)
#define SYS64_ICC_SGI0R		SYS64_ISS(3, 0, 12, 11, 7)

/* Fault status codes used when injecting aborts */
#define ESR_ELx_EC_SHIFT	26
#define FSC_PERM_L3		0x0f
#define ESR_DABT_WNR		BIT(6)

/* MPIDR affinity: Aff3 [39:32], Aff2..Aff0 [23:0] */
#define MPIDR_AFF_MASK		0xff00ffffffULL

static inline u64 mpidr_affinity(u64 mpidr)
{
	return mpidr & MPIDR_AFF_MASK;
}

/* ID_AA64MMFR0_EL1.PARange -> physical address bits */
static inline unsigned int pa_range_bits(u64 mmfr0)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned int r = mmfr0 & 0xf;

	return r < sizeof(bits) ? bits[r] : 48;
}

static inline void dcache_clean_inval_range(const void *start, size_t size)
{
	unsigned long line = 4 << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	unsigned long p = (unsigned long)start & ~(line - 1);

	for (; p < (unsigned long)start + size; p += line)
		asm volatile("dc civac, %0" : : "r" (p) : "memory");
	dsb(sy);
}

#endif
