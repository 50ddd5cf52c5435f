/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ticket lock and waiting for a word to change, for EL2.
 *
 * A waiter sleeps in WFE with the exclusive monitor armed on the word it
 * waits for (LDAXR): the store that changes it clears the monitor, which
 * is a wake-up event on every Arm CPU, so no SEV is needed and no waiter
 * busy-loops (under QEMU's round-robin TCG a spinning vCPU can starve the
 * one it waits for; on hardware it burns power and the interconnect).
 * Every wait also looks at the panic flag: a CPU that panicked while
 * holding a lock, or while another CPU waited for it, must not leave the
 * others waiting for ever (panic.c).
 */
#ifndef _VHYP_SPINLOCK_H
#define _VHYP_SPINLOCK_H

#include <linux/types.h>

typedef struct {
	u16 owner;
	u16 next;
} spinlock_t;

/* panic.c: set once the hypervisor panicked; waiters then stop (never returns) */
extern u32 hyp_panicking;
void __attribute__((noreturn)) hyp_panic_stop(void);

static inline void wait_check_panic(void)
{
	if (__builtin_expect(__atomic_load_n(&hyp_panicking, __ATOMIC_RELAXED), 0))
		hyp_panic_stop();
}

/* Sleep until the 16-bit word at 'p' may no longer be 'old' (the caller reads it again). */
static inline void wfe_while_u16(const u16 *p, u16 old)
{
	u32 v;

	asm volatile(
	"	sevl\n"
	"	wfe\n"			/* consume the local event */
	"	ldaxrh	%w0, [%1]\n"	/* arm the monitor */
	"	eor	%w0, %w0, %w2\n"
	"	cbnz	%w0, 1f\n"
	"	wfe\n"			/* woken by the store that changes it */
	"1:\n"
	: "=&r" (v) : "r" (p), "r" ((u32)old) : "memory");
	wait_check_panic();
}

/* The same for a 32-bit word. */
static inline void wfe_while_u32(const u32 *p, u32 old)
{
	u32 v;

	asm volatile(
	"	sevl\n"
	"	wfe\n"
	"	ldaxr	%w0, [%1]\n"
	"	eor	%w0, %w0, %w2\n"
	"	cbnz	%w0, 1f\n"
	"	wfe\n"
	"1:\n"
	: "=&r" (v) : "r" (p), "r" (old) : "memory");
	wait_check_panic();
}

static inline void spin_lock(spinlock_t *lock)
{
	u32 tmp, newval, ticket;
	u16 owner;

	asm volatile(
	"1:	ldaxr	%w0, [%3]\n"
	"	add	%w1, %w0, #0x10000\n"
	"	stxr	%w2, %w1, [%3]\n"
	"	cbnz	%w2, 1b\n"
	: "=&r" (ticket), "=&r" (newval), "=&r" (tmp)
	: "r" (lock) : "memory");
	ticket >>= 16;
	while ((owner = __atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE)) != (u16)ticket)
		wfe_while_u16(&lock->owner, owner);
}

static inline bool spin_trylock(spinlock_t *lock)
{
	u32 old, newval, tmp;

	asm volatile(
	"1:	ldaxr	%w0, [%3]\n"
	"	eor	%w1, %w0, %w0, ror #16\n"	/* owner == next? */
	"	cbnz	%w1, 2f\n"
	"	add	%w1, %w0, #0x10000\n"
	"	stxr	%w2, %w1, [%3]\n"
	"	cbnz	%w2, 1b\n"
	"	mov	%w1, #0\n"
	"2:\n"
	: "=&r" (old), "=&r" (newval), "=&r" (tmp)
	: "r" (lock) : "memory");
	return !newval;
}

/* The store to 'owner' wakes the next waiter through its monitor. */
static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->owner, (u16)(lock->owner + 1), __ATOMIC_RELEASE);
}

#endif
