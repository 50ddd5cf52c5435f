// SPDX-License-Identifier: GPL-2.0
/*
 * isolation: a hostile payload for the isolation tests.  Each command
 * read from its console tries one thing a cell must not be able to do and
 * prints what happened, as "isolation: NAME -> RESULT".  Accesses the
 * hypervisor must stop the cell for print nothing after "trying".
 *
 *   z  scan its own RAM (but its image and stack) for anything left by others
 *   s  an SMC that is not PSCI (a SiP call)       -> expect -1
 *   h  vhyp's management hypercalls               -> expect -1
 *   c  PSCI CPU_ON of a CPU not in the cell        -> expect -2
 *   v  PSCI VERSION                                -> expect 0x10001
 *   r  read an address outside its memory (ADDR from the next 16 hex digits)
 *   w  write one (the same way)
 *   o  PSCI CPU_ON of its second CPU (virtual MPIDR 1), which says hello
 *      and powers itself off again (CPU_OFF); AFFINITY_INFO before, after
 *   b  PSCI SYSTEM_RESET: the cell starts again from its images
 *   q  PSCI SYSTEM_OFF
 *   y  what its GIC says of itself: GICD_TYPER, GICD_PIDR2, GICR_TYPER
 *   g  the distributor's SPIs it does not own (all but its console's):
 *      disable, trigger, activate, reconfigure, reprioritise and route
 *      them all to itself; then what it reads back of them (expect 0)
 *   k  its own redistributor: disable, clear and deactivate every SGI
 *      and PPI (the hypervisor's own stay: the cell can still be stopped)
 *   i  SGIs 0..15 at every CPU it could name: a target list of Aff0
 *      0..15, the same in another cluster (Aff1 1), and a broadcast
 *   a  the PL031 RTC's alarm (a device passed through, SPI 2 = INTID 34):
 *      set for the next second; prints the INTID that came (0: none in 3 s)
 *   u  its console's receive interrupt (INTID 33): prints the next byte
 *      as the interrupt handler read it (0: none in 3 s)
 *   t  the trap report: the ID registers hide what a cell cannot use, the
 *      PMU, debug, OS lock, ACTLR, LORegion, RAS, MTE registers read as
 *      zero, set/way maintenance works, IMPDEF registers are undefined;
 *      ends with "traps wrong -> 0" (traps.c)
 *   p  its PMU, in a cell with 'pmu;': stopped and zero at the start,
 *      then counting (traps.c)
 *   m  the SMC Calling Convention as it is told it: version, the
 *      workarounds' ARCH_FEATURES, TRNG (calls.c)
 *   x  sign-extending and W-register loads of emulated registers; ends
 *      with "sign extension wrong -> 0" (extend.c)
 *   n  takes its timer interrupt and parks in the handler, never
 *      completing it (park.c)
 *   d  PSCI SYSTEM_OFF after a random delay of up to 50 ms (calls.c)
 *   D  PSCI SYSTEM_RESET after a random delay of up to 50 ms (calls.c)
 * Anything else is ignored.
 */
#include "isolation.h"

#define GICD			0x08000000UL
#define GICR			0x080a0000UL
#define GICR_SGI		(GICR + 0x10000)
#define CONSOLE_INTID		33
#define RTC			0x09010000UL
#define RTC_INTID		34

/* One plain access each (no write-back addressing): the syndrome is complete. */
static inline void wr32(uint64_t a, uint32_t v)
{
	mmio_write32(a, v);
}

static inline uint32_t rd32(uint64_t a)
{
	return mmio_read32(a);
}

static inline void wr8(uint64_t a, uint8_t v)
{
	asm volatile("strb %w0, [%1]" : : "r" (v), "r" (a) : "memory");
}

static inline uint8_t rd8(uint64_t a)
{
	uint32_t v;

	asm volatile("ldrb %w0, [%1]" : "=r" (v) : "r" (a) : "memory");
	return v;
}

static inline void wr64(uint64_t a, uint64_t v)
{
	asm volatile("str %0, [%1]" : : "r" (v), "r" (a) : "memory");
}

extern char __stack_top[];

void result(const char *name, uint64_t v)
{
	puts("isolation: ");
	puts(name);
	puts(" -> ");
	put_hex(v);
	putc('\n');
}

void result_undef(const char *name)
{
	puts("isolation: ");
	puts(name);
	puts(" -> undef\n");
}

static volatile uint64_t second_up;

void secondary_main(uint64_t context)
{
	uint64_t mpidr;

	asm volatile("mrs %0, mpidr_el1" : "=r" (mpidr));
	result("second cpu up, mpidr", mpidr & 0xff00ffffffUL);
	second_up = context;		/* only now: one CPU prints at a time */
	hvc_call(PSCI_CPU_OFF, 0, 0, 0);
}

static void second_cpu(void)
{
	uint64_t ret;
	int i;

	result("affinity_info 1 before", hvc_call(PSCI_AFFINITY_INFO, 1, 0, 0));
	ret = hvc_call(PSCI_CPU_ON, 1, (uint64_t)secondary_entry, 0x5ec0);
	for (i = 0; i < 100000000 && !ret && second_up != 0x5ec0; i++)
		asm volatile("yield");
	result("psci cpu_on 1", ret);
	for (i = 0; i < 100000000 && hvc_call(PSCI_AFFINITY_INFO, 1, 0, 0) != 1; i++)
		asm volatile("yield");
	result("affinity_info 1 after", hvc_call(PSCI_AFFINITY_INFO, 1, 0, 0));
}

static uint64_t read_hex(void)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 16; i++) {
		char c = getc();

		v = v << 4 | (c >= 'a' ? c - 'a' + 10 : c - '0');
	}
	return v;
}

/* Words that are not zero in its RAM above its image and stack (64 MiB of RAM). */
static void scan(void)
{
	uint64_t *p = (uint64_t *)(((uint64_t)__stack_top + 4095) & ~4095UL);
	uint64_t *end = (uint64_t *)(RAM_BASE + (64UL << 20));
	uint64_t dirty = 0;

	for (; p < end; p++)
		if (*p)
			dirty++;
	result("nonzero words in RAM", dirty);
}

/* Every register of every SPI but its console's, written as an attacker would. */
static void gicd_attack(void)
{
	uint32_t reg, intid, seen = 0;

	for (reg = 1; reg < 32; reg++) {		/* INTIDs 32..1023 */
		uint32_t keep = reg == CONSOLE_INTID / 32 ? 1u << (CONSOLE_INTID % 32) : 0;

		wr32(GICD + 0x180 + 4 * reg, ~keep);	/* ICENABLER */
		wr32(GICD + 0x200 + 4 * reg, ~keep);	/* ISPENDR */
		wr32(GICD + 0x300 + 4 * reg, ~keep);	/* ISACTIVER */
		wr32(GICD + 0x080 + 4 * reg, 0);	/* IGROUPR: group 0 */
	}
	for (intid = 32; intid < 1020; intid++) {
		if (intid == CONSOLE_INTID)
			continue;
		wr8(GICD + 0x400 + intid, 0);			/* IPRIORITYR */
		wr64(GICD + 0x6000 + 8 * intid, 0);		/* IROUTER: CPU 0 */
		wr32(GICD + 0x40, intid);				/* SETSPI_NSR */
	}
	for (reg = 2; reg < 64; reg++)
		wr32(GICD + 0xc00 + 4 * reg, 0x55555555);	/* ICFGR: level */
	wr32(GICD, 0);						/* CTLR: all off */
	for (reg = 1; reg < 32; reg++) {
		uint32_t keep = reg == CONSOLE_INTID / 32 ? 1u << (CONSOLE_INTID % 32) : 0;

		seen |= rd32(GICD + 0x100 + 4 * reg) & ~keep;	/* ISENABLER */
		seen |= rd32(GICD + 0x200 + 4 * reg) & ~keep;	/* ISPENDR */
		seen |= rd32(GICD + 0x300 + 4 * reg) & ~keep;	/* ISACTIVER */
	}
	for (intid = 32; intid < 1020; intid++)
		if (intid != CONSOLE_INTID)
			seen |= rd32(GICD + 0x6000 + 8 * intid) | rd8(GICD + 0x400 + intid);
	result("gicd others' spis read back", seen);
	wr32(GICD, 0x12);		/* ARE, group 1 on again */
}

static void gicr_attack(void)
{
	wr32(GICR_SGI + 0x180, ~0u);		/* ICENABLER0 */
	wr32(GICR_SGI + 0x280, ~0u);		/* ICPENDR0 */
	wr32(GICR_SGI + 0x380, ~0u);		/* ICACTIVER0 */
	wr32(GICR + 0x14, 2);			/* WAKER: ProcessorSleep */
	result("gicr own isenabler0", rd32(GICR_SGI + 0x100));
}

static void sgi_attack(void)
{
	uint64_t sgi;

	for (sgi = 0; sgi < 16; sgi++) {
		uint64_t v = sgi << 24 | 0xffff;

		asm volatile("msr S3_0_C12_C11_5, %0; isb" : : "r" (v));		/* SGI1R */
		asm volatile("msr S3_0_C12_C11_5, %0; isb" : : "r" (v | 1UL << 16));	/* Aff1 1 */
		asm volatile("msr S3_0_C12_C11_5, %0; isb" : : "r" (sgi << 24 | 1UL << 40));
		asm volatile("msr S3_0_C12_C11_7, %0; isb" : : "r" (v));		/* SGI0R */
		asm volatile("msr S3_0_C12_C11_6, %0; isb" : : "r" (v));		/* ASGI1R */
	}
	result("sgis sent", 16 * 5);
}

static volatile uint32_t got;

static void rtc_handler(unsigned int intid)
{
	wr32(RTC + 0x1c, 1);			/* RTCICR */
	got = intid;
}

static void uart_handler(unsigned int intid)
{
	(void)intid;
	while (!(rd32(UART_BASE + 0x18) & (1u << 4)))	/* FR.RXFE */
		got = rd32(UART_BASE) & 0xff;
	wr32(UART_BASE + 0x44, 0x7ff);			/* ICR */
}

/* Interrupts on, until one sets 'got' or 3 s pass. */
static uint32_t wait_irq(void)
{
	uint64_t t0 = timer_now();

	irq_enable();
	while (!got && timer_now() - t0 < 3 * timer_freq())
		cpu_relax();
	irq_disable();
	return got;
}

static int gic_ready;

int gic_up(void)
{
	if (!gic_ready && (irq_init() || gic_dist_init() || gic_cpu_init()))
		return -1;
	gic_ready = 1;
	return 0;
}

static void rtc_alarm(void)
{
	got = 0;
	if (!gic_up()) {
		irq_set_handler(RTC_INTID, rtc_handler);
		gic_enable_irq(RTC_INTID);
		wr32(RTC + 0x1c, 1);			/* RTCICR */
		wr32(RTC + 0x4, rd32(RTC) + 1);		/* RTCMR: the next second */
		wr32(RTC + 0x10, 1);			/* RTCIMSC */
		wait_irq();
		wr32(RTC + 0x10, 0);
	}
	result("rtc alarm irq", got);
}

static void uart_irq(void)
{
	got = 0;
	if (!gic_up()) {
		irq_set_handler(CONSOLE_INTID, uart_handler);
		gic_enable_irq(CONSOLE_INTID);
		wr32(UART_BASE + 0x38, 1u << 4 | 1u << 6);	/* IMSC: RX, RT */
		wait_irq();
		wr32(UART_BASE + 0x38, 0);
	}
	result("uart rx irq", got);
}

int main(void)
{
	puts("isolation: ready\n");
	for (;;) {
		uint64_t addr;

		switch (getc()) {
		case 'z':
			scan();
			break;
		case 's':
			result("smc sip", smc_call(0xc2000000UL, 0, 0, 0));
			break;
		case 'h':
			result("hvc vhyp version", hvc_call(0xc6005600UL, 0, 0, 0));
			result("hvc vhyp cell create", hvc_call(0xc6005610UL, 2, 1, 0));
			result("hvc vhyp disable", hvc_call(0xc6005602UL, 0, 0, 0));
			break;
		case 'c':
			result("psci cpu_on 5", hvc_call(PSCI_CPU_ON, 5, RAM_BASE, 0));
			result("psci cpu_on 0x100", hvc_call(PSCI_CPU_ON, 0x100, RAM_BASE, 0));
			break;
		case 'v':
			result("psci version", smc_call(PSCI_VERSION, 0, 0, 0));
			break;
		case 'r':
			addr = read_hex();
			result("trying read", addr);
			result("read", *(volatile uint64_t *)addr);
			break;
		case 'w':
			addr = read_hex();
			result("trying write", addr);
			*(volatile uint64_t *)addr = 0x5a5a5a5a5a5a5a5aUL;
			result("wrote", addr);
			break;
		case 'o':
			second_cpu();
			break;
		case 'b':
			smc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
			break;
		case 'q':
			hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
			break;
		case 'y':
			result("gicd typer", rd32(GICD + 0x4));
			result("gicd pidr2", rd32(GICD + 0xffe8));
			result("gicr typer", mmio_read64(GICR + 0x8));
			break;
		case 'g':
			gicd_attack();
			break;
		case 'k':
			gicr_attack();
			break;
		case 'i':
			sgi_attack();
			break;
		case 'a':
			rtc_alarm();
			break;
		case 'u':
			uart_irq();
			break;
		case 't':
			trap_report();
			break;
		case 'p':
			pmu_report();
			break;
		case 'm':
			smccc_report();
			break;
		case 'x':
			extend_report();
			break;
		case 'n':
			park_in_handler();
			break;
		case 'd':
			power_later(PSCI_SYSTEM_OFF);
			break;
		case 'D':
			power_later(PSCI_SYSTEM_RESET);
			break;
		}
	}
}
