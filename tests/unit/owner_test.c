// SPDX-License-Identifier: GPL-2.0
/*
 * hyp/owner.c on the host: every pair of states, and claims racing.
 *
 * For each (from, to) pair, own_move() must succeed exactly when the
 * transition is one of the nine of include/owner.h and the CPU is in
 * 'from'; fail, changing nothing, when the CPU is elsewhere; and panic the
 * hypervisor for a transition that does not exist, whatever the state.
 * Then threads race to claim one parked CPU, and to stop a running one
 * while it leaves by itself: exactly one of each wins, every time.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "owner.h"

static jmp_buf panic_jump;
static char panic_msg[160];

void hyp_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	longjmp(panic_jump, 1);
}

static unsigned int n, failed;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %u - ", cond ? "ok" : "not ok", ++n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failed += !cond;
}

static const char *const names[OWN_NR] = {
	"root", "parking", "parked", "entering", "cell", "stopping"
};

/* The transitions include/owner.h draws, written again here. */
static int expected(unsigned int from, unsigned int to)
{
	static const unsigned int legal[][2] = {
		{ OWN_ROOT, OWN_PARKING }, { OWN_PARKING, OWN_PARKED },
		{ OWN_PARKED, OWN_ENTERING }, { OWN_ENTERING, OWN_CELL },
		{ OWN_ENTERING, OWN_ROOT }, { OWN_ENTERING, OWN_STOPPING },
		{ OWN_CELL, OWN_STOPPING }, { OWN_CELL, OWN_PARKING },
		{ OWN_STOPPING, OWN_PARKING },
	};
	unsigned int i;

	for (i = 0; i < sizeof(legal) / sizeof(legal[0]); i++)
		if (legal[i][0] == from && legal[i][1] == to)
			return 1;
	return 0;
}

/* One pair, with the CPU in 'at': 1 moved, 0 refused, -1 panicked. */
static int try_move(unsigned int at, unsigned int from, unsigned int to, unsigned int *after)
{
	static struct hyp_cpu cpu;
	volatile int r = -1;

	cpu.own = at;
	panic_msg[0] = '\0';
	if (!setjmp(panic_jump))
		r = own_move(&cpu, from, to);
	*after = cpu.own;
	return r;
}

static void pairs(void)
{
	unsigned int from, to, at, after, bad = 0, legal = 0;
	int r;

	for (from = 0; from < OWN_NR; from++) {
		for (to = 0; to < OWN_NR; to++) {
			legal += expected(from, to);
			for (at = 0; at < OWN_NR; at++) {
				r = try_move(at, from, to, &after);
				if (!expected(from, to) ?
				    r != -1 || after != at || !strstr(panic_msg, "no transition") :
				    at == from ? r != 1 || after != to : r != 0 || after != at) {
					bad++;
					printf("# %s -> %s with the CPU %s: got %d, now %s\n",
					       names[from], names[to], names[at], r, names[after]);
				}
			}
		}
	}
	ok(legal == 9, "the table has the nine transitions of owner.h (%u)", legal);
	ok(!bad, "every (from, to, state) of %u: moves only as drawn, else refuses or panics",
	   OWN_NR * OWN_NR * OWN_NR);
	r = try_move(OWN_ROOT, OWN_NR, OWN_ROOT, &after);
	ok(r == -1 && after == OWN_ROOT, "a state out of range panics too");
}

#define RACERS	4
#define ROUNDS	20000

static struct hyp_cpu target;
static pthread_barrier_t start;
static unsigned int wins[RACERS];

/* Everyone claims the parked CPU at once: PARKED -> ENTERING. */
static void *claimer(void *arg)
{
	unsigned int me = (unsigned long)arg, r;

	for (r = 0; r < ROUNDS; r++) {
		pthread_barrier_wait(&start);
		if (own_move(&target, OWN_PARKED, OWN_ENTERING))
			__atomic_fetch_add(&wins[me], 1, __ATOMIC_RELAXED);
		pthread_barrier_wait(&start);
		if (me == 0)
			target.own = OWN_PARKED;
		pthread_barrier_wait(&start);
	}
	return NULL;
}

static unsigned int stops, leaves;

/* A stopper (CELL -> STOPPING) against the CPU leaving by itself (CELL -> PARKING). */
static void *stopper(void *arg)
{
	unsigned int me = (unsigned long)arg, r;

	for (r = 0; r < ROUNDS; r++) {
		pthread_barrier_wait(&start);
		if (me == 0) {
			if (own_move(&target, OWN_CELL, OWN_STOPPING))
				stops++;
		} else if (own_move(&target, OWN_CELL, OWN_PARKING) ||
			   own_move(&target, OWN_STOPPING, OWN_PARKING)) {
			leaves++;
		}
		pthread_barrier_wait(&start);
		if (me == 1 && target.own != OWN_PARKING)
			printf("# round %u: the CPU ended %s, not parking\n", r, names[target.own]);
		if (me == 1)
			target.own = OWN_CELL;
		pthread_barrier_wait(&start);
	}
	return NULL;
}

static void race(void *(*fn)(void *), unsigned int threads)
{
	pthread_t t[RACERS];
	unsigned long i;

	pthread_barrier_init(&start, NULL, threads);
	for (i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, fn, (void *)i);
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&start);
}

int main(void)
{
	unsigned int i, total = 0;

	pairs();

	target.own = OWN_PARKED;
	race(claimer, RACERS);
	for (i = 0; i < RACERS; i++)
		total += wins[i];
	ok(total == ROUNDS, "%u threads claiming one parked CPU %u times: exactly one wins each time (%u wins)",
	   RACERS, ROUNDS, total);

	target.own = OWN_CELL;
	race(stopper, 2);
	ok(leaves == ROUNDS, "a stop racing the CPU's own leave, %u times: it always parks (%u), the stop won %u",
	   ROUNDS, leaves, stops);

	printf("1..%u\n", n);
	return failed != 0;
}
