// SPDX-License-Identifier: GPL-2.0
/*
 * chaos, the surfaces of a cell's traps (hyp/vsysreg.c, hyp/idregs.c) and
 * of its emulated loads (hyp/mmio.c):
 *
 *   - trapped_access(): a register the hypervisor makes read as zero (the
 *     PMU unless the cell has it, debug, OS lock, ACTLR_EL1; LORegion, RAS
 *     error record, MTE, profiling, trace buffer and activity monitor
 *     registers, which the CPU may also lack: then undefined) written with
 *     a random value and read back: zero, or its rule is broken; cache
 *     maintenance by set/way (DC ISW, CSW, CISW) with a random operand,
 *     which must not fault; an IMPLEMENTATION DEFINED register (op0 3,
 *     CRn 11 or 15), read or written, which must be undefined: counted as
 *     one of its own faults, and when it was not, in impdef_defined (QEMU
 *     before 8.0 does not trap them for the hypervisor);
 *   - ap_games(): ICC_AP0R0_EL1 or ICC_AP1R0_EL1 (its virtual CPU
 *     interface's active priorities) written with a random value or zero,
 *     and left so: the cell may be stopped with them set, and the next
 *     owner of the CPU must not inherit them (chaos.c checks the next run);
 *   - known_loads(): registers whose value is known (the PL011's ID
 *     registers, GICR_TYPER of each frame, GICD_TYPER and GICD_PIDR2 as
 *     read before) loaded with LDRB, LDRSB, LDRH, LDRSH, LDR, LDRSW into W
 *     and X registers holding all ones: each must give what the
 *     instruction gives, sign-extended or with the upper half cleared.
 */
#include "chaos.h"

#define ESR_EC(esr)		(((esr) >> 26) & 0x3f)
#define EC_UNKNOWN		0x00

enum { RW, RO, WO };		/* how it is accessed */

struct trapped {
	uint64_t reg;
	uint8_t how;
	uint8_t optional;	/* the CPU may lack it: undefined is fine */
	uint8_t pmu;		/* zero only without 'pmu;' */
};

static const struct trapped regs[] = {
	{ SYSREG(3, 3, 9, 12, 0), RW, 0, 1 },	/* PMCR_EL0 */
	{ SYSREG(3, 3, 9, 12, 1), RW, 0, 1 },	/* PMCNTENSET_EL0 */
	{ SYSREG(3, 3, 9, 12, 2), RW, 0, 1 },	/* PMCNTENCLR_EL0 */
	{ SYSREG(3, 3, 9, 12, 3), RW, 0, 1 },	/* PMOVSCLR_EL0 */
	{ SYSREG(3, 3, 9, 12, 4), WO, 0, 1 },	/* PMSWINC_EL0 */
	{ SYSREG(3, 3, 9, 12, 5), RW, 0, 1 },	/* PMSELR_EL0 */
	{ SYSREG(3, 3, 9, 12, 6), RO, 0, 1 },	/* PMCEID0_EL0 */
	{ SYSREG(3, 3, 9, 12, 7), RO, 0, 1 },	/* PMCEID1_EL0 */
	{ SYSREG(3, 3, 9, 13, 0), RW, 0, 1 },	/* PMCCNTR_EL0 */
	{ SYSREG(3, 3, 9, 13, 1), RW, 0, 1 },	/* PMXEVTYPER_EL0 */
	{ SYSREG(3, 3, 9, 13, 2), RW, 0, 1 },	/* PMXEVCNTR_EL0 */
	{ SYSREG(3, 3, 9, 14, 0), RW, 0, 1 },	/* PMUSERENR_EL0 */
	{ SYSREG(3, 0, 9, 14, 1), RW, 0, 1 },	/* PMINTENSET_EL1 */
	{ SYSREG(3, 0, 9, 14, 2), RW, 0, 1 },	/* PMINTENCLR_EL1 */
	{ SYSREG(3, 3, 9, 14, 3), RW, 0, 1 },	/* PMOVSSET_EL0 */
	{ SYSREG(3, 3, 14, 8, 0), RW, 0, 1 },	/* PMEVCNTR0_EL0 */
	{ SYSREG(3, 3, 14, 8, 3), RW, 0, 1 },	/* PMEVCNTR3_EL0 */
	{ SYSREG(3, 3, 14, 12, 0), RW, 0, 1 },	/* PMEVTYPER0_EL0 */
	{ SYSREG(3, 3, 14, 12, 3), RW, 0, 1 },	/* PMEVTYPER3_EL0 */
	{ SYSREG(3, 3, 14, 15, 7), RW, 0, 1 },	/* PMCCFILTR_EL0 */
	{ SYSREG(2, 0, 0, 0, 4), RW, 0, 0 },	/* DBGBVR0_EL1 */
	{ SYSREG(2, 0, 0, 0, 5), RW, 0, 0 },	/* DBGBCR0_EL1 */
	{ SYSREG(2, 0, 0, 1, 4), RW, 0, 0 },	/* DBGBVR1_EL1 */
	{ SYSREG(2, 0, 0, 1, 5), RW, 0, 0 },	/* DBGBCR1_EL1 */
	{ SYSREG(2, 0, 0, 0, 6), RW, 0, 0 },	/* DBGWVR0_EL1 */
	{ SYSREG(2, 0, 0, 0, 7), RW, 0, 0 },	/* DBGWCR0_EL1 */
	{ SYSREG(2, 0, 0, 2, 2), RW, 0, 0 },	/* MDSCR_EL1 */
	{ SYSREG(2, 0, 0, 2, 0), RW, 0, 0 },	/* MDCCINT_EL1 */
	{ SYSREG(2, 3, 0, 1, 0), RO, 0, 0 },	/* MDCCSR_EL0 */
	{ SYSREG(2, 0, 1, 0, 0), RO, 0, 0 },	/* MDRAR_EL1 */
	{ SYSREG(2, 0, 1, 0, 4), WO, 0, 0 },	/* OSLAR_EL1 */
	{ SYSREG(2, 0, 1, 1, 4), RO, 0, 0 },	/* OSLSR_EL1 */
	{ SYSREG(2, 0, 1, 3, 4), RW, 0, 0 },	/* OSDLR_EL1 */
	{ SYSREG(2, 0, 1, 4, 4), RW, 1, 0 },	/* DBGPRCR_EL1 (not in QEMU 7.2) */
	{ SYSREG(2, 0, 7, 8, 6), WO, 1, 0 },	/* DBGCLAIMSET_EL1 (idem) */
	{ SYSREG(2, 0, 7, 9, 6), RO, 1, 0 },	/* DBGCLAIMCLR_EL1 (idem) */
	{ SYSREG(3, 0, 1, 0, 1), RW, 0, 0 },	/* ACTLR_EL1 */
	{ SYSREG(3, 0, 10, 4, 0), RW, 1, 0 },	/* LORSA_EL1 */
	{ SYSREG(3, 0, 10, 4, 1), RW, 1, 0 },	/* LOREA_EL1 */
	{ SYSREG(3, 0, 10, 4, 2), RW, 1, 0 },	/* LORN_EL1 */
	{ SYSREG(3, 0, 10, 4, 3), RW, 1, 0 },	/* LORC_EL1 */
	{ SYSREG(3, 0, 10, 4, 7), RO, 1, 0 },	/* LORID_EL1 */
	{ SYSREG(3, 0, 5, 3, 0), RO, 1, 0 },	/* ERRIDR_EL1 */
	{ SYSREG(3, 0, 5, 3, 1), RW, 1, 0 },	/* ERRSELR_EL1 */
	{ SYSREG(3, 0, 5, 4, 0), RO, 1, 0 },	/* ERXFR_EL1 */
	{ SYSREG(3, 0, 5, 4, 1), RW, 1, 0 },	/* ERXCTLR_EL1 */
	{ SYSREG(3, 0, 5, 4, 2), RW, 1, 0 },	/* ERXSTATUS_EL1 */
	{ SYSREG(3, 0, 5, 4, 3), RW, 1, 0 },	/* ERXADDR_EL1 */
	{ SYSREG(3, 0, 5, 5, 0), RW, 1, 0 },	/* ERXMISC0_EL1 */
	{ SYSREG(3, 0, 1, 0, 5), RW, 1, 0 },	/* RGSR_EL1 */
	{ SYSREG(3, 0, 1, 0, 6), RW, 1, 0 },	/* GCR_EL1 */
	{ SYSREG(3, 0, 5, 6, 0), RW, 1, 0 },	/* TFSR_EL1 */
	{ SYSREG(3, 0, 5, 6, 1), RW, 1, 0 },	/* TFSRE0_EL1 */
	{ SYSREG(3, 0, 1, 2, 1), RW, 1, 0 },	/* TRFCR_EL1 */
	{ SYSREG(3, 0, 9, 9, 0), RW, 1, 0 },	/* PMSCR_EL1 */
	{ SYSREG(3, 0, 9, 10, 0), RW, 1, 0 },	/* PMBLIMITR_EL1 */
	{ SYSREG(3, 0, 9, 11, 0), RW, 1, 0 },	/* TRBLIMITR_EL1 */
	{ SYSREG(3, 3, 13, 2, 0), RW, 1, 0 },	/* AMCR_EL0 */
	{ SYSREG(3, 3, 13, 4, 0), RO, 1, 0 },	/* AMEVCNTR00_EL0 */
};

/* Cortex-A57/A72's own, which QEMU has; the rest of the space is random. */
static const uint64_t impdef[] = {
	SYSREG(3, 1, 11, 0, 2),		/* L2CTLR_EL1 */
	SYSREG(3, 1, 11, 0, 3),		/* L2ECTLR_EL1 */
	SYSREG(3, 1, 15, 2, 0),		/* CPUACTLR_EL1 */
	SYSREG(3, 1, 15, 2, 1),		/* CPUECTLR_EL1 */
	SYSREG(3, 1, 15, 2, 2),		/* CPUMERRSR_EL1 */
	SYSREG(3, 1, 15, 2, 3),		/* L2MERRSR_EL1 */
	SYSREG(3, 1, 15, 3, 0),		/* CBAR_EL1 */
};

static int has_pmu = -1;

static void raz(const struct trapped *t)
{
	uint64_t v = 0, esr = 0, wesr = 0;

	if (t->pmu && has_pmu)
		return;
	if (t->how != RO)
		run_insn(MSR(t->reg), value() | 1, &wesr);
	if (t->how != WO)
		v = run_insn(MRS(t->reg), 0, &esr);
	if (!esr)
		esr = wesr;
	if (esr && !(t->optional && ESR_EC(esr) == EC_UNKNOWN))
		wrong("trapped register not emulated (encoding, ESR)", t->reg, esr);
	else if (!esr && v)
		wrong("trapped register not zero after a write (encoding, value)", t->reg, v);
}

static void set_way(void)
{
	static const uint32_t crm[] = { 6, 10, 14 };	/* ISW, CSW, CISW */
	uint32_t insn = INSN_SYS | 7 << 12 | crm[rnd() % 3] << 8 | 2 << 5;
	uint64_t esr;

	run_insn(insn, value(), &esr);
	if (esr)
		wrong("cache maintenance by set/way faulted (instruction, ESR)", insn, esr);
}

static void impdef_access(void)
{
	uint64_t reg, esr;

	if (rnd() % 2)
		reg = impdef[rnd() % (sizeof(impdef) / sizeof(impdef[0]))];
	else
		reg = SYSREG(3, rnd() % 8, rnd() % 2 ? 11 : 15, rnd() % 16, rnd() % 8);
	run_insn(rnd() % 2 ? MSR(reg) : MRS(reg), value(), &esr);
	if (!esr)
		me()->impdef_defined++;
	else if (ESR_EC(esr) != EC_UNKNOWN)
		wrong("IMPDEF register access not undefined (encoding, ESR)", reg, esr);
}

void trapped_access(void)
{
	if (has_pmu < 0) {
		uint64_t pmuver = read_sysreg(id_aa64dfr0_el1) >> 8 & 0xf;

		has_pmu = pmuver && pmuver != 0xf;
	}
	switch (rnd() % 8) {
	case 0:
		set_way();
		break;
	case 1:
		impdef_access();
		break;
	default:
		raz(&regs[rnd() % (sizeof(regs) / sizeof(regs[0]))]);
	}
}

void ap_games(void)
{
	uint64_t v = rnd() % 2 ? 0 : (uint32_t)rnd();

	if (rnd() % 2)
		write_sysreg(v, S3_0_C12_C9_0);		/* ICC_AP1R0_EL1 */
	else
		write_sysreg(v, S3_0_C12_C8_4);		/* ICC_AP0R0_EL1 */
	isb();
}

/* ---- loads of known values ---- */

enum { LDRB_W, LDRSB_W, LDRSB_X, LDRH_W, LDRSH_W, LDRSH_X, LDR_W, LDRSW_X, LDR_X, NR_LOADS };

/* The load, into a register that held all ones. */
static uint64_t load(unsigned int kind, unsigned long a)
{
	uint64_t v = ~0UL;

	switch (kind) {
	case LDRB_W:  asm volatile("ldrb %w0, [%1]" : "+r" (v) : "r" (a) : "memory"); break;
	case LDRSB_W: asm volatile("ldrsb %w0, [%1]" : "+r" (v) : "r" (a) : "memory"); break;
	case LDRSB_X: asm volatile("ldrsb %x0, [%1]" : "+r" (v) : "r" (a) : "memory"); break;
	case LDRH_W:  asm volatile("ldrh %w0, [%1]" : "+r" (v) : "r" (a) : "memory"); break;
	case LDRSH_W: asm volatile("ldrsh %w0, [%1]" : "+r" (v) : "r" (a) : "memory"); break;
	case LDRSH_X: asm volatile("ldrsh %x0, [%1]" : "+r" (v) : "r" (a) : "memory"); break;
	case LDR_W:   asm volatile("ldr %w0, [%1]" : "+r" (v) : "r" (a) : "memory"); break;
	case LDRSW_X: asm volatile("ldrsw %x0, [%1]" : "+r" (v) : "r" (a) : "memory"); break;
	default:      asm volatile("ldr %x0, [%1]" : "+r" (v) : "r" (a) : "memory"); break;
	}
	return v;
}

/* What the load gives of a register whose 'bits' low bits hold 'reg'. */
static uint64_t expect(unsigned int kind, uint64_t reg)
{
	switch (kind) {
	case LDRB_W:  return reg & 0xff;
	case LDRSB_W: return (uint32_t)(int32_t)(int8_t)reg;
	case LDRSB_X: return (uint64_t)(int64_t)(int8_t)reg;
	case LDRH_W:  return reg & 0xffff;
	case LDRSH_W: return (uint32_t)(int32_t)(int16_t)reg;
	case LDRSH_X: return (uint64_t)(int64_t)(int16_t)reg;
	case LDR_W:   return (uint32_t)reg;
	case LDRSW_X: return (uint64_t)(int64_t)(int32_t)reg;
	}
	return reg;
}

/* The PL011's PeriphID0..3 and PCellID0..3, one per word (r1p5) */
static const uint8_t pl011_ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void known_loads(void)
{
	static uint32_t gicd_typer, gicd_pidr2;
	unsigned int kind, i, f;
	unsigned long a;
	uint64_t reg, got;

	if (!gicd_typer) {		/* as a plain word load reads them */
		gicd_typer = mmio_read32(GICD_BASE + 0x4);
		gicd_pidr2 = mmio_read32(GICD_BASE + 0xffe8);
	}
	switch (rnd() % 3) {
	case 0:		/* a PL011 ID register: every width, aligned */
		i = rnd() % 8;
		a = UART_BASE + 0xfe0 + 4 * i;
		reg = pl011_ids[i];
		kind = rnd() % LDR_X;
		break;
	case 1:		/* GICR_TYPER of a frame, or its halves */
		f = rnd() % gicr_frames;
		a = GICR_BASE + f * GICR_FRAME + 0x8;
		reg = (uint64_t)f << 32 | f << 8 | (f == gicr_frames - 1 ? 0x10 : 0);
		kind = (unsigned int[]){ LDR_W, LDRSW_X, LDR_X, LDR_W }[rnd() % 4];
		if (rnd() % 2 && kind != LDR_X) {
			a += 4;
			reg >>= 32;
		}
		break;
	default:	/* GICD_TYPER or GICD_PIDR2, words */
		a = GICD_BASE + (rnd() % 2 ? 0x4 : 0xffe8);
		reg = a == GICD_BASE + 0x4 ? gicd_typer : gicd_pidr2;
		kind = rnd() % 2 ? LDR_W : LDRSW_X;
	}
	got = load(kind, a);
	if (got != expect(kind, reg))
		wrong("emulated load (kind << 32 | address, value)",
		      (uint64_t)kind << 32 | a, got);
}
