// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: sizes, CPU sets and access flags as people read them, for the
 * sentences of the config checker and the summaries of 'vhypctl config'.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"

const char *size_str(uint64_t size, char *buf, size_t len)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;

	while (u < 4 && size && !(size % 1024)) {
		size /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)size, units[u]);
	return buf;
}

const char *cpu_mask_str(uint64_t mask, const char *sep, char *buf, size_t len)
{
	size_t o = 0;
	int cpu;

	buf[0] = '\0';
	for (cpu = 0; cpu < 64 && o < len; cpu++)
		if (mask & (1ull << cpu))
			o += snprintf(buf + o, len - o, "%s%d", o ? sep : "", cpu);
	return buf;
}

const char *mem_access_str(uint32_t flags, char buf[4])
{
	buf[0] = flags & VHYP_MEM_READ ? 'r' : '-';
	buf[1] = flags & VHYP_MEM_WRITE ? 'w' : '-';
	buf[2] = flags & VHYP_MEM_EXEC ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}
