// SPDX-License-Identifier: GPL-2.0
/*
 * The one way the driver talks to EL2: an HVC with the SMC Calling
 * Convention's registers.  Whatever runs at EL2 (Linux's stub, vhyp, or
 * KVM) may clobber x0..x17.
 */
#include "vhyp.h"

unsigned long vhyp_hvc(unsigned long fn, unsigned long a1, unsigned long a2,
		       unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long x0 asm("x0") = fn;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;
	register unsigned long x4 asm("x4") = a4;
	register unsigned long x5 asm("x5") = a5;

	asm volatile("hvc #0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3), "+r" (x4), "+r" (x5)
		     :
		     : "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
		       "x14", "x15", "x16", "x17", "memory");
	return x0;
}
