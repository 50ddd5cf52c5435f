// SPDX-License-Identifier: GPL-2.0
/*
 * hello: the first payload for a vhyp cell.  Built for the QEMU virt
 * memory map (PL011 at 0x09000000, RAM at 0x40000000), it runs unmodified
 * on the bare machine and in a cell whose config gives it that map.  It
 * says hello on its console, echoes what it reads, and powers off (PSCI
 * SYSTEM_OFF over HVC) when it reads 'q'.
 */
#include <stdint.h>

#define UART_BASE	0x09000000UL
#define UART_DR		0x000
#define UART_FR		0x018
#define FR_TXFF		(1u << 5)
#define FR_RXFE		(1u << 4)

#define PSCI_SYSTEM_OFF	0x84000008UL

static volatile uint32_t *reg(unsigned long off)
{
	return (volatile uint32_t *)(UART_BASE + off);
}

static void putc(char c)
{
	while (*reg(UART_FR) & FR_TXFF)
		;
	*reg(UART_DR) = (uint32_t)c;
}

static void puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc('\r');
		putc(*s);
	}
}

static void put_hex(uint64_t v)
{
	int i;

	puts("0x");
	for (i = 60; i >= 0; i -= 4)
		putc("0123456789abcdef"[(v >> i) & 0xf]);
}

static uint64_t current_el(void)
{
	uint64_t el;

	asm volatile("mrs %0, CurrentEL" : "=r" (el));
	return el >> 2;
}

static void power_off(void)
{
	register uint64_t x0 asm("x0") = PSCI_SYSTEM_OFF;

	asm volatile("hvc #0" : "+r" (x0) : : "memory");
}

int main(void);
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
		char c;

		if (*reg(UART_FR) & FR_RXFE) {
			asm volatile("yield");
			continue;
		}
		c = (char)*reg(UART_DR);
		if (c == 'q') {
			puts("\nhello: powering off\n");
			power_off();
		}
		putc(c == '\r' ? '\n' : c);
	}
}
