// SPDX-License-Identifier: GPL-2.0
/*
 * vio-test: a cell's side of the virtio trap-path test (tests/qemu/
 * scenarios/virtio.sh).  It touches its first virtio device's register
 * window (VIO_BASE, interrupt VIO_IRQ) and its RAM as its console says,
 * one command a line:
 *
 *   w OFF SIZE VAL    write VAL (SIZE bytes: 1, 2, 4, 8) at offset OFF
 *   r OFF SIZE        read SIZE bytes at offset OFF
 *   seq N             N 4-byte writes at offset 0x100: 1, 2, .. N
 *   peek ADDR         the u64 of RAM at ADDR
 *   poke ADDR VAL     VAL into the u64 of RAM at ADDR
 *   race N            this CPU and its second one (MPIDR Aff0 1, started at
 *                     the first race) each make N 8-byte writes at offset
 *                     0x200 at once: CPU << 32 | 1, 2, .. N
 *   rbench N          N 4-byte reads at offset 0x108, timed
 *   wbench N          N 4-byte writes at offset 0x104, timed
 *
 * (numbers in decimal) and says, in lines the scenario greps:
 *
 *   vio-test: ready
 *   vio-test: w OFF SIZE done
 *   vio-test: r OFF SIZE = HEX
 *   vio-test: seq N done
 *   vio-test: peek ADDR = HEX
 *   vio-test: poke ADDR done
 *   vio-test: rbench N in US us     (wbench the same)
 *   vio-test: race N done           (or: race N: CPU 1 did not finish)
 *   vio-test: irq N                 at each interrupt of the device
 *
 * Its MMU is on: RAM Normal write-back, as the root's backend maps it;
 * the window Device, so that every access is one plain load or store.
 */
#include "inmate.h"

#define VIO_BASE	0x0a000000UL
#define VIO_IRQ		142

static volatile uint64_t irqs;

/* race: the first CPU asks (race_gen, race_n), the second answers (race_done) */
static volatile uint64_t race_gen, race_n, race_done;
static int second_started;

static void vio_irq(unsigned int intid)
{
	(void)intid;
	irqs++;
}

static uint64_t vio_read(uint64_t off, uint64_t size)
{
	unsigned long a = VIO_BASE + off;
	uint64_t v = 0;

	if (size == 1)
		asm volatile("ldrb %w0, [%1]" : "=r" (v) : "r" (a) : "memory");
	else if (size == 2)
		asm volatile("ldrh %w0, [%1]" : "=r" (v) : "r" (a) : "memory");
	else if (size == 4)
		asm volatile("ldr %w0, [%1]" : "=r" (v) : "r" (a) : "memory");
	else
		asm volatile("ldr %0, [%1]" : "=r" (v) : "r" (a) : "memory");
	return v;
}

static void vio_write(uint64_t off, uint64_t size, uint64_t v)
{
	unsigned long a = VIO_BASE + off;

	if (size == 1)
		asm volatile("strb %w0, [%1]" : : "r" (v), "r" (a) : "memory");
	else if (size == 2)
		asm volatile("strh %w0, [%1]" : : "r" (v), "r" (a) : "memory");
	else if (size == 4)
		asm volatile("str %w0, [%1]" : : "r" (v), "r" (a) : "memory");
	else
		asm volatile("str %0, [%1]" : : "r" (v), "r" (a) : "memory");
}

/* The second CPU: a race's writes each time the first CPU asks. */
void secondary_main(uint64_t context)
{
	uint64_t seen = 0, i;

	(void)context;
	mmu_enable();
	for (;;) {
		while (race_gen == seen)
			wfe();
		seen = race_gen;
		for (i = 1; i <= race_n; i++)
			vio_write(0x200, 8, 1ULL << 32 | i);
		dsb();
		race_done = seen;
		sev();
	}
}

static void race(uint64_t n)
{
	uint64_t i, until;

	if (!second_started &&
	    hvc_call(PSCI_CPU_ON, 1, (uint64_t)secondary_entry, 0)) {
		puts("vio-test: race: CPU_ON of CPU 1 failed\n");
		return;
	}
	second_started = 1;
	race_n = n;
	dsb();
	race_gen = race_gen + 1;
	dsb();
	sev();
	for (i = 1; i <= n; i++)
		vio_write(0x200, 8, i);
	until = timer_now() + 30 * timer_freq();
	while (race_done != race_gen && timer_now() < until)
		cpu_relax();
	puts("vio-test: race ");
	put_dec(n);
	puts(race_done == race_gen ? " done\n" : ": CPU 1 did not finish\n");
}

static void say3(const char *verb, uint64_t a, uint64_t b)
{
	puts("vio-test: ");
	puts(verb);
	putc(' ');
	put_dec(a);
	putc(' ');
	put_dec(b);
}

static void command(char *line)
{
	size_t at = 0;
	char *verb = str_word(line, &at);
	uint64_t a = 0, b = 0, c = 0, i;
	int bad_a = str_to_u64(str_word(line, &at), &a);
	int bad_b = str_to_u64(str_word(line, &at), &b);
	int bad_c = str_to_u64(str_word(line, &at), &c);
	int size_ok = b == 1 || b == 2 || b == 4 || b == 8;

	if (str_same(verb, "w") && !bad_a && !bad_b && !bad_c && size_ok && a < 4096) {
		vio_write(a, b, c);
		say3("w", a, b);
		puts(" done\n");
	} else if (str_same(verb, "r") && !bad_a && !bad_b && size_ok && a < 4096) {
		c = vio_read(a, b);
		say3("r", a, b);
		puts(" = ");
		put_hex(c);
		putc('\n');
	} else if (str_same(verb, "seq") && !bad_a) {
		for (i = 1; i <= a; i++)
			vio_write(0x100, 4, i);
		puts("vio-test: seq ");
		put_dec(a);
		puts(" done\n");
	} else if (str_same(verb, "race") && !bad_a) {
		race(a);
	} else if ((str_same(verb, "rbench") || str_same(verb, "wbench")) && !bad_a) {
		uint64_t t0 = timer_now();

		for (i = 0; i < a; i++) {
			if (str_same(verb, "rbench"))
				(void)vio_read(0x108, 4);
			else
				vio_write(0x104, 4, i);
		}
		t0 = ticks_to_ns(timer_now() - t0) / 1000;
		puts("vio-test: ");
		puts(verb);
		putc(' ');
		put_dec(a);
		puts(" in ");
		put_dec(t0);
		puts(" us\n");
	} else if (str_same(verb, "peek") && !bad_a && a >= RAM_BASE &&
		   a < RAM_BASE + (1UL << 30)) {
		puts("vio-test: peek ");
		put_dec(a);
		puts(" = ");
		put_hex(*(volatile uint64_t *)(a & ~7UL));
		putc('\n');
	} else if (str_same(verb, "poke") && !bad_a && !bad_b && a >= RAM_BASE &&
		   a < RAM_BASE + (1UL << 30)) {
		*(volatile uint64_t *)(a & ~7UL) = b;
		dsb();
		puts("vio-test: poke ");
		put_dec(a);
		puts(" done\n");
	} else if (*verb) {
		puts("vio-test: what? w OFF SIZE VAL, r OFF SIZE, seq N, peek ADDR, poke ADDR VAL\n");
	}
}

int main(void)
{
	uint64_t seen = 0;
	char line[80];
	size_t len = 0;
	int ch;

	mmu_enable();
	if (irq_init() || gic_dist_init() || gic_cpu_init())
		return 1;
	irq_set_handler(VIO_IRQ, vio_irq);
	gic_set_edge(VIO_IRQ);
	gic_enable_irq(VIO_IRQ);
	irq_enable();
	puts("vio-test: ready\n");
	for (;;) {
		if (irqs != seen) {
			seen = irqs;
			puts("vio-test: irq ");
			put_dec(seen);
			putc('\n');
		}
		ch = getc_nowait();
		if (ch < 0) {
			cpu_relax();
			continue;
		}
		if (ch == '\r' || ch == '\n') {
			line[len] = '\0';
			command(line);
			len = 0;
		} else if (len < sizeof(line) - 1) {
			line[len++] = ch;
		}
	}
}
