/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl top: the arithmetic and the figures' text (top_calc.c), pure
 * logic that tests/unit/top_test.c checks on the host; cmd_top.c reads
 * the driver and draws the frames.
 */
#ifndef VHYPCTL_TOP_H
#define VHYPCTL_TOP_H

#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>
#include <vhyp/exits.h>

/*
 * Per second, of a counter that went from PREV to CUR in DT_NS: 0 when it
 * went backwards (the counters start again at an enable) or DT_NS is 0.
 */
double top_rate(uint64_t prev, uint64_t cur, uint64_t dt_ns);

/* The same for every exit reason into RATES; returns their sum. */
double top_rates(const __u64 prev[VHYP_EXIT_NR], const __u64 cur[VHYP_EXIT_NR],
		 uint64_t dt_ns, double rates[VHYP_EXIT_NR]);

/* A rate in at most 6 characters: "0", "999", "9999", "12.3k", "123k", "1.23M", "123M", "1.23G" */
const char *top_rate_str(double rate, char *buf, size_t len);

/* A latency: "812 ns", "12.3 us", "123 us", "1.23 ms", "12.3 ms", "1.23 s" */
const char *top_latency_str(uint64_t ns, char *buf, size_t len);

#endif
