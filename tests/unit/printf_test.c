// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the hypervisor's snprintf (hyp/printf.c, the very file
 * the hypervisor compiles), printing TAP: each format against the string
 * it must give and, where hyp_snprintf means to behave as C's snprintf,
 * against the host's snprintf as well, truncation byte for byte.
 */
#include <limits.h>
#include <sys/types.h>
#include <stdbool.h>	/* before the shim: its bool must give way */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "printf.h"

#define SENTINEL	'\x7f'
#define BUF		128

static unsigned int n_test, n_failed;

static void report(bool cond, const char *fmt, const char *got, int got_ret, const char *want,
		   int want_ret, const char *who)
{
	n_test++;
	printf("%sok %u - \"%s\" -> \"%s\"%s\n", cond ? "" : "not ", n_test, fmt, want, who);
	if (!cond) {
		n_failed++;
		printf("#   got:  \"%s\" (%d)\n", got, got_ret);
		printf("#   want: \"%s\" (%d)\n", want, want_ret);
	}
}

/* vformat 'fmt' with hyp and, unless 'hyp_only', the host: both must give 'want'. */
static void vcheck(bool hyp_only, const char *want, const char *fmt, va_list ap)
{
	char hyp[BUF], host[BUF];
	int hyp_ret, host_ret = 0;
	va_list aq;

	va_copy(aq, ap);
	hyp_ret = hyp_vsnprintf(hyp, sizeof(hyp), fmt, ap);
	if (!hyp_only)
		host_ret = vsnprintf(host, sizeof(host), fmt, aq);
	va_end(aq);
	if (!hyp_only && (strcmp(host, want) || host_ret != (int)strlen(want))) {
		/* the expectation is wrong, not hyp_snprintf */
		report(false, fmt, host, host_ret, want, (int)strlen(want), " (host snprintf)");
		return;
	}
	report(!strcmp(hyp, want) && hyp_ret == (int)strlen(want), fmt, hyp, hyp_ret, want,
	       (int)strlen(want), hyp_only ? " (hyp only)" : ", as the host's");
}

/* hyp_snprintf and the host's snprintf agree on 'want' */
static void check(const char *want, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(false, want, fmt, ap);
	va_end(ap);
}

/* where hyp_snprintf differs from the host's on purpose */
static void check_hyp(const char *want, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check_hyp(const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(true, want, fmt, ap);
	va_end(ap);
}

/*
 * Into a buffer of 'size' bytes (NULL if 0): the same bytes as the host's
 * snprintf, nothing written past 'size', the same return value.
 */
static bool same_truncated(size_t size, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool same_truncated(size_t size, const char *fmt, ...)
{
	char hyp[BUF], host[BUF];
	int hyp_ret, host_ret;
	va_list ap, aq;

	memset(hyp, SENTINEL, sizeof(hyp));
	memset(host, SENTINEL, sizeof(host));
	va_start(ap, fmt);
	va_copy(aq, ap);
	hyp_ret = hyp_vsnprintf(size ? hyp : NULL, size, fmt, ap);
	host_ret = vsnprintf(size ? host : NULL, size, fmt, aq);
	va_end(aq);
	va_end(ap);
	if (hyp_ret == host_ret && !memcmp(hyp, host, sizeof(hyp)))
		return true;
	printf("#   size %zu: hyp \"%.*s\" (%d), host \"%.*s\" (%d)\n", size, (int)size, hyp,
	       hyp_ret, (int)size, host, host_ret);
	return false;
}

static void ok(bool cond, const char *name)
{
	n_test++;
	printf("%sok %u - %s\n", cond ? "" : "not ", n_test, name);
	if (!cond)
		n_failed++;
}

int main(void)
{
	const char *volatile null = NULL;	/* not a known NULL: no -Wformat-overflow */
	char buf[16];
	bool all;
	size_t n;

	/* signed */
	check("0 42 -42", "%d %d %d", 0, 42, -42);
	check("2147483647 -2147483648", "%d %d", INT_MAX, INT_MIN);
	check("-7 -7", "%i %li", -7, -7L);
	check("-9223372036854775808 9223372036854775807", "%lld %lld", LLONG_MIN, LLONG_MAX);
	check("-9223372036854775807 -1", "%lld %ld", LLONG_MIN + 1, -1L);
	check("-9223372036854775808", "%ld", LONG_MIN);
	check("-5", "%zd", (ssize_t)-5);
	check("   42|42   |-0042|12345", "%5d|%-5d|%05d|%3d", 42, 42, -42, 12345);
	check("  -2147483648", "%13d", INT_MIN);
	check("-00000000000000000000009223372036854775808", "%042lld", LLONG_MIN);

	/* unsigned */
	check("0 4294967295", "%u %u", 0U, UINT_MAX);
	check("18446744073709551615", "%lu", ULONG_MAX);
	check("18446744073709551615", "%llu", ULLONG_MAX);
	check("18446744073709551615 12345", "%zu %zu", SIZE_MAX, (size_t)12345);
	check("00042|   42|42   ", "%05u|%5u|%-5u", 42U, 42U, 42U);

	/* hexadecimal */
	check("deadbeef DEADBEEF", "%x %X", 0xdeadbeefU, 0xdeadbeefU);
	check("0xbeef 0XBEEF 0", "%#x %#X %#x", 0xbeefU, 0xbeefU, 0U);
	check("00001234|0x001234|  0x1234|0x1234  |", "%08x|%#08x|%#8x|%-#8x|", 0x1234U, 0x1234U,
	      0x1234U, 0x1234U);
	check("fedcba9876543210 FEDCBA9876543210", "%llx %llX", 0xfedcba9876543210ULL,
	      0xfedcba9876543210ULL);
	check("0xffffffffffffffff 0000000000001234", "%#llx %016llx", ~0ULL, 0x1234ULL);
	check("ffffffff", "%x", -1);
	check("8000000000000000 ffffffffffffffff", "%lx %zx", 1UL << 63, SIZE_MAX);

	/* pointers: 0x and hex digits, as glibc, but NULL is 0x0, not (nil) */
	check("0x1234 0xffff800012345678", "%p %p", (void *)0x1234, (void *)0xffff800012345678UL);
	check("    0x1234|0x1234    |", "%10p|%-10p|", (void *)0x1234, (void *)0x1234);
	check_hyp("0x0", "%p", NULL);

	/* strings and characters */
	check("abc () (null)", "%s (%s) %s", "abc", "", null);
	check("   ab|ab   |abcdef", "%5s|%-5s|%2s", "ab", "ab", "abcdef");
	check("(null)  |  (null)", "%-8s|%8s", null, null);
	check("x abc", "%c %c%c%c", 'x', 'a', 'b', 'c');
	check("  x|x  |", "%3c|%-3c|", 'x', 'x');
	check("100% %d", "100%% %%d");

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
	/* '-' wins over '0' (C says so; GCC warns) */
	check("-42  |7    |", "%-05d|%-05x|", -42, 7U);

	/* what hyp_snprintf does with what it does not know */
	check_hyp("%q", "%q");
	check_hyp("a%y5b", "a%y%db", 5);
	check_hyp("50", "50%");
	check_hyp("50", "50%-08l");
#pragma GCC diagnostic pop

	/* truncation: always NUL-terminated, nothing written past size, full length returned */
	n = (size_t)hyp_snprintf(buf, 5, "%s", "hello world");
	ok(n == 11 && !strcmp(buf, "hell"), "size 5: \"hell\", returns 11");
	memset(buf, SENTINEL, sizeof(buf));
	n = (size_t)hyp_snprintf(buf, 1, "%d", 12345);
	ok(n == 5 && buf[0] == '\0' && buf[1] == SENTINEL, "size 1: only the NUL, returns 5");
	memset(buf, SENTINEL, sizeof(buf));
	n = (size_t)hyp_snprintf(buf, 0, "%s", "abc");
	ok(n == 3 && buf[0] == SENTINEL, "size 0: writes nothing, returns 3");
	ok(hyp_snprintf(NULL, 0, "%llx", ~0ULL) == 16, "size 0 with a NULL buffer: returns 16");
	all = true;
	for (n = 0; n <= 40; n++)
		all &= same_truncated(n, "%-6s|%#06x|%lld|%3c|%8s", "ab", 0x2aU, LLONG_MIN, 'z',
				      null);
	ok(all, "every size from 0 to 40 (through padding, prefix, sign): the host's bytes");
	all = true;
	for (n = 0; n <= 12; n++)
		all &= same_truncated(n, "%010d", -123);
	ok(all, "every size of \"%010d\" of -123: the host's bytes");

	printf("1..%u\n", n_test);
	return n_failed ? 1 : 0;
}
