// SPDX-License-Identifier: GPL-2.0
/*
 * chaos: a hostile payload that throws seeded random calls and accesses at
 * the hypervisor from inside a cell, in a loop, for ever:
 *
 *   - HVC and SMC calls: random function IDs and the boundaries (PSCI's
 *     32- and 64-bit ranges, vhyp's own hypercalls, management ones
 *     included, the SMCCC architecture calls and the Spectre workarounds,
 *     TRNG, Linux's hyp-stub calls, other owners, 0, 0xffffffff, junk in
 *     the upper 32 bits), x1..x7 random, small, in its RAM, outside it,
 *     unaligned or huge; ARCH_FEATURES and PSCI_FEATURES asked about the
 *     workarounds and SMCCC_VERSION half the time.  Every call must leave
 *     x1..x17 as they were (TRNG: x4..x17), and get the answer a cell
 *     gets (smccc_rules()): SMCCC_VERSION 1.1, PSCI_FEATURES of it 0,
 *     ARCH_FEATURES of a workaround -1, 0 or 1 and the same on every call
 *     on one CPU (what the firmware answered there), of anything else -1,
 *     a workaround whose ARCH_FEATURES was -1 refused (-1), TRNG anything
 *     (the firmware's), everything else not PSCI refused (-1);
 *   - accesses to its emulated devices: the distributor (offsets
 *     0..0xffff), its redistributor frames, the PL011 (0..0xfff), widths
 *     8, 16, 32 and 64 bits, one in eight unaligned (its MMU is on),
 *     reads and writes of random values;
 *   - system registers: the SGI registers (ICC_SGI1R, ASGI1R, SGI0R) with
 *     random values, reads of the ID space (trapped), and reads and writes
 *     of the GIC CPU interface, timer, PMU and debug registers, built at
 *     run time (an MRS or MSR written into a stub);
 *   - what the hypervisor traps (traps.c): PMU, debug, OS lock, ACTLR,
 *     LORegion, RAS, MTE, profiling and trace registers written at random
 *     must read back as zero (or be undefined where the CPU may lack
 *     them); DC ISW, CSW and CISW with random operands must not fault;
 *     IMPLEMENTATION DEFINED registers must be undefined (counted as its
 *     own faults; those that were not, in the last figure of its report);
 *   - its virtual CPU interface's active priorities (ICC_AP0R0_EL1,
 *     ICC_AP1R0_EL1) set at random and left so, for a stop to find;
 *   - loads of emulated registers whose values are known (the PL011's ID
 *     registers, GICR_TYPER, GICD_TYPER, GICD_PIDR2) by LDRB, LDRSB, LDRH,
 *     LDRSH, LDR and LDRSW into W and X registers: each must give what
 *     the instruction gives;
 *   - short windows with interrupts unmasked, to take what all that
 *     raised;
 *   - the channel calls a cell may make (channels.c): rings of its own
 *     channels and of anyone's, queries in and past its own, each with
 *     the answer an end or a stranger gets.
 * Once, at the start: the state the hypervisor resets at entry (thread,
 * timer, debug, PMU and fault registers, FP/SIMD, the active priorities
 * the last run may have left) must be zero, and unaligned reads of
 * emulated registers must read as zero.
 *
 * What would end the test, it does not: PSCI SYSTEM_OFF, SYSTEM_RESET(2)
 * and the suspends are left out, and so is CPU_OFF on its first CPU.
 * CPU_ON starts its second CPU (when it has one) at its own entry, where
 * it runs the same loop, quietly, with a seed CPU 0 gave it, and may call
 * CPU_OFF (and be started again).  Its own exceptions (an undefined
 * system register) are counted and skipped.  The interleaving of two CPUs
 * is not reproducible; the first CPU's sequence is.
 *
 * Input, within 2 s of the start: a seed in decimal and Enter, optionally
 * "f" before Enter for the fatal kind too (1 in 2048 iterations: a load
 * pair from the distributor, an access outside its memory or beyond its
 * redistributors, a jump outside its memory, a random system register
 * read; and one CPU_ON in 16 at a random entry point), each of which the
 * hypervisor may answer by stopping the cell, with a reason.  Without
 * input the seed is 1.
 *
 * Output (tests/qemu/scenarios/chaos.sh parses it; keep it stable):
 *   chaos: seed? (digits, 'f' for fatal ones too, Enter; 2 s, else 1)
 *   chaos: seed S, fatal on|off, N redistributor frames, SCTLR_EL1 X
 *   chaos: N channels                     its own, as the queries found them
 *   chaos: N calls, seed S, K CPU_ON, I irqs, F faults, D IMPDEF not undefined
 *       once a second: K, how often a CPU_ON started its other CPU; I,
 *       interrupts taken; F, its own exceptions skipped; D, accesses to
 *       IMPLEMENTATION DEFINED registers that were not undefined (0 where
 *       the CPU traps them for the hypervisor; QEMU 7.2 does not) (F and
 *       D: the first CPU's)
 *   chaos: WRONG WHAT: A B, seed S    a broken rule (the first 16 only)
 *   chaos: fatal: WHAT                what it does next, with 'f'
 * The same seed throws the same sequence: nothing it reads back feeds the
 * generator.
 */
#include <vhyp/hypercall.h>
#include "chaos.h"

#define WRONG_MAX		16
#define FATAL_ONE_IN		2048
#define UART_SIZE		0x1000
#define GICD_SIZE		0x10000
#define GICR_TYPER		0x8
#define GICR_TYPER_LAST		(1u << 4)
#define SMCCC_NOT_SUPPORTED	((uint64_t)(int64_t)VHYP_HC_NOT_SUPPORTED)
#define SMCCC_64		0x40000000u	/* the SMC64/HVC64 calling convention */
#define SMCCC_VERSION		0x80000000u
#define SMCCC_ARCH_FEATURES	0x80000001u
#define SMCCC_ARCH_WA_1		0x80008000u
#define SMCCC_ARCH_WA_2		0x80007fffu
#define SMCCC_ARCH_WA_3		0x80003fffu
#define SMCCC_1_1		0x10001
#define PSCI_FEATURES		0x8400000au

static struct chaos_cpu cpus[MAX_CPUS];

static uint64_t seed = 1;
static int fatal;
unsigned int gicr_frames = 1;
static volatile uint64_t irqs;
static uint64_t wrongs;
static uint64_t cpu_ons;		/* CPU_ONs that started its other CPU */

struct chaos_cpu *me(void)
{
	return &cpus[read_sysreg(mpidr_el1) & (MAX_CPUS - 1)];
}

/* xorshift64*: small, and the same sequence for the same seed everywhere */
uint64_t rnd(void)
{
	struct chaos_cpu *c = me();
	uint64_t x = c->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	c->rng = x;
	return x * 0x2545f4914f6cdd1dUL;
}

static uint64_t pick(const uint64_t *v, unsigned int n)
{
	return v[rnd() % n];
}

#define PICK(a)		pick(a, sizeof(a) / sizeof((a)[0]))

void wrong(const char *what, uint64_t a, uint64_t b)
{
	if (wrongs++ >= WRONG_MAX || (read_sysreg(mpidr_el1) & 0xff))
		return;
	puts("chaos: WRONG ");
	puts(what);
	puts(": ");
	put_hex(a);
	putc(' ');
	put_hex(b);
	puts(", seed ");
	put_dec(seed);
	putc('\n');
}

/* ---- HVC and SMC ---- */

static uint64_t function_id(void)
{
	static const uint64_t edges[] = {
		VHYP_LINUX_HVC_SET_VECTORS, VHYP_LINUX_HVC_SOFT_RESTART,
		VHYP_LINUX_HVC_RESET_VECTORS, VHYP_LINUX_HVC_FINALISE_EL2, VHYP_LINUX_HVC_STUB_NR,
		VHYP_LINUX_HVC_STUB_ERR, 0xffffffff, 0xffffffffffffffffUL,
		0x80000000, 0x80000001, 0x80000002, 0x80003fff, 0x80007fff, 0x80008000,
		0x8000ff00, 0x8000ffff, 0x80000001, 0x80000001, 0x84000050, 0x84000051,
		0x84000052, 0x84000053, 0xc4000053, 0x84000000, 0x84000001, 0x84000003,
		0x84000004, 0x84000006, 0x8400000a, 0x8400000a, 0x8400001f, 0x84000020,
		0xc4000003, 0xc4000004, 0xc400001f,
		VHYP_HC_VERSION, VHYP_HC_INIT_CPU, VHYP_HC_DISABLE_CPU, VHYP_HC_NOP,
		VHYP_HC_TEST_FAULT, VHYP_HC_CELL_CREATE, VHYP_HC_CELL_MAP, VHYP_HC_CELL_CONSOLE,
		VHYP_HC_CELL_START, VHYP_HC_CELL_STOP, VHYP_HC_CELL_DESTROY, VHYP_HC_CELL_INPUT,
		VHYP_HC_CELL_IRQ, VHYP_HC(0xff), VHYP_HC_BASE & ~SMCCC_64,
		VHYP_HC_CHANNEL_CREATE, VHYP_HC_CHANNEL_MEM, VHYP_HC_CHANNEL_ATTACH,
		VHYP_HC_CHANNEL_DESTROY, VHYP_HC_CHANNEL_RING, VHYP_HC_CHANNEL_QUERY,
		VHYP_HC_CHANNEL_RING, VHYP_HC_CHANNEL_QUERY, VHYP_HC_CHANNEL_RING,
		VHYP_HC_CELL_REPORT, VHYP_HC_CELL_REPORT, VHYP_HC_CELL_REPORT,
		VHYP_HC_CELL_CREATE & ~SMCCC_64, 0xc2000000, 0xc3000000,
		0xc5000000, 0xf2000000, 0xbf00ffff, 0x3f000000,
	};
	uint64_t fn;

	switch (rnd() % 8) {
	case 0:
		fn = rnd();
		break;
	case 1:
		fn = (uint32_t)rnd();
		break;
	case 2:		/* PSCI, 32 or 64 bit */
		fn = 0x84000000 | (rnd() & 0x4000001f);
		break;
	case 3:		/* vhyp's own and the rest of its owner's, 32 or 64 bit */
		fn = (VHYP_HC_BASE & ~(SMCCC_64 | 0xffff)) | (rnd() & (SMCCC_64 | 0xffff));
		break;
	case 4:		/* any owner, fast or yielding */
		fn = (rnd() & 0xff00001f) | 0x80000000;
		break;
	default:
		fn = PICK(edges);
	}
	if (rnd() % 4 == 0)		/* junk above W0: SMCCC ignores it */
		fn |= rnd() << 32;
	return fn;
}

/* The calls that end or suspend the caller or the cell: not ours to make. */
static int power_call(uint32_t fn)
{
	switch (fn & ~0x40000000u) {
	case 0x84000001:	/* CPU_SUSPEND */
	case 0x84000002:	/* CPU_OFF */
	case 0x84000008:	/* SYSTEM_OFF */
	case 0x84000009:	/* SYSTEM_RESET */
	case 0x8400000e:	/* SYSTEM_SUSPEND */
	case 0x84000012:	/* SYSTEM_RESET2 */
		return 1;
	}
	return 0;
}

static int is_psci(uint32_t fn)
{
	return (fn & ~0x4000001fu) == 0x84000000u;
}

/* TRNG: the firmware's, if it has one; its answer fills x0..x3. */
static int is_trng(uint32_t fn)
{
	return (fn >= 0x84000050 && fn <= 0x84000053) || fn == 0xc4000053;
}

/* 1..3 for the Spectre workarounds' function IDs, else 0 */
static int workaround(uint32_t fn)
{
	switch (fn) {
	case SMCCC_ARCH_WA_1: return 1;
	case SMCCC_ARCH_WA_2: return 2;
	case SMCCC_ARCH_WA_3: return 3;
	}
	return 0;
}

static uint64_t argument(void)
{
	static const uint64_t edges[] = {
		0, 1, 2, 7, 8, 0xff, 0x100, 0xffffffff, 0x100000000UL, 0x8000000000000000UL,
		0xffffffffffffffffUL, 0x40000000, 0x40000001, 0x43fffff8, 0x44000000,
		0x3ffff000, 0x08000000, 0x080a0000, 0x09000000, 0x0, 0x1000, 0xfffffffff000UL,
		0x8000000000UL, 0x1000000000000UL, 0xffff000000000000UL,
	};

	switch (rnd() % 6) {
	case 0:
		return rnd();
	case 1:
		return rnd() % 16;
	case 2:		/* in its RAM, maybe unaligned */
		return RAM_BASE + rnd() % RAM_SIZE;
	case 3:		/* outside: the root's and the hypervisor's RAM are up there */
		return RAM_BASE + RAM_SIZE + (rnd() & 0xffffffffUL);
	default:
		return PICK(edges);
	}
}

/*
 * One SMC Calling Convention call with x0..x17 from a[] and back into it,
 * so that anything the hypervisor leaves in x1..x17 shows.  x18 holds a.
 */
void smccc_hvc(uint64_t *a);
void smccc_smc(uint64_t *a);

#define SMCCC_CALL(name, insn)						\
	asm(".pushsection .text." #name ", \"ax\"\n"			\
	    ".globl " #name "\n"					\
	    #name ":\n"							\
	    "	mov	x18, x0\n"					\
	    "	ldp	x0, x1, [x18, #0]\n	ldp	x2, x3, [x18, #16]\n"	\
	    "	ldp	x4, x5, [x18, #32]\n	ldp	x6, x7, [x18, #48]\n"	\
	    "	ldp	x8, x9, [x18, #64]\n	ldp	x10, x11, [x18, #80]\n"	\
	    "	ldp	x12, x13, [x18, #96]\n	ldp	x14, x15, [x18, #112]\n"	\
	    "	ldp	x16, x17, [x18, #128]\n"			\
	    "	" insn "\n"						\
	    "	stp	x0, x1, [x18, #0]\n	stp	x2, x3, [x18, #16]\n"	\
	    "	stp	x4, x5, [x18, #32]\n	stp	x6, x7, [x18, #48]\n"	\
	    "	stp	x8, x9, [x18, #64]\n	stp	x10, x11, [x18, #80]\n"	\
	    "	stp	x12, x13, [x18, #96]\n	stp	x14, x15, [x18, #112]\n"	\
	    "	stp	x16, x17, [x18, #128]\n"			\
	    "	ret\n"							\
	    ".popsection\n")
SMCCC_CALL(smccc_hvc, "hvc #0");
SMCCC_CALL(smccc_smc, "smc #0");

/*
 * What a cell is told (hyp/smccc.c): SMCCC 1.1; ARCH_FEATURES of the
 * workarounds what the firmware answered on this CPU (-1, 0 or 1, the
 * same every time), of anything else NOT_SUPPORTED; a workaround the
 * firmware lacks is refused; TRNG is the firmware's; the rest of what is
 * not PSCI is refused.
 */
static void smccc_rules(int smc, const uint64_t *sent, uint64_t ret)
{
	struct chaos_cpu *c = me();
	uint32_t fn = sent[0], arg = sent[1];
	int w;

	if (is_psci(fn)) {
		if (fn == PSCI_FEATURES && arg == SMCCC_VERSION && ret)
			wrong("PSCI_FEATURES(SMCCC_VERSION) not 0", sent[1], ret);
		return;
	}
	if (is_trng(fn))
		return;
	switch (fn) {
	case SMCCC_VERSION:
		if (ret != SMCCC_1_1)
			wrong("SMCCC_VERSION not 1.1", sent[0], ret);
		return;
	case SMCCC_ARCH_FEATURES:
		w = workaround(arg);
		if (!w) {
			if (ret != SMCCC_NOT_SUPPORTED)
				wrong("ARCH_FEATURES of a call it does not offer", sent[1], ret);
		} else if ((int64_t)ret < -1 || (int64_t)ret > 1) {
			wrong("ARCH_FEATURES of a workaround not -1, 0 or 1", sent[1], ret);
		} else if (!c->wa_seen[w]) {
			c->wa_seen[w] = 1;
			c->wa[w] = ret;
		} else if (c->wa[w] != (int64_t)ret) {
			wrong("ARCH_FEATURES of a workaround changed on one CPU", sent[1], ret);
		}
		return;
	case SMCCC_ARCH_WA_1:
	case SMCCC_ARCH_WA_2:
	case SMCCC_ARCH_WA_3:
		w = workaround(fn);
		if (c->wa_seen[w] && c->wa[w] < 0 && ret != SMCCC_NOT_SUPPORTED)
			wrong("a workaround the firmware lacks was not refused", sent[0], ret);
		return;
	}
	if (ret != SMCCC_NOT_SUPPORTED)
		wrong(smc ? "smc not refused" : "hvc not refused", sent[0], ret);
}

static void call(int smc, int second)
{
	uint64_t a[18], sent[18];
	unsigned int i;

	a[0] = function_id();
	for (i = 1; i < 18; i++)
		a[i] = i < 8 ? argument() : rnd();
	if (power_call(a[0]) && !(second && (uint32_t)a[0] == (uint32_t)PSCI_CPU_OFF))
		a[0] = 0x84000000;		/* PSCI_VERSION instead */
	if ((uint32_t)a[0] == (uint32_t)PSCI_CPU_ON || (uint32_t)a[0] == 0x84000003) {
		if (rnd() % 2)
			a[1] = rnd() % 4;	/* one of its CPUs, or just beyond */
		if (!fatal || rnd() % 16)
			a[2] = (uint64_t)secondary_entry;
		a[3] = rnd();			/* the second CPU's seed */
	}
	if (((uint32_t)a[0] == SMCCC_ARCH_FEATURES || (uint32_t)a[0] == PSCI_FEATURES) &&
	    rnd() % 2) {		/* a question it has an answer to */
		static const uint64_t asked[] = {
			SMCCC_ARCH_WA_1, SMCCC_ARCH_WA_2, SMCCC_ARCH_WA_3, SMCCC_VERSION,
			SMCCC_ARCH_FEATURES, 0x84000050,
		};

		a[1] = PICK(asked) | (rnd() % 4 ? 0 : rnd() << 32);
	}
	chan_arguments(a);
	report_arguments(a);
	for (i = 0; i < 18; i++)
		sent[i] = a[i];
	if (smc)
		smccc_smc(a);
	else
		smccc_hvc(a);
	if (!smc && (chan_rules(sent, a) || report_rules(sent, a)))
		return;
	for (i = 1; i < 18; i++)
		if (a[i] != sent[i] && !(is_trng(sent[0]) && i <= 3))
			wrong(smc ? "smc changed a register" : "hvc changed a register", i, a[i]);
	if (((uint32_t)sent[0] & ~0x40000000u) == 0x84000003 && !a[0])
		cpu_ons++;
	smccc_rules(smc, sent, a[0]);
}

/* ---- its emulated devices ---- */

static uint64_t mmio(unsigned long addr, unsigned int size, int write, uint64_t v)
{
	switch (size * 2 + write) {
	case 2: asm volatile("ldrb %w0, [%1]" : "=r" (v) : "r" (addr) : "memory"); break;
	case 3: asm volatile("strb %w0, [%1]" : : "r" (v), "r" (addr) : "memory"); break;
	case 4: asm volatile("ldrh %w0, [%1]" : "=r" (v) : "r" (addr) : "memory"); break;
	case 5: asm volatile("strh %w0, [%1]" : : "r" (v), "r" (addr) : "memory"); break;
	case 8: asm volatile("ldr %w0, [%1]" : "=r" (v) : "r" (addr) : "memory"); break;
	case 9: asm volatile("str %w0, [%1]" : : "r" (v), "r" (addr) : "memory"); break;
	case 16: asm volatile("ldr %0, [%1]" : "=r" (v) : "r" (addr) : "memory"); break;
	case 17: asm volatile("str %0, [%1]" : : "r" (v), "r" (addr) : "memory"); break;
	}
	return v;
}

/* An offset in the distributor: anywhere, or in a register block, or an ID register. */
static unsigned long gicd_offset(void)
{
	static const uint64_t blocks[] = {
		0x0000, 0x0040, 0x0080, 0x0100, 0x0180, 0x0200, 0x0280, 0x0300, 0x0380,
		0x0400, 0x0700, 0x0c00, 0x0d00, 0x0e00, 0x0f00, 0x0f10, 0x0f20, 0x6000,
		0x6100, 0x7f00, 0x8000, 0xffd0,
	};

	if (rnd() % 2)
		return rnd() % GICD_SIZE;
	return (PICK(blocks) + rnd() % 0x100) % GICD_SIZE;
}

static unsigned long gicr_offset(void)
{
	static const uint64_t blocks[] = {
		0x00000, 0x00010, 0x00070, 0x000a0, 0x0ffd0, 0x10000, 0x10080, 0x10100,
		0x10180, 0x10200, 0x10280, 0x10300, 0x10380, 0x10400, 0x10c00, 0x10d00,
		0x10e00, 0x1ffd0,
	};

	if (rnd() % 2)
		return rnd() % GICR_FRAME;
	return (PICK(blocks) + rnd() % 0x40) % GICR_FRAME;
}

uint64_t value(void)
{
	static const uint64_t edges[] = {
		0, 1, 0xff, 0xffff, 0xffffffff, 0xffffffffffffffffUL, 0x80000000,
		0x12, 0x10, 0x2, 0x21, 33, 27, 15, 1023, 1020,
	};

	return rnd() % 2 ? rnd() : PICK(edges);
}

static void device_access(void)
{
	unsigned int size = 1u << (rnd() % 4);
	int write = rnd() % 2;
	unsigned long addr;

	switch (rnd() % 5) {
	case 0:
	case 1:
		addr = GICD_BASE + gicd_offset();
		break;
	case 2:
	case 3:
		addr = GICR_BASE + rnd() % gicr_frames * GICR_FRAME + gicr_offset();
		break;
	default:
		addr = UART_BASE + rnd() % UART_SIZE;
		if ((addr & ~7UL) == UART_BASE)
			write = 0;	/* no junk on its console: the test reads it */
	}
	if (rnd() % 8)		/* else unaligned: its MMU lets it through */
		addr &= ~(unsigned long)(size - 1);
	mmio(addr, size, write, value());
}

/*
 * vhyp's rule for an unaligned access to a register it emulates: reads as
 * zero, writes ignored.  Where it passed the access on to the hardware
 * instead, the value read showed what the hardware has there (the
 * hypervisor's own SGI enable, from a redistributor), and on hardware
 * that faults on unaligned Device accesses at EL2 it would have panicked.
 */
static void unaligned_reads(void)
{
	static const uint64_t at[] = {
		GICD_BASE + 0x101, GICD_BASE + 0x401, GICD_BASE + 0x6101,
		GICR_BASE + 0x9, GICR_BASE + 0x10101, GICR_BASE + 0x10181,
		GICR_BASE + 0x10201, GICR_BASE + 0x10301, GICR_BASE + 0x10c05,
		UART_BASE + 0x19,
	};
	unsigned int i;
	uint64_t v;

	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		v = mmio(at[i], 4, 0, 0);
		if (v)
			wrong("unaligned read not zero", at[i], v);
	}
}

/*
 * What ran on its CPU before (the root, or the last run of chaos, which
 * wrote these at random) must not show: the registers the hypervisor
 * resets when a CPU enters a cell read as zero, FP/SIMD included, and so
 * do the active priorities of its virtual CPU interface (indices 16, 17:
 * ICC_AP0R0_EL1 and ICC_AP1R0_EL1, which the last run wrote at random
 * and may have been stopped with).
 */
static void fresh_state(void)
{
	uint64_t v[] = {
		read_sysreg(tpidr_el0), read_sysreg(tpidrro_el0), read_sysreg(tpidr_el1),
		read_sysreg(contextidr_el1), read_sysreg(cntv_ctl_el0), read_sysreg(cntp_ctl_el0),
		read_sysreg(cntkctl_el1), read_sysreg(mdscr_el1), read_sysreg(dbgbcr0_el1),
		read_sysreg(dbgwcr0_el1), read_sysreg(far_el1), read_sysreg(par_el1),
		read_sysreg(afsr0_el1), 0, 0, 0, read_sysreg(S3_0_C12_C8_4),
		read_sysreg(S3_0_C12_C9_0),
	};
	uint64_t fp = 0, pmuver = read_sysreg(id_aa64dfr0_el1) >> 8 & 0xf;
	unsigned int i;

	if (pmuver && pmuver != 0xf) {		/* a PMU */
		v[13] = read_sysreg(pmcntenset_el0);
		v[14] = read_sysreg(pmintenset_el1);
		v[15] = read_sysreg(pmuserenr_el0);
	}

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i])
			wrong("register not reset at entry (index, value)", i, v[i]);
	write_sysreg(3UL << 20, cpacr_el1);	/* FPEN: its FP/SIMD, for this check */
	isb();
	asm volatile(".arch_extension fp\n.arch_extension simd\n"
		     ".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,"
		     "24,25,26,27,28,29,30,31\n"
		     "fmov x9, d\\n\n orr %0, %0, x9\n umov x9, v\\n\\().d[1]\n orr %0, %0, x9\n"
		     ".endr\n"
		     "mrs x9, fpcr\n orr %0, %0, x9\n mrs x9, fpsr\n orr %0, %0, x9\n"
		     : "+r" (fp) : : "x9");
	if (fp)
		wrong("FP/SIMD registers not reset at entry", 0, fp);
}

/* ---- system registers ---- */

/* What a cell may write without harming more than itself (if vhyp is right). */
static const uint64_t writable[] = {
	SYSREG(3, 0, 4, 6, 0),		/* ICC_PMR_EL1 */
	SYSREG(3, 0, 12, 8, 1),		/* ICC_EOIR0_EL1 */
	SYSREG(3, 0, 12, 8, 3),		/* ICC_BPR0_EL1 */
	SYSREG(3, 0, 12, 8, 4),		/* ICC_AP0R0_EL1 */
	SYSREG(3, 0, 12, 9, 0),		/* ICC_AP1R0_EL1 */
	SYSREG(3, 0, 12, 11, 1),	/* ICC_DIR_EL1 */
	SYSREG(3, 0, 12, 11, 5),	/* ICC_SGI1R_EL1 */
	SYSREG(3, 0, 12, 11, 6),	/* ICC_ASGI1R_EL1 */
	SYSREG(3, 0, 12, 11, 7),	/* ICC_SGI0R_EL1 */
	SYSREG(3, 0, 12, 12, 1),	/* ICC_EOIR1_EL1 */
	SYSREG(3, 0, 12, 12, 3),	/* ICC_BPR1_EL1 */
	SYSREG(3, 0, 12, 12, 4),	/* ICC_CTLR_EL1 */
	SYSREG(3, 0, 12, 12, 6),	/* ICC_IGRPEN0_EL1 */
	SYSREG(3, 0, 12, 12, 7),	/* ICC_IGRPEN1_EL1 */
	SYSREG(3, 3, 14, 2, 0),		/* CNTP_TVAL_EL0 */
	SYSREG(3, 3, 14, 2, 1),		/* CNTP_CTL_EL0 */
	SYSREG(3, 3, 14, 2, 2),		/* CNTP_CVAL_EL0 */
	SYSREG(3, 3, 14, 3, 0),		/* CNTV_TVAL_EL0 */
	SYSREG(3, 3, 14, 3, 1),		/* CNTV_CTL_EL0 */
	SYSREG(3, 3, 14, 3, 2),		/* CNTV_CVAL_EL0 */
	SYSREG(3, 0, 14, 1, 0),		/* CNTKCTL_EL1 */
	SYSREG(3, 3, 9, 12, 0),		/* PMCR_EL0 */
	SYSREG(3, 3, 9, 12, 1),		/* PMCNTENSET_EL0 */
	SYSREG(3, 3, 9, 12, 2),		/* PMCNTENCLR_EL0 */
	SYSREG(3, 3, 9, 12, 3),		/* PMOVSCLR_EL0 */
	SYSREG(3, 3, 9, 12, 4),		/* PMSWINC_EL0 */
	SYSREG(3, 3, 9, 12, 5),		/* PMSELR_EL0 */
	SYSREG(3, 3, 9, 13, 0),		/* PMCCNTR_EL0 */
	SYSREG(3, 3, 9, 13, 1),		/* PMXEVTYPER_EL0 */
	SYSREG(3, 3, 9, 13, 2),		/* PMXEVCNTR_EL0 */
	SYSREG(3, 3, 9, 14, 0),		/* PMUSERENR_EL0 */
	SYSREG(3, 3, 9, 14, 3),		/* PMOVSSET_EL0 */
	SYSREG(3, 0, 9, 14, 1),		/* PMINTENSET_EL1 */
	SYSREG(3, 0, 9, 14, 2),		/* PMINTENCLR_EL1 */
	SYSREG(3, 3, 14, 8, 0),		/* PMEVCNTR0_EL0 */
	SYSREG(3, 3, 14, 12, 0),	/* PMEVTYPER0_EL0 */
	SYSREG(3, 3, 14, 15, 7),	/* PMCCFILTR_EL0 */
	SYSREG(2, 0, 0, 0, 4),		/* DBGBVR0_EL1 */
	SYSREG(2, 0, 0, 0, 5),		/* DBGBCR0_EL1 */
	SYSREG(2, 0, 0, 1, 4),		/* DBGBVR1_EL1 */
	SYSREG(2, 0, 0, 1, 5),		/* DBGBCR1_EL1 */
	SYSREG(2, 0, 0, 0, 6),		/* DBGWVR0_EL1 */
	SYSREG(2, 0, 0, 0, 7),		/* DBGWCR0_EL1 */
	SYSREG(2, 0, 0, 2, 2),		/* MDSCR_EL1 */
	SYSREG(2, 0, 1, 0, 4),		/* OSLAR_EL1 */
	SYSREG(2, 0, 1, 3, 4),		/* OSDLR_EL1 */
	SYSREG(3, 0, 13, 0, 1),		/* CONTEXTIDR_EL1 */
	SYSREG(3, 0, 13, 0, 4),		/* TPIDR_EL1 */
	SYSREG(3, 3, 13, 0, 2),		/* TPIDR_EL0 */
	SYSREG(3, 3, 13, 0, 3),		/* TPIDRRO_EL0 */
	SYSREG(3, 0, 5, 1, 0),		/* AFSR0_EL1 */
	SYSREG(3, 0, 6, 0, 0),		/* FAR_EL1 */
	SYSREG(3, 0, 7, 4, 0),		/* PAR_EL1 */
};

/* Readable without side effects worth avoiding: the ones above, and these. */
static const uint64_t readable[] = {
	SYSREG(3, 0, 12, 12, 0),	/* ICC_IAR1_EL1: acknowledges one */
	SYSREG(3, 0, 12, 8, 0),		/* ICC_IAR0_EL1 */
	SYSREG(3, 0, 12, 12, 2),	/* ICC_HPPIR1_EL1 */
	SYSREG(3, 0, 12, 11, 3),	/* ICC_RPR_EL1 */
	SYSREG(3, 0, 12, 12, 5),	/* ICC_SRE_EL1 */
	SYSREG(3, 3, 14, 0, 1),		/* CNTPCT_EL0 */
	SYSREG(3, 3, 14, 0, 2),		/* CNTVCT_EL0 */
	SYSREG(3, 3, 14, 0, 0),		/* CNTFRQ_EL0 */
	SYSREG(2, 0, 1, 1, 4),		/* OSLSR_EL1 */
	SYSREG(2, 3, 0, 1, 0),		/* MDCCSR_EL0 */
	SYSREG(3, 0, 0, 0, 5),		/* MPIDR_EL1 */
	SYSREG(3, 0, 0, 0, 6),		/* REVIDR_EL1 */
};

/*
 * The instruction, written into this CPU's stub and run with x0 = v.
 * What is undefined at EL1 comes back as an exception: counted, skipped.
 */
uint64_t run_insn(uint32_t insn, uint64_t v, uint64_t *esr)
{
	struct chaos_cpu *c = me();
	uint64_t (*stub)(uint64_t) = (uint64_t (*)(uint64_t))(void *)c->stub;

	c->stub[0] = insn;
	c->stub[1] = 0xd65f03c0u;		/* ret */
	dsb();
	asm volatile("ic iallu; dsb nsh; isb" : : : "memory");
	c->last_esr = 0;
	c->fault_ok = 1;
	v = stub(v);
	c->fault_ok = 0;
	*esr = c->last_esr;
	return v;
}

/* MRS or MSR of 'reg' with x0. */
static uint64_t sysreg(uint64_t reg, int write, uint64_t v)
{
	uint64_t esr;

	return run_insn(write ? MSR(reg) : MRS(reg), v, &esr);
}

static void sysreg_access(void)
{
	unsigned int n = sizeof(writable) / sizeof(writable[0]);
	uint64_t reg, v;

	switch (rnd() % 4) {
	case 0:		/* the ID space: trapped to the hypervisor (CRm 1..7) */
		sysreg(SYSREG(3, 0, 0, rnd() % 8, rnd() % 8), 0, 0);
		break;
	case 1:
		sysreg(PICK(readable), 0, 0);
		break;
	case 2:
		sysreg(writable[rnd() % n], 0, 0);
		break;
	default:
		reg = writable[rnd() % n];
		v = value();
		/*
		 * QEMU 7.2 keeps the bits above the 3-bit field of a virtual
		 * BPR write, and then aborts (icv_gprio_mask(): bpr > 0): the
		 * whole machine, not a cell, so not for a test to provoke.
		 */
		if (reg == SYSREG(3, 0, 12, 8, 3) || reg == SYSREG(3, 0, 12, 12, 3))
			v &= 7;
		sysreg(reg, 1, v);
	}
}

/* An SGI register, straight: the hypervisor must keep it inside the cell. */
static void sgi(void)
{
	uint64_t v = rnd();

	if (rnd() % 2)		/* mostly sane: an INTID, a target list, maybe IRM */
		v &= 0x10f00ffffUL | (rnd() % 4 ? 0 : 0xff00ff00ff0000UL);
	switch (rnd() % 3) {
	case 0: asm volatile("msr S3_0_C12_C11_5, %0; isb" : : "r" (v)); break;
	case 1: asm volatile("msr S3_0_C12_C11_6, %0; isb" : : "r" (v)); break;
	default: asm volatile("msr S3_0_C12_C11_7, %0; isb" : : "r" (v)); break;
	}
}

/* ---- interrupts ---- */

/* Count it and switch it off where it comes from, so that no level source storms. */
static void any_irq(unsigned int intid)
{
	irqs++;
	if (intid < 32)		/* its redistributor frame: virtual Aff0 */
		mmio_write32(GICR_BASE + (read_sysreg(mpidr_el1) & 0xff) * GICR_FRAME +
			     0x10180, 1u << intid);
	else
		mmio_write32(GICD_BASE + 0x180 + 4 * (intid / 32), 1u << (intid % 32));
}

static void irq_window(void)
{
	int i;

	irq_enable();
	for (i = 0; i < 16; i++)
		cpu_relax();
	irq_disable();
}

/* ---- the ones that stop the cell ---- */

static void fatal_one(void)
{
	uint64_t a = GICD_BASE, b, c;

	puts("chaos: fatal: ");
	switch (rnd() % 5) {
	case 0:
		puts("load pair from the distributor\n");
		asm volatile("ldp %0, %1, [%2]" : "=r" (b), "=r" (c) : "r" (a) : "memory");
		break;
	case 1:
		a = RAM_BASE + RAM_SIZE + (rnd() & 0x3ffffff8UL);
		puts("write outside its RAM\n");
		mmio(a, 8, 1, 0x5a5a5a5a5a5a5a5aUL);
		break;
	case 2:
		puts("read beyond its redistributors\n");
		mmio(GICR_BASE + gicr_frames * GICR_FRAME + (rnd() % GICR_FRAME & ~7UL), 8, 0, 0);
		break;
	case 3:
		a = RAM_BASE + RAM_SIZE + (rnd() & 0x3ffffffcUL);
		puts("jump outside its RAM\n");
		((void (*)(void))a)();
		break;
	default:
		puts("random system register read\n");
		sysreg(rnd() & 0x7fff, 0, 0);
	}
}

/* ---- its MMU ---- */

/*
 * Its own stage 1, the same on every CPU: the first GiB (its devices) and
 * the second (its RAM) as Normal non-cacheable memory, by one block each,
 * so that an access needs no alignment and reaches the hypervisor as it
 * is: an unaligned access to an emulated register traps with a full
 * syndrome, which the MMU off (Device memory) would have stopped at EL1.
 */
#define PTE_BLOCK		0x1UL
#define PTE_ATTR_NC		(1UL << 2)	/* MAIR_EL1 attribute 1 */
#define PTE_AF			(1UL << 10)
#define MAIR_NC			(0x44UL << 8)	/* attribute 1: Normal, non-cacheable */
#define TCR_T0SZ_39		25UL
#define TCR_EPD1		(1UL << 23)
#define SCTLR_M			(1UL << 0)

static uint64_t l1_table[512] __attribute__((aligned(4096)));

static void mmu_on(void)
{
	if (!l1_table[1]) {
		l1_table[0] = 0x00000000UL | PTE_AF | PTE_ATTR_NC | PTE_BLOCK;
		l1_table[1] = 0x40000000UL | PTE_AF | PTE_ATTR_NC | PTE_BLOCK;
		dsb();
	}
	write_sysreg(MAIR_NC, mair_el1);
	write_sysreg(TCR_T0SZ_39 | TCR_EPD1, tcr_el1);
	write_sysreg((uint64_t)l1_table, ttbr0_el1);
	isb();
	asm volatile("tlbi vmalle1; dsb nsh; isb" : : : "memory");
	write_sysreg(read_sysreg(sctlr_el1) | SCTLR_M, sctlr_el1);
	isb();
}

/* ---- the loop ---- */

static void chaos_step(int quiet)
{
	unsigned int r = rnd() % 100;

	if (fatal && !quiet && rnd() % FATAL_ONE_IN == 0)
		fatal_one();
	else if (r < 22)
		call(0, quiet);
	else if (r < 35)
		call(1, quiet);
	else if (r < 67)
		device_access();
	else if (r < 76)
		sgi();
	else if (r < 86)
		sysreg_access();
	else if (r < 93)
		trapped_access();
	else if (r < 96)
		known_loads();
	else if (r < 97)
		ap_games();
	else if (!quiet)
		irq_window();
}

/* Its own exceptions, inside a stub: skip the instruction. */
static int sync_exception(uint64_t esr)
{
	struct chaos_cpu *c = me();

	if (!c->fault_ok)
		return 0;
	c->faults++;
	c->last_esr = esr | 1ULL << 63;		/* nonzero, whatever the syndrome */
	write_sysreg(read_sysreg(elr_el1) + 4, elr_el1);
	return 1;
}

/* Its second CPU, started by a random CPU_ON at secondary_entry: the same, quietly. */
void secondary_main(uint64_t context)
{
	struct chaos_cpu *c = me();

	irq_init();
	mmu_on();
	c->rng = context | 1;
	for (;;)
		chaos_step(1);
}

static void read_seed(void)
{
	uint64_t t0 = timer_now(), v = 0;
	int c, digits = 0;

	puts("chaos: seed? (digits, 'f' for fatal ones too, Enter; 2 s, else 1)\n");
	while (timer_now() - t0 < 2 * timer_freq()) {
		c = getc_nowait();
		if (c < 0)
			continue;
		if (c >= '0' && c <= '9') {
			v = v * 10 + (c - '0');
			digits++;
		} else if (c == 'f') {
			fatal = 1;
		} else if (c == '\r' || c == '\n') {
			break;
		}
	}
	if (digits)
		seed = v;
}

int main(void)
{
	uint64_t calls = 0, next;
	unsigned int i;

	if (irq_init())
		return 0;
	sync_set_handler(sync_exception);
	mmu_on();
	read_seed();
	for (i = 0; i < GIC_MAX_INTID; i++)
		irq_set_handler(i, any_irq);
	gic_dist_init();
	gic_cpu_init();
	while (gicr_frames < MAX_CPUS &&
	       !(mmio_read64(GICR_BASE + (gicr_frames - 1) * GICR_FRAME + GICR_TYPER) &
		 GICR_TYPER_LAST))
		gicr_frames++;
	fresh_state();
	unaligned_reads();
	chan_discover();
	me()->rng = seed * 0x9e3779b97f4a7c15UL | 1;
	puts("chaos: seed ");
	put_dec(seed);
	puts(fatal ? ", fatal on, " : ", fatal off, ");
	put_dec(gicr_frames);
	puts(" redistributor frames, SCTLR_EL1 ");
	put_hex(read_sysreg(sctlr_el1));
	putc('\n');
	next = timer_now() + timer_freq();
	for (;;) {
		chaos_step(0);
		calls++;
		if (timer_now() < next)
			continue;
		next += timer_freq();
		puts("chaos: ");
		put_dec(calls);
		puts(" calls, seed ");
		put_dec(seed);
		puts(", ");
		put_dec(cpu_ons);
		puts(" CPU_ON, ");
		put_dec(irqs);
		puts(" irqs, ");
		put_dec(me()->faults);
		puts(" faults, ");
		put_dec(me()->impdef_defined);
		puts(" IMPDEF not undefined\n");
	}
}
