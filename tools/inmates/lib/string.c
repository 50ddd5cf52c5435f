// SPDX-License-Identifier: GPL-2.0
/*
 * memcpy() and memset(), which GCC may call even in a freestanding
 * program and which tools/channel/vhyp_ring.c copies with; numbers to and
 * from decimal text, for the lines payloads exchange over channels.  With the MMU
 * off every access is to Device memory, where an unaligned one faults:
 * 8 bytes at a time only when both sides are aligned, else bytes.  The
 * barrier in each loop keeps GCC from turning the loop back into a call
 * of the very function.
 */
#include <stddef.h>

#include "inmate.h"

typedef uint64_t __attribute__((may_alias)) word_t;

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (!(((uintptr_t)d | (uintptr_t)s) & 7)) {
		for (; n >= 8; n -= 8, d += 8, s += 8) {
			*(word_t *)d = *(const word_t *)s;
			barrier();
		}
	}
	for (; n; n--) {
		*d++ = *s++;
		barrier();
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	for (; n; n--) {
		*d++ = (unsigned char)c;
		barrier();
	}
	return dst;
}

size_t u64_to_str(uint64_t v, char buf[21])
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

int str_to_u64(const char *s, uint64_t *v)
{
	uint64_t r = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (r > (~0ull - (*s - '0')) / 10)
			return -1;		/* more than 64 bits */
		r = r * 10 + (*s - '0');
	}
	if (*s)
		return -1;
	*v = r;
	return 0;
}

const char *str_skip(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (*s != *prefix)
			return NULL;
	return s;
}

size_t str_cat(char *buf, size_t len, size_t at, const char *s)
{
	while (*s && at + 1 < len)
		buf[at++] = *s++;
	if (at < len)
		buf[at] = '\0';
	return at;
}
