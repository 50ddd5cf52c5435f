// SPDX-License-Identifier: GPL-2.0
/*
 * chan-xfer: the root's end of the channel tests (tests/qemu/scenarios/
 * channels.sh), over libvhypchan, as any root program would use it.
 *
 *   chan-xfer send NAME MIB SEED    MIB MiB of test stream SEED into NAME
 *   chan-xfer recv NAME MIB SEED    MIB MiB from NAME, every byte checked
 *
 * The stream is chan-test's (tools/inmates/chan-test/stream.h), so either
 * end can make or check it.  One line on stdout says how it went and how
 * fast, in MiB/s of the machine's clock; the exit status is 0 only when
 * every byte went, or came, as it should.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vhyp_channel.h"
#include "../../tools/inmates/chan-test/stream.h"

#define BLOCK		4096
#define WAIT_MS		20000

static uint64_t block[BLOCK / 8];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int send_all(struct vhyp_channel *ch, const char *name, uint64_t bytes, uint64_t seed)
{
	uint64_t done;

	for (done = 0; done < bytes; done += BLOCK) {
		stream_fill(seed, done, block, BLOCK / 8);
		if (vhyp_channel_send(ch, block, BLOCK, WAIT_MS) != BLOCK) {
			printf("chan-xfer: send %s: stopped after %llu bytes: %s\n", name,
			       (unsigned long long)done, vhyp_channel_error());
			return 1;
		}
	}
	return 0;
}

static int recv_all(struct vhyp_channel *ch, const char *name, uint64_t bytes, uint64_t seed)
{
	uint64_t done = 0, fill = 0;
	size_t bad;
	ssize_t n;

	while (done < bytes) {
		n = vhyp_channel_recv(ch, (char *)block + fill, BLOCK - fill, WAIT_MS);
		if (n <= 0) {
			printf("chan-xfer: recv %s: stopped after %llu bytes: %s\n", name,
			       (unsigned long long)(done + fill), vhyp_channel_error());
			return 1;
		}
		fill += n;
		if (fill < BLOCK)
			continue;
		bad = stream_check(seed, done, block, BLOCK / 8);
		if (bad < BLOCK / 8) {
			printf("chan-xfer: recv %s: byte %llu is %#llx, not %#llx\n", name,
			       (unsigned long long)(done + bad * 8), (unsigned long long)block[bad],
			       (unsigned long long)stream_word(seed, done / 8 + bad));
			return 1;
		}
		done += BLOCK;
		fill = 0;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct vhyp_channel *ch;
	uint64_t mib, seed;
	double t;
	int ret;

	if (argc != 5 || (strcmp(argv[1], "send") && strcmp(argv[1], "recv"))) {
		fprintf(stderr, "usage: chan-xfer send|recv NAME MIB SEED\n");
		return 2;
	}
	mib = strtoull(argv[3], NULL, 0);
	seed = strtoull(argv[4], NULL, 0);
	if (vhyp_channel_open(argv[2], 0, &ch)) {
		printf("chan-xfer: %s\n", vhyp_channel_error());
		return 1;
	}
	t = now_s();
	ret = !strcmp(argv[1], "send") ? send_all(ch, argv[2], mib << 20, seed) :
					 recv_all(ch, argv[2], mib << 20, seed);
	t = now_s() - t;
	if (!ret)
		printf("chan-xfer: %s %s: %llu MiB %s in %.2f s (%.1f MiB/s)\n", argv[1], argv[2],
		       (unsigned long long)mib, !strcmp(argv[1], "send") ? "sent" : "all as sent",
		       t, t > 0 ? mib / t : 0.0);
	vhyp_channel_close(ch);
	return ret;
}
