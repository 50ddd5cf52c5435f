/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What bare-metal payloads share: the console UART, the PSCI and SMC
 * calls, exceptions and interrupts, the GICv3 and the generic timer, for
 * the QEMU virt memory map (PL011 at 0x09000000, GICD at 0x08000000, GICR
 * at 0x080a0000, RAM at 0x40000000).
 *
 * Payloads run with the MMU off: every data access is Device-nGnRnE, so
 * nothing may be unaligned (the Makefile builds with -mstrict-align) and
 * there are no exclusives or atomics.  CPUs share variables with plain
 * volatile loads and stores, one writer per variable, dsb and sev/wfe.
 */
#ifndef _VHYP_INMATE_H
#define _VHYP_INMATE_H

#include <stdint.h>

#define UART_BASE		0x09000000UL
#define RAM_BASE		0x40000000UL
#define GICD_BASE		0x08000000UL
#define GICR_BASE		0x080a0000UL

#define PSCI_VERSION		0x84000000UL
#define PSCI_CPU_OFF		0x84000002UL
#define PSCI_CPU_ON		0xc4000003UL
#define PSCI_AFFINITY_INFO	0xc4000004UL
#define PSCI_SYSTEM_OFF		0x84000008UL
#define PSCI_SYSTEM_RESET	0x84000009UL

#define MAX_CPUS		8	/* stacks in inmate.lds: MPIDR Aff0 0..7 */
#define MPIDR_AFF_MASK		0xff00ffffffUL

#define read_sysreg(r) ({						\
	uint64_t __v;							\
	asm volatile("mrs %0, " #r : "=r" (__v));			\
	__v;								\
})
#define write_sysreg(v, r)						\
	asm volatile("msr " #r ", %0" : : "r" ((uint64_t)(v)) : "memory")

#define barrier()	asm volatile("" : : : "memory")
#define isb()		asm volatile("isb" : : : "memory")
#define dsb()		asm volatile("dsb sy" : : : "memory")
#define sev()		asm volatile("sev" : : : "memory")
#define wfe()		asm volatile("wfe" : : : "memory")
#define wfi()		asm volatile("wfi" : : : "memory")
#define cpu_relax()	asm volatile("yield" : : : "memory")

/*
 * Device registers, one plain LDR or STR each: no writeback, no pairs,
 * so that a hypervisor that emulates the device gets a full syndrome.
 */
static inline uint32_t mmio_read32(unsigned long addr)
{
	uint32_t v;

	asm volatile("ldr %w0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static inline uint64_t mmio_read64(unsigned long addr)
{
	uint64_t v;

	asm volatile("ldr %0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static inline void mmio_write32(unsigned long addr, uint32_t v)
{
	asm volatile("str %w0, [%1]" : : "r" (v), "r" (addr) : "memory");
}

/* console.c */
void putc(char c);
void puts(const char *s);
void put_hex(uint64_t v);
void put_dec(uint64_t v);
int getc_nowait(void);		/* -1 when nothing waits */
char getc(void);

/* call.c: an SMC Calling Convention call, through HVC or SMC */
uint64_t hvc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* irq.c, vectors.S: exceptions at EL1 and the interrupt dispatcher */
typedef void (*irq_handler_t)(unsigned int intid);

int irq_init(void);		/* this CPU's VBAR_EL1; -1 if not at EL1 */
void irq_set_handler(unsigned int intid, irq_handler_t fn);

/*
 * A synchronous exception at EL1 (an undefined instruction, an alignment
 * fault, ...), with its ESR_EL1: nonzero if handled, and then the CPU
 * returns to ELR_EL1, which the handler may have moved on; zero to report
 * it and stop the CPU, as without a handler.  The same on every CPU.
 */
typedef int (*sync_handler_t)(uint64_t esr);

void sync_set_handler(sync_handler_t fn);

static inline void irq_enable(void)
{
	asm volatile("msr daifclr, #2" : : : "memory");
}

static inline void irq_disable(void)
{
	asm volatile("msr daifset, #2" : : : "memory");
}

/* gic.c: the GICv3 */
#define GIC_NR_PRIVATE		32
#define GIC_MAX_INTID		1020
#define GIC_PRIORITY		0xa0

int gic_dist_init(void);		/* once, on the first CPU */
int gic_cpu_init(void);			/* on every CPU, after gic_dist_init() */
void gic_enable_irq(unsigned int intid);	/* an SGI or PPI of this CPU, or an SPI to it */
void gic_send_sgi(uint64_t mpidr, unsigned int intid);
uint32_t gic_ack(void);			/* ICC_IAR1_EL1 */
void gic_eoi(uint32_t iar);		/* ICC_EOIR1_EL1, EOImode 0 */

/* timer.c: the EL1 virtual timer */
#define TIMER_VIRT_PPI		27

uint64_t timer_freq(void);
uint64_t timer_now(void);
uint64_t timer_deadline(void);
void timer_set_deadline(uint64_t cval);
void timer_start(void);
void timer_stop(void);
int timer_fired(void);
uint64_t ticks_to_ns(uint64_t ticks);

/* The payload's own. */
int main(void);
void secondary_main(uint64_t context);
extern char secondary_entry[];

#endif
