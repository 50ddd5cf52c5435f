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
 */
#include "inmate.h"

extern char __stack_top[];

static void result(const char *name, uint64_t v)
{
	puts("isolation: ");
	puts(name);
	puts(" -> ");
	put_hex(v);
	putc('\n');
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
		}
	}
}
