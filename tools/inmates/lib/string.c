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

	/* 64 bytes a step where both are 16-byte aligned: a channel's ring copies (make bench) */
	if (!(((uintptr_t)d | (uintptr_t)s) & 15)) {
		for (; n >= 64; n -= 64, d += 64, s += 64)
			asm volatile("ldp x2, x3, [%1]\n	ldp x4, x5, [%1, #16]\n"
				     "ldp x6, x7, [%1, #32]\n	ldp x8, x9, [%1, #48]\n"
				     "stp x2, x3, [%0]\n	stp x4, x5, [%0, #16]\n"
				     "stp x6, x7, [%0, #32]\n	stp x8, x9, [%0, #48]"
				     : : "r" (d), "r" (s)
				     : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "memory");
	}
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

int str_same(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return *a == *b;
}

char *str_word(char *line, size_t *at)
{
	char *w;

	while (line[*at] == ' ')
		(*at)++;
	w = line + *at;
	while (line[*at] && line[*at] != ' ')
		(*at)++;
	if (line[*at])
		line[(*at)++] = '\0';
	return w;
}
