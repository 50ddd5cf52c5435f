// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl top: rates from two samples of the exit counters, and the text
 * of rates and latencies.  No I/O, so that tests/unit/top_test.c can
 * check it alone.
 */
#include <math.h>
#include <stdio.h>

#include "top.h"

double top_rate(uint64_t prev, uint64_t cur, uint64_t dt_ns)
{
	if (!dt_ns || cur < prev)
		return 0;
	return (double)(cur - prev) * 1e9 / (double)dt_ns;
}

double top_rates(const __u64 prev[VHYP_EXIT_NR], const __u64 cur[VHYP_EXIT_NR],
		 uint64_t dt_ns, double rates[VHYP_EXIT_NR])
{
	double sum = 0;
	int e;

	for (e = 0; e < VHYP_EXIT_NR; e++) {
		rates[e] = top_rate(prev[e], cur[e], dt_ns);
		sum += rates[e];
	}
	return sum;
}

/* V / SCALE with three significant digits and SUFFIX: "1.23k", "12.3k", "123k" */
static const char *three_digits(double v, double scale, const char *suffix, char *buf,
				size_t len)
{
	v /= scale;
	/* what rounds up to 1000 is shown as such, not as "1000k": the caller moved on */
	if (v < 9.995)
		snprintf(buf, len, "%.2f%s", v, suffix);
	else if (v < 99.95)
		snprintf(buf, len, "%.1f%s", v, suffix);
	else
		snprintf(buf, len, "%.0f%s", v, suffix);
	return buf;
}

const char *top_rate_str(double rate, char *buf, size_t len)
{
	if (!isfinite(rate) || rate < 0)
		rate = 0;
	if (rate < 1e18)
		rate = (double)(uint64_t)(rate + 0.5);	/* no libm's round() for this */
	if (rate < 10000)
		snprintf(buf, len, "%.0f", rate);
	else if (rate < 999500)
		three_digits(rate, 1e3, "k", buf, len);
	else if (rate < 999500000)
		three_digits(rate, 1e6, "M", buf, len);
	else
		three_digits(rate, 1e9, "G", buf, len);
	return buf;
}

const char *top_latency_str(uint64_t ns, char *buf, size_t len)
{
	double v = (double)ns;

	if (ns < 1000)
		snprintf(buf, len, "%llu ns", (unsigned long long)ns);
	else if (v < 999500)
		three_digits(v, 1e3, " us", buf, len);
	else if (v < 999500000)
		three_digits(v, 1e6, " ms", buf, len);
	else
		three_digits(v, 1e9, " s", buf, len);
	return buf;
}
