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
 *   FAKE_VHYP_UART=ADDR       uart_base: the UART the hypervisor's console
 *                             is mirrored to (default 0, none)
 *   FAKE_VHYP_EXIT_SCALE=N    exit counters are (cpu + 1) * (reason + 1) * N
 *   FAKE_VHYP_EXIT_RATE=R     ... plus (cpu + 1) * (reason + 1) * R per second
 *                             of CLOCK_MONOTONIC: rates for 'top' (default 0)
 *   FAKE_VHYP_LOG=FILE        append each ioctl's arguments to FILE
 *   FAKE_VHYP_LOAD_DIR=DIR    write each image given to CELL_LOAD, whole,
 *                             to DIR/IPA (as 0x%llx), for the tests to read
 *
 * Cells (each vhypctl run is a process of its own, so they are described,
 * not remembered; what vhypctl asks for goes to FAKE_VHYP_LOG):
 *   FAKE_VHYP_CELLS=SPEC,...  the cells, SPEC for id 1, 2, ... (empty: a
 *                             free slot), SPEC = NAME[:STATE[:CPUMASK]],
 *                             STATE created (default), running, stopped,
 *                             failed, reset; CPUMASK hex (default 1 << id).
 *                             @FILE: read from FILE at every call, so that a
 *                             test can change states while vhypctl polls
 *   FAKE_VHYP_REPORT=R:W:M:S:P:C  a running cell's payload report:
 *                             reports, worst_ns, max_ns, samples,
 *                             period_samples, code (default: none)
 *   FAKE_VHYP_CELL_CONSOLE=S  every cell's console; what is written to a
 *                             cell's console is echoed after it
 *   FAKE_VHYP_FAIL also takes CELL_CREATE, CELL_LOAD, CELL_START, CELL_STOP,
 *   CELL_DESTROY, CELL_INFO, CELL_CONFIG and CONSOLE_WRITE.
 *
 * Channels (VHYP_CHANNEL_INFO, and the cells' configs of VHYP_CELL_CONFIG):
 *   FAKE_VHYP_CHANNELS=SPEC,...  the channels, SPEC for id 1, 2, ... (empty:
 *                             a free id), SPEC = NAME:SIZE:END0:END1, END =
 *                             root or a cell's name, +r if that end only
 *                             reads.  A cell's end is attached while
 *                             FAKE_VHYP_CELLS has a cell of that name; its
 *                             window is at 0x50000000 + (id - 1) * 0x1000000,
 *                             its doorbell INTID 40 + id.  The peer's state
 *                             is up (the root, a running cell), gone
 *                             (stopped, failed), restarted (reset) or none
 *                             (created, not attached); an end's doorbells
 *                             are 10 * id + end, its events one more.
 *   FAKE_VHYP_FAIL also takes CHANNEL_INFO and CHANNEL_OPEN.  The root's
 *   files of them: fake_channel.c (a peer thread speaking the ring protocol).
 *
 * Virtio devices (VHYP_CELL_CONFIG, VHYP_VIRTIO_OPEN), for 'serve':
 *   FAKE_VHYP_VIRTIO=SPEC,...  every cell's virtio devices, SPEC =
 *                             NAME:TYPE[:BACKEND], TYPE net, blk, console,
 *                             rng; blk+ro is a read-only disk.  The
 *                             backend's file is a sparse memfd that can be
 *                             mapped like the driver's (state pages, the
 *                             RAM at VHYP_VIRTIO_MMAP_RAM + ipa); reading it
 *                             says end of file, as if the cell were gone.
 *   FAKE_VHYP_FAIL also takes VIRTIO_OPEN.
 *   FAKE_VHYP_VIRTIO_CELLS=NAME,...  instead, only these cells have two
 *                             virtio devices: a read-only blk
 *                             "disk" (window 0x0c000000, INTID 80, backend
 *                             /srv/disk.img) and an rng "rng" (0x0c001000,
 *                             INTID 81).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <vhyp/ioctl.h>
#include <vhyp/status.h>
#include <vhyp/version.h>
#include <stdint.h>

#include "fake_channel.h"

/* the descriptors open on the fake device: vhypctl's, and libvhypchan's own */
#define MAX_FD		1024
static bool fake_fds[MAX_FD];
static int enabled = -1;	/* -1: not read from the environment yet */

static const struct { const char *name; int err; } errnos[] = {
	{ "ENODEV", ENODEV }, { "EBUSY", EBUSY }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "ENXIO", ENXIO }, { "ENOENT", ENOENT }, { "EALREADY", EALREADY },
	{ "ENOMEM", ENOMEM }, { "EIO", EIO }, { "EACCES", EACCES },
	{ "EPERM", EPERM }, { "EINVAL", EINVAL }, { "ENOTTY", ENOTTY },
	{ "EINTR", EINTR }, { "EFAULT", EFAULT }, { "E2BIG", E2BIG },
	{ "ERANGE", ERANGE }, { "EADDRNOTAVAIL", EADDRNOTAVAIL },
	{ "EEXIST", EEXIST }, { "ENOSPC", ENOSPC }, { "ENOTCONN", ENOTCONN },
	{ "ENOEXEC", ENOEXEC },
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
	int err, fd;

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
	fd = real_open("/dev/null", O_RDWR | (flags & O_CLOEXEC));
	if (fd >= 0 && fd < MAX_FD)
		fake_fds[fd] = true;
	if (enabled < 0)
		enabled = env_num("FAKE_VHYP_ENABLED", 0) != 0;
	return fd;
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
	i->kick_sgi = 15;
	i->uart_base = env_num("FAKE_VHYP_UART", 0);
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

/* CPU's exit counter for reason E: a constant, plus a rate if one is asked for */
static unsigned long long fake_exits(unsigned int cpu, unsigned int e)
{
	unsigned long long scale = env_num("FAKE_VHYP_EXIT_SCALE", 1000003);
	unsigned long long rate = env_num("FAKE_VHYP_EXIT_RATE", 0);
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (cpu + 1) * (e + 1) *
	       (scale + rate * ts.tv_sec + rate * (unsigned long long)ts.tv_nsec / 1000000000u);
}

static int cpu_stats(struct vhyp_cpu_stats *s)
{
	unsigned int e;

	if (s->size != sizeof(*s) || s->reserved0 ||
	    s->cpu >= env_num("FAKE_VHYP_CPUS", 2))
		return EINVAL;
	s->flags = VHYP_CPU_ONLINE | (enabled ? VHYP_CPU_HYP : 0);
	s->mpidr = s->cpu;
	for (e = 0; e < VHYP_EXIT_NR; e++)
		s->exits[e] = fake_exits(s->cpu, e);
	return 0;
}

/* --- cells ------------------------------------------------------------- */

struct fake_cell {
	char name[VHYP_CELL_NAME_LEN];
	unsigned int state;
	unsigned long long cpus;
};

static const char *const state_names[] = {
	[VHYP_CELL_CREATED] = "created", [VHYP_CELL_RUNNING] = "running",
	[VHYP_CELL_STOPPED] = "stopped", [VHYP_CELL_FAILED] = "failed",
	[VHYP_CELL_RESET] = "reset",
};

/* FAKE_VHYP_CELLS, or the file it names with @, as a string */
static const char *cells_spec(void)
{
	static char buf[4096];
	const char *s = env("FAKE_VHYP_CELLS", "");
	size_t n;
	FILE *f;

	if (*s != '@')
		return s;
	buf[0] = '\0';
	f = fopen(s + 1, "r");
	if (!f)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return buf;
}

/* Field N (0..) of SPEC, separated by SEP, into BUF. */
static bool field(const char *spec, char sep, unsigned int n, char *buf, size_t len)
{
	const char *end;

	for (; n && spec; n--) {
		spec = strchr(spec, sep);
		if (spec)
			spec++;
	}
	if (!spec)
		return false;
	end = strchr(spec, sep);
	snprintf(buf, len, "%.*s", end ? (int)(end - spec) : (int)strlen(spec), spec);
	return true;
}

/* Cell ID as FAKE_VHYP_CELLS describes it: true if there is one. */
static bool cell_get(unsigned int id, struct fake_cell *c)
{
	char spec[128], *state, *mask;
	struct fake_cell tmp;
	unsigned int i;

	if (!c)
		c = &tmp;
	if (id < 1 || id > VHYP_MAX_CELLS ||
	    !field(cells_spec(), ',', id - 1, spec, sizeof(spec)) || !*spec)
		return false;
	memset(c, 0, sizeof(*c));
	c->state = VHYP_CELL_CREATED;
	c->cpus = 1ull << id;
	state = strchr(spec, ':');
	if (state) {
		*state++ = '\0';
		mask = strchr(state, ':');
		if (mask) {
			*mask++ = '\0';
			c->cpus = strtoull(mask, NULL, 16);
		}
		for (i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++)
			if (state_names[i] && !strcmp(state, state_names[i]))
				c->state = i;
	}
	snprintf(c->name, sizeof(c->name), "%.31s", spec);
	return true;
}

static unsigned long long boottime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* what the cells were sent, echoed on their consoles */
static char echo[65536];
static size_t echo_len;

static const char *cell_console_text(void)
{
	static char text[sizeof(echo) + 4096];

	snprintf(text, sizeof(text), "%s%.*s", env("FAKE_VHYP_CELL_CONSOLE", ""),
		 (int)echo_len, echo);
	return text;
}

/* BUF..LEN as printable text for the log */
static const char *escape(const void *buf, size_t len)
{
	static char out[4 * 64 + 8];
	const unsigned char *p = buf;
	size_t i, o = 0;

	for (i = 0; i < len && i < 64; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			out[o++] = p[i];
		else
			o += sprintf(out + o, "\\x%02x", p[i]);
	}
	if (i < len)
		o += sprintf(out + o, "...");
	out[o] = '\0';
	return out;
}

/* --- channels ------------------------------------------------------------- */

struct fake_end {
	char name[VHYP_CELL_NAME_LEN];	/* "root" for the root */
	bool root, readonly;
};

struct fake_chan {
	char name[VHYP_CHANNEL_NAME_LEN];
	unsigned long long size;
	struct fake_end end[2];
};

/* Channel ID as FAKE_VHYP_CHANNELS describes it: true if there is one. */
static bool chan_get(unsigned int id, struct fake_chan *c)
{
	char spec[256], f[64], *plus;
	unsigned int e;

	if (id < 1 || id > VHYP_MAX_CHANNELS ||
	    !field(env("FAKE_VHYP_CHANNELS", ""), ',', id - 1, spec, sizeof(spec)) || !*spec)
		return false;
	memset(c, 0, sizeof(*c));
	field(spec, ':', 0, c->name, sizeof(c->name));
	if (field(spec, ':', 1, f, sizeof(f)))
		c->size = strtoull(f, NULL, 0);
	for (e = 0; e < 2; e++) {
		if (!field(spec, ':', 2 + e, f, sizeof(f)))
			continue;
		plus = strchr(f, '+');
		if (plus) {
			c->end[e].readonly = !strcmp(plus, "+r");
			*plus = '\0';
		}
		snprintf(c->end[e].name, sizeof(c->end[e].name), "%.31s", f);
		c->end[e].root = !strcmp(f, "root");
	}
	return true;
}

/* For fake_channel.c: channel ID as FAKE_VHYP_CHANNELS describes it. */
bool fake_channel_spec(unsigned int id, struct fake_channel_spec *s)
{
	struct fake_chan c;
	unsigned int e;

	if (!chan_get(id, &c))
		return false;
	memset(s, 0, sizeof(*s));
	memcpy(s->name, c.name, sizeof(s->name));
	s->size = c.size ? c.size : 65536;
	for (e = 0; e < 2; e++) {
		memcpy(s->end[e], c.end[e].name, sizeof(s->end[e]));
		s->ro[e] = c.end[e].readonly;
	}
	return true;
}

/* The id of the cell NAME, 0: none */
static unsigned int cell_id_of(const char *name, struct fake_cell *c)
{
	unsigned int id;

	for (id = 1; id <= VHYP_MAX_CELLS; id++)
		if (cell_get(id, c) && !strncmp(c->name, name, VHYP_CELL_NAME_LEN))
			return id;
	return 0;
}

/* How end E of channel ID sees its peer: VHYP_PEER_* */
static unsigned int peer_state(const struct fake_chan *c, unsigned int e)
{
	const struct fake_end *p = &c->end[!e];
	struct fake_cell cell;

	if (p->root)
		return VHYP_PEER_UP;
	if (!cell_id_of(p->name, &cell))
		return VHYP_PEER_NONE;
	switch (cell.state) {
	case VHYP_CELL_RUNNING:	return VHYP_PEER_UP;
	case VHYP_CELL_RESET:	return VHYP_PEER_RESTARTED;
	case VHYP_CELL_CREATED:	return VHYP_PEER_NONE;
	default:		return VHYP_PEER_GONE;
	}
}

static int channel_info(struct vhyp_channel_info *info)
{
	unsigned int id = info->id, e;
	struct fake_cell cell;
	struct fake_chan c;

	if (info->size != sizeof(*info))
		return EINVAL;
	if (!enabled)
		return ENOTCONN;
	if (!chan_get(id, &c))
		return ENOENT;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->id = id;
	memcpy(info->name, c.name, sizeof(info->name));
	info->bytes = c.size;
	for (e = 0; e < 2; e++) {
		struct vhyp_channel_end *end = &info->end[e];

		memcpy(end->cell_name, c.end[e].name, sizeof(end->cell_name));
		end->cell = c.end[e].root ? VHYP_CHANNEL_END_ROOT : cell_id_of(c.end[e].name, &cell);
		end->flags = c.end[e].readonly ? VHYP_CHAN_READONLY : 0;
		if (!c.end[e].root) {
			end->ipa = 0x50000000ull + (id - 1) * 0x1000000ull;
			end->irq = 40 + id;
		}
		end->peer_state = peer_state(&c, e);
		end->doorbells = 10 * id + e;
		end->events = end->doorbells + 1;
	}
	return 0;
}

/* The channels of cell NAME into CFG, as a config would have given them. */
static void cell_channels(const char *name, struct vhyp_cell_config *cfg)
{
	struct vhyp_cell_channel *ch;
	struct fake_chan c;
	unsigned int id, e;

	for (id = 1; id <= VHYP_MAX_CHANNELS && cfg->num_channels < VHYP_CELL_MAX_CHANNELS; id++) {
		if (!chan_get(id, &c))
			continue;
		for (e = 0; e < 2; e++) {
			if (c.end[e].root || strncmp(c.end[e].name, name, VHYP_CELL_NAME_LEN))
				continue;
			ch = &cfg->channels[cfg->num_channels++];
			memcpy(ch->name, c.name, sizeof(ch->name));
			memcpy(ch->peer, c.end[!e].name, sizeof(ch->peer));
			ch->ipa = 0x50000000ull + (id - 1) * 0x1000000ull;
			ch->size = c.size;
			ch->flags = (c.end[e].readonly ? VHYP_CHAN_READONLY : 0) |
				    (c.end[!e].root && c.end[!e].readonly ?
				     VHYP_CHAN_PEER_READONLY : 0);
			ch->irq = 40 + id;
		}
	}
}

static int cell_create(const struct vhyp_cell_config *cfg, int *id)
{
	struct fake_cell c;
	unsigned int i, free_id = 0;

	if (cfg->size != sizeof(*cfg) || cfg->schema != VHYP_CELL_SCHEMA || cfg->flags ||
	    cfg->num_mem > VHYP_CELL_MAX_MEM || cfg->num_dev > VHYP_CELL_MAX_DEV ||
	    cfg->num_irqs > VHYP_CELL_MAX_IRQS || cfg->num_channels > VHYP_CELL_MAX_CHANNELS ||
	    cfg->num_virtio > VHYP_CELL_MAX_VIRTIO || cfg->reserved0 || cfg->reserved1)
		return EINVAL;
	for (i = 0; i < 8; i++)
		if (cfg->reserved[i])
			return EINVAL;
	logf_("create name=%.32s cpus=0x%llx mem=%u dev=%u irqs=%u console=%u@0x%llx/%u\n",
	      cfg->name, (unsigned long long)cfg->cpus, cfg->num_mem, cfg->num_dev,
	      cfg->num_irqs, cfg->console.type, (unsigned long long)cfg->console.ipa,
	      cfg->console.irq);
	for (i = 0; i < cfg->num_mem; i++)
		logf_("create mem %.16s ipa=0x%llx size=0x%llx flags=%u\n", cfg->mem[i].name,
		      (unsigned long long)cfg->mem[i].ipa,
		      (unsigned long long)cfg->mem[i].size, cfg->mem[i].flags);
	for (i = 0; i < cfg->num_channels; i++)
		logf_("create channel %.16s peer=%.32s ipa=0x%llx size=0x%llx flags=%u irq=%u\n",
		      cfg->channels[i].name, cfg->channels[i].peer,
		      (unsigned long long)cfg->channels[i].ipa,
		      (unsigned long long)cfg->channels[i].size, cfg->channels[i].flags,
		      cfg->channels[i].irq);
	for (i = 0; i < cfg->num_virtio; i++)
		logf_("create virtio %.16s type=%u ipa=0x%llx irq=%u flags=%u backend=%.128s\n",
		      cfg->virtio[i].name, cfg->virtio[i].type,
		      (unsigned long long)cfg->virtio[i].ipa, cfg->virtio[i].irq,
		      cfg->virtio[i].flags, cfg->virtio[i].backend);
	if (!enabled)
		return ENOTCONN;
	for (i = 1; i <= VHYP_MAX_CELLS; i++) {
		if (!cell_get(i, &c)) {
			if (!free_id)
				free_id = i;
		} else if (!strncmp(c.name, cfg->name, VHYP_CELL_NAME_LEN)) {
			return EEXIST;
		}
	}
	if (!free_id)
		return ENOSPC;
	*id = free_id;
	return 0;
}

/* With FAKE_VHYP_LOAD_DIR, the image into DIR/IPA. */
static int save_image(const struct vhyp_cell_load *l)
{
	const char *dir = getenv("FAKE_VHYP_LOAD_DIR");
	char path[4096];
	FILE *f;
	size_t n;

	if (!dir)
		return 0;
	snprintf(path, sizeof(path), "%s/0x%llx", dir, (unsigned long long)l->ipa);
	f = fopen(path, "w");
	if (!f)
		return EIO;
	n = fwrite((const void *)(uintptr_t)l->buf, 1, l->len, f);
	if (fclose(f) || n != l->len)
		return EIO;
	return 0;
}

static int cell_load(const struct vhyp_cell_load *l)
{
	if (l->size != sizeof(*l) || l->flags & ~VHYP_LOAD_FLAGS || l->reserved0 ||
	    !l->len || l->len > VHYP_LOAD_MAX)
		return EINVAL;
	if (!enabled)
		return ENOTCONN;
	if (!cell_get(l->id, NULL))
		return ENOENT;
	logf_("load id=%u flags=%u ipa=0x%llx len=%llu data=%s\n", l->id, l->flags,
	      (unsigned long long)l->ipa, (unsigned long long)l->len,
	      escape((const void *)(unsigned long)l->buf, l->len));
	return save_image(l);
}

static int cell_ref(const char *what, const struct vhyp_cell_ref *r)
{
	struct fake_cell c;

	if (r->size != sizeof(*r) || r->reserved[0] || r->reserved[1])
		return EINVAL;
	if (!enabled)
		return ENOTCONN;
	if (!cell_get(r->id, &c))
		return ENOENT;
	logf_("%s id=%u\n", what, r->id);
	if (!strcmp(what, "start") && c.state == VHYP_CELL_RUNNING)
		return EALREADY;
	if (!strcmp(what, "stop") && c.state != VHYP_CELL_RUNNING)
		return EALREADY;
	return 0;
}

/* The virtio devices of cell NAME if FAKE_VHYP_VIRTIO_CELLS names it. */
static void cell_virtio_pair(const char *name, struct vhyp_cell_config *cfg)
{
	char cell[VHYP_CELL_NAME_LEN + 1];
	unsigned int i;

	for (i = 0; field(env("FAKE_VHYP_VIRTIO_CELLS", ""), ',', i, cell, sizeof(cell)); i++) {
		if (strncmp(cell, name, VHYP_CELL_NAME_LEN))
			continue;
		cfg->virtio[0] = (struct vhyp_cell_virtio){
			.name = "disk", .type = VHYP_VIRTIO_BLK, .irq = 80, .ipa = 0x0c000000,
			.flags = VHYP_VIRTIO_READONLY, .backend = "/srv/disk.img",
		};
		cfg->virtio[1] = (struct vhyp_cell_virtio){
			.name = "rng", .type = VHYP_VIRTIO_RNG, .irq = 81, .ipa = 0x0c001000,
		};
		cfg->num_virtio = 2;
		return;
	}
}

/* The virtio devices FAKE_VHYP_VIRTIO gives every cell. */
static void cell_virtio(struct vhyp_cell_config *cfg)
{
	static const char *const types[] = { "", "net", "blk", "console", "rng" };
	const char *env = getenv("FAKE_VHYP_VIRTIO");
	char buf[1024], *spec, *save, *name, *type, *backend;
	struct vhyp_cell_virtio *v;
	unsigned int t;

	if (!env)
		return;
	snprintf(buf, sizeof(buf), "%s", env);
	for (spec = strtok_r(buf, ",", &save); spec && cfg->num_virtio < VHYP_CELL_MAX_VIRTIO;
	     spec = strtok_r(NULL, ",", &save)) {
		name = strtok(spec, ":");
		type = strtok(NULL, ":");
		backend = strtok(NULL, "");
		v = &cfg->virtio[cfg->num_virtio];
		snprintf(v->name, sizeof(v->name), "%s", name ? name : "");
		if (type && !strcmp(type, "blk+ro")) {
			v->flags = VHYP_VIRTIO_READONLY;
			type = "blk";
		}
		for (t = 1; t < 5; t++)
			if (type && !strcmp(type, types[t]))
				v->type = t;
		v->irq = 48 + cfg->num_virtio;
		v->ipa = 0x0a000000 + 0x1000 * cfg->num_virtio;
		snprintf(v->backend, sizeof(v->backend), "%s", backend ? backend : "");
		cfg->num_virtio++;
	}
}

/* A file that maps like the driver's: sparse, up to the RAM at 0x40000000. */
static int virtio_open(struct vhyp_virtio_open *req, int *fd)
{
	struct vhyp_cell_config cfg;
	struct fake_cell c;

	if (req->size != sizeof(*req) || req->reserved0 || req->reserved[0] || req->reserved[1] ||
	    (req->flags & ~VHYP_VIRTIO_OPEN_FLAGS))
		return EINVAL;
	if (!enabled)
		return ENOTCONN;
	if (!cell_get(req->cell, &c))
		return ENOENT;
	memset(&cfg, 0, sizeof(cfg));
	cell_virtio(&cfg);
	if (!cfg.num_virtio)
		return ENODEV;
	*fd = memfd_create("fake-vhyp-virtio", MFD_CLOEXEC);
	if (*fd < 0)
		return errno;
	if (ftruncate(*fd, VHYP_VIRTIO_MMAP_RAM + 0x40000000 + (64 << 20)))
		return errno;
	/* read() at the end: no requests, the cell is gone */
	lseek(*fd, 0, SEEK_END);
	return 0;
}

/*
 * The config a fake cell was created from: its name, 64 MiB of RAM at
 * 0x40000000, the channels FAKE_VHYP_CHANNELS gives it and the virtio
 * devices of FAKE_VHYP_VIRTIO or FAKE_VHYP_VIRTIO_CELLS.
 */
static int cell_config(struct vhyp_cell_get_config *req)
{
	struct vhyp_cell_config *cfg = (struct vhyp_cell_config *)(uintptr_t)req->buf;
	struct fake_cell c;

	if (req->size != sizeof(*req) || req->reserved[0] || req->reserved[1])
		return EINVAL;
	if (!enabled)
		return ENOTCONN;
	if (!cell_get(req->id, &c))
		return ENOENT;
	memset(cfg, 0, sizeof(*cfg));
	cfg->size = sizeof(*cfg);
	cfg->schema = VHYP_CELL_SCHEMA;
	memcpy(cfg->name, c.name, sizeof(cfg->name));
	cfg->cpus = c.cpus;
	cfg->num_mem = 1;
	strcpy(cfg->mem[0].name, "ram");
	cfg->mem[0].ipa = 0x40000000;
	cfg->mem[0].size = 64 << 20;
	cfg->mem[0].flags = VHYP_MEM_READ | VHYP_MEM_WRITE | VHYP_MEM_EXEC;
	cell_channels(c.name, cfg);
	cell_virtio(cfg);
	cell_virtio_pair(c.name, cfg);
	return 0;
}

static int cell_info(struct vhyp_cell_info *info)
{
	static unsigned long long now;	/* the first call's: a cell's times stay put */
	const char *report = getenv("FAKE_VHYP_REPORT");
	struct fake_cell c;
	unsigned int id = info->id, cpu, e;

	if (info->size != sizeof(*info))
		return EINVAL;
	if (!enabled)
		return ENOTCONN;
	if (!cell_get(id, &c))
		return ENOENT;
	if (!now)
		now = boottime();
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->id = id;
	info->state = c.state;
	memcpy(info->name, c.name, sizeof(info->name));
	info->cpus = c.cpus;
	info->mem_bytes = 64 << 20;
	info->created_ns = now - 100000000000ull;
	if (c.state != VHYP_CELL_CREATED) {
		info->starts = 2;
		info->started_ns = now - 65000000000ull;
	}
	if (c.state == VHYP_CELL_FAILED) {
		info->failed_cpu = __builtin_ctzll(c.cpus | 1ull << 63);
		info->esr = 0x93c08007;
		info->far = 0x48000000;
		info->pc = 0x40000310;
		snprintf(info->reason, sizeof(info->reason), "access outside what it owns");
	}
	for (cpu = 0; cpu < 64; cpu++)
		if (c.cpus & (1ull << cpu))
			for (e = 0; e < VHYP_EXIT_NR; e++)
				info->exits[e] += fake_exits(cpu, e);
	if (report && c.state == VHYP_CELL_RUNNING) {
		struct vhyp_cell_report *r = &info->report;
		unsigned long long v[6] = { 0 };

		sscanf(report, "%llu:%llu:%llu:%llu:%llu:%llu", &v[0], &v[1], &v[2], &v[3],
		       &v[4], &v[5]);
		*r = (struct vhyp_cell_report){ .reports = v[0], .worst_ns = v[1], .max_ns = v[2],
			.samples = v[3], .period_samples = v[4], .code = v[5] };
	}
	return 0;
}

static int console_write(struct vhyp_console_write *w)
{
	if (w->size != sizeof(*w) || w->reserved0 || w->len > 4096)
		return EINVAL;
	if (!enabled)
		return ENOTCONN;
	if (!cell_get(w->cell, NULL))
		return ENOENT;
	logf_("input id=%u len=%u data=%s\n", w->cell, w->len,
	      escape((const void *)(unsigned long)w->buf, w->len));
	if (echo_len + w->len <= sizeof(echo)) {
		memcpy(echo + echo_len, (const void *)(unsigned long)w->buf, w->len);
		echo_len += w->len;
	}
	return 0;
}

/* The ring as the driver shows it; at most 7 bytes a call, to make
 * vhypctl loop. */
static int console_read(struct vhyp_console_read *r)
{
	const char *text = env("FAKE_VHYP_CONSOLE", "");
	unsigned long long lost = env_num("FAKE_VHYP_LOST", 0);
	unsigned long long head, pos = r->pos, n;

	if (r->size != sizeof(*r) || r->flags)
		return EINVAL;
	if (r->cell) {
		if (!enabled || !cell_get(r->cell, NULL))
			return ENOENT;
		text = cell_console_text();
		lost = 0;
	}
	head = lost + strlen(text);
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
	int err, ret = 0;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real_ioctl)
		real_ioctl = dlsym(RTLD_NEXT, "ioctl");
	if (fake_channel_fd(fd))
		return fake_channel_ioctl(fd, req);
	if (fd < 0 || fd >= MAX_FD || !fake_fds[fd])
		return real_ioctl(fd, req, arg);

	switch (req) {
	case VHYP_GET_INFO:	 op = "GET_INFO"; break;
	case VHYP_ENABLE:	 op = "ENABLE"; break;
	case VHYP_DISABLE:	 op = "DISABLE"; break;
	case VHYP_GET_CPU_STATS: op = "CPU_STATS"; break;
	case VHYP_CONSOLE_READ:	 op = "CONSOLE_READ"; break;
	case VHYP_BENCH:	 op = "BENCH"; break;
	case VHYP_CELL_CREATE:	 op = "CELL_CREATE"; break;
	case VHYP_CELL_LOAD:	 op = "CELL_LOAD"; break;
	case VHYP_CELL_START:	 op = "CELL_START"; break;
	case VHYP_CELL_STOP:	 op = "CELL_STOP"; break;
	case VHYP_CELL_DESTROY:	 op = "CELL_DESTROY"; break;
	case VHYP_CELL_INFO:	 op = "CELL_INFO"; break;
	case VHYP_CELL_CONFIG:	 op = "CELL_CONFIG"; break;
	case VHYP_CONSOLE_WRITE: op = "CONSOLE_WRITE"; break;
	case VHYP_CHANNEL_INFO:	 op = "CHANNEL_INFO"; break;
	case VHYP_CHANNEL_OPEN:	 op = "CHANNEL_OPEN"; break;
	case VHYP_VIRTIO_OPEN:	 op = "VIRTIO_OPEN"; break;
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
		case VHYP_CELL_CREATE:	 err = cell_create(arg, &ret); break;
		case VHYP_CELL_LOAD:	 err = cell_load(arg); break;
		case VHYP_CELL_START:	 err = cell_ref("start", arg); break;
		case VHYP_CELL_STOP:	 err = cell_ref("stop", arg); break;
		case VHYP_CELL_DESTROY:	 err = cell_ref("destroy", arg); break;
		case VHYP_CELL_INFO:	 err = cell_info(arg); break;
		case VHYP_CELL_CONFIG:	 err = cell_config(arg); break;
		case VHYP_CONSOLE_WRITE: err = console_write(arg); break;
		case VHYP_CHANNEL_INFO:	 err = channel_info(arg); break;
		case VHYP_CHANNEL_OPEN:	 err = fake_channel_open(arg, enabled, &ret); break;
		case VHYP_VIRTIO_OPEN:	 err = virtio_open(arg, &ret); break;
		}
	}
	if (err) {
		errno = err;
		return -1;
	}
	return ret;	/* VHYP_CELL_CREATE: the new cell's id */
}

int close(int fd)
{
	static int (*real_close)(int);

	if (!real_close)
		real_close = dlsym(RTLD_NEXT, "close");
	if (fd >= 0 && fd < MAX_FD)
		fake_fds[fd] = false;
	return real_close(fd);
}
