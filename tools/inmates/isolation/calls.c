// SPDX-License-Identifier: GPL-2.0
/*
 * 'm': what a cell is told of the SMC Calling Convention (hyp/smccc.c):
 * its version (1.1, through HVC and SMC), that PSCI_FEATURES knows
 * SMCCC_VERSION, ARCH_FEATURES of the three Spectre workarounds (what the
 * firmware answered on this CPU) and of an unknown call, the first
 * workaround's call itself, and the TRNG's version:
 *   isolation: smccc NAME -> VALUE
 *
 * 'd' and 'D': PSCI SYSTEM_OFF or SYSTEM_RESET after a random delay of
 * up to 50 ms, reading its console all the while (whoever types into it
 * keeps calling the hypervisor); first "isolation: power off in -> TICKS"
 * or "isolation: reset in -> TICKS".
 */
#include "isolation.h"

#define SMCCC_VERSION		0x80000000UL
#define SMCCC_ARCH_FEATURES	0x80000001UL
#define SMCCC_ARCH_WA_1		0x80008000UL
#define SMCCC_ARCH_WA_2		0x80007fffUL
#define SMCCC_ARCH_WA_3		0x80003fffUL
#define PSCI_FEATURES		0x8400000aUL
#define TRNG_VERSION		0x84000050UL

void smccc_report(void)
{
	result("smccc version", hvc_call(SMCCC_VERSION, 0, 0, 0));
	result("smccc version over smc", smc_call(SMCCC_VERSION, 0, 0, 0));
	result("smccc psci_features(smccc_version)",
	       hvc_call(PSCI_FEATURES, SMCCC_VERSION, 0, 0));
	result("smccc arch_features(wa1)", hvc_call(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WA_1, 0, 0));
	result("smccc arch_features(wa2)", hvc_call(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WA_2, 0, 0));
	result("smccc arch_features(wa3)", hvc_call(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WA_3, 0, 0));
	result("smccc arch_features(unknown)", hvc_call(SMCCC_ARCH_FEATURES, 0x8000ff00UL, 0, 0));
	result("smccc wa1 call", smc_call(SMCCC_ARCH_WA_1, 0, 0, 0));
	result("smccc trng_version", smc_call(TRNG_VERSION, 0, 0, 0));
}

void power_later(uint64_t fn)
{
	uint64_t t0 = timer_now(), r = t0 * 0x9e3779b97f4a7c15UL;
	uint64_t delay = (r >> 32) % (timer_freq() / 20 + 1);

	result(fn == PSCI_SYSTEM_OFF ? "power off in" : "reset in", delay);
	while (timer_now() - t0 < delay)
		getc_nowait();
	hvc_call(fn, 0, 0, 0);
	result("still here after the power call", fn);
}
