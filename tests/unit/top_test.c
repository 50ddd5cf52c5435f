// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of 'vhypctl top''s arithmetic and figures
 * (tools/vhypctl/top_calc.c), under ASan and UBSan, printing TAP: rates
 * from two samples (a counter that went backwards, as across a new
 * enable, is 0, never a huge number), and the text of rates and
 * latencies at every unit's edges, where rounding could show "1000k".
 */
#include <math.h>
#include <string.h>

#include "tap.h"
#include "top.h"

static bool near(double got, double want)
{
	if (fabs(got - want) <= 1e-9 * (fabs(want) + 1))
		return true;
	return fail("got %.6f, want %.6f", got, want);
}

static bool text(const char *got, const char *want)
{
	if (!strcmp(got, want))
		return true;
	return fail("got '%s', want '%s'", got, want);
}

static void rates(void)
{
	__u64 prev[VHYP_EXIT_NR] = { 0 }, cur[VHYP_EXIT_NR] = { 0 };
	double r[VHYP_EXIT_NR], sum;

	ok(near(top_rate(1000, 3000, 2000000000), 1000), "2000 exits in 2 s: 1000/s");
	ok(near(top_rate(5, 5, 1000000000), 0), "no exit: 0/s");
	ok(near(top_rate(10, 11, 250000000), 4), "1 exit in 250 ms: 4/s");
	ok(near(top_rate(3000, 1000, 1000000000), 0), "a counter that went backwards (a new enable): 0, not 2^64");
	ok(near(top_rate(0, 1000, 0), 0), "no time between the samples: 0, not a division by zero");
	ok(near(top_rate(0, ~0ull, 1000000000), 18446744073709551615.0),
	   "the largest counter: no overflow in the arithmetic");
	prev[VHYP_EXIT_IRQ] = 100;
	cur[VHYP_EXIT_IRQ] = 1100;
	cur[VHYP_EXIT_HVC] = 1;
	prev[VHYP_EXIT_SGI] = 7;	/* backwards: left out */
	sum = top_rates(prev, cur, 1000000000, r);
	ok(near(r[VHYP_EXIT_IRQ], 1000) && near(r[VHYP_EXIT_HVC], 1) && near(r[VHYP_EXIT_SGI], 0),
	   "top_rates: every reason on its own");
	ok(near(sum, 1001), "top_rates: the sum of the reasons");
}

static void rate_text(void)
{
	static const struct { double v; const char *want; } t[] = {
		{ 0, "0" }, { 0.4, "0" }, { 0.5, "1" }, { 999, "999" }, { 1000, "1000" },
		{ 9999, "9999" }, { 9999.4, "9999" }, { 9999.6, "10.0k" }, { 12345, "12.3k" },
		{ 99949, "99.9k" }, { 99950, "100k" }, { 999499, "999k" }, { 999500, "1.00M" },
		{ 1234567, "1.23M" }, { 999499999, "999M" }, { 999500000, "1.00G" },
		{ 2e12, "2000G" }, { -5, "0" }, { NAN, "0" }, { INFINITY, "0" },
	};
	char buf[32];
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ok(text(top_rate_str(t[i].v, buf, sizeof(buf)), t[i].want), "rate %g: %s", t[i].v,
		   t[i].want);
}

static void latency_text(void)
{
	static const struct { unsigned long long ns; const char *want; } t[] = {
		{ 0, "0 ns" }, { 812, "812 ns" }, { 999, "999 ns" }, { 1000, "1.00 us" },
		{ 12345, "12.3 us" }, { 99949, "99.9 us" }, { 99950, "100 us" },
		{ 999499, "999 us" }, { 999500, "1.00 ms" }, { 1234567, "1.23 ms" },
		{ 999500000, "1.00 s" }, { 9223372036854775807ull, "9223372037 s" },
	};
	char buf[32];
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ok(text(top_latency_str(t[i].ns, buf, sizeof(buf)), t[i].want), "latency %llu ns: %s",
		   t[i].ns, t[i].want);
	ok(text(top_latency_str(1234567, buf, 5), "1.23"), "a short buffer: cut, terminated");
}

int main(void)
{
	rates();
	rate_text();
	latency_text();
	return tap_done();
}
