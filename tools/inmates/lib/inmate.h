/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What bare-metal payloads share: the console UART, the PSCI and SMC
 * calls, exceptions and interrupts, the GICv3 and the generic timer, for
 * the QEMU virt memory map (PL011 at 0x09000000, GICD at 0x08000000, GICR
 * at 0x080a0000, RAM at 0x40000000).
 *
 * Payloads start with the MMU off: every data access is Device-nGnRnE, so
 * nothing may be unaligned (the Makefile builds with -mstrict-align) and
 * there are no exclusives or atomics.  CPUs share variables with plain
 * volatile loads and stores, one writer per variable, dsb and sev/wfe.
 * A payload that uses channels runs with its MMU and caches on (mmu.c,
 * below): its RAM is Normal write-back, its devices stay Device.
 */
#ifndef _VHYP_INMATE_H
#define _VHYP_INMATE_H

#include <stddef.h>
#include <stdint.h>

#include "vhyp_ring.h"

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

/* string.c: what GCC and vhyp_ring.c may call; aligned accesses only */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
/* V in decimal into BUF, NUL-terminated; its length */
size_t u64_to_str(uint64_t v, char buf[21]);
/* S, all of it decimal digits, into *V: 0, or -1 */
int str_to_u64(const char *s, uint64_t *v);
/* S past PREFIX, or NULL if S does not start with it */
const char *str_skip(const char *s, const char *prefix);
/* S appended at AT to BUF of LEN bytes, NUL-terminated, cut to fit: the new length */
size_t str_cat(char *buf, size_t len, size_t at, const char *s);
/* The strings are equal. */
int str_same(const char *a, const char *b);
/* The next space-separated word of LINE from *AT, NUL-terminated in place. */
char *str_word(char *line, size_t *at);

/* call.c: an SMC Calling Convention call, through HVC or SMC */
uint64_t hvc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

struct hvc_res {
	uint64_t x[6];
};

/* An HVC whose results are in x0..x5; returns x0. */
uint64_t hvc_call_res(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3, struct hvc_res *res);

/*
 * The payload's report of itself to the root (VHYP_HC_CELL_REPORT,
 * Documentation/uapi.md): the worst latency in ns over the period since the
 * last report, that period's samples (0 with worst_ns 0: none), a code of
 * its own.  0, or a negative errno; VHYP_HC_NOT_SUPPORTED (-1) on the bare
 * machine or under a hypervisor without it.  Once a second is the custom.
 */
long status_report(uint64_t worst_ns, uint32_t samples, uint32_t code);

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
void gic_set_edge(unsigned int intid);		/* an SPI edge-triggered, before it is enabled */
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
/* FN from the interrupt every PERIOD ticks (PPI 27), after gic_cpu_init(). */
void timer_every(uint64_t period, void (*fn)(void));

/*
 * hist.c: a latency histogram, counter ticks in; printed as
 *   WHO: histogram of N WHAT, K lines follow
 *   WHO: hist LO_NS COUNT
 *       a line for each bucket in use: HIST_LINEAR of the width given to
 *       hist_init(), then HIST_LOG each twice as wide as the last (the
 *       first of them as wide as the whole linear range), the last of all
 *       also holding everything beyond it
 *   WHO: histogram max MAX_NS ns of N WHAT
 *       the exact largest latency and the count since the last reset
 */
#define HIST_LINEAR		1024
#define HIST_LOG		24

struct hist {
	uint64_t bucket_ticks;
	uint64_t n, max;
	volatile int hold;		/* hist_add() drops its sample */
	uint32_t lin[HIST_LINEAR];
	uint32_t log[HIST_LOG];
};

void hist_init(struct hist *h, uint64_t bucket_ns);
void hist_reset(struct hist *h);		/* empty again, recording */
void hist_add(struct hist *h, uint64_t ticks);
void hist_print(struct hist *h, const char *who, const char *what);

/*
 * mmu.c: an identity-mapped stage 1, the same tables on every CPU.  GiB 0
 * (the devices) Device-nGnRE, the RAM's GiB Normal write-back, nothing
 * else.  mmu_enable() turns this CPU's MMU, D-cache and I-cache on (and
 * alignment checks off): once per CPU, the first CPU before it starts the
 * others; nothing if this CPU's MMU is on already.  A payload whose CPUs
 * share RAM turns it on on each of them before they share it: a CPU with
 * its MMU off does not see what another's caches hold.
 */
void mmu_enable(void);
/*
 * [IPA, IPA + SIZE), below 512 GiB: Normal write-back, inner shareable,
 * not executable, the rest as it was; turns this CPU's MMU on first.  0,
 * or -1: beyond the VA range, or out of tables (what it mapped stays).
 * One caller at a time; the other CPUs may run on the tables meanwhile,
 * but not touch the 2 MiB blocks the range starts and ends in (it may
 * split them).
 */
int mmu_map_normal(uint64_t ipa, uint64_t size);

/*
 * channel.c: the cell's channels (Documentation/channels.md), a byte
 * stream each way over tools/channel/vhyp_ring.c.  Functions that fail
 * say why on the console.  chan_open() and chan_find() turn the MMU on
 * and map each window they look at Normal write-back (mmu.c), as the
 * other end maps it.
 */
struct chan_desc {			/* what VHYP_HC_CHANNEL_QUERY says */
	uint32_t id;
	uint32_t irq;			/* the doorbell's INTID, 0: none */
	uint64_t ipa;			/* the window: header page, then data */
	uint64_t size;			/* data bytes */
	uint32_t flags;			/* VHYP_CHAN_READONLY: this cell only reads */
};

struct chan {
	unsigned int index;		/* in the cell's config */
	uint32_t id;			/* for VHYP_HC_CHANNEL_RING */
	uint32_t irq;			/* the doorbell's INTID, 0: none */
	uint64_t size;
	const volatile struct vhyp_channel_header *hdr;
	void *data;			/* the data, after the header page */
	struct vhyp_ring ring;
	uint64_t events;		/* hdr->events as chan_wait() last saw it */
	uint32_t peer_state;		/* as chan_peer_changed() last saw it */
	uint64_t peer_generation;
	volatile uint64_t doorbells;	/* doorbell interrupts taken */
	void (*on_doorbell)(struct chan *c);
};

/* Channel INDEX of the config: 0, or the hypercall's result (-2: past the last). */
long chan_query(unsigned int index, struct chan_desc *d);
/* Channel INDEX, or the one whose header names it NAME: checked, its ring started. */
int chan_open(unsigned int index, struct chan *c);
int chan_find(const char *name, struct chan *c);
/* The same without the ring: the data is the payload's to lay out (c->data). */
int chan_open_raw(unsigned int index, struct chan *c);
int chan_find_raw(const char *name, struct chan *c);
/* The index of the channel NAME, saying nothing: -2 none, -1 this vhyp has no channels. */
long chan_index(const char *name);
/* Ring the peer: 0, -107 (ENOTCONN: it does not run), -2 (ENOENT). */
long chan_ring(struct chan *c);
/* What fits, without waiting; rings the peer if it wrote any. */
size_t chan_write(struct chan *c, const void *buf, size_t len);
size_t chan_read(struct chan *c, void *buf, size_t len);
/* All of it, waiting for room until DEADLINE (counter ticks): 0, or -1 (or the peer is gone). */
int chan_write_all(struct chan *c, const void *buf, size_t len, uint64_t deadline);
/*
 * The doorbell's SPI, edge-triggered, routed to this CPU, FN (may be NULL)
 * called from its handler; after irq_init(), gic_dist_init(),
 * gic_cpu_init(); the payload unmasks interrupts itself.
 */
int chan_irq_enable(struct chan *c, void (*fn)(struct chan *c));
/* Until the header's event count changes (1) or the counter reaches DEADLINE (0). */
int chan_wait(struct chan *c, uint64_t deadline);
/* The peer's state or generation changed since the last call (the first: 1). */
int chan_peer_changed(struct chan *c);
const char *chan_peer_state_name(uint32_t state);

/* A line being read from a channel. */
struct chan_line {
	char buf[80];			/* NUL-terminated, without the newline */
	size_t len;
	int cut;			/* it was longer than buf: the rest dropped */
	int whole;			/* buf is a whole line, returned */
};

/* 1 once a whole line is in L (the next call starts another), 0 until then. */
int chan_getline(struct chan *c, struct chan_line *l);
/* All of S, or nothing if it does not fit now: 0, or -1; rings the peer. */
int chan_put(struct chan *c, const char *s);

/* The payload's own. */
int main(void);
void secondary_main(uint64_t context);
extern char secondary_entry[];

#endif
