/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of the chaos payload share (chaos.c: the loop, calls
 * and devices; traps.c: the registers the hypervisor traps, the virtual
 * CPU interface's active priorities and loads of known values).
 */
#ifndef _CHAOS_H
#define _CHAOS_H

#include "inmate.h"

#define RAM_SIZE		0x4000000UL	/* the 64 MiB of hello.dts */
#define GICR_FRAME		0x20000

/* Per CPU: the generator, the stub for system registers, whether a fault is expected. */
struct chaos_cpu {
	uint64_t rng;
	uint32_t stub[2] __attribute__((aligned(8)));
	volatile int fault_ok;
	volatile uint64_t last_esr;	/* of the last exception in the stub, 0: none */
	uint64_t faults;
	uint64_t impdef_defined;	/* IMPDEF accesses that were not undefined */
	int64_t wa[4];			/* ARCH_FEATURES of workaround 1..3 as first seen */
	uint8_t wa_seen[4];
};

extern unsigned int gicr_frames;

struct chaos_cpu *me(void);
uint64_t rnd(void);
uint64_t value(void);
void wrong(const char *what, uint64_t a, uint64_t b);

/*
 * One MRS, MSR or SYS instruction (Rt = x0, given v) run from this CPU's
 * stub; what it raises is counted and skipped, its ESR in *esr (0: none).
 */
uint64_t run_insn(uint32_t insn, uint64_t v, uint64_t *esr);

/* channels.c: the channel hypercalls and their rules */
void chan_discover(void);
void chan_arguments(uint64_t *a);
int chan_rules(const uint64_t *sent, const uint64_t *got);

/* report.c: its own report (VHYP_HC_CELL_REPORT) and its rules */
void report_arguments(uint64_t *a);
int report_rules(const uint64_t *sent, const uint64_t *got);

#define INSN_MRS		0xd5300000u	/* op0 2 or 3: the encoding's bit 19 */
#define INSN_MSR		0xd5100000u
#define INSN_SYS		0xd5080000u	/* op0 1 */
/* An encoding as MRS and MSR hold it in bits 20..5: o0 (op0 - 2), op1, CRn, CRm, op2. */
#define SYSREG(op0, op1, crn, crm, op2) \
	((uint64_t)((op0) - 2) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))
#define MRS(reg)		(INSN_MRS | (uint32_t)((reg) & 0x7fff) << 5)
#define MSR(reg)		(INSN_MSR | (uint32_t)((reg) & 0x7fff) << 5)

/* traps.c */
void trapped_access(void);
void ap_games(void);
void known_loads(void);

#endif
