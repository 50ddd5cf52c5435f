// SPDX-License-Identifier: GPL-2.0
/*
 * The PL011 a cell sees at its console IPA: the register file that
 * polling drivers, probes and Linux's amba-pl011 use.  Output goes to the
 * cell's console ring (vhypctl console CELL), input comes from the root
 * (vhypctl console --attach).  Its interrupt is a virtual SPI of the
 * cell's distributor (vgicd.c), level: asserted while RIS & IMSC.  As on
 * QEMU's model, the transmitter never fills: each write to DR raises TX,
 * and RX stays raised while the receive FIFO holds a byte.
 */
#include "hyp.h"
#include "cell.h"
#include "mmio.h"

#define UART_DR		0x000
#define UART_RSR	0x004
#define UART_FR		0x018
#define UART_IBRD	0x024
#define UART_FBRD	0x028
#define UART_LCR_H	0x02c
#define UART_CR		0x030
#define UART_IFLS	0x034
#define UART_IMSC	0x038
#define UART_RIS	0x03c
#define UART_MIS	0x040
#define UART_ICR	0x044
#define UART_DMACR	0x048
#define UART_PERIPHID0	0xfe0

#define FR_RXFE		BIT(4)
#define FR_TXFE		BIT(7)

#define INT_RX		BIT(4)
#define INT_TX		BIT(5)
#define INT_RT		BIT(6)

/* PL011 r1p5: PeriphID0..3, PCellID0..3 */
static const u8 ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl011_reset(struct vpl011 *u)
{
	spin_lock(&u->lock);
	u->cr = 0x300;			/* TXE, RXE */
	u->lcr_h = u->ibrd = u->fbrd = u->imsc = u->ris = u->dmacr = 0;
	u->ifls = 0x12;
	u->rx_head = u->rx_tail = 0;
	spin_unlock(&u->lock);
}

bool vpl011_line(struct cell *cell)
{
	struct vpl011 *u = &cell->uart;

	return __atomic_load_n(&u->ris, __ATOMIC_RELAXED) &
	       __atomic_load_n(&u->imsc, __ATOMIC_RELAXED);
}

/* A byte typed for the cell; false when its receive FIFO is full (try again). */
bool vpl011_input(struct cell *cell, u8 byte)
{
	struct vpl011 *u = &cell->uart;
	bool room;

	spin_lock(&u->lock);
	room = u->rx_tail - u->rx_head < sizeof(u->rx);
	if (room) {
		u->rx[u->rx_tail++ % sizeof(u->rx)] = byte;
		u->ris |= INT_RX;
	}
	spin_unlock(&u->lock);
	vspi_update(cell);
	return room;
}

static bool rx_empty(struct vpl011 *u)
{
	return u->rx_head == u->rx_tail;
}

static u32 read_reg(struct vpl011 *u, u64 off)
{
	u32 v;

	switch (off) {
	case UART_DR:
		if (rx_empty(u))
			return 0;
		v = u->rx[u->rx_head++ % sizeof(u->rx)];
		if (rx_empty(u))
			u->ris &= ~(INT_RX | INT_RT);
		return v;
	case UART_FR:	return FR_TXFE | (rx_empty(u) ? FR_RXFE : 0);
	case UART_IBRD:	return u->ibrd;
	case UART_FBRD:	return u->fbrd;
	case UART_LCR_H: return u->lcr_h;
	case UART_CR:	return u->cr;
	case UART_IFLS:	return u->ifls;
	case UART_IMSC:	return u->imsc;
	case UART_RIS:	return u->ris;
	case UART_MIS:	return u->ris & u->imsc;
	case UART_DMACR: return u->dmacr;
	}
	if (off >= UART_PERIPHID0 && off < UART_PERIPHID0 + 32 && !(off & 3))
		return ids[(off - UART_PERIPHID0) / 4];
	return 0;
}

static void write_reg(struct cell *cell, struct vpl011 *u, u64 off, u32 v)
{
	switch (off) {
	case UART_DR:
		cell_console_putc(cell->id, v & 0xff);
		u->ris |= INT_TX;
		break;
	case UART_IBRD:	u->ibrd = v & 0xffff; break;
	case UART_FBRD:	u->fbrd = v & 0x3f; break;
	case UART_LCR_H: u->lcr_h = v & 0xff; break;
	case UART_CR:	u->cr = v & 0xffff; break;
	case UART_IFLS:	u->ifls = v & 0x3f; break;
	case UART_IMSC:	u->imsc = v & 0x7ff; break;
	case UART_ICR:	u->ris &= ~v; break;
	case UART_DMACR: u->dmacr = v & 7; break;
	}
}

/* A data abort of 'cell' at 'ipa': its console's?  Then emulate it. */
bool vpl011_access(struct cell *cell, struct hyp_regs *regs, u64 ipa, u64 esr)
{
	struct vpl011 *u = &cell->uart;
	struct mmio m;

	if (cell->console_type != VHYP_CONSOLE_PL011 || ipa < cell->console_ipa ||
	    ipa - cell->console_ipa >= 0x1000 ||
	    !mmio_decode(regs, esr, ipa - cell->console_ipa, &m))
		return false;
	spin_lock(&u->lock);
	if (m.write)
		write_reg(cell, u, m.off, m.val);
	else
		m.val = read_reg(u, m.off);
	spin_unlock(&u->lock);
	mmio_finish(regs, &m);
	if (m.write || m.off == UART_DR)
		vspi_update(cell);
	return true;
}
