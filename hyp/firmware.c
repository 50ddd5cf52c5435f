// SPDX-License-Identifier: GPL-2.0
/*
 * Calls into the firmware at EL3, and which of the root's SMCs reach it.
 *
 * The root's SMCs trap (HCR_EL2.TSC).  PSCI is relayed (psci_relay.c);
 * of the rest, only calls that cannot hand the firmware memory the root
 * does not own go through: the Arm architecture calls (SMCCC_VERSION,
 * ARCH_FEATURES, SOC_ID, the Spectre workarounds) and the TRNG.  The
 * standard services that take addresses are refused: SDEI (its entry
 * points would run at EL2, the caller of the firmware) and FF-A (memory
 * sharing and the RX/TX buffers name physical pages).  A board's own
 * silicon-provider, OEM or trusted-OS calls are refused unless the driver
 * was told they are safe (its smc_allow parameter, and the SCMI channels
 * of the device tree, header.smc_allow): they pass addresses nobody here
 * can check.  A refused call returns SMCCC NOT_SUPPORTED (-1), what
 * firmware without the service answers; the console says so once per
 * function.  Results come back whole: x0..x17, as SMCCC 1.2 allows.
 */
#include "hyp.h"

#define SMCCC_FAST		BIT(31)
#define SMCCC_OWNER(fn)		(((fn) >> 24) & 0x3f)
#define SMCCC_NUM(fn)		((fn) & 0xffff)
#define OWNER_ARCH		0
#define OWNER_STANDARD		4
#define STD_PSCI_END		0x20	/* PSCI: 0x00..0x1f */
#define STD_TRNG		0x50	/* TRNG: 0x50..0x5f */
#define STD_TRNG_END		0x60
#define NOT_SUPPORTED		(~0ULL)
#define REPORTED_MAX		16

u64 smc_call(u64 fn, u64 a1, u64 a2, u64 a3)
{
	u64 x[18] = { fn, a1, a2, a3 };

	smc_forward(x);
	return x[0];
}

static bool allowed(u32 fn)
{
	unsigned int i;

	if (fn & SMCCC_FAST) {
		if (SMCCC_OWNER(fn) == OWNER_ARCH)
			return true;
		if (SMCCC_OWNER(fn) == OWNER_STANDARD)
			return SMCCC_NUM(fn) < STD_PSCI_END ||
			       (SMCCC_NUM(fn) >= STD_TRNG && SMCCC_NUM(fn) < STD_TRNG_END);
	}
	for (i = 0; i < hyp_header.nr_smc_allow && i < VHYP_MAX_SMC_ALLOW; i++)
		if (fn >= hyp_header.smc_allow[i].first && fn <= hyp_header.smc_allow[i].last)
			return true;
	return false;
}

/* Say once per function that it was refused. */
static void report(u32 fn)
{
	static spinlock_t lock;
	static u32 reported[REPORTED_MAX];
	static unsigned int nr;
	unsigned int i;
	bool say = true;

	spin_lock(&lock);
	for (i = 0; i < nr; i++)
		if (reported[i] == fn)
			say = false;
	if (say && nr < REPORTED_MAX)
		reported[nr++] = fn;
	spin_unlock(&lock);
	if (say)
		hyp_printf("vhyp: the root's firmware call %#x refused: it is not on the allow-list (the driver's smc_allow= parameter adds it; Documentation/security.md)\n",
			   fn);
}

/* An SMC of the root that is not PSCI's. */
void root_smc(struct hyp_regs *regs)
{
	u32 fn = regs->x[0];

	if (!allowed(fn)) {
		__atomic_fetch_add(&hyp_status()->smc_refused, 1, __ATOMIC_RELAXED);
		report(fn);
		regs->x[0] = NOT_SUPPORTED;
		return;
	}
	smc_forward(regs->x);
}
