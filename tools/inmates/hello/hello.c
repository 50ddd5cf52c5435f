// SPDX-License-Identifier: GPL-2.0
/*
 * hello: the first payload for a vhyp cell.  Built for the QEMU virt
 * memory map, it runs unmodified on the bare machine and in a cell whose
 * config gives it that map.  It says hello on its console, echoes what it
 * reads, and powers off (PSCI SYSTEM_OFF over HVC) when it reads 'q'.
 */
#include "inmate.h"

static uint64_t current_el(void)
{
	uint64_t el;

	asm volatile("mrs %0, CurrentEL" : "=r" (el));
	return el >> 2;
}

void secondary_main(uint64_t context)
{
	(void)context;
}

int main(void)
{
	uint64_t mpidr;

	asm volatile("mrs %0, mpidr_el1" : "=r" (mpidr));
	puts("Hello from a vhyp cell! (EL");
	putc('0' + current_el());
	puts(", MPIDR ");
	put_hex(mpidr & 0xff00ffffffUL);
	puts(")\nType and I echo; 'q' powers this cell off.\n");
	for (;;) {
		char c = getc();

		if (c == 'q') {
			puts("\nhello: powering off\n");
			hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		}
		putc(c == '\r' ? '\n' : c);
	}
}
