/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of the isolation payload share: its one output format,
 * "isolation: NAME -> 0xVALUE" (tests/qemu/scenarios match it), and the
 * commands that live in files of their own.
 */
#ifndef _ISOLATION_H
#define _ISOLATION_H

#include "inmate.h"

void result(const char *name, uint64_t v);
/* "isolation: NAME -> undef": the access was an undefined instruction */
void result_undef(const char *name);

/* Up the GIC and this CPU's interrupt interface, once: 0, or -1 if it failed. */
int gic_up(void);

/*
 * Probes: a system register access or a cache maintenance instruction
 * run from a stub, with any synchronous exception it raises caught,
 * counted and skipped.  probe_run() returns the value read; *esr is the
 * ESR_EL1 of the exception, 0 when there was none.
 */
#define PROBE_READ		1
#define PROBE_WRITE		0
#define SYS_ENC(op0, op1, crn, crm, op2) \
	((uint32_t)(op0) << 19 | (uint32_t)(op1) << 16 | (uint32_t)(crn) << 12 | \
	 (uint32_t)(crm) << 8 | (uint32_t)(op2) << 5)
#define ESR_EC(esr)		((esr) >> 26)
#define EC_UNKNOWN		0x00

void probe_init(void);
uint64_t probe_run(uint32_t enc, int read, uint64_t v, uint64_t *esr);

/* traps.c */
void trap_report(void);
void pmu_report(void);

/* extend.c */
void extend_report(void);

/* calls.c */
void smccc_report(void);
void power_later(uint64_t fn);

/* park.c */
void park_in_handler(void);

#endif
