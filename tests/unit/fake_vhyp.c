// SPDX-License-Identifier: GPL-2.0
/*
 * A fake /dev/vhyp for host tests of vhypctl, as an LD_PRELOAD library:
 * open() of $FAKE_VHYP_PATH (default /fake/vhyp) returns a descriptor whose
 * ioctls answer like the driver, so that every verb's output and every
 * errno's advice can be checked without QEMU.  It checks the size fields
 * and reserved fields as the driver does, so it tests the wrappers too.
 *
 * Environment:
 *   FAKE_VHYP_FAIL=OP:ERRNO   fail OP (OPEN, GET_INFO, ENABLE, DISABLE,
 *                             CPU_STATS, CONSOLE_READ, BENCH) with ERRNO
 *   FAKE_VHYP_ENABLED=1       start enabled;   FAKE_VHYP_PANICKED=1
 *   FAKE_VHYP_ABI=N           ioctl ABI the "driver" reports
 *   FAKE_VHYP_VERSION=S       driver version string
 *   FAKE_VHYP_CPUS=N          possible CPUs (default 2)
 *   FAKE_VHYP_CONSOLE=S       console contents; FAKE_VHYP_LOST=N bytes
 *                             overwritten before them
 *   FAKE_VHYP_EXIT_SCALE=N    exit counters are (cpu + 1) * (reason + 1) * N
 *   FAKE_VHYP_LOG=FILE        append each ioctl's arguments to FILE
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <vhyp/ioctl.h>
#include <vhyp/version.h>

static int fake_fd = -1;
static int enabled = -1;	/* -1: not read from the environment yet */

static const struct { const char *name; int err; } errnos[] = {
	{ "ENODEV", ENODEV }, { "EBUSY", EBUSY }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "ENXIO", ENXIO }, { "ENOENT", ENOENT }, { "EALREADY", EALREADY },
	{ "ENOMEM", ENOMEM }, { "EIO", EIO }, { "EACCES", EACCES },
	{ "EPERM", EPERM }, { "EINVAL", EINVAL }, { "ENOTTY", ENOTTY },
	{ "EINTR", EINTR }, { "EFAULT", EFAULT }, { "E2BIG", E2BIG },
	{ "ERANGE", ERANGE }, { "EADDRNOTAVAIL", EADDRNOTAVAIL },
};

static const char *env(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v ? v : def;
}

static unsigned long long env_num(const char *name, unsigned long long def)
{
	const char *v = getenv(name);

	return v ? strtoull(v, NULL, 0) : def;
}

/* The errno FAKE_VHYP_FAIL asks for OP, or 0. */
static int fail_for(const char *op)
{
	const char *f = getenv("FAKE_VHYP_FAIL");
	size_t n = strlen(op), i;

	if (!f || strncmp(f, op, n) || f[n] != ':')
		return 0;
	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(f + n + 1, errnos[i].name))
			return errnos[i].err;
	return atoi(f + n + 1);
}

static void logf_(const char *fmt, ...)
{
	const char *path = getenv("FAKE_VHYP_LOG");
	va_list ap;
	FILE *f;

	if (!path || !(f = fopen(path, "a")))
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

int open(const char *path, int flags, ...)
{
	static int (*real_open)(const char *, int, ...);
	mode_t mode = 0;
	va_list ap;
	int err;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (!real_open)
		real_open = dlsym(RTLD_NEXT, "open");
	if (strcmp(path, env("FAKE_VHYP_PATH", "/fake/vhyp")))
		return real_open(path, flags, mode);
	err = fail_for("OPEN");
	if (err) {
		errno = err;
		return -1;
	}
	fake_fd = real_open("/dev/null", O_RDWR | (flags & O_CLOEXEC));
	if (enabled < 0)
		enabled = env_num("FAKE_VHYP_ENABLED", 0) != 0;
	return fake_fd;
}

int open64(const char *path, int flags, ...) __attribute__((alias("open")));

static int get_info(struct vhyp_info *i)
{
	unsigned int cpus = env_num("FAKE_VHYP_CPUS", 2);

	if (i->size != sizeof(*i))
		return EINVAL;
	memset(i, 0, sizeof(*i));
	i->size = sizeof(*i);
	i->ioctl_abi = env_num("FAKE_VHYP_ABI", VHYP_IOCTL_ABI);
	i->hyp_abi = VHYP_HYP_ABI;
	i->flags = (enabled ? VHYP_INFO_ENABLED : 0) |
		   (env_num("FAKE_VHYP_PANICKED", 0) ? VHYP_INFO_PANICKED : 0);
	strncpy(i->version, env("FAKE_VHYP_VERSION", VHYP_VERSION_STRING),
		sizeof(i->version) - 1);
	i->cpus_possible = cpus;
	i->cpus_online = cpus;
	i->cpus_hyp = enabled ? cpus : 0;
	i->gic_lrs = 4;
	i->hyp_mem_base = 0x48000000;
	i->hyp_mem_size = 2 << 20;
	i->hyp_mem_used = 300 << 10;
	return 0;
}

static int enable(struct vhyp_enable *e)
{
	if (e->size != sizeof(*e) || (e->flags & ~VHYP_ENABLE_FLAGS) ||
	    e->reserved[0] || e->reserved[1] || e->reserved[2] || e->reserved[3])
		return EINVAL;
	logf_("enable flags=%u uart=0x%llx\n", e->flags,
	      (unsigned long long)e->uart_base);
	if (enabled)
		return EALREADY;
	enabled = 1;
	return 0;
}

static int cpu_stats(struct vhyp_cpu_stats *s)
{
	int e;

	if (s->size != sizeof(*s) || s->reserved0 ||
	    s->cpu >= env_num("FAKE_VHYP_CPUS", 2))
		return EINVAL;
	s->flags = VHYP_CPU_ONLINE | (enabled ? VHYP_CPU_HYP : 0);
	s->mpidr = s->cpu;
	for (e = 0; e < VHYP_EXIT_NR; e++)
		s->exits[e] = (s->cpu + 1) * (e + 1) *
			      env_num("FAKE_VHYP_EXIT_SCALE", 1000003);
	return 0;
}

/* The ring as the driver shows it; at most 7 bytes a call, to make
 * vhypctl loop. */
static int console_read(struct vhyp_console_read *r)
{
	const char *text = env("FAKE_VHYP_CONSOLE", "");
	unsigned long long lost = env_num("FAKE_VHYP_LOST", 0);
	unsigned long long head = lost + strlen(text), pos = r->pos, n;

	if (r->size != sizeof(*r) || r->flags || r->cell)
		return EINVAL;
	r->lost = 0;
	if (pos < lost) {
		r->lost = lost - pos;
		pos = lost;
	}
	if (pos > head)
		pos = head;
	n = head - pos;
	if (n > r->len)
		n = r->len;
	if (n > 7)
		n = 7;
	memcpy((void *)(unsigned long)r->buf, text + (pos - lost), n);
	r->len = n;
	r->pos = pos + n;
	r->head = head;
	return 0;
}

static int bench(struct vhyp_bench *b)
{
	if (b->size != sizeof(*b) || b->op != VHYP_BENCH_HVC_NOP ||
	    !b->iterations || b->iterations > 10000000 || b->reserved[0] ||
	    b->reserved[1])
		return EINVAL;
	logf_("bench op=%u iterations=%llu\n", b->op,
	      (unsigned long long)b->iterations);
	b->ticks = b->iterations * 10;
	b->freq = 62500000;
	return 0;
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real_ioctl)(int, unsigned long, ...);
	const char *op;
	void *arg;
	va_list ap;
	int err;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real_ioctl)
		real_ioctl = dlsym(RTLD_NEXT, "ioctl");
	if (fd != fake_fd || fd < 0)
		return real_ioctl(fd, req, arg);

	switch (req) {
	case VHYP_GET_INFO:	 op = "GET_INFO"; break;
	case VHYP_ENABLE:	 op = "ENABLE"; break;
	case VHYP_DISABLE:	 op = "DISABLE"; break;
	case VHYP_GET_CPU_STATS: op = "CPU_STATS"; break;
	case VHYP_CONSOLE_READ:	 op = "CONSOLE_READ"; break;
	case VHYP_BENCH:	 op = "BENCH"; break;
	default:
		errno = ENOTTY;
		return -1;
	}
	err = fail_for(op);
	if (!err) {
		switch (req) {
		case VHYP_GET_INFO:	 err = get_info(arg); break;
		case VHYP_ENABLE:	 err = enable(arg); break;
		case VHYP_DISABLE:
			err = enabled ? 0 : EALREADY;
			enabled = 0;
			break;
		case VHYP_GET_CPU_STATS: err = cpu_stats(arg); break;
		case VHYP_CONSOLE_READ:	 err = console_read(arg); break;
		case VHYP_BENCH:	 err = bench(arg); break;
		}
	}
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

int close(int fd)
{
	static int (*real_close)(int);

	if (!real_close)
		real_close = dlsym(RTLD_NEXT, "close");
	if (fd == fake_fd)
		fake_fd = -1;
	return real_close(fd);
}
