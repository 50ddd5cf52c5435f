// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions and interrupts of a payload at EL1: the vector base, one
 * handler per interrupt, one for synchronous exceptions (a payload that
 * provokes them on purpose), and the report of any other exception.  An interrupt is acknowledged (ICC_IAR1_EL1), handled and
 * completed (ICC_EOIR1_EL1, which with EOImode 0 also deactivates it).
 */
#include "inmate.h"

extern char vectors[];

static irq_handler_t handlers[GIC_MAX_INTID];
static sync_handler_t sync_handler;

void irq_handle(void);
void sync_handle(void);
void exception_unexpected(uint64_t kind);

int irq_init(void)
{
	if ((read_sysreg(CurrentEL) >> 2 & 3) != 1) {
		puts("irq: payloads take interrupts at EL1 only\n");
		return -1;
	}
	write_sysreg((uint64_t)vectors, vbar_el1);
	isb();
	return 0;
}

/* Before the interrupt is enabled; handlers are the same on every CPU. */
void irq_set_handler(unsigned int intid, irq_handler_t fn)
{
	if (intid < GIC_MAX_INTID)
		handlers[intid] = fn;
}

void irq_handle(void)
{
	uint32_t iar = gic_ack();
	unsigned int intid = iar & 0xffffff;

	if (intid >= 1020 && intid <= 1023)	/* spurious: nothing to complete */
		return;
	if (intid < GIC_MAX_INTID && handlers[intid]) {
		handlers[intid](intid);
	} else {
		puts("irq: unexpected interrupt ");
		put_dec(intid);
		putc('\n');
	}
	gic_eoi(iar);
}

void sync_set_handler(sync_handler_t fn)
{
	sync_handler = fn;
}

/* A synchronous exception at EL1h: the handler's, or the end of this CPU. */
void sync_handle(void)
{
	if (!sync_handler || !sync_handler(read_sysreg(esr_el1)))
		exception_unexpected(4);
}

void exception_unexpected(uint64_t kind)
{
	static const char *const from[] = {
		"EL1t", "EL1h", "EL0 (AArch64)", "EL0 (AArch32)"
	};
	static const char *const type[] = { "sync", "IRQ", "FIQ", "SError" };

	irq_disable();
	puts("\nexception: ");
	puts(type[kind & 3]);
	puts(" from ");
	puts(from[kind >> 2 & 3]);
	puts(", MPIDR ");
	put_hex(read_sysreg(mpidr_el1) & MPIDR_AFF_MASK);
	puts(", ESR ");
	put_hex(read_sysreg(esr_el1));
	puts(", ELR ");
	put_hex(read_sysreg(elr_el1));
	puts(", FAR ");
	put_hex(read_sysreg(far_el1));
	puts("; CPU stopped\n");
	for (;;)
		wfi();
}
