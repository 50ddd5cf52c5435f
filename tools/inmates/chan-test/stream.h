/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test stream of chan-test and of the root's tests/hostile/chan-xfer:
 * byte i of stream SEED is byte i % 8 (little-endian) of word i / 8, and
 * word k is splitmix64 of SEED + k, so that any piece can be made or
 * checked on its own, at any offset, by either end.  Freestanding.
 */
#ifndef CHAN_TEST_STREAM_H
#define CHAN_TEST_STREAM_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t stream_word(uint64_t seed, uint64_t k)
{
	uint64_t z = seed + k * 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Bytes [off, off + 8 * n) of stream SEED into W (off a multiple of 8). */
static inline void stream_fill(uint64_t seed, uint64_t off, uint64_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		w[i] = stream_word(seed, off / 8 + i);
}

/* The first word of W[0..n) that is not stream SEED's at OFF, or n. */
static inline size_t stream_check(uint64_t seed, uint64_t off, const uint64_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] != stream_word(seed, off / 8 + i))
			return i;
	return n;
}

#endif
