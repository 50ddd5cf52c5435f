// SPDX-License-Identifier: GPL-2.0
/*
 * The ID registers a cell reads (HCR_EL2.TID3 traps them while a CPU runs
 * a cell): the CPU's own, less what a cell cannot use.  SVE and SME are
 * trapped for cells (CPTR_EL2) and their state is not the cell's to keep,
 * so a cell must not be told they exist: Linux would use them and fail.
 * Everything else a cell has as the hardware does (the PMU and debug
 * registers are reset when a CPU enters it).
 */
#include "hyp.h"
#include "cell.h"

#define ID_AA64PFR0_SVE		GENMASK_ULL(35, 32)
#define ID_AA64PFR1_SME		GENMASK_ULL(27, 24)

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
		v &= ~ID_AA64PFR0_SVE;
	else if (crm == 4 && op2 == 1)
		v &= ~ID_AA64PFR1_SME;
	else if (crm == 4 && (op2 == 4 || op2 == 5))
		v = 0;				/* ID_AA64ZFR0, ID_AA64SMFR0 */
	if (rt != 31)
		regs->x[rt] = v;
	skip_instr(regs);
	return true;
}
