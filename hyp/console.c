// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor console: a byte ring in the status area, which the
 * driver reads for `vhypctl console`, optionally mirrored to a PL011.
 * Once the hypervisor panics, writers take no lock (the CPU that holds it
 * may be the broken one) and the UART is left alone.
 */
#include <stdarg.h>
#include "hyp.h"

#define UART_DR		0x00
#define UART_FR		0x18
#define UART_FR_TXFF	BIT(5)
#define UART_SPINS	100000

static spinlock_t console_lock;
/*
 * Each cell's console ring has a lock of its own: a cell's CPU writing a
 * byte never waits for the hypervisor's console, which the root's calls
 * (and a slow UART mirror) may hold for long, nor for another cell.
 */
static spinlock_t cell_console_lock[VHYP_MAX_CELLS + 1];

static void uart_putc(char c)
{
	volatile u32 *base = (volatile u32 *)hyp_header.uart_base;
	unsigned int n;

	for (n = 0; n < UART_SPINS && (base[UART_FR / 4] & UART_FR_TXFF); n++)
		;
	base[UART_DR / 4] = c;
}

static void console_write(const char *s, size_t len)
{
	struct vhyp_status *st = hyp_status();
	char *ring = (char *)st + VHYP_CONSOLE_OFFSET;
	bool uart = hyp_header.flags & VHYP_HDR_UART;
	u64 head;
	size_t i;

	if (unlikely(hyp_is_panicking())) {
		/* the lock's holder may be the CPU that broke: claim the bytes instead */
		head = __atomic_fetch_add(&st->console_head, len, __ATOMIC_ACQ_REL);
		for (i = 0; i < len; i++)
			ring[(head + i) % VHYP_CONSOLE_SIZE] = s[i];
		return;
	}
	spin_lock(&console_lock);
	head = st->console_head;
	for (i = 0; i < len; i++) {
		ring[(head + i) % VHYP_CONSOLE_SIZE] = s[i];
		if (uart) {
			if (s[i] == '\n')
				uart_putc('\r');
			uart_putc(s[i]);
		}
	}
	/* readers see the bytes before the head that covers them */
	__atomic_store_n(&st->console_head, head + len, __ATOMIC_RELEASE);
	spin_unlock(&console_lock);
}

/* A byte a cell wrote to its console UART, into its ring. */
void cell_console_putc(unsigned int id, char c)
{
	struct vhyp_status *st = hyp_status();
	char *ring = (char *)st + VHYP_CELL_CONSOLE_OFFSET(id);
	u64 head;

	spin_lock(&cell_console_lock[id]);
	head = st->cell[id].console_head;
	ring[head % VHYP_CELL_CONSOLE_SIZE] = c;
	__atomic_store_n(&st->cell[id].console_head, head + 1, __ATOMIC_RELEASE);
	spin_unlock(&cell_console_lock[id]);
}

void hyp_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hyp_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	console_write(buf, n);
}
