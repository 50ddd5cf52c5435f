// SPDX-License-Identifier: GPL-2.0
/* The PL011 console of a payload, polled. */
#include "inmate.h"

#define UART_DR		0x000
#define UART_FR		0x018
#define FR_TXFF		(1u << 5)
#define FR_RXFE		(1u << 4)

static volatile uint32_t *reg(unsigned long off)
{
	return (volatile uint32_t *)(UART_BASE + off);
}

void putc(char c)
{
	while (*reg(UART_FR) & FR_TXFF)
		;
	*reg(UART_DR) = (uint32_t)c;
}

void puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc('\r');
		putc(*s);
	}
}

void put_hex(uint64_t v)
{
	int i;

	puts("0x");
	for (i = 60; i >= 0; i -= 4)
		putc("0123456789abcdef"[(v >> i) & 0xf]);
}

void put_dec(uint64_t v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = 0;
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	puts(buf + i);
}

int getc_nowait(void)
{
	if (*reg(UART_FR) & FR_RXFE)
		return -1;
	return (char)*reg(UART_DR);
}

char getc(void)
{
	int c;

	while ((c = getc_nowait()) < 0)
		asm volatile("yield");
	return (char)c;
}
