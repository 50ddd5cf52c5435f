// SPDX-License-Identifier: GPL-2.0
/*
 * The ID registers a cell reads (HCR_EL2.TID3 traps them while a CPU runs
 * a cell): the CPU's own, less what a cell cannot use (el2_traps.c traps
 * it, vsysreg.c makes its registers read as zero): SVE, SME, activity
 * monitors and RAS error records; allocation tags (MTE); LORegions; the
 * PMU unless the cell was given it; statistical profiling, the trace unit,
 * trace buffer and trace filter.  Linux must not be told they exist: it
 * would use them and fail.  The debug registers stay described (a CPU
 * without breakpoints does not exist) and read as zero.
 */
#include "hyp.h"
#include "cell.h"

#define FIELD(lsb)		(0xfULL << (lsb))
#define PFR0_HIDDEN		(FIELD(PFR0_SVE) | FIELD(PFR0_AMU) | FIELD(PFR0_RAS))
#define PFR1_HIDDEN		(FIELD(PFR1_SME) | FIELD(PFR1_MTE) | FIELD(12) /* RAS_frac */)
#define DFR0_HIDDEN		(FIELD(DFR0_TRACEVER) | FIELD(DFR0_PMSVER) | \
				 FIELD(DFR0_TRACEFILT) | FIELD(DFR0_TRACEBUFFER))
#define MMFR1_HIDDEN		FIELD(MMFR1_LO)

/* ID space: Op0 3, Op1 0, CRn 0, CRm 1..7 (TID3's), any Op2 */
#define IS_ID_REG(iss) \
	(((iss) & (SYS64_ISS_REG_MASK & ~(0xfULL << 1) & ~(7ULL << 17))) == SYS64_ISS(3, 0, 0, 0, 0))
#define ISS_CRM(iss)	(((iss) >> 1) & 0xf)
#define ISS_OP2(iss)	(((iss) >> 17) & 7)

#define ID(crm, op2)	case (crm) * 8 + (op2): return read_sysreg(S3_0_C0_C##crm##_##op2)
#define ID8(crm)	ID(crm, 0); ID(crm, 1); ID(crm, 2); ID(crm, 3); \
			ID(crm, 4); ID(crm, 5); ID(crm, 6); ID(crm, 7)

/* The hardware's value; unallocated encodings of this space read as zero. */
static u64 read_id(unsigned int crm, unsigned int op2)
{
	switch (crm * 8 + op2) {
	ID8(1); ID8(2); ID8(3); ID8(4); ID8(5); ID8(6); ID8(7);
	}
	return 0;
}

/* A trapped read of an ID register by a cell: true when emulated. */
bool idreg_read(struct hyp_regs *regs, u64 iss)
{
	unsigned int crm = ISS_CRM(iss), op2 = ISS_OP2(iss), rt = SYS64_ISS_RT(iss);
	u64 v;

	if (!(iss & SYS64_ISS_READ) || !IS_ID_REG(iss) || crm < 1)
		return false;
	v = read_id(crm, op2);
	if (crm == 4 && op2 == 0)
		v &= ~PFR0_HIDDEN;
	else if (crm == 4 && op2 == 1)
		v &= ~PFR1_HIDDEN;
	else if (crm == 4 && (op2 == 4 || op2 == 5))
		v = 0;				/* ID_AA64ZFR0, ID_AA64SMFR0 */
	else if (crm == 5 && op2 == 0)
		v &= ~(DFR0_HIDDEN |
		       (cell_of(this_cpu())->flags & VHYP_CELL_PMU ? 0 : FIELD(DFR0_PMUVER)));
	else if (crm == 7 && op2 == 1)
		v &= ~MMFR1_HIDDEN;
	if (rt != 31)
		regs->x[rt] = v;
	skip_instr(regs);
	return true;
}
