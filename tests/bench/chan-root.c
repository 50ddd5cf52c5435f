// SPDX-License-Identifier: GPL-2.0
/*
 * chan-root: the root's end of the channel benchmark (tests/bench/run.sh
 * channel, scenarios/bench-channel.sh), with the payload chan-bench in the
 * cell of tests/bench/chan-root.dts.  Under QEMU -icount, where a virtual
 * ns is an instruction.
 *
 *   chan-root [REPS [SAMPLES [MIB]]]     (5, 1000, 64)
 *
 * Over the channel "lat", raw (tools/inmates/chan-bench/protocol.h), on its
 * file as the driver gives it (VHYP_CHANNEL_OPEN: poll, read, write), both
 * clocks CNTVCT_EL0 (16 ns steps on QEMU virt), REPS batches of SAMPLES:
 *
 *   c2r  the cell rings 1 ms after being asked, its CNTVCT in the data
 *        just before; here, blocked in poll(), CNTVCT as poll() returns
 *   r2c  1 ms after the last, CNTVCT into the data, then write() rings the
 *        cell; its doorbell handler's entry takes CNTVCT and writes the
 *        difference back
 *
 * Over the channel "bulk" (1 MiB, the ring protocol through libvhypchan),
 * REPS times each, in 1 MiB pieces from one 1 MiB buffer:
 *
 *   memcpy  MIB MiB copied by memcpy() into another 1 MiB buffer: the
 *           ceiling, one copy of the bytes by one CPU
 *   send    MIB MiB by vhyp_channel_send(), until the cell has read all
 *           (vhyp_channel_unread() 0); the cell reads on each doorbell and
 *           rings back when it has made room
 *
 * Prints on stdout, for the scenario to pass on as TAP comments:
 *
 *   BENCH chan_c2r_{min,median,max}_ns V ns      per batch
 *   BENCH chan_r2c_{min,median,max}_ns V ns      per batch
 *   BENCH chan_memcpy_ns V ns                    per run
 *   BENCH chan_send_ns V ns                      per run
 *   BENCH chan_send_cell_ns V ns                 of it, the cell's handler reading
 *
 * Exits 1 with a sentence on stderr if a step fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vhyp/channel.h>
#include <vhyp/ioctl.h>

#include "protocol.h"
#include "vhyp_channel.h"

#define MIB		(1024 * 1024)
#define GAP_MS		1
#define WAIT_MS		1000

static int lat_fd;
static volatile struct lat_data *ld;
static uint64_t freq, seq;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("chan-root: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static uint64_t cntvct(void)
{
	uint64_t v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r" (v) : : "memory");
	return v;
}

static uint64_t ticks_ns(uint64_t ticks)
{
	return ticks * 1000000000 / freq;
}

/* "lat" on its own file: the window mapped, the header checked. */
static void open_lat(void)
{
	struct vhyp_channel_open o = { .size = sizeof(o) };
	const volatile struct vhyp_channel_header *hdr;
	void *win;
	int dev;

	strcpy(o.name, "lat");
	dev = open("/dev/vhyp", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die("cannot open /dev/vhyp: %s", strerror(errno));
	lat_fd = ioctl(dev, VHYP_CHANNEL_OPEN, &o);
	if (lat_fd < 0)
		die("cannot open channel lat: %s", strerror(errno));
	close(dev);
	win = mmap(NULL, VHYP_CHANNEL_HDR_SIZE + 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
		   lat_fd, 0);
	if (win == MAP_FAILED)
		die("cannot map channel lat: %s", strerror(errno));
	hdr = win;
	if (hdr->magic != VHYP_CHANNEL_MAGIC || hdr->size < sizeof(*ld))
		die("channel lat: no channel header, or less data than struct lat_data");
	ld = (volatile struct lat_data *)((char *)win + VHYP_CHANNEL_HDR_SIZE);
}

static void ring_lat(void)
{
	uint64_t one = 1;

	if (write(lat_fd, &one, sizeof(one)) != sizeof(one))
		die("cannot ring the cell over lat: %s", strerror(errno));
}

/* Until the cell answered request SEQ; the CNTVCT as the poll() that saw it returned. */
static uint64_t wait_answer(void)
{
	struct pollfd p = { .fd = lat_fd, .events = POLLIN };
	uint64_t t, events;
	int r;

	for (;;) {
		r = poll(&p, 1, WAIT_MS);
		t = cntvct();
		if (r <= 0)
			die("no answer from the cell over lat within %d ms (poll: %s)", WAIT_MS,
			    r ? strerror(errno) : "timeout");
		if (read(lat_fd, &events, sizeof(events)) != sizeof(events))
			die("cannot read lat's events: %s", strerror(errno));
		if (__atomic_load_n(&ld->cell.seq, __ATOMIC_ACQUIRE) == seq)
			return t;
	}
}

static uint64_t cell_to_root(void)
{
	uint64_t t;

	ld->root.cmd = LAT_C2R;
	ld->root.gap = freq * GAP_MS / 1000;
	__atomic_store_n(&ld->root.seq, ++seq, __ATOMIC_RELEASE);
	ring_lat();
	t = wait_answer();
	return t - ld->cell.t_ring;
}

static uint64_t root_to_cell(void)
{
	usleep(GAP_MS * 1000);
	ld->root.cmd = LAT_R2C;
	ld->root.t_ring = cntvct();
	__atomic_store_n(&ld->root.seq, ++seq, __ATOMIC_RELEASE);
	ring_lat();
	wait_answer();
	return ld->cell.lat;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void batch(const char *name, uint64_t (*sample)(void), uint64_t *v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		v[i] = ticks_ns(sample());
	qsort(v, n, sizeof(*v), cmp_u64);
	printf("BENCH chan_%s_min_ns %llu ns\n", name, (unsigned long long)v[0]);
	printf("BENCH chan_%s_median_ns %llu ns\n", name,
	       (unsigned long long)(n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2));
	printf("BENCH chan_%s_max_ns %llu ns\n", name, (unsigned long long)v[n - 1]);
	fflush(stdout);
}

static void copy_run(char *dst, const char *src, unsigned int mib)
{
	uint64_t t0 = cntvct();
	unsigned int i;

	for (i = 0; i < mib; i++) {
		memcpy(dst, src, MIB);
		asm volatile("" : : "r" (dst) : "memory");
	}
	printf("BENCH chan_memcpy_ns %llu ns\n", (unsigned long long)ticks_ns(cntvct() - t0));
}

static void send_run(struct vhyp_channel *ch, const char *src, unsigned int mib)
{
	uint64_t b0 = ld->cell.bulk_bytes, c0 = ld->cell.bulk_ticks, t0, t1;
	unsigned int i, waits = 0;

	t0 = cntvct();
	for (i = 0; i < mib; i++)
		if (vhyp_channel_send(ch, src, MIB, 10 * WAIT_MS) != MIB)
			die("%s", vhyp_channel_error());
	while (vhyp_channel_unread(ch)) {
		if (vhyp_channel_wait(ch, WAIT_MS, NULL) && errno != ETIMEDOUT)
			die("%s", vhyp_channel_error());
		if (++waits > 10)
			die("the cell did not read the last of bulk's bytes in 10 s");
	}
	t1 = cntvct();
	/* its count follows its reads: a moment later at most */
	for (i = 0; ld->cell.bulk_bytes - b0 != (uint64_t)mib * MIB; i++) {
		if (i == WAIT_MS)
			die("the cell read %llu bytes of bulk, not %u MiB",
			    (unsigned long long)(ld->cell.bulk_bytes - b0), mib);
		usleep(1000);
	}
	printf("BENCH chan_send_ns %llu ns\n", (unsigned long long)ticks_ns(t1 - t0));
	printf("BENCH chan_send_cell_ns %llu ns\n",
	       (unsigned long long)ticks_ns(ld->cell.bulk_ticks - c0));
	fflush(stdout);
}

int main(int argc, char **argv)
{
	unsigned int reps = argc > 1 ? atoi(argv[1]) : 5;
	unsigned int samples = argc > 2 ? atoi(argv[2]) : 1000;
	unsigned int mib = argc > 3 ? atoi(argv[3]) : 64;
	struct vhyp_channel *bulk;
	char *src, *dst;
	uint64_t *v;
	unsigned int r;

	if (!reps || !samples || !mib)
		die("usage: chan-root [REPS [SAMPLES [MIB]]], each at least 1");
	asm volatile("mrs %0, cntfrq_el0" : "=r" (freq));
	if (vhyp_channel_open("bulk", 0, &bulk))
		die("%s", vhyp_channel_error());
	open_lat();
	for (r = 0; __atomic_load_n(&ld->cell.ready, __ATOMIC_ACQUIRE) != LAT_READY; r++) {
		if (r == 10 * WAIT_MS)
			die("the cell did not say it was ready over lat in 10 s");
		usleep(1000);
	}
	seq = ld->cell.seq;
	v = calloc(samples, sizeof(*v));
	src = aligned_alloc(4096, MIB);
	dst = aligned_alloc(4096, MIB);
	if (!v || !src || !dst)
		die("out of memory");
	memset(src, 0x5a, MIB);		/* every page there before the clock starts */
	memset(dst, 0, MIB);

	for (r = 0; r < reps; r++)
		batch("c2r", cell_to_root, v, samples);
	for (r = 0; r < reps; r++)
		batch("r2c", root_to_cell, v, samples);
	for (r = 0; r < reps; r++) {
		copy_run(dst, src, mib);
		send_run(bulk, src, mib);
	}
	vhyp_channel_close(bulk);
	return 0;
}
