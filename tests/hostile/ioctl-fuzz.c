// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl-fuzz: hostile callers of /dev/vhyp (issue 6).  Runs in the QEMU
 * guest (tests/qemu/scenarios/hostile.sh), never on a host that matters.
 *
 *   ioctl-fuzz [-n ITERATIONS] [-s SEED] [-c CELL]   as root (2000, time)
 *   ioctl-fuzz --unprivileged                        open and every ioctl
 *                                                    as uid/gid 65534
 *   ioctl-fuzz --ram-overflow                        one cell config whose
 *                                                    RAM size overflows a
 *                                                    page count
 *
 * As root, with vhyp enabled and the cell CELL ("hello") running, it
 * calls every ioctl of uapi/vhyp/ioctl.h and unknown ones (other magic,
 * other number, wrong direction or size bits) with a NULL pointer, an
 * unmapped one, a kernel one, a read-only page, a struct running into a
 * page without access,
 * size fields of 0, one short, one long and 0xffffffff, reserved fields
 * and unknown flags set, cell ids 0, 9, huge and -1, huge lengths and
 * addresses, cell configs that each break one rule, then ITERATIONS calls
 * with random structs (seeded; the seed is printed).  Each call must fail
 * with an errno from the set it is allowed (or succeed where that is
 * legitimate), and never change the live cell.  A cell config accepted
 * against the rules is destroyed and printed.  Prints one line per
 * failed check and a summary; exits 0 if no check failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <vhyp/ioctl.h>
#include <vhyp/status.h>

#define PAGE		4096
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1ull << (n))

/* errno sets a call may fail with (bit 0: it may succeed); errnos < 128 */
typedef unsigned __int128 errset;
#define E(x)		((errset)1 << (x))
#define E_ANY_REFUSAL	(E(EINVAL) | E(EFAULT) | E(ENOENT) | E(ENOTTY) | E(EALREADY) | \
			 E(EBUSY) | E(EPERM) | E(ENOMEM) | E(EEXIST) | E(ENOSPC) | \
			 E(EOPNOTSUPP) | E(ENOTCONN) | E(ENOEXEC) | E(EIO))

struct ioc {
	const char *name;
	unsigned long cmd;
	unsigned int size;	/* of the struct, 0: no argument */
};

static const struct ioc iocs[] = {
	{ "GET_INFO", VHYP_GET_INFO, sizeof(struct vhyp_info) },
	{ "ENABLE", VHYP_ENABLE, sizeof(struct vhyp_enable) },
	{ "DISABLE", VHYP_DISABLE, 0 },
	{ "GET_CPU_STATS", VHYP_GET_CPU_STATS, sizeof(struct vhyp_cpu_stats) },
	{ "CONSOLE_READ", VHYP_CONSOLE_READ, sizeof(struct vhyp_console_read) },
	{ "BENCH", VHYP_BENCH, sizeof(struct vhyp_bench) },
	{ "CONSOLE_WRITE", VHYP_CONSOLE_WRITE, sizeof(struct vhyp_console_write) },
	{ "CELL_CREATE", VHYP_CELL_CREATE, sizeof(struct vhyp_cell_config) },
	{ "CELL_LOAD", VHYP_CELL_LOAD, sizeof(struct vhyp_cell_load) },
	{ "CELL_START", VHYP_CELL_START, sizeof(struct vhyp_cell_ref) },
	{ "CELL_STOP", VHYP_CELL_STOP, sizeof(struct vhyp_cell_ref) },
	{ "CELL_DESTROY", VHYP_CELL_DESTROY, sizeof(struct vhyp_cell_ref) },
	{ "CELL_INFO", VHYP_CELL_INFO, sizeof(struct vhyp_cell_info) },
	{ "CELL_CONFIG", VHYP_CELL_CONFIG, sizeof(struct vhyp_cell_get_config) },
};

static int fd = -1;
static unsigned int live_id;		/* the cell that must survive */
static struct vhyp_cell_config live_cfg;
static char *scratch;			/* 2 pages, read-write */
static char *hole;			/* a page, no access (PROT_NONE) */
static char *ro;			/* a page, read-only, zero */
static char *edge;			/* a page, read-write; the next one unmapped */
static unsigned long calls, failures, accepted;
static unsigned long by_errno[256];
static uint64_t rng_state;

static uint64_t rnd(void)		/* xorshift64* */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	failures++;
}

/* One call; returns its result, errno in *err (0 on success). */
static long call(unsigned long cmd, void *arg, int *err)
{
	long ret;

	errno = 0;
	ret = ioctl(fd, cmd, arg);
	*err = ret < 0 ? errno : 0;
	calls++;
	by_errno[*err & 0xff]++;
	return ret;
}

/* A call that must fail with one of the errnos in allowed (0 in it: may succeed). */
static long expect(const char *what, unsigned long cmd, void *arg, errset allowed)
{
	int err;
	long ret = call(cmd, arg, &err);

	if (err ? !(err < 128 && (allowed & E(err))) : !(allowed & 1))
		fail("%s: %s (%ld)", what, err ? strerror(err) : "succeeded", ret);
	return err ? -err : ret;
}

static void hexdump(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x%s", b[i], i % 32 == 31 || i == n - 1 ? "\n" : "");
}

static void destroy(unsigned int id)
{
	struct vhyp_cell_ref ref = { .size = sizeof(ref), .id = id };
	int err;

	if (call(VHYP_CELL_DESTROY, &ref, &err))
		fail("could not destroy cell %u: %s", id, strerror(err));
}

/* A cell config that must be refused; one that is not is destroyed and shown. */
static void create_refused(const char *what, struct vhyp_cell_config *cfg, errset allowed)
{
	int err;
	long ret = call(VHYP_CELL_CREATE, cfg, &err);

	if (ret > 0) {
		fail("CELL_CREATE %s: accepted as cell %ld; its config:", what, ret);
		hexdump(cfg, sizeof(*cfg));
		accepted++;
		destroy(ret);
		return;
	}
	if (!err || err >= 128 || !(allowed & E(err)))
		fail("CELL_CREATE %s: %s (%ld)", what, err ? strerror(err) : "returned 0", ret);
}

static void *map(int prot)
{
	void *p = mmap(NULL, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

static void setup_memory(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	scratch = p;
	edge = p + 2 * PAGE;
	hole = p + 3 * PAGE;
	/* not munmap(): the next mmap() could fill the gap */
	mprotect(hole, PAGE, PROT_NONE);
	ro = map(PROT_READ);
}

/* The live cell: its id and its config, the template of the create tests. */
static void find_cell(const char *name)
{
	struct vhyp_cell_info info;
	struct vhyp_cell_get_config gc;
	unsigned int id;
	int err;

	for (id = 1; id <= VHYP_MAX_CELLS; id++) {
		memset(&info, 0, sizeof(info));
		info.size = sizeof(info);
		info.id = id;
		if (!call(VHYP_CELL_INFO, &info, &err) && !strcmp(info.name, name))
			break;
	}
	if (id > VHYP_MAX_CELLS) {
		printf("no cell '%s': create and start it first\n", name);
		exit(2);
	}
	live_id = id;
	gc = (struct vhyp_cell_get_config){ .size = sizeof(gc), .id = id,
					    .buf = (uintptr_t)&live_cfg };
	if (call(VHYP_CELL_CONFIG, &gc, &err)) {
		printf("CELL_CONFIG of cell %u: %s\n", id, strerror(err));
		exit(2);
	}
	printf("live cell '%s' is cell %u, CPUs %#llx\n", name, id,
	       (unsigned long long)live_cfg.cpus);
}

static unsigned int cell_state(unsigned int id)
{
	struct vhyp_cell_info info = { .size = sizeof(info), .id = id };
	int err;

	return call(VHYP_CELL_INFO, &info, &err) ? 0 : info.state;
}

/* ---- pointers and sizes, for every ioctl */

static void test_pointers(void)
{
	unsigned int i;
	char what[96];

	for (i = 0; i < ARRAY_SIZE(iocs); i++) {
		const struct ioc *c = &iocs[i];

		if (!c->size)
			continue;
		snprintf(what, sizeof(what), "%s with NULL", c->name);
		expect(what, c->cmd, NULL, E(EFAULT));
		snprintf(what, sizeof(what), "%s with a pointer to no access", c->name);
		expect(what, c->cmd, hole, E(EFAULT));
		snprintf(what, sizeof(what), "%s with a pointer to page 1", c->name);
		expect(what, c->cmd, (void *)PAGE, E(EFAULT));
		snprintf(what, sizeof(what), "%s with a kernel address", c->name);
		expect(what, c->cmd, (void *)0xffff800008000000ul, E(EFAULT));
		/* all but the size field fits; the rest is unmapped */
		memset(edge, 0, PAGE);
		*(__u32 *)(hole - 4) = c->size;
		snprintf(what, sizeof(what), "%s struct running into no access", c->name);
		expect(what, c->cmd, hole - 4, E(EFAULT));
		/* read-only page: a size of 0 there, so EINVAL before any write */
		snprintf(what, sizeof(what), "%s on a read-only zero page", c->name);
		expect(what, c->cmd, ro, E(EINVAL) | E(EFAULT));
	}
	/* a read-only struct of the right size: nothing may be written into it */
	{
		char *p = map(PROT_READ | PROT_WRITE);
		struct vhyp_info *info = (void *)p;

		info->size = sizeof(*info);
		mprotect(p, PAGE, PROT_READ);
		expect("GET_INFO into a read-only page", VHYP_GET_INFO, p, E(EFAULT));
		mprotect(p, PAGE, PROT_READ | PROT_WRITE);
		memset(p, 0, PAGE);
		((struct vhyp_cpu_stats *)p)->size = sizeof(struct vhyp_cpu_stats);
		mprotect(p, PAGE, PROT_READ);
		expect("GET_CPU_STATS into a read-only page", VHYP_GET_CPU_STATS, p, E(EFAULT));
		mprotect(p, PAGE, PROT_READ | PROT_WRITE);
		memset(p, 0, PAGE);
		*(struct vhyp_cell_info *)p = (struct vhyp_cell_info){
			.size = sizeof(struct vhyp_cell_info), .id = live_id };
		mprotect(p, PAGE, PROT_READ);
		expect("CELL_INFO into a read-only page", VHYP_CELL_INFO, p, E(EFAULT));
		mprotect(p, PAGE, PROT_READ | PROT_WRITE);
		memset(p, 0, PAGE);
		*(struct vhyp_console_read *)p = (struct vhyp_console_read){
			.size = sizeof(struct vhyp_console_read), .len = 0 };
		mprotect(p, PAGE, PROT_READ);
		expect("CONSOLE_READ into a read-only page", VHYP_CONSOLE_READ, p, E(EFAULT));
		munmap(p, PAGE);
	}
}

static void test_sizes(void)
{
	const __u32 sizes[] = { 0, 1, 4, 0xffffffff, 0x80000000 };
	unsigned int i, j;
	char what[96];

	for (i = 0; i < ARRAY_SIZE(iocs); i++) {
		const struct ioc *c = &iocs[i];
		__u32 bad[ARRAY_SIZE(sizes) + 2];

		if (!c->size)
			continue;
		memcpy(bad, sizes, sizeof(sizes));
		bad[ARRAY_SIZE(sizes)] = c->size - 1;
		bad[ARRAY_SIZE(sizes) + 1] = c->size + 1;
		for (j = 0; j < ARRAY_SIZE(bad); j++) {
			memset(scratch, 0, 2 * PAGE);
			*(__u32 *)scratch = bad[j];
			snprintf(what, sizeof(what), "%s with size %#x", c->name, bad[j]);
			expect(what, c->cmd, scratch, E(EINVAL));
		}
	}
}

/* Other magic, other numbers, the known ones with other direction or size bits. */
static void test_unknown(void)
{
	unsigned int i, nr;
	char what[96];

	for (nr = 0; nr < 0x40; nr++) {
		for (i = 0; i < ARRAY_SIZE(iocs); i++)
			if (_IOC_NR(iocs[i].cmd) == nr)
				break;
		if (i < ARRAY_SIZE(iocs))
			continue;
		snprintf(what, sizeof(what), "unknown nr %#x", nr);
		expect(what, _IOWR(VHYP_IOC_MAGIC, nr, struct vhyp_info), scratch, E(ENOTTY));
		expect(what, _IO(VHYP_IOC_MAGIC, nr), NULL, E(ENOTTY));
	}
	for (i = 0; i < ARRAY_SIZE(iocs); i++) {
		unsigned long cmd = iocs[i].cmd;
		unsigned long nr = _IOC_NR(cmd), size = _IOC_SIZE(cmd);
		const unsigned long variants[] = {
			_IOC(_IOC_NONE, VHYP_IOC_MAGIC, nr, size),
			_IOC(_IOC_READ, VHYP_IOC_MAGIC, nr, size),
			_IOC(_IOC_WRITE, VHYP_IOC_MAGIC, nr, size),
			_IOC(_IOC_READ | _IOC_WRITE, VHYP_IOC_MAGIC, nr, size),
			_IOC(_IOC_DIR(cmd), VHYP_IOC_MAGIC, nr, size + 8),
			_IOC(_IOC_DIR(cmd), VHYP_IOC_MAGIC, nr, size ? size - 8 : 8),
			_IOC(_IOC_DIR(cmd), VHYP_IOC_MAGIC, nr, _IOC_SIZEMASK),
			_IOC(_IOC_DIR(cmd), 0xB5, nr, size),
			_IOC(_IOC_DIR(cmd), 'V', nr, size),
			cmd | 0xffffffff00000000ul,
		};
		unsigned int v;

		for (v = 0; v < ARRAY_SIZE(variants); v++) {
			if ((unsigned int)variants[v] == (unsigned int)cmd)
				continue;	/* the ioctl itself */
			memset(scratch, 0, 2 * PAGE);
			*(__u32 *)scratch = iocs[i].size;
			snprintf(what, sizeof(what), "%s variant %#lx", iocs[i].name, variants[v]);
			expect(what, variants[v], scratch, E(ENOTTY) | E(EINVAL));
		}
	}
}

/* ---- fields: reserved, flags, ids, counts */

static const __u32 bad_ids[] = { 0, VHYP_MAX_CELLS + 1, 64, 0x7fffffff, 0x80000000, 0xffffffff };

static void test_ref(const char *name, unsigned long cmd)
{
	struct vhyp_cell_ref ref;
	unsigned int i;
	char what[96];

	for (i = 0; i < ARRAY_SIZE(bad_ids); i++) {
		ref = (struct vhyp_cell_ref){ .size = sizeof(ref), .id = bad_ids[i] };
		snprintf(what, sizeof(what), "%s of cell %#x", name, bad_ids[i]);
		expect(what, cmd, &ref, E(ENOENT) | E(EINVAL));
	}
	for (i = 0; i < 2; i++) {
		ref = (struct vhyp_cell_ref){ .size = sizeof(ref), .id = live_id };
		ref.reserved[i] = 1ull << 63;
		snprintf(what, sizeof(what), "%s with reserved[%u] set", name, i);
		expect(what, cmd, &ref, E(EINVAL));
	}
}

static void test_fields(void)
{
	struct vhyp_enable en;
	struct vhyp_cpu_stats st;
	struct vhyp_console_read cr;
	struct vhyp_console_write cw;
	struct vhyp_bench b;
	struct vhyp_cell_load ld;
	struct vhyp_cell_info ci;
	struct vhyp_cell_get_config gc;
	unsigned int i;
	char what[96];

	/* enable: refused as already enabled, or for its fields first */
	en = (struct vhyp_enable){ .size = sizeof(en) };
	expect("ENABLE while enabled", VHYP_ENABLE, &en, E(EALREADY));
	en.flags = ~VHYP_ENABLE_FLAGS;
	expect("ENABLE with unknown flags", VHYP_ENABLE, &en, E(EINVAL));
	en = (struct vhyp_enable){ .size = sizeof(en), .uart_base = 0x9000000 };
	expect("ENABLE with a UART base but no flag", VHYP_ENABLE, &en, E(EINVAL));
	en = (struct vhyp_enable){ .size = sizeof(en), .flags = VHYP_ENABLE_UART,
				   .uart_base = 0x9000001 };
	expect("ENABLE with a misaligned UART", VHYP_ENABLE, &en, E(EINVAL));
	for (i = 0; i < 4; i++) {
		en = (struct vhyp_enable){ .size = sizeof(en) };
		en.reserved[i] = 1;
		expect("ENABLE with a reserved field set", VHYP_ENABLE, &en, E(EINVAL));
	}
	expect("DISABLE with a cell running", VHYP_DISABLE, NULL, E(EBUSY));

	/* CPU numbers */
	{
		const __u32 cpus[] = { 4, 63, 64, 4096, 0x7fffffff, 0xffffffff };

		for (i = 0; i < ARRAY_SIZE(cpus); i++) {
			st = (struct vhyp_cpu_stats){ .size = sizeof(st), .cpu = cpus[i] };
			snprintf(what, sizeof(what), "GET_CPU_STATS of CPU %#x", cpus[i]);
			/* CPU 4 exists with -smp 8 */
			expect(what, VHYP_GET_CPU_STATS, &st, E(EINVAL) | (cpus[i] < 64 ? 1 : 0));
		}
		st = (struct vhyp_cpu_stats){ .size = sizeof(st), .reserved0 = 1 };
		expect("GET_CPU_STATS with reserved0 set", VHYP_GET_CPU_STATS, &st, E(EINVAL));
	}

	/* console read: ids, lengths, positions, buffers */
	for (i = 0; i < ARRAY_SIZE(bad_ids); i++) {
		cr = (struct vhyp_console_read){ .size = sizeof(cr), .cell = bad_ids[i],
						 .buf = (uintptr_t)scratch, .len = 16 };
		if (!bad_ids[i])
			continue;
		snprintf(what, sizeof(what), "CONSOLE_READ of cell %#x", bad_ids[i]);
		expect(what, VHYP_CONSOLE_READ, &cr, E(ENOENT));
	}
	cr = (struct vhyp_console_read){ .size = sizeof(cr), .flags = 1 };
	expect("CONSOLE_READ with flags", VHYP_CONSOLE_READ, &cr, E(EINVAL));
	{
		const __u64 bufs[] = { 0, (uintptr_t)hole, (uintptr_t)ro, 0xffff800008000000ull,
				       (uintptr_t)(hole - 1), ~0ull };
		const __u64 poss[] = { 0, 1, ~0ull, 1ull << 63 };
		unsigned int b, p, cell;

		for (cell = 0; cell < 2; cell++)
			for (b = 0; b < ARRAY_SIZE(bufs); b++)
				for (p = 0; p < ARRAY_SIZE(poss); p++) {
					cr = (struct vhyp_console_read){
						.size = sizeof(cr), .buf = bufs[b], .len = 0xffffffff,
						.cell = cell ? live_id : 0, .pos = poss[p] };
					snprintf(what, sizeof(what),
						 "CONSOLE_READ of %u, len 0xffffffff, buf %#llx, pos %#llx",
						 cr.cell, (unsigned long long)bufs[b],
						 (unsigned long long)poss[p]);
					if (!expect(what, VHYP_CONSOLE_READ, &cr, 1 | E(EFAULT)) &&
					    (cr.pos > cr.head || cr.len))
						fail("%s: returned %u bytes, pos %#llx, head %#llx",
						     what, cr.len, (unsigned long long)cr.pos,
						     (unsigned long long)cr.head);
				}
		/* a real read into an edge buffer: what fits, or EFAULT */
		cr = (struct vhyp_console_read){ .size = sizeof(cr), .cell = live_id,
						 .buf = (uintptr_t)(hole - 5), .len = 0xffffffff };
		expect("CONSOLE_READ into 5 bytes before a hole", VHYP_CONSOLE_READ, &cr,
		       1 | E(EFAULT));
		cr = (struct vhyp_console_read){ .size = sizeof(cr), .cell = live_id,
						 .buf = (uintptr_t)scratch, .len = 2 * PAGE };
		if (!expect("CONSOLE_READ of the live cell", VHYP_CONSOLE_READ, &cr, 1) &&
		    cr.len > 2 * PAGE)
			fail("CONSOLE_READ returned %u bytes into a %u-byte buffer", cr.len,
			     2 * PAGE);
	}

	/* console write */
	for (i = 0; i < ARRAY_SIZE(bad_ids); i++) {
		cw = (struct vhyp_console_write){ .size = sizeof(cw), .cell = bad_ids[i],
						  .buf = (uintptr_t)scratch, .len = 1 };
		snprintf(what, sizeof(what), "CONSOLE_WRITE to cell %#x", bad_ids[i]);
		expect(what, VHYP_CONSOLE_WRITE, &cw, E(ENOENT));
	}
	{
		const __u32 lens[] = { 4097, 0x10000, 0x7fffffff, 0xffffffff };

		for (i = 0; i < ARRAY_SIZE(lens); i++) {
			cw = (struct vhyp_console_write){ .size = sizeof(cw), .cell = live_id,
							  .buf = (uintptr_t)scratch, .len = lens[i] };
			snprintf(what, sizeof(what), "CONSOLE_WRITE of %#x bytes", lens[i]);
			expect(what, VHYP_CONSOLE_WRITE, &cw, E(EINVAL));
		}
	}
	cw = (struct vhyp_console_write){ .size = sizeof(cw), .cell = live_id, .reserved0 = 1 };
	expect("CONSOLE_WRITE with reserved0 set", VHYP_CONSOLE_WRITE, &cw, E(EINVAL));
	cw = (struct vhyp_console_write){ .size = sizeof(cw), .cell = live_id, .len = 0 };
	expect("CONSOLE_WRITE of 0 bytes", VHYP_CONSOLE_WRITE, &cw, 1);
	cw = (struct vhyp_console_write){ .size = sizeof(cw), .cell = live_id, .len = 4096 };
	expect("CONSOLE_WRITE of 4096 bytes from NULL", VHYP_CONSOLE_WRITE, &cw, E(EFAULT));
	cw.buf = (uintptr_t)hole;
	expect("CONSOLE_WRITE from a hole", VHYP_CONSOLE_WRITE, &cw, E(EFAULT));
	cw.buf = 0xffff800008000000ull;
	expect("CONSOLE_WRITE from a kernel address", VHYP_CONSOLE_WRITE, &cw, E(EFAULT));
	/* a newline only at the end of a hole: what precedes is typed in */
	edge[PAGE - 1] = '\n';
	cw = (struct vhyp_console_write){ .size = sizeof(cw), .cell = live_id,
					  .buf = (uintptr_t)(hole - 1), .len = 2 };
	expect("CONSOLE_WRITE running into a hole", VHYP_CONSOLE_WRITE, &cw, E(EFAULT));

	/* bench: op, iterations; the largest count is legal and timed */
	b = (struct vhyp_bench){ .size = sizeof(b), .op = 0, .iterations = 1 };
	expect("BENCH op 0", VHYP_BENCH, &b, E(EINVAL));
	b = (struct vhyp_bench){ .size = sizeof(b), .op = 0xffffffff, .iterations = 1 };
	expect("BENCH op 0xffffffff", VHYP_BENCH, &b, E(EINVAL));
	{
		const __u64 its[] = { 0, 1000001, 1ull << 32, ~0ull };

		for (i = 0; i < ARRAY_SIZE(its); i++) {
			b = (struct vhyp_bench){ .size = sizeof(b), .op = VHYP_BENCH_HVC_NOP,
						 .iterations = its[i] };
			snprintf(what, sizeof(what), "BENCH of %#llx iterations",
				 (unsigned long long)its[i]);
			expect(what, VHYP_BENCH, &b, E(EINVAL));
		}
	}
	b = (struct vhyp_bench){ .size = sizeof(b), .op = VHYP_BENCH_HVC_NOP, .iterations = 1 };
	b.reserved[1] = 1;
	expect("BENCH with reserved set", VHYP_BENCH, &b, E(EINVAL));
	b = (struct vhyp_bench){ .size = sizeof(b), .op = VHYP_BENCH_HVC_NOP,
				 .iterations = 100000 };
	{
		time_t t0 = time(NULL);

		expect("BENCH of 100000 iterations", VHYP_BENCH, &b, 1);
		printf("BENCH of 100000 hypercalls: %ld s\n", (long)(time(NULL) - t0));
	}

	/* load: ids, lengths, addresses, buffers */
	for (i = 0; i < ARRAY_SIZE(bad_ids); i++) {
		ld = (struct vhyp_cell_load){ .size = sizeof(ld), .id = bad_ids[i],
					      .ipa = live_cfg.mem[0].ipa,
					      .buf = (uintptr_t)scratch, .len = 16 };
		snprintf(what, sizeof(what), "CELL_LOAD into cell %#x", bad_ids[i]);
		expect(what, VHYP_CELL_LOAD, &ld, E(ENOENT));
	}
	{
		const __u64 ipa = live_cfg.mem[0].ipa, size = live_cfg.mem[0].size;
		const struct { __u64 ipa, len, buf; __u32 flags, res; errset allowed; } l[] = {
			{ ipa, 0, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ipa, VHYP_LOAD_MAX + 1ull, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ipa, 1ull << 32, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ipa, ~0ull, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ipa, 1ull << 63, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ipa, 16, (uintptr_t)scratch, ~VHYP_LOAD_FLAGS, 0, E(EINVAL) },
			{ ipa, 16, (uintptr_t)scratch, 0, 1, E(EINVAL) },
			{ ipa - PAGE, 16, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ipa + size, 16, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ipa + size - 8, 16, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ipa, size + PAGE, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ~0ull - 7, 16, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ~0ull - PAGE + 1, 2 * PAGE, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ 0, 16, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			{ ipa + 8, ~0ull - 7, (uintptr_t)scratch, 0, 0, E(EINVAL) },
			/* inside the cell's RAM, the buffer bad: nothing kept */
			{ ipa, size < VHYP_LOAD_MAX ? size : VHYP_LOAD_MAX, 0, 0, 0, E(EFAULT) },
			{ ipa, 16, (uintptr_t)hole, 0, 0, E(EFAULT) },
			{ ipa, 16, (uintptr_t)(hole - 8), 0, 0, E(EFAULT) },
			{ ipa, 16, 0xffff800008000000ull, 0, 0, E(EFAULT) },
			{ ipa + size - PAGE, PAGE, ~0ull - PAGE, 0, 0, E(EFAULT) },
		};

		for (i = 0; i < ARRAY_SIZE(l); i++) {
			ld = (struct vhyp_cell_load){ .size = sizeof(ld), .id = live_id,
						      .ipa = l[i].ipa, .len = l[i].len,
						      .buf = l[i].buf, .flags = l[i].flags,
						      .reserved0 = l[i].res };
			snprintf(what, sizeof(what), "CELL_LOAD ipa %#llx len %#llx buf %#llx",
				 (unsigned long long)l[i].ipa, (unsigned long long)l[i].len,
				 (unsigned long long)l[i].buf);
			expect(what, VHYP_CELL_LOAD, &ld, l[i].allowed);
		}
	}

	/* start, stop, destroy: bad ids and reserved fields; start of a running cell */
	test_ref("CELL_START", VHYP_CELL_START);
	test_ref("CELL_STOP", VHYP_CELL_STOP);
	test_ref("CELL_DESTROY", VHYP_CELL_DESTROY);
	{
		struct vhyp_cell_ref ref = { .size = sizeof(ref), .id = live_id };

		expect("CELL_START of the running cell", VHYP_CELL_START, &ref, E(EALREADY));
	}

	/* info and config */
	for (i = 0; i < ARRAY_SIZE(bad_ids); i++) {
		ci = (struct vhyp_cell_info){ .size = sizeof(ci), .id = bad_ids[i] };
		snprintf(what, sizeof(what), "CELL_INFO of cell %#x", bad_ids[i]);
		expect(what, VHYP_CELL_INFO, &ci, E(ENOENT));
		gc = (struct vhyp_cell_get_config){ .size = sizeof(gc), .id = bad_ids[i],
						    .buf = (uintptr_t)scratch };
		snprintf(what, sizeof(what), "CELL_CONFIG of cell %#x", bad_ids[i]);
		expect(what, VHYP_CELL_CONFIG, &gc, E(ENOENT));
	}
	{
		const __u64 bufs[] = { 0, (uintptr_t)hole, (uintptr_t)ro, (uintptr_t)(hole - 8),
				       0xffff800008000000ull, ~0ull };

		for (i = 0; i < ARRAY_SIZE(bufs); i++) {
			gc = (struct vhyp_cell_get_config){ .size = sizeof(gc), .id = live_id,
							    .buf = bufs[i] };
			snprintf(what, sizeof(what), "CELL_CONFIG into %#llx",
				 (unsigned long long)bufs[i]);
			expect(what, VHYP_CELL_CONFIG, &gc, E(EFAULT));
		}
		gc = (struct vhyp_cell_get_config){ .size = sizeof(gc), .id = live_id,
						    .buf = (uintptr_t)scratch };
		gc.reserved[0] = 1;
		expect("CELL_CONFIG with reserved set", VHYP_CELL_CONFIG, &gc, E(EINVAL));
	}
}

/* ---- cell configs, each breaking one rule */

/* The live cell's config, renamed, on a CPU the root can spare: only the break refuses it. */
static void base_cfg(struct vhyp_cell_config *cfg, unsigned int spare_cpu)
{
	*cfg = live_cfg;
	strcpy(cfg->name, "fuzz");
	cfg->cpus = BIT(spare_cpu);
}

/* Channel I of CFG: a well-formed one to the root, at an IPA of its own above the RAM. */
static void fuzz_channel(struct vhyp_cell_config *cfg, unsigned int i)
{
	struct vhyp_cell_channel *ch = &cfg->channels[i];

	memset(ch, 0, sizeof(*ch));
	ch->name[0] = 'f';
	ch->name[1] = 'z';
	ch->name[2] = '0' + i;
	strcpy(ch->peer, VHYP_CHANNEL_PEER_ROOT);
	ch->ipa = 0x7000000000ull + i * 0x1000000ull;
	ch->size = PAGE;
	ch->irq = 100 + i;
}

static void test_configs(void)
{
	struct vhyp_cell_config *cfg = (void *)scratch;
	const errset inv = E(EINVAL);
	unsigned int spare, i;
	uint64_t online = 0;
	char what[64];

	/* a CPU of the root that is not its last: the highest online one but 0 */
	for (spare = 1; spare < 64; spare++)
		if (!(live_cfg.cpus & BIT(spare)) && sysconf(_SC_NPROCESSORS_CONF) > spare) {
			char path[64];
			int f, n;
			char c = '0';

			snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/online", spare);
			f = open(path, O_RDONLY);
			n = f >= 0 ? read(f, &c, 1) : 0;
			if (f >= 0)
				close(f);
			if (n == 1 && c == '1')
				online |= BIT(spare);
		}
	for (spare = 63; spare > 0 && !(online & BIT(spare)); spare--)
		;
	if (!spare) {
		fail("no CPU to spare for the config tests");
		return;
	}

#define REFUSE(desc, allowed, stmt) do {			\
		base_cfg(cfg, spare);				\
		stmt;						\
		create_refused(desc, cfg, allowed);		\
	} while (0)

	REFUSE("the live cell's own config", E(EEXIST), *cfg = live_cfg);
	REFUSE("schema 0", inv, cfg->schema = 0);
	REFUSE("schema 1 (the layout before channels)", inv, cfg->schema = 1);
	REFUSE("the schema after this one", inv, cfg->schema = VHYP_CELL_SCHEMA + 1);
	REFUSE("schema 0xffffffff", inv, cfg->schema = 0xffffffff);
	REFUSE("an empty name", inv, cfg->name[0] = 0);
	REFUSE("a name of 32 characters, no NUL", inv, memset(cfg->name, 'a', 32));
	REFUSE("a name with a space", inv, strcpy(cfg->name, "fu zz"));
	REFUSE("a name with a slash", inv, strcpy(cfg->name, "../fuzz"));
	REFUSE("a name with a byte 0xff", inv, cfg->name[1] = (char)0xff);
	REFUSE("no CPU", inv, cfg->cpus = 0);
	REFUSE("the live cell's CPU", E(EBUSY), cfg->cpus = live_cfg.cpus);
	REFUSE("CPU 63", E(EBUSY), cfg->cpus = BIT(63));
	REFUSE("every CPU", E(EBUSY), cfg->cpus = ~0ull);
	REFUSE("CPU 0 and the spare: the root's last", E(EBUSY),
	       cfg->cpus = BIT(0) | online);
	REFUSE("unknown flags set", inv, cfg->flags = ~VHYP_CELL_FLAGS);
	REFUSE("reserved set", inv, cfg->reserved[7] = 1);
	REFUSE("no memory region", inv, cfg->num_mem = 0);
	REFUSE("17 memory regions", inv, cfg->num_mem = VHYP_CELL_MAX_MEM + 1);
	REFUSE("0xffffffff memory regions", inv, cfg->num_mem = 0xffffffff);
	REFUSE("17 devices", inv, cfg->num_dev = VHYP_CELL_MAX_DEV + 1);
	REFUSE("0x80000000 devices", inv, cfg->num_dev = 0x80000000);
	REFUSE("33 interrupts", inv, cfg->num_irqs = VHYP_CELL_MAX_IRQS + 1);
	REFUSE("0xffffffff interrupts", inv, cfg->num_irqs = 0xffffffff);
	REFUSE("9 channels", inv, cfg->num_channels = VHYP_CELL_MAX_CHANNELS + 1);
	REFUSE("0xffffffff channels", inv, cfg->num_channels = 0xffffffff);
	REFUSE("channels' reserved0 set", inv, cfg->reserved0 = 1);
	REFUSE("a channel entry past num_channels not zero", inv, cfg->channels[3].size = PAGE);
	REFUSE("a channel with an empty name", inv, (cfg->num_channels = 1, fuzz_channel(cfg, 0),
						      cfg->channels[0].name[0] = 0));
	REFUSE("a channel whose peer is the cell itself", inv,
	       (cfg->num_channels = 1, fuzz_channel(cfg, 0),
		strcpy(cfg->channels[0].peer, cfg->name)));
	REFUSE("a channel of 0 bytes", inv, (cfg->num_channels = 1, fuzz_channel(cfg, 0),
					     cfg->channels[0].size = 0));
	REFUSE("a channel of 16 MiB and a page", inv, (cfg->num_channels = 1, fuzz_channel(cfg, 0),
						      cfg->channels[0].size = (16 << 20) + PAGE));
	REFUSE("a channel window over the RAM", inv, (cfg->num_channels = 1, fuzz_channel(cfg, 0),
						     cfg->channels[0].ipa = cfg->mem[0].ipa));
	REFUSE("a channel read-only at both ends", inv, (cfg->num_channels = 1, fuzz_channel(cfg, 0),
							 cfg->channels[0].flags = VHYP_CHAN_FLAGS));
	REFUSE("a peer-read-only channel with a cell", inv,
	       (cfg->num_channels = 1, fuzz_channel(cfg, 0), strcpy(cfg->channels[0].peer, "other"),
		cfg->channels[0].flags = VHYP_CHAN_PEER_READONLY));
	REFUSE("a channel's doorbell on an SGI", inv, (cfg->num_channels = 1, fuzz_channel(cfg, 0),
						      cfg->channels[0].irq = 5));
	REFUSE("two channels of one name", inv, (cfg->num_channels = 2, fuzz_channel(cfg, 0),
						 fuzz_channel(cfg, 1),
						 strcpy(cfg->channels[1].name, "fz0")));
	REFUSE("two channels on one doorbell", inv, (cfg->num_channels = 2, fuzz_channel(cfg, 0),
						     fuzz_channel(cfg, 1),
						     cfg->channels[1].irq = cfg->channels[0].irq));
	REFUSE("RAM of size 0", inv, cfg->mem[0].size = 0);
	REFUSE("RAM misaligned", inv, cfg->mem[0].ipa += 8);
	REFUSE("RAM of an odd size", inv, cfg->mem[0].size += 1);
	REFUSE("RAM wrapping around", inv,
	       (cfg->mem[0].ipa = ~0ull - PAGE + 1, cfg->mem[0].size = 2 * PAGE));
	REFUSE("RAM with unknown flags", inv, cfg->mem[0].flags |= 1u << 31);
	REFUSE("RAM not readable", inv, cfg->mem[0].flags = VHYP_MEM_WRITE);
	REFUSE("RAM reserved set", inv, cfg->mem[0].reserved = 1);
	REFUSE("identity-mapped Linux RAM", E(EPERM) | inv, cfg->mem[0].flags |= VHYP_MEM_IDENTITY);
	REFUSE("two overlapping regions", inv,
	       (cfg->num_mem = 2, cfg->mem[1] = cfg->mem[0], cfg->mem[1].ipa += PAGE));
	REFUSE("a device of size 0", inv,
	       (cfg->num_dev = 1, cfg->dev[0].base = 0x9010000, cfg->dev[0].size = 0));
	REFUSE("a device misaligned", inv,
	       (cfg->num_dev = 1, cfg->dev[0].base = 0x9010008, cfg->dev[0].size = PAGE));
	REFUSE("a device wrapping around", inv,
	       (cfg->num_dev = 1, cfg->dev[0].base = ~0ull - PAGE + 1, cfg->dev[0].size = 2 * PAGE));
	REFUSE("a device that is RAM", E(EPERM) | inv,
	       (cfg->num_dev = 1, cfg->dev[0].base = 0x40000000, cfg->dev[0].size = PAGE));
	REFUSE("a device over the cell's RAM IPA", E(EPERM) | inv,
	       (cfg->num_dev = 1, cfg->dev[0].base = cfg->mem[0].ipa, cfg->dev[0].size = PAGE));
	REFUSE("a console of type 2", inv, cfg->console.type = 2);
	REFUSE("a console of type 0xffffffff", inv, cfg->console.type = 0xffffffff);
	REFUSE("a console misaligned", inv, cfg->console.ipa |= 0x10);
	REFUSE("a console interrupt without a console", inv,
	       (cfg->console.type = 0, cfg->console.irq = 40));
	REFUSE("a console interrupt that is an SGI", inv, cfg->console.irq = 1);
	REFUSE("a console interrupt that is a PPI", inv, cfg->console.irq = 27);
	REFUSE("a console interrupt of 0xffffffff", inv, cfg->console.irq = 0xffffffff);
	REFUSE("a device interrupt that is a PPI", inv,
	       (cfg->num_irqs = 1, cfg->irqs[0] = 30));
	REFUSE("a device interrupt of 1020", inv, (cfg->num_irqs = 1, cfg->irqs[0] = 1020));
	REFUSE("a device interrupt of 0xffffffff", inv,
	       (cfg->num_irqs = 1, cfg->irqs[0] = 0xffffffff));
	REFUSE("an interrupt listed twice", inv,
	       (cfg->num_irqs = 2, cfg->irqs[0] = 40, cfg->irqs[1] = 40));
	REFUSE("a device interrupt that is the console's", inv,
	       (cfg->num_irqs = 1, cfg->irqs[0] = cfg->console.irq ? cfg->console.irq : 33,
		cfg->console.irq = cfg->irqs[0], cfg->console.type = VHYP_CONSOLE_PL011));
	/* random bytes in a whole config: never a valid one */
	for (i = 0; i < 64; i++) {
		unsigned int j;

		for (j = 0; j < sizeof(*cfg); j += 8)
			*(uint64_t *)((char *)cfg + j) = rnd();
		cfg->size = sizeof(*cfg);
		if (i & 1)
			cfg->schema = VHYP_CELL_SCHEMA;
		snprintf(what, sizeof(what), "random config %u", i);
		create_refused(what, cfg, E_ANY_REFUSAL);
	}
#undef REFUSE
}

/* ---- random structs */

static __u64 rnd_ptr(void)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return (uintptr_t)hole;
	case 2: return (uintptr_t)ro;
	case 3: return (uintptr_t)(hole - (rnd() % 64));
	case 4: return (uintptr_t)scratch;
	case 5: return 0xffff000000000000ull | rnd();
	default: return rnd();
	}
}

static __u64 rnd_num(void)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return 1;
	case 2: return rnd() % 16;
	case 3: return 0xffffffff;
	case 4: return ~0ull;
	case 5: return 1ull << (rnd() % 64);
	case 6: return rnd() % 8192;
	default: return rnd();
	}
}

static void test_random(unsigned long n)
{
	char *buf = scratch;
	unsigned long i;
	unsigned int j;

	for (i = 0; i < n; i++) {
		const struct ioc *c = &iocs[rnd() % ARRAY_SIZE(iocs)];
		unsigned long cmd = c->cmd;
		unsigned int size = c->size ? c->size : 64;
		void *arg = buf;
		int err;
		long ret;

		for (j = 0; j < 2 * PAGE; j += 8)
			*(uint64_t *)(buf + j) = rnd();
		if (rnd() % 16 == 0)		/* an unknown number */
			cmd = _IOC(rnd() % 4, rnd() % 4 ? VHYP_IOC_MAGIC : rnd() & 0xff,
				   0x17 + rnd() % 0xe9, rnd() % 2048);
		if (rnd() % 4)			/* most get past the size check */
			*(__u32 *)buf = size;
		if (rnd() % 2) {		/* plausible fields after it */
			__u32 *w = (__u32 *)buf;
			__u64 *q;

			switch (_IOC_NR(cmd) == _IOC_NR(c->cmd) ? _IOC_NR(c->cmd) : 0xff) {
			case 0x04:	/* console read: flags, buf, len, cell, pos */
				w[1] = 0;
				q = (__u64 *)(buf + 8);
				*q = rnd_ptr();
				w[4] = rnd_num();
				w[5] = rnd() % 3 ? live_id : rnd_num();
				*(__u64 *)(buf + 24) = rnd_num();
				break;
			case 0x06:	/* console write: cell, buf, len, reserved0 */
				w[1] = rnd() % 2 ? live_id : rnd_num();
				*(__u64 *)(buf + 8) = rnd_ptr();
				w[4] = rnd() % 4 ? rnd() % 4200 : rnd_num();
				w[5] = 0;
				break;
			case 0x11:	/* load: id, flags, reserved0, ipa, buf, len */
				w[1] = rnd() % 2 ? live_id : rnd_num();
				w[2] = rnd() % 4;
				w[3] = 0;
				*(__u64 *)(buf + 16) = live_cfg.mem[0].ipa + rnd_num() % (2 * live_cfg.mem[0].size + 1);
				/* never a readable buffer: nothing may be added to the live cell */
				*(__u64 *)(buf + 24) = rnd() % 2 ? (uintptr_t)hole : rnd_ptr();
				if (*(__u64 *)(buf + 24) == (uintptr_t)scratch ||
				    *(__u64 *)(buf + 24) == (uintptr_t)ro)
					*(__u64 *)(buf + 24) = 0;
				*(__u64 *)(buf + 32) = rnd_num();
				break;
			case 0x03:	/* cpu stats */
				w[1] = rnd_num();
				w[3] = 0;
				break;
			case 0x05:	/* bench: few iterations, TCG is slow */
				w[1] = rnd() % 3;
				*(__u64 *)(buf + 8) = rnd() % 1000;
				memset(buf + 32, 0, 16);
				break;
			case 0x12: case 0x13: case 0x14: case 0x15: case 0x16:
				w[1] = rnd() % 2 ? rnd() % 12 : rnd_num();
				memset(buf + 8, 0, 16);
				if (_IOC_NR(c->cmd) == 0x16)
					*(__u64 *)(buf + 8) = rnd_ptr();
				break;
			case 0x10:	/* create: the live config, a few bytes changed */
				memcpy(buf, &live_cfg, sizeof(live_cfg));
				strcpy(((struct vhyp_cell_config *)buf)->name, "rnd");
				for (j = rnd() % 8; j; j--)
					buf[8 + rnd() % (sizeof(live_cfg) - 8)] = rnd();
				/* huge RAM is --ram-overflow's test; big RAM starves the guest */
				for (j = 0; j < VHYP_CELL_MAX_MEM; j++)
					((struct vhyp_cell_config *)buf)->mem[j].size &= 0x3ffffffull;
				break;
			}
		}
		/* the live cell stays as it is */
		if ((_IOC_NR(cmd) == 0x13 || _IOC_NR(cmd) == 0x14) &&
		    ((__u32 *)buf)[1] == live_id)
			((__u32 *)buf)[1] = 0;
		if (cmd == VHYP_DISABLE && rnd() % 2)
			arg = (void *)rnd();
		if (rnd() % 8 == 0) {		/* the struct's end in the hole */
			arg = hole - (rnd() % (size + 1));
			memmove(arg, buf, hole - (char *)arg);
		}
		if (_IOC_NR(cmd) == _IOC_NR(VHYP_CONSOLE_WRITE)) {
			/* what hello reads as "power off" */
			for (j = 0; j < 3 * PAGE; j++)
				if (scratch[j] == 'q' || scratch[j] == 'Q')
					scratch[j] = '.';
		}
		ret = call(cmd, arg, &err);
		if (cmd == VHYP_CELL_CREATE && ret > 0) {
			/* possibly legitimate: a few bytes changed */
			printf("random CELL_CREATE accepted as cell %ld; its config:\n", ret);
			hexdump(arg, sizeof(struct vhyp_cell_config));
			accepted++;
			destroy(ret);
			continue;
		}
		if (ret < 0 && (err >= 128 || !(E_ANY_REFUSAL & E(err))))
			fail("random %s (%#lx): unexpected %s", c->name, cmd, strerror(err));
		if (cmd == VHYP_DISABLE && !ret) {
			fail("DISABLE succeeded with a cell running");
			break;
		}
		if (i % 256 == 255 && cell_state(live_id) != VHYP_CELL_RUNNING) {
			fail("after %lu random calls the live cell is not running", i + 1);
			break;
		}
	}
}

/* ---- unprivileged */

static int unprivileged(void)
{
	unsigned int i;
	int f, status;
	pid_t pid;

	fd = open(VHYP_DEVICE, O_RDWR);
	if (fd < 0) {
		perror(VHYP_DEVICE);
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (!pid) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
			perror("dropping privileges");
			_exit(2);
		}
		if (!setuid(0)) {
			printf("FAIL: could set uid 0 again\n");
			_exit(2);
		}
		printf("running as uid %d gid %d\n", getuid(), getgid());
		f = open(VHYP_DEVICE, O_RDWR);
		if (f >= 0 || (errno != EACCES && errno != EPERM)) {
			fail("open of %s as nobody: %s", VHYP_DEVICE,
			     f >= 0 ? "succeeded" : strerror(errno));
			if (f >= 0)
				close(f);
		}
		f = open(VHYP_DEVICE, O_RDONLY);
		if (f >= 0 || (errno != EACCES && errno != EPERM))
			fail("read-only open as nobody: %s", f >= 0 ? "succeeded" : strerror(errno));
		/* the fd root opened: the driver's own check must refuse every call */
		for (i = 0; i < ARRAY_SIZE(iocs); i++) {
			memset(scratch, 0, 2 * PAGE);
			*(__u32 *)scratch = iocs[i].size;
			expect(iocs[i].name, iocs[i].cmd, scratch, E(EPERM) | E(EACCES));
			expect(iocs[i].name, iocs[i].cmd, NULL, E(EPERM) | E(EACCES));
		}
		expect("an unknown ioctl", _IO(VHYP_IOC_MAGIC, 0x3f), NULL,
		       E(EPERM) | E(EACCES) | E(ENOTTY));
		printf("unprivileged: %lu calls, %lu failed checks\n", calls, failures);
		_exit(failures ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 2;
	}
	if (WIFSIGNALED(status)) {
		printf("FAIL: the unprivileged child died of signal %d\n", WTERMSIG(status));
		return 1;
	}
	return WEXITSTATUS(status);
}

/*
 * A cell of 16 TiB of RAM: a legitimate-looking config the machine cannot
 * hold; must be refused (ENOMEM or EINVAL).  Its page count, 2^32, does not
 * fit in 32 bits.
 */
static int ram_overflow(unsigned int cpu)
{
	struct vhyp_cell_config cfg = {
		.size = sizeof(cfg), .schema = VHYP_CELL_SCHEMA, .name = "fuzz-ram",
		.cpus = BIT(cpu), .num_mem = 1,
		.mem[0] = { .name = "ram", .ipa = 0x40000000, .size = 1ull << 44,
			    .flags = VHYP_MEM_READ | VHYP_MEM_WRITE | VHYP_MEM_EXEC },
	};

	create_refused("of 16 TiB of RAM", &cfg, E(ENOMEM) | E(EINVAL) | E(E2BIG));
	cfg.num_mem = 2;
	cfg.mem[0].size = 1ull << 43;
	cfg.mem[1] = cfg.mem[0];
	cfg.mem[1].ipa += 1ull << 43;
	create_refused("of two 8 TiB RAM regions", &cfg, E(ENOMEM) | E(EINVAL) | E(E2BIG));
	printf("ram-overflow: %lu calls, %lu failed checks\n", calls, failures);
	return failures ? 1 : 0;
}

static void usage(void)
{
	printf("usage: ioctl-fuzz [-n ITERATIONS] [-s SEED] [-c CELL]\n"
	       "       ioctl-fuzz --unprivileged\n"
	       "       ioctl-fuzz --ram-overflow [CPU]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n = 2000;
	const char *cell = "hello";
	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	unsigned int i;
	int a;

	setvbuf(stdout, NULL, _IOLBF, 0);
	setup_memory();
	if (argc > 1 && !strcmp(argv[1], "--unprivileged"))
		return unprivileged();
	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--ram-overflow"))
			break;
		if (a + 1 >= argc)
			usage();
		if (!strcmp(argv[a], "-n"))
			n = strtoul(argv[++a], NULL, 0);
		else if (!strcmp(argv[a], "-s"))
			seed = strtoull(argv[++a], NULL, 0);
		else if (!strcmp(argv[a], "-c"))
			cell = argv[++a];
		else
			usage();
	}
	fd = open(VHYP_DEVICE, O_RDWR);
	if (fd < 0) {
		perror(VHYP_DEVICE);
		return 2;
	}
	if (a < argc)
		return ram_overflow(a + 1 < argc ? atoi(argv[a + 1]) : 2);

	printf("seed %#llx, %lu random calls\n", (unsigned long long)seed, n);
	rng_state = seed ? seed : 1;
	find_cell(cell);
	test_pointers();
	printf("pointers: %lu calls so far, %lu failed checks\n", calls, failures);
	test_sizes();
	printf("sizes: %lu calls so far, %lu failed checks\n", calls, failures);
	test_unknown();
	printf("unknown numbers: %lu calls so far, %lu failed checks\n", calls, failures);
	test_fields();
	printf("fields: %lu calls so far, %lu failed checks\n", calls, failures);
	test_configs();
	printf("configs: %lu calls so far, %lu failed checks\n", calls, failures);
	test_random(n);
	printf("random: %lu calls so far, %lu failed checks\n", calls, failures);
	if (cell_state(live_id) != VHYP_CELL_RUNNING)
		fail("the live cell '%s' is not running any more", cell);
	printf("results:");
	for (i = 0; i < ARRAY_SIZE(by_errno); i++)
		if (by_errno[i])
			printf(" %s %lu;", i ? strerrorname_np(i) ?: "?" : "ok", by_errno[i]);
	printf("\n%lu calls, %lu configs accepted, %lu failed checks (seed %#llx)\n", calls,
	       accepted, failures, (unsigned long long)seed);
	return failures ? 1 : 0;
}
