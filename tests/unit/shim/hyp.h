/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for hyp/include/hyp.h, for the hypervisor's files whose
 * logic the unit tests run on the host: hyp_panic() records its message
 * and jumps back into the test instead of stopping a CPU.
 */
#ifndef _VHYP_TEST_HYP_H
#define _VHYP_TEST_HYP_H

#include <linux/types.h>
#include "cpu.h"

#define unlikely(x)	__builtin_expect(!!(x), 0)
#define likely(x)	__builtin_expect(!!(x), 1)

void hyp_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
