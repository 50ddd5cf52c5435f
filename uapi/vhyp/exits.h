/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: the reasons a CPU leaves its cell for the hypervisor, as counted in
 * the status page and reported by `vhypctl info`.  The names are part of
 * the ABI: they are the keys of `vhypctl info --json`.
 */
#ifndef _UAPI_VHYP_EXITS_H
#define _UAPI_VHYP_EXITS_H

#define VHYP_EXIT_LIST(X)			\
	X(VHYP_EXIT_HVC,	"hvc")		\
	X(VHYP_EXIT_SMC,	"smc")		\
	X(VHYP_EXIT_PSCI,	"psci")		\
	X(VHYP_EXIT_SYSREG,	"sysreg")	\
	X(VHYP_EXIT_SGI,	"sgi")		\
	X(VHYP_EXIT_DABT,	"dabt")		\
	X(VHYP_EXIT_IRQ,	"irq")		\
	X(VHYP_EXIT_MAINT,	"maintenance")	\
	X(VHYP_EXIT_SERROR,	"serror")	\
	X(VHYP_EXIT_OTHER,	"other")

#define VHYP_EXIT_ENUM(id, name) id,
enum vhyp_exit_reason {
	VHYP_EXIT_LIST(VHYP_EXIT_ENUM)
	VHYP_EXIT_NR
};
#undef VHYP_EXIT_ENUM

/* Room in the ABI for reasons added later without changing layouts. */
#define VHYP_EXIT_SLOTS		16

#endif
