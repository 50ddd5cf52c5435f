// SPDX-License-Identifier: GPL-2.0
/* SMC Calling Convention calls from a payload. */
#include <vhyp/hypercall.h>

#include "inmate.h"

uint64_t hvc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 asm("x0") = fn;
	register uint64_t x1 asm("x1") = a1;
	register uint64_t x2 asm("x2") = a2;
	register uint64_t x3 asm("x3") = a3;

	asm volatile("hvc #0" : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3) : : "memory");
	return x0;
}

uint64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 asm("x0") = fn;
	register uint64_t x1 asm("x1") = a1;
	register uint64_t x2 asm("x2") = a2;
	register uint64_t x3 asm("x3") = a3;

	asm volatile("smc #0" : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3) : : "memory");
	return x0;
}

/* An HVC whose results are in x0..x5 (VHYP_HC_CHANNEL_QUERY's). */
uint64_t hvc_call_res(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3, struct hvc_res *res)
{
	register uint64_t x0 asm("x0") = fn;
	register uint64_t x1 asm("x1") = a1;
	register uint64_t x2 asm("x2") = a2;
	register uint64_t x3 asm("x3") = a3;
	register uint64_t x4 asm("x4") = 0;
	register uint64_t x5 asm("x5") = 0;

	asm volatile("hvc #0" : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3), "+r" (x4), "+r" (x5)
		     : : "memory");
	res->x[0] = x0;
	res->x[1] = x1;
	res->x[2] = x2;
	res->x[3] = x3;
	res->x[4] = x4;
	res->x[5] = x5;
	return x0;
}

long status_report(uint64_t worst_ns, uint32_t samples, uint32_t code)
{
	return (long)hvc_call(VHYP_HC_CELL_REPORT, worst_ns, samples, code);
}
