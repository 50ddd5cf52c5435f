// SPDX-License-Identifier: GPL-2.0
/*
 * inscount: how many instructions the machine executed while a command
 * ran, for the benchmarks under QEMU -icount (tests/bench/run.sh).
 *
 *   inscount [-c CPU] CMD [ARG...]
 *
 * Prints, on stderr once CMD has ended,
 *
 *   inscount: instructions N ns T
 *
 * N from the PMU's INST_RETIRED event (0x08) on CPU (0), counting at EL0,
 * EL1 and EL2; T the CLOCK_MONOTONIC nanoseconds CMD took.  Exits with
 * CMD's status (128 + signal if it was killed), 125 if the counter cannot
 * be had, 127 if CMD cannot be run.
 *
 * Why this counter.  Under -icount shift=0,sleep=off the guest's clock
 * counts executed instructions, but when every CPU waits (for a disk, say)
 * QEMU moves the clock on to the next timer deadline at once, so a time
 * includes such jumps, which depend on when the host finished the I/O.
 * QEMU implements INST_RETIRED only under -icount, as its instruction
 * count: that of all vCPUs together (one TCG thread runs them in turn),
 * without the jumps.  A counter on one CPU therefore sees every CPU's
 * instructions, whatever the others run, as long as that CPU is at an
 * exception level it counts, hence all three.  On hardware the same
 * program counts one CPU's instructions only.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define INST_RETIRED 0x08

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct perf_event_attr attr;
	int cpu = 0, fd, status, argi = 1;
	uint64_t count, t0, t1;
	pid_t pid;

	if (argc > 2 && !strcmp(argv[1], "-c")) {
		cpu = atoi(argv[2]);
		argi = 3;
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: inscount [-c CPU] CMD [ARG...]\n");
		return 125;
	}

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_RAW;
	attr.config = INST_RETIRED;
	attr.config1 = 1;	/* a 64-bit (chained) counter */
	attr.disabled = 1;
	attr.pinned = 1;	/* never multiplexed: counts all along */
	/* exclude_user, exclude_kernel, exclude_hv all 0: EL0, EL1, EL2 */
	fd = syscall(SYS_perf_event_open, &attr, -1, cpu, -1, 0);
	if (fd < 0) {
		fprintf(stderr, "inscount: perf_event_open(INST_RETIRED, CPU %d): %s "
			"(QEMU has the event only under -icount)\n", cpu, strerror(errno));
		return 125;
	}

	ioctl(fd, PERF_EVENT_IOC_RESET, 0);
	t0 = now_ns();
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	pid = fork();
	if (pid == 0) {
		execvp(argv[argi], argv + argi);
		fprintf(stderr, "inscount: %s: %s\n", argv[argi], strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "inscount: fork or wait: %s\n", strerror(errno));
		return 125;
	}
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	t1 = now_ns();
	if (read(fd, &count, sizeof(count)) != sizeof(count)) {
		fprintf(stderr, "inscount: reading the counter: %s\n", strerror(errno));
		return 125;
	}
	fprintf(stderr, "inscount: instructions %llu ns %llu\n",
		(unsigned long long)count, (unsigned long long)(t1 - t0));
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
