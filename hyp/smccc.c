// SPDX-License-Identifier: GPL-2.0
/*
 * The Arm architecture calls of the SMC Calling Convention, as a cell sees
 * them, and the branch-predictor hardening of entries to EL2.
 *
 * A cell is told SMCCC 1.1, and ARCH_FEATURES answers for the Spectre
 * workarounds what the firmware answered on this very CPU at enable (two
 * kinds of core may answer differently); the workaround calls themselves
 * go to the firmware, on the cell's behalf, on the CPU that needs them.
 * So Linux in a cell mitigates as it would on the bare CPU.  The TRNG is
 * the firmware's, if it has one: cells have no entropy of their own.
 * Everything else of SMCCC is NOT_SUPPORTED.
 *
 * Entries to EL2 from a lower EL run hyp_mitigate (vectors.S) first, when
 * the CPU needs it: the ID registers decide (CSV2: branch targets do not
 * cross contexts; ECBHB or CSV2 3: nor does branch history), then the
 * firmware's workaround, the CLRBHB instruction or a branch loop of the
 * length the core needs clear what a lower EL trained.
 */
#include "hyp.h"
#include "cell.h"

#define SMCCC_VERSION		0x80000000u
#define SMCCC_ARCH_FEATURES	0x80000001u
#define SMCCC_ARCH_WA_1		0x80008000u
#define SMCCC_ARCH_WA_2		0x80007fffu
#define SMCCC_ARCH_WA_3		0x80003fffu
#define PSCI_FEATURES		0x8400000au
#define TRNG_VERSION		0x84000050u
#define TRNG_FEATURES		0x84000051u
#define TRNG_GET_UUID		0x84000052u
#define TRNG_RND32		0x84000053u
#define TRNG_RND64		0xc4000053u
#define NOT_SUPPORTED		(~0ULL)
#define SMCCC_1_1		0x10001

#define MIDR_PART(midr)		(((midr) >> 4) & 0xfff)
#define MIDR_IMPL(midr)		(((midr) >> 24) & 0xff)
#define IMPL_ARM		0x41

static u64 fw_version;		/* the firmware's SMCCC_VERSION, 0: it has none */

/* Iterations of the branch loop that overwrites the history a core keeps. */
static unsigned int bhb_loop(u64 midr)
{
	if (MIDR_IMPL(midr) != IMPL_ARM)
		return 0;
	switch (MIDR_PART(midr)) {
	case 0xd07: case 0xd08:					/* A57, A72 */
		return 8;
	case 0xd0b: case 0xd0c: case 0xd0d: case 0xd0e:		/* A76, N1, A77, A76AE */
		return 24;
	case 0xd40: case 0xd41: case 0xd42: case 0xd44:		/* V1, A78, A78AE, X1 */
	case 0xd47: case 0xd48: case 0xd49: case 0xd4b:		/* A710, X2, N2, A78C */
		return 32;
	}
	return 0;
}

static u64 fw_feature(u32 fn)
{
	return fw_version >= SMCCC_1_1 ? smc_call(SMCCC_ARCH_FEATURES, fn, 0, 0) : NOT_SUPPORTED;
}

/* On each CPU as it comes in: what its firmware offers, and what it needs. */
void smccc_init_cpu(struct hyp_cpu *cpu)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1), mmfr1 = read_sysreg(ID_AA64MMFR1_EL1);
	u64 isar2 = read_sysreg(ID_AA64ISAR2_EL1);
	unsigned int csv2 = ID_FIELD(pfr0, PFR0_CSV2), loop;
	bool bhb_safe = ID_FIELD(mmfr1, MMFR1_ECBHB) || csv2 >= 3;

	if (!fw_version && (s64)smc_call(PSCI_FEATURES, SMCCC_VERSION, 0, 0) >= 0)
		fw_version = smc_call(SMCCC_VERSION, 0, 0, 0);
	if ((s64)fw_version < 0)
		fw_version = 0;
	cpu->fw_wa[1] = fw_feature(SMCCC_ARCH_WA_1);
	cpu->fw_wa[2] = fw_feature(SMCCC_ARCH_WA_2);
	cpu->fw_wa[3] = fw_feature(SMCCC_ARCH_WA_3);
	cpu->fw_trng = fw_version >= SMCCC_1_1 && (s64)smc_call(TRNG_VERSION, 0, 0, 0) > 0;

	cpu->mitigate = 0;
	if (csv2 && bhb_safe)
		return;
	if (!bhb_safe && cpu->fw_wa[3] == 0) {
		cpu->mitigate = MITIGATE_FW_WA3;	/* history and targets alike */
		return;
	}
	if (!csv2 && cpu->fw_wa[1] == 0)
		cpu->mitigate |= MITIGATE_FW_WA1;
	if (bhb_safe)
		return;
	if (ID_FIELD(isar2, ISAR2_CLRBHB)) {
		cpu->mitigate |= MITIGATE_CLRBHB;
	} else {
		loop = bhb_loop(read_sysreg(midr_el1));
		cpu->mitigate |= loop << MITIGATE_LOOP_SHIFT;
	}
}

/* The firmware's TRNG for a cell: x1..x3 in, x0..x3 out, nothing else of it. */
static void trng_call(struct hyp_regs *regs)
{
	u64 x[18] = { regs->x[0], regs->x[1], regs->x[2], regs->x[3] };
	unsigned int i;

	smc_forward(x);
	for (i = 0; i < 4; i++)
		regs->x[i] = x[i];
}

/* A cell's SMCCC call that is not PSCI: true if it was one of these. */
bool smccc_cell_call(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();
	u32 fn = regs->x[0];
	s64 wa;

	switch (fn) {
	case SMCCC_VERSION:
		regs->x[0] = SMCCC_1_1;
		return true;
	case SMCCC_ARCH_FEATURES:
		switch ((u32)regs->x[1]) {
		case SMCCC_ARCH_WA_1: wa = cpu->fw_wa[1]; break;
		case SMCCC_ARCH_WA_2: wa = cpu->fw_wa[2]; break;
		case SMCCC_ARCH_WA_3: wa = cpu->fw_wa[3]; break;
		default: wa = -1; break;
		}
		regs->x[0] = wa;
		return true;
	case SMCCC_ARCH_WA_1:
	case SMCCC_ARCH_WA_2:
	case SMCCC_ARCH_WA_3:
		wa = cpu->fw_wa[fn == SMCCC_ARCH_WA_1 ? 1 : fn == SMCCC_ARCH_WA_2 ? 2 : 3];
		if (wa < 0)
			regs->x[0] = NOT_SUPPORTED;
		else
			regs->x[0] = smc_call(fn, regs->x[1], 0, 0);
		return true;
	case TRNG_VERSION:
	case TRNG_FEATURES:
	case TRNG_GET_UUID:
	case TRNG_RND32:
	case TRNG_RND64:
		if (cpu->fw_trng)
			trng_call(regs);
		else
			regs->x[0] = NOT_SUPPORTED;
		return true;
	}
	return false;
}
