// SPDX-License-Identifier: GPL-2.0
/*
 * What a cell must not see or keep of the CPU's own machinery (the
 * registers the hypervisor traps, hyp/vsysreg.c, hyp/idregs.c):
 *
 * 't', the trap report: the ID registers hide the PMU, statistical
 * profiling, trace, SVE, SME, activity monitors, RAS, MTE and LORegions;
 * the PMU, debug, OS lock, ACTLR_EL1 registers read as zero after a write
 * of something else; the LORegion, RAS error record, allocation tag,
 * profiling, trace buffer and activity monitor registers too, or are
 * undefined (the CPU lacks the feature); cache maintenance by set/way
 * (DC ISW, CSW, CISW) does not fault; implementation-defined registers
 * (op0 3, CRn 11 and 15) are undefined.  One line per register, then
 *   isolation: trap accesses -> N      the hypervisor must have seen them:
 *       every access but the IMPDEF ones the CPU did not refuse itself
 *   isolation: traps wrong -> N        rules broken (0), but for:
 *   isolation: impdef not undefined -> N   IMPDEF registers it could use (0;
 *       QEMU before 8.0 does not trap them for the hypervisor: HCR_EL2.TIDCP)
 *
 * 'p', the PMU of a cell given one ('pmu;'): it is described, and at
 * the start everything of it is stopped and zero; then it counts cycles
 * (and leaves them counting, for the next start to clean up):
 *   isolation: pmu version -> V        ID_AA64DFR0_EL1.PMUVer (not 0)
 *   isolation: pmu dirty at start -> N registers not reset (0)
 *   isolation: pmu counted cycles -> C, pmu counted events -> E (not 0)
 */
#include "isolation.h"

#define F_READ		(1u << 0)	/* read: must be zero (in 'mask') */
#define F_WRITE		(1u << 1)	/* write 'wval' first */
#define F_OPT		(1u << 2)	/* undefined is fine: the CPU may lack it */
#define F_UNDEF		(1u << 3)	/* must be undefined */

struct trap_item {
	const char *name;
	uint32_t enc;
	unsigned int flags;
	uint64_t wval;
	uint64_t mask;		/* of a read, what must be zero: 0 means all */
};

#define RAZ(n, e, f, w)		{ n, e, F_WRITE | F_READ | (f), w, 0 }
#define RO(n, e, f)		{ n, e, F_READ | (f), 0, 0 }
#define WO(n, e, w)		{ n, e, F_WRITE, w, 0 }
#define ID(n, e, m)		{ n, e, F_READ, 0, m }
#define F4(lsb)			(0xfULL << (lsb))

static const struct trap_item items[] = {
	/* the ID registers: what a cell cannot use is not there */
	ID("id_aa64dfr0_el1 pmu, spe, trace", SYS_ENC(3, 0, 0, 5, 0),
	   F4(8) | F4(4) | F4(32) | F4(40) | F4(44)),
	ID("id_aa64pfr0_el1 sve, ras, amu", SYS_ENC(3, 0, 0, 4, 0), F4(32) | F4(28) | F4(44)),
	ID("id_aa64pfr1_el1 sme, mte, ras_frac", SYS_ENC(3, 0, 0, 4, 1), F4(24) | F4(8) | F4(12)),
	ID("id_aa64mmfr1_el1 lo", SYS_ENC(3, 0, 0, 7, 1), F4(16)),
	ID("id_aa64zfr0_el1", SYS_ENC(3, 0, 0, 4, 4), 0),
	ID("id_aa64smfr0_el1", SYS_ENC(3, 0, 0, 4, 5), 0),
	/* the PMU, without 'pmu;' */
	RAZ("pmcr_el0", SYS_ENC(3, 3, 9, 12, 0), 0, 0x7),
	RAZ("pmcntenset_el0", SYS_ENC(3, 3, 9, 12, 1), 0, 0x8000000fUL),
	RAZ("pmselr_el0", SYS_ENC(3, 3, 9, 12, 5), 0, 0x1),
	RO("pmceid0_el0", SYS_ENC(3, 3, 9, 12, 6), 0),
	RAZ("pmccntr_el0", SYS_ENC(3, 3, 9, 13, 0), 0, 0x123456789UL),
	RAZ("pmxevtyper_el0", SYS_ENC(3, 3, 9, 13, 1), 0, 0x11),
	RAZ("pmuserenr_el0", SYS_ENC(3, 3, 9, 14, 0), 0, 0xf),
	RAZ("pmintenset_el1", SYS_ENC(3, 0, 9, 14, 1), 0, 0x1),
	RAZ("pmovsset_el0", SYS_ENC(3, 3, 9, 14, 3), 0, 0x1),
	RAZ("pmevcntr0_el0", SYS_ENC(3, 3, 14, 8, 0), 0, 0x55),
	RAZ("pmevtyper0_el0", SYS_ENC(3, 3, 14, 12, 0), 0, 0x11),
	RAZ("pmccfiltr_el0", SYS_ENC(3, 3, 14, 15, 7), 0, 0x08000000),
	/* debug: breakpoints, watchpoints, the debug control and claim tags */
	RAZ("dbgbvr0_el1", SYS_ENC(2, 0, 0, 0, 4), 0, RAM_BASE),
	RAZ("dbgbcr0_el1", SYS_ENC(2, 0, 0, 0, 5), 0, 0x1e7),
	RAZ("dbgwvr0_el1", SYS_ENC(2, 0, 0, 0, 6), 0, RAM_BASE + 0x1000),
	RAZ("dbgwcr0_el1", SYS_ENC(2, 0, 0, 0, 7), 0, 0x1ff7),
	RAZ("mdscr_el1", SYS_ENC(2, 0, 0, 2, 2), 0, 0xa000),
	RAZ("mdccint_el1", SYS_ENC(2, 0, 0, 2, 0), 0, 0x60000000),
	/* (QEMU 7.2 has no claim tags, authentication status nor DBGPRCR_EL1) */
	{ "dbgclaimset_el1 (write)", SYS_ENC(2, 0, 7, 8, 6), F_WRITE | F_OPT, 0xff, 0 },
	RO("dbgclaimclr_el1", SYS_ENC(2, 0, 7, 9, 6), F_OPT),
	RO("dbgauthstatus_el1", SYS_ENC(2, 0, 7, 14, 6), F_OPT),
	RO("mdccsr_el0", SYS_ENC(2, 3, 0, 1, 0), 0),
	RO("mdrar_el1", SYS_ENC(2, 0, 1, 0, 0), 0),
	/* the OS lock and the power-down request */
	WO("oslar_el1 (lock)", SYS_ENC(2, 0, 1, 0, 4), 1),
	RO("oslsr_el1", SYS_ENC(2, 0, 1, 1, 4), 0),
	RAZ("osdlr_el1", SYS_ENC(2, 0, 1, 3, 4), 0, 1),
	RAZ("dbgprcr_el1", SYS_ENC(2, 0, 1, 4, 4), F_OPT, 1),
	/* the auxiliary control register */
	RAZ("actlr_el1", SYS_ENC(3, 0, 1, 0, 1), 0, ~0UL),
	/* features the CPU may lack: zero, or undefined */
	RAZ("lorsa_el1", SYS_ENC(3, 0, 10, 4, 0), F_OPT, RAM_BASE | 1),
	RAZ("lorea_el1", SYS_ENC(3, 0, 10, 4, 1), F_OPT, RAM_BASE + 0xffff),
	RAZ("lorn_el1", SYS_ENC(3, 0, 10, 4, 2), F_OPT, 1),
	RAZ("lorc_el1", SYS_ENC(3, 0, 10, 4, 3), F_OPT, 1),
	RO("lorid_el1", SYS_ENC(3, 0, 10, 4, 7), F_OPT),
	RO("erridr_el1", SYS_ENC(3, 0, 5, 3, 0), F_OPT),
	RAZ("errselr_el1", SYS_ENC(3, 0, 5, 3, 1), F_OPT, 1),
	RO("erxfr_el1", SYS_ENC(3, 0, 5, 4, 0), F_OPT),
	RAZ("erxctlr_el1", SYS_ENC(3, 0, 5, 4, 1), F_OPT, 0x1),
	RAZ("erxstatus_el1", SYS_ENC(3, 0, 5, 4, 2), F_OPT, 0x80000000),
	RAZ("erxaddr_el1", SYS_ENC(3, 0, 5, 4, 3), F_OPT, 0x1000),
	RAZ("erxmisc0_el1", SYS_ENC(3, 0, 5, 5, 0), F_OPT, 0x1),
	RAZ("gcr_el1", SYS_ENC(3, 0, 1, 0, 6), F_OPT, 0x1ffff),
	RAZ("rgsr_el1", SYS_ENC(3, 0, 1, 0, 5), F_OPT, 0xffff00),
	RAZ("tfsr_el1", SYS_ENC(3, 0, 5, 6, 0), F_OPT, 1),
	RAZ("tfsre0_el1", SYS_ENC(3, 0, 5, 6, 1), F_OPT, 1),
	RAZ("trfcr_el1", SYS_ENC(3, 0, 1, 2, 1), F_OPT, 0x3),
	RAZ("pmscr_el1", SYS_ENC(3, 0, 9, 9, 0), F_OPT, 0x3),
	RO("pmsidr_el1", SYS_ENC(3, 0, 9, 9, 7), F_OPT),
	RO("pmbidr_el1", SYS_ENC(3, 0, 9, 10, 7), F_OPT),
	RAZ("trblimitr_el1", SYS_ENC(3, 0, 9, 11, 0), F_OPT, 0x1),
	RO("trbidr_el1", SYS_ENC(3, 0, 9, 11, 7), F_OPT),
	RAZ("amcr_el0", SYS_ENC(3, 3, 13, 2, 0), F_OPT, 0x400),
	RO("amevcntr00_el0", SYS_ENC(3, 3, 13, 4, 0), F_OPT),
	/* implementation defined: undefined, as KVM has them */
	{ "l2ctlr_el1 (s3_1_c11_c0_2)", SYS_ENC(3, 1, 11, 0, 2), F_READ | F_UNDEF, 0, 0 },
	{ "cpuactlr_el1 (s3_1_c15_c2_0)", SYS_ENC(3, 1, 15, 2, 0), F_READ | F_UNDEF, 0, 0 },
	{ "cbar_el1 (s3_1_c15_c3_0)", SYS_ENC(3, 1, 15, 3, 0), F_READ | F_UNDEF, 0, 0 },
	{ "s3_0_c15_c0_0", SYS_ENC(3, 0, 15, 0, 0), F_READ | F_UNDEF, 0, 0 },
	{ "s3_7_c11_c15_7 (write)", SYS_ENC(3, 7, 11, 15, 7), F_WRITE | F_UNDEF, 0, 0 },
};

/* DC ISW, DC CSW, DC CISW: op0 1, op1 0, CRn 7, op2 2 */
static const struct {
	const char *name;
	uint32_t enc;
} set_way_ops[] = {
	{ "dc isw", SYS_ENC(1, 0, 7, 6, 2) },
	{ "dc csw", SYS_ENC(1, 0, 7, 10, 2) },
	{ "dc cisw", SYS_ENC(1, 0, 7, 14, 2) },
};

/* ---- probes ---- */

static uint32_t stub[2] __attribute__((aligned(8)));
static volatile int probing;
static volatile uint64_t probe_esr;

static int probe_sync(uint64_t esr)
{
	if (!probing)
		return 0;
	probe_esr = esr ? esr : 1;
	write_sysreg(read_sysreg(elr_el1) + 4, elr_el1);
	return 1;
}

void probe_init(void)
{
	irq_init();
	sync_set_handler(probe_sync);
}

uint64_t probe_run(uint32_t enc, int read, uint64_t v, uint64_t *esr)
{
	uint64_t (*fn)(uint64_t) = (uint64_t (*)(uint64_t))(void *)stub;

	stub[0] = 0xd5000000u | (read ? 1u << 21 : 0) | enc;	/* Rt = x0 */
	stub[1] = 0xd65f03c0u;					/* ret */
	dsb();
	asm volatile("ic iallu; dsb nsh; isb" : : : "memory");
	probe_esr = 0;
	probing = 1;
	barrier();
	v = fn(read ? 0 : v);
	isb();
	barrier();
	probing = 0;
	*esr = probe_esr;
	return v;
}

/* ---- 't' ---- */

static unsigned int wrong, seen, impdef;

static void bad(const char *name, const char *why, uint64_t v)
{
	wrong++;
	puts("isolation: WRONG ");
	puts(name);
	puts(": ");
	puts(why);
	puts(" -> ");
	put_hex(v);
	putc('\n');
}

static void one_item(const struct trap_item *t)
{
	uint64_t v = 0, esr = 0, wesr = 0;
	int undef;

	if (t->flags & F_WRITE)
		probe_run(t->enc, PROBE_WRITE, t->wval, &wesr);
	if (t->flags & F_READ)
		v = probe_run(t->enc, PROBE_READ, 0, &esr);
	/* what the CPU did not refuse itself went to the hypervisor (trapped) */
	if (!(t->flags & F_UNDEF))
		seen += ((t->flags & F_WRITE) && !wesr) + ((t->flags & F_READ) && !esr);
	if (!esr)
		esr = wesr;
	undef = esr && ESR_EC(esr) == EC_UNKNOWN;
	if (undef)
		result_undef(t->name);
	else if (esr)
		result(t->name, esr);
	else
		result(t->name, v);

	if (t->flags & F_UNDEF) {
		impdef += !undef;
		return;
	}
	if (esr && !(undef && (t->flags & F_OPT))) {
		bad(t->name, "exception (ESR)", esr);
		return;
	}
	if ((t->flags & F_READ) && (v & (t->mask ? t->mask : ~0ULL)))
		bad(t->name, t->mask ? "shows a hidden feature" : "not zero", v);
}

/* By set/way, at levels 1 and 2, ways and sets at random: none may fault. */
static void set_way(void)
{
	uint64_t r = timer_now() * 0x9e3779b97f4a7c15UL, v, esr;
	unsigned int i, j;

	for (i = 0; i < sizeof(set_way_ops) / sizeof(set_way_ops[0]); i++) {
		for (j = 0; j < 8; j++) {
			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			v = j < 2 ? j << 1 : (r & 0xfffffff0UL) | (r & 2);
			probe_run(set_way_ops[i].enc, PROBE_WRITE, v, &esr);
			if (esr) {
				bad(set_way_ops[i].name, "faults (ESR)", esr);
				break;
			}
			seen++;
		}
		if (j == 8)
			result(set_way_ops[i].name, 0);
	}
}

void trap_report(void)
{
	unsigned int i;

	wrong = seen = impdef = 0;
	probe_init();
	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		one_item(&items[i]);
	set_way();
	result("trap accesses", seen);
	result("traps wrong", wrong);
	result("impdef not undefined", impdef);
}

/* ---- 'p' ---- */

void pmu_report(void)
{
	uint64_t pmuver = read_sysreg(id_aa64dfr0_el1) >> 8 & 0xf, v, cycles, events;
	unsigned int n, i, dirty = 0;
	volatile unsigned int spin;

	result("pmu version", pmuver);
	if (!pmuver || pmuver == 0xf) {
		result("pmu dirty at start", ~0ULL);
		return;
	}
	v = read_sysreg(pmcr_el0);
	result("pmu at start: pmcr_el0", v);
	dirty += v & 1;					/* E */
	n = v >> 11 & 0x1f;
#define CHECK(reg) do {							\
		v = read_sysreg(reg);					\
		if (v) {						\
			result("pmu at start: " #reg, v);		\
			dirty++;					\
		}							\
	} while (0)
	CHECK(pmcntenset_el0);
	CHECK(pmccntr_el0);
	CHECK(pmccfiltr_el0);
	CHECK(pmintenset_el1);
	CHECK(pmovsset_el0);
	CHECK(pmuserenr_el0);
	for (i = 0; i < n; i++) {
		write_sysreg(i, pmselr_el0);
		isb();
		CHECK(pmxevtyper_el0);
		CHECK(pmxevcntr_el0);
	}
#undef CHECK
	result("pmu dirty at start", dirty);

	/* count cycles in both kinds of counter, and leave them counting */
	write_sysreg(0, pmccfiltr_el0);
	write_sysreg(0, pmselr_el0);
	isb();
	write_sysreg(0x11, pmxevtyper_el0);		/* CPU_CYCLES */
	write_sysreg(1UL << 31 | 1, pmcntenset_el0);
	write_sysreg(1, pmcr_el0);			/* E */
	isb();
	for (spin = 0; spin < 1000000; spin++)
		;
	cycles = read_sysreg(pmccntr_el0);
	events = n ? read_sysreg(pmxevcntr_el0) : 0;
	result("pmu counted cycles", cycles);
	result("pmu counted events", events);
}
