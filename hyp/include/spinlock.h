/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ticket lock for EL2.  Waiters sleep in WFE, never in a busy loop: under
 * QEMU's round-robin TCG a spinning vCPU can starve the one it waits for.
 */
#ifndef _VHYP_SPINLOCK_H
#define _VHYP_SPINLOCK_H

#include <linux/types.h>

typedef struct {
	u16 owner;
	u16 next;
} spinlock_t;

static inline void spin_lock(spinlock_t *lock)
{
	u32 tmp, newval, ticket;

	asm volatile(
	"1:	ldaxr	%w0, [%3]\n"
	"	add	%w1, %w0, #0x10000\n"
	"	stxr	%w2, %w1, [%3]\n"
	"	cbnz	%w2, 1b\n"
	: "=&r" (ticket), "=&r" (newval), "=&r" (tmp)
	: "r" (lock) : "memory");
	ticket >>= 16;
	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != (u16)ticket)
		asm volatile("sevl; wfe" ::: "memory");
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

static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->owner, (u16)(lock->owner + 1), __ATOMIC_RELEASE);
	asm volatile("dsb ish; sev" ::: "memory");
}

#endif
