// SPDX-License-Identifier: GPL-2.0
/*
 * 'x': loads of emulated registers whose values are known, by every kind
 * of load the hypervisor must finish as the instruction would (hyp/mmio.c):
 * LDRSB, LDRSH and LDRSW sign-extend to 64 bits, or to 32 with a W
 * destination, and a load into a W register clears the upper half of the
 * X register (each destination holds all ones before the load).
 *
 *   the PL011's PCellID1 and PCellID3 (0xf0, 0xb1: bit 7 set), its IBRD
 *   as written (0x81a3: bit 15 set), this CPU's SGI priorities in its
 *   redistributor as written (0x80a0c0e0: bit 31 set), GICD_TYPER and
 *   GICR_TYPER as a 64-bit read says they are.
 *
 * One line per load, "isolation: ext WHAT -> VALUE", then
 *   isolation: sign extension wrong -> N     loads that gave another value (0)
 */
#include "isolation.h"

#define UART_IBRD		0x024
#define UART_PCELLID1		0xff4
#define UART_PCELLID3		0xffc
#define GICD_TYPER		0x0004
#define GICR_TYPER		0x0008
#define GICR_IPRIORITYR0	0x10400		/* SGI_base + 0x400: SGIs 0..3 */

/* A load into a register that held all ones before. */
#define LOAD(insn, reg, addr) ({					\
	uint64_t __v = ~0UL;						\
	asm volatile(insn " %" reg "0, [%1]" : "+r" (__v) : "r" (addr) : "memory"); \
	__v;								\
})

static unsigned int wrong;

static void check(const char *what, uint64_t got, uint64_t want)
{
	result(what, got);
	if (got == want)
		return;
	wrong++;
	puts("isolation: WRONG ext: ");
	puts(what);
	puts(": want ");
	put_hex(want);
	putc('\n');
}

static void pl011(void)
{
	unsigned long id1 = UART_BASE + UART_PCELLID1, id3 = UART_BASE + UART_PCELLID3;
	unsigned long ibrd = UART_BASE + UART_IBRD;

	check("ext pcellid1 ldrb w", LOAD("ldrb", "w", id1), 0xf0);
	check("ext pcellid1 ldrsb w", LOAD("ldrsb", "w", id1), 0xfffffff0UL);
	check("ext pcellid1 ldrsb x", LOAD("ldrsb", "x", id1), 0xfffffffffffffff0UL);
	check("ext pcellid1 ldrh w", LOAD("ldrh", "w", id1), 0xf0);
	check("ext pcellid1 ldrsh x", LOAD("ldrsh", "x", id1), 0xf0);
	check("ext pcellid1 ldr w", LOAD("ldr", "w", id1), 0xf0);
	check("ext pcellid1 ldrsw x", LOAD("ldrsw", "x", id1), 0xf0);
	check("ext pcellid3 ldrsb x", LOAD("ldrsb", "x", id3), 0xffffffffffffffb1UL);

	mmio_write32(ibrd, 0x81a3);
	check("ext ibrd ldrh w", LOAD("ldrh", "w", ibrd), 0x81a3);
	check("ext ibrd ldrsh w", LOAD("ldrsh", "w", ibrd), 0xffff81a3UL);
	check("ext ibrd ldrsh x", LOAD("ldrsh", "x", ibrd), 0xffffffffffff81a3UL);
	check("ext ibrd ldrsb x", LOAD("ldrsb", "x", ibrd), 0xffffffffffffffa3UL);
	check("ext ibrd ldr w", LOAD("ldr", "w", ibrd), 0x81a3);
	check("ext ibrd ldrsw x", LOAD("ldrsw", "x", ibrd), 0x81a3);
	mmio_write32(ibrd, 0);
}

/* Its first redistributor frame: virtual CPU 0, this one (one CPU at a time here). */
static void gic(void)
{
	unsigned long prio = GICR_BASE + GICR_IPRIORITYR0;
	uint64_t typer = mmio_read64(GICR_BASE + GICR_TYPER), dtyper;

	mmio_write32(prio, 0x80a0c0e0);
	check("ext sgi priority ldr w", LOAD("ldr", "w", prio), 0x80a0c0e0UL);
	check("ext sgi priority ldrsw x", LOAD("ldrsw", "x", prio), 0xffffffff80a0c0e0UL);
	check("ext sgi priority ldrsb x (sgi 3)", LOAD("ldrsb", "x", prio + 3),
	      0xffffffffffffff80UL);
	check("ext sgi priority ldrsb w (sgi 0)", LOAD("ldrsb", "w", prio), 0xffffffe0UL);
	check("ext sgi priority ldrb w (sgi 1)", LOAD("ldrb", "w", prio + 1), 0xc0);
	mmio_write32(prio, GIC_PRIORITY * 0x01010101u);

	dtyper = LOAD("ldr", "w", GICD_BASE + GICD_TYPER);
	check("ext gicd_typer ldrsw x", LOAD("ldrsw", "x", GICD_BASE + GICD_TYPER),
	      (uint64_t)(int64_t)(int32_t)dtyper);
	check("ext gicd_typer ldr w upper half", dtyper >> 32, 0);
	check("ext gicr_typer ldr w", LOAD("ldr", "w", GICR_BASE + GICR_TYPER), (uint32_t)typer);
	check("ext gicr_typer+4 ldr w", LOAD("ldr", "w", GICR_BASE + GICR_TYPER + 4),
	      typer >> 32);
}

void extend_report(void)
{
	wrong = 0;
	pl011();
	gic();
	result("sign extension wrong", wrong);
}
