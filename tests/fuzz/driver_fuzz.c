// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target 'driver': the driver's checks of what user space passes to
 * /dev/vhyp, driver/validate.c, built for the host (tests/fuzz/shim/ has
 * the few kernel definitions it uses).  The first byte of the input picks
 * what the rest is:
 *
 *   0 .. NR_CMDS - 1   the argument struct of ioctl cmds[n]   vhyp_check_arg()
 *   NR_CMDS            struct fuzz_env, a struct vhyp_cell_config, and a
 *                      cell that exists already            vhyp_check_cell_config()
 *   NR_CMDS + 1        a 'full' byte, a struct vhyp_cell_load and the
 *                      config of its cell                  vhyp_check_load()
 *
 * (missing bytes are zero).  Each call is checked against the rules of
 * uapi/vhyp/ioctl.h, cell.h and Documentation/uapi.md, written again here
 * without looking at how validate.c puts them: accepted exactly when every
 * rule holds, refused with an errno the documentation gives for that
 * cause, and with one "vhyp: " sentence in the kernel log where the
 * driver explains itself (cell configs and images) and none elsewhere.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_fuzz.h"	/* CHECK() */
#include "validate.h"

typedef unsigned __int128 u128;

static const unsigned int cmds[] = {
	VHYP_GET_INFO, VHYP_ENABLE, VHYP_GET_CPU_STATS, VHYP_CONSOLE_READ, VHYP_BENCH,
	VHYP_CONSOLE_WRITE, VHYP_CELL_CREATE, VHYP_CELL_LOAD, VHYP_CELL_START,
	VHYP_CELL_STOP, VHYP_CELL_DESTROY, VHYP_CELL_INFO, VHYP_CELL_CONFIG,
	VHYP_CHANNEL_INFO, VHYP_CHANNEL_OPEN,
};
#define NR_CMDS	(sizeof(cmds) / sizeof(cmds[0]))

/* The machine as the input describes it (the kernel's view: struct vhyp_cell_env). */
struct fuzz_env {
	uint32_t ncpus;		/* taken mod 65: nr_cpu_ids is at most 64 */
	uint32_t gic_irqs;
	uint64_t online;	/* only CPUs below ncpus can be online */
	uint64_t ram_pages;
	uint64_t ram_base;	/* the one System RAM range, for is_ram() */
	uint64_t ram_size;
	uint8_t other_slot;	/* where the cell that exists sits, mod 8 */
	uint8_t pad[7];
};

/* What the driver logged for the call under test. */
static char log_buf[1024];
static unsigned int log_lines;

void fuzz_pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log_buf, sizeof(log_buf), fmt, ap);
	va_end(ap);
	log_lines++;
	if (getenv("FUZZ_SHOW_LOG"))
		fprintf(stderr, "%s", log_buf);
}

static void log_reset(void)
{
	log_buf[0] = '\0';
	log_lines = 0;
}

/* One sentence about the cell, as every pr_err() of the driver is. */
static void check_logged(void)
{
	size_t i, n = strlen(log_buf);
	bool ok = log_lines == 1 && !strncmp(log_buf, "vhyp: ", 6) && n > 7 &&
		  log_buf[n - 1] == '\n';

	for (i = 0; ok && i < n - 1; i++)
		ok = log_buf[i] >= 0x20 && log_buf[i] < 0x7f;
	if (!ok)
		fprintf(stderr, "fuzz: the driver logged %u lines, the last: %s\n", log_lines,
			log_buf);
	CHECK(ok);
}

/* N bytes of P..LEN from OFF into OBJ, the rest zero; how many were there. */
static size_t take(const uint8_t *p, size_t len, size_t off, void *obj, size_t n)
{
	size_t have = off < len ? len - off : 0;

	if (have > n)
		have = n;
	memset(obj, 0, n);
	memcpy(obj, p + off, have);
	return have;
}

static bool zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* --- ioctl arguments -------------------------------------------------------- */

/* uapi.md: the size field, then reserved zero, known flags, documented ranges. */
static bool arg_rules(unsigned int cmd, const void *arg)
{
	const struct vhyp_enable *en = arg;
	const struct vhyp_bench *be = arg;
	const struct vhyp_console_write *cw = arg;
	const struct vhyp_channel_open *co = arg;

	if (*(const uint32_t *)arg != _IOC_SIZE(cmd))
		return false;
	switch (cmd) {
	case VHYP_ENABLE:
		if (en->uart_base % 4096 || (en->uart_base && en->flags != VHYP_ENABLE_UART))
			return false;
		return (en->flags == 0 || en->flags == VHYP_ENABLE_UART) &&
		       zero(en->reserved, sizeof(en->reserved));
	case VHYP_GET_CPU_STATS:
		return ((const struct vhyp_cpu_stats *)arg)->reserved0 == 0;
	case VHYP_CONSOLE_READ:
		return ((const struct vhyp_console_read *)arg)->flags == 0;
	case VHYP_BENCH:
		return be->op == 1 && be->iterations >= 1 && be->iterations <= 1000000 &&
		       zero(be->reserved, sizeof(be->reserved));
	case VHYP_CONSOLE_WRITE:
		return cw->len <= 4096 && cw->reserved0 == 0;
	case VHYP_CELL_START:
	case VHYP_CELL_STOP:
	case VHYP_CELL_DESTROY:
		return zero(((const struct vhyp_cell_ref *)arg)->reserved,
			    sizeof(((const struct vhyp_cell_ref *)arg)->reserved));
	case VHYP_CELL_CONFIG:
		return zero(((const struct vhyp_cell_get_config *)arg)->reserved,
			    sizeof(((const struct vhyp_cell_get_config *)arg)->reserved));
	case VHYP_CHANNEL_OPEN:
		return !(co->flags & ~VHYP_CHANNEL_NONBLOCK) && zero(co->reserved, sizeof(co->reserved)) &&
		       strnlen(co->name, sizeof(co->name)) < sizeof(co->name);
	}
	return true;	/* outputs only, or checked later with the cell */
}

static void fuzz_arg(unsigned int cmd, const uint8_t *p, size_t len)
{
	/* aligned, as the driver's copy is */
	static uint64_t arg[sizeof(struct vhyp_cell_config) / 8];
	int ret;

	take(p, len, 0, arg, _IOC_SIZE(cmd));
	log_reset();
	ret = vhyp_check_arg(cmd, arg);
	CHECK(ret == 0 || ret == -EINVAL);
	CHECK(!ret == arg_rules(cmd, arg));
	CHECK(!log_lines);
}

/* --- cell configs ------------------------------------------------------------ */

static struct fuzz_env fenv;

static bool fuzz_is_ram(u64 base, u64 size)
{
	/* the driver asks only of ranges that do not wrap */
	CHECK((u128)base + size < ((u128)1 << 64));
	return size && fenv.ram_size && base < (u128)fenv.ram_base + fenv.ram_size &&
	       fenv.ram_base < (u128)base + size;
}

static bool spans(u64 a, u64 as, u64 b, u64 bs)
{
	return (u128)a < (u128)b + bs && (u128)b < (u128)a + as;
}

/* 1..SIZE - 1 of [A-Za-z0-9_-], NUL-terminated within SIZE */
static bool name_rule_len(const char *s, size_t size)
{
	size_t i, n = strnlen(s, size);

	if (n < 1 || n > size - 1)
		return false;
	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
			    s[i]))
			return false;
	return true;
}

static bool name_rule(const char *s)
{
	return name_rule_len(s, VHYP_CELL_NAME_LEN);
}

/* Causes of the refusals that are not EINVAL (ioctl.h, uapi.md). */
struct causes {
	bool name_taken;	/* EEXIST */
	bool cpu_unavailable;	/* EBUSY: offline, beyond the machine, or the root's last */
	bool irq_taken;		/* EBUSY: another cell's SPI */
	bool too_much_ram;	/* ENOMEM */
	bool device_is_ram;	/* EPERM */
	bool identity_taken;	/* EPERM: another cell's reserved region */
	bool channel_taken;	/* EEXIST: another cell has a channel of the name, not with us */
};

/* NAME..NAME + SIZE: a string, zero after it */
static bool padded(const char *name, size_t size)
{
	size_t n = strnlen(name, size);

	return n < size && zero(name + n, size - n);
}

/* The channel named NAME of cell O, or NULL. */
static const struct vhyp_cell_channel *channel_of(const struct vhyp_cell_config *o,
						  const char *name)
{
	uint32_t i;

	for (i = 0; i < o->num_channels && i < VHYP_CELL_MAX_CHANNELS; i++)
		if (!strncmp(o->channels[i].name, name, VHYP_CHANNEL_NAME_LEN))
			return &o->channels[i];
	return NULL;
}

/*
 * uapi/vhyp/cell.h: channel I of C, well formed and apart from the rest of
 * the cell; against another cell with a channel of its name (between two
 * cells only: a channel with the root is not compared), the two ends agree
 * (*WHY: EEXIST when the other is not its end).
 */
static bool channel_rules(const struct vhyp_cell_config *c, uint32_t i,
			  const struct vhyp_cell_env *env, struct causes *why)
{
	const struct vhyp_cell_channel *ch = &c->channels[i], *o;
	u64 win = ch->size + VHYP_CHANNEL_HDR_SIZE;
	bool root = !strncmp(ch->peer, VHYP_CHANNEL_PEER_ROOT, sizeof(ch->peer));
	bool ok;
	uint32_t j;

	ok = name_rule_len(ch->name, sizeof(ch->name)) && padded(ch->name, sizeof(ch->name)) &&
	     padded(ch->peer, sizeof(ch->peer)) &&
	     (root || (name_rule(ch->peer) && strncmp(ch->peer, c->name, sizeof(ch->peer)))) &&
	     ch->size >= 4096 && ch->size <= VHYP_CHANNEL_MAX_SIZE && !(ch->size % 4096) &&
	     !(ch->ipa % 4096) && (u128)ch->ipa + win < ((u128)1 << 64) &&
	     !(ch->flags & ~VHYP_CHAN_FLAGS) && ch->flags != VHYP_CHAN_FLAGS &&
	     (root || !(ch->flags & VHYP_CHAN_PEER_READONLY));
	if (!ok)
		return false;
	for (j = 0; j < c->num_mem; j++)
		ok = ok && !spans(ch->ipa, win, c->mem[j].ipa, c->mem[j].size);
	for (j = 0; j < c->num_dev; j++)
		ok = ok && !spans(ch->ipa, win, c->dev[j].base, c->dev[j].size);
	ok = ok && !(c->console.type && spans(ch->ipa, win, c->console.ipa, 4096));
	for (j = 0; j < i; j++) {
		o = &c->channels[j];
		ok = ok && strncmp(o->name, ch->name, sizeof(ch->name)) &&
		     !spans(ch->ipa, win, o->ipa, o->size + VHYP_CHANNEL_HDR_SIZE) &&
		     (!ch->irq || o->irq != ch->irq);
	}
	for (j = 0; ch->irq && j < c->num_irqs; j++)
		ok = ok && c->irqs[j] != ch->irq;
	ok = ok && (!ch->irq || (ch->irq != c->console.irq && ch->irq >= 32 &&
				 ch->irq < env->gic_irqs));
	for (j = 0; j < VHYP_MAX_CELLS && !root; j++) {
		const struct vhyp_cell_config *other = env->cells[j];

		o = other ? channel_of(other, ch->name) : NULL;
		if (!o)
			continue;
		if (strncmp(o->peer, c->name, VHYP_CELL_NAME_LEN) ||
		    strncmp(ch->peer, other->name, VHYP_CELL_NAME_LEN))
			why->channel_taken = true;
		else
			ok = ok && o->size == ch->size &&
			     !(o->flags & ch->flags & VHYP_CHAN_READONLY);
	}
	return ok;
}

/*
 * uapi/vhyp/virtio.h: virtio device I of C, well formed, its window in the
 * cell's IPA space and apart from everything else of the cell, its
 * interrupt an SPI that nothing else of the cell has.
 */
static bool virtio_rules(const struct vhyp_cell_config *c, uint32_t i,
			 const struct vhyp_cell_env *env)
{
	const struct vhyp_cell_virtio *v = &c->virtio[i];
	u64 w = VHYP_VIRTIO_WINDOW;
	bool ok;
	uint32_t j;

	ok = name_rule_len(v->name, sizeof(v->name)) && padded(v->name, sizeof(v->name)) &&
	     v->type >= VHYP_VIRTIO_NET && v->type <= VHYP_VIRTIO_RNG &&
	     !(v->flags & ~VHYP_VIRTIO_FLAGS) &&
	     (!(v->flags & VHYP_VIRTIO_READONLY) || v->type == VHYP_VIRTIO_BLK) &&
	     !v->reserved && (v->type == VHYP_VIRTIO_NET || zero(v->mac, sizeof(v->mac))) &&
	     memchr(v->backend, 0, sizeof(v->backend)) &&
	     !(v->ipa % 4096) && v->ipa < (1ULL << 39) &&
	     v->irq >= 32 && v->irq < env->gic_irqs && v->irq != c->console.irq;
	for (j = 0; j < c->num_mem; j++)
		ok = ok && !spans(v->ipa, w, c->mem[j].ipa, c->mem[j].size);
	for (j = 0; j < c->num_dev; j++)
		ok = ok && !spans(v->ipa, w, c->dev[j].base, c->dev[j].size);
	ok = ok && !(c->console.type && spans(v->ipa, w, c->console.ipa, 4096));
	for (j = 0; j < c->num_channels; j++)
		ok = ok && !spans(v->ipa, w, c->channels[j].ipa,
				  c->channels[j].size + VHYP_CHANNEL_HDR_SIZE) &&
		     c->channels[j].irq != v->irq;
	ok = ok && !spans(v->ipa, w, env->gicd_base, env->gicd_size) &&
	     !spans(v->ipa, w, env->gicr_base, env->gicr_size);
	for (j = 0; j < c->num_irqs; j++)
		ok = ok && c->irqs[j] != v->irq;
	for (j = 0; j < i; j++)
		ok = ok && strncmp(c->virtio[j].name, v->name, sizeof(v->name)) &&
		     !spans(v->ipa, w, c->virtio[j].ipa, w) && c->virtio[j].irq != v->irq;
	return ok;
}

/* Every documented rule of a cell config; *C: which non-EINVAL causes are there. */
static bool config_rules(const struct vhyp_cell_config *c, const struct vhyp_cell_env *env,
			 struct causes *why)
{
	bool ok = c->schema == VHYP_CELL_SCHEMA && name_rule(c->name) && !(c->flags & ~VHYP_CELL_PMU) &&
		  zero(c->reserved, sizeof(c->reserved)) && c->cpus;
	u128 pages = 0;
	uint32_t i, j, k;

	memset(why, 0, sizeof(*why));
	for (i = 0; i < VHYP_MAX_CELLS; i++)
		if (env->cells[i] && !strncmp(env->cells[i]->name, c->name, VHYP_CELL_NAME_LEN))
			why->name_taken = true;
	why->cpu_unavailable = (c->cpus & ~env->online) || !(env->online & ~c->cpus);
	if (c->num_mem < 1 || c->num_mem > VHYP_CELL_MAX_MEM || c->num_dev > VHYP_CELL_MAX_DEV ||
	    c->num_irqs > VHYP_CELL_MAX_IRQS || c->num_channels > VHYP_CELL_MAX_CHANNELS ||
	    c->num_virtio > VHYP_CELL_MAX_VIRTIO)
		return false;
	ok = ok && !c->reserved0 && !c->reserved1 &&
	     zero(&c->virtio[c->num_virtio],
		  sizeof(c->virtio) - c->num_virtio * sizeof(c->virtio[0])) &&
	     zero(&c->mem[c->num_mem], sizeof(c->mem) - c->num_mem * sizeof(c->mem[0])) &&
	     zero(&c->dev[c->num_dev], sizeof(c->dev) - c->num_dev * sizeof(c->dev[0])) &&
	     zero(&c->irqs[c->num_irqs], sizeof(c->irqs) - c->num_irqs * sizeof(c->irqs[0])) &&
	     zero(&c->channels[c->num_channels],
		  sizeof(c->channels) - c->num_channels * sizeof(c->channels[0]));
	for (i = 0; i < c->num_mem; i++) {
		const struct vhyp_cell_mem *m = &c->mem[i];

		if (!(m->flags & VHYP_MEM_IDENTITY))	/* reserved memory is not RAM */
			pages += m->size / 4096;
		for (j = 0; j < VHYP_MAX_CELLS && m->flags & VHYP_MEM_IDENTITY; j++)
			for (k = 0; env->cells[j] && k < env->cells[j]->num_mem; k++)
				why->identity_taken |=
					!!(env->cells[j]->mem[k].flags & VHYP_MEM_IDENTITY) &&
					spans(m->ipa, m->size, env->cells[j]->mem[k].ipa,
					      env->cells[j]->mem[k].size);
		ok = ok && m->size && !(m->ipa % 4096) && !(m->size % 4096) &&
		     (u128)m->ipa + m->size < ((u128)1 << 64) && !m->reserved &&
		     (m->flags & VHYP_MEM_READ) && !(m->flags & ~VHYP_MEM_FLAGS);
		for (j = 0; j < i; j++)
			ok = ok && !spans(m->ipa, m->size, c->mem[j].ipa, c->mem[j].size);
	}
	why->too_much_ram = pages > env->ram_pages;
	for (i = 0; i < c->num_dev; i++) {
		const struct vhyp_cell_dev *d = &c->dev[i];
		bool sane = d->size && !(d->base % 4096) && !(d->size % 4096) &&
			    (u128)d->base + d->size < ((u128)1 << 64);

		ok = ok && sane;
		why->device_is_ram |= sane && fuzz_is_ram(d->base, d->size);
		for (j = 0; j < c->num_mem; j++)
			ok = ok && !spans(d->base, d->size, c->mem[j].ipa, c->mem[j].size);
	}
	ok = ok && c->console.type <= VHYP_CONSOLE_PL011 && !(c->console.ipa % 4096) &&
	     (!c->console.irq || (c->console.type &&
				  c->console.irq >= 32 && c->console.irq < env->gic_irqs));
	for (i = 0; i < c->num_irqs; i++) {
		ok = ok && c->irqs[i] >= 32 && c->irqs[i] < env->gic_irqs &&
		     c->irqs[i] != c->console.irq;
		for (j = 0; j < i; j++)
			ok = ok && c->irqs[i] != c->irqs[j];
		for (j = 0; j < VHYP_MAX_CELLS; j++)
			for (k = 0; env->cells[j] && k < env->cells[j]->num_irqs; k++)
				why->irq_taken |= env->cells[j]->irqs[k] == c->irqs[i];
	}
	for (i = 0; i < c->num_channels; i++)
		ok = channel_rules(c, i, env, why) && ok;
	for (i = 0; i < c->num_virtio; i++)
		ok = ok && virtio_rules(c, i, env);
	return ok;
}

static void check_cell_config(const struct vhyp_cell_config *cfg, const struct vhyp_cell_env *env)
{
	struct causes why;
	bool ok;
	int ret;

	log_reset();
	ret = vhyp_check_cell_config(cfg, env);
	ok = config_rules(cfg, env, &why);
	if (!ret) {
		CHECK(ok && !log_lines);
		CHECK(!why.name_taken && !why.cpu_unavailable && !why.irq_taken &&
		      !why.identity_taken && !why.too_much_ram && !why.device_is_ram &&
		      !why.channel_taken);
		return;
	}
	check_logged();
	switch (-ret) {
	case EINVAL:
		CHECK(!ok);
		break;
	case EEXIST:
		CHECK(why.name_taken || why.channel_taken);
		break;
	case EBUSY:
		CHECK(why.cpu_unavailable || why.irq_taken);
		break;
	case ENOMEM:
		CHECK(why.too_much_ram);
		break;
	case EPERM:
		CHECK(why.device_is_ram || why.identity_taken);
		break;
	default:
		CHECK(!"an errno VHYP_CELL_CREATE does not document");
	}
}

/*
 * A cell that exists passed these checks: its name is valid, its counts in
 * range, its channels named and with a peer.
 */
static void make_existing(struct vhyp_cell_config *c)
{
	uint32_t i;

	if (!name_rule(c->name))
		strcpy(c->name, "cell");
	if (c->num_irqs > VHYP_CELL_MAX_IRQS)
		c->num_irqs = VHYP_CELL_MAX_IRQS;
	if (c->num_channels > VHYP_CELL_MAX_CHANNELS)
		c->num_channels = VHYP_CELL_MAX_CHANNELS;
	for (i = 0; i < c->num_channels; i++) {
		if (!name_rule_len(c->channels[i].name, VHYP_CHANNEL_NAME_LEN))
			snprintf(c->channels[i].name, VHYP_CHANNEL_NAME_LEN, "ch%u", i);
		if (!name_rule(c->channels[i].peer))
			strcpy(c->channels[i].peer, VHYP_CHANNEL_PEER_ROOT);
	}
	if (c->num_mem > VHYP_CELL_MAX_MEM)
		c->num_mem = VHYP_CELL_MAX_MEM;
	for (i = 0; i < c->num_mem; i++)	/* and its regions do not wrap */
		if (c->mem[i].ipa + c->mem[i].size < c->mem[i].ipa)
			c->mem[i].size = 0;
}

static void fuzz_config(const uint8_t *p, size_t len)
{
	static struct vhyp_cell_config cfg, other;
	struct vhyp_cell_env env = { .is_ram = fuzz_is_ram };
	size_t off = take(p, len, 0, &fenv, sizeof(fenv));

	off += take(p, len, off, &cfg, sizeof(cfg));
	env.ncpus = fenv.ncpus % 65;
	env.online = fenv.online & (env.ncpus == 64 ? ~0ull : (1ull << env.ncpus) - 1);
	env.ram_pages = fenv.ram_pages;
	env.gic_irqs = fenv.gic_irqs;
	env.gicd_base = 0x08000000;	/* QEMU virt's */
	env.gicd_size = 0x10000;
	env.gicr_base = 0x080a0000;
	env.gicr_size = 0xf60000;
	if (take(p, len, off, &other, sizeof(other))) {
		make_existing(&other);
		env.cells[fenv.other_slot % VHYP_MAX_CELLS] = &other;
	}
	check_cell_config(&cfg, &env);
}

/* --- images ------------------------------------------------------------------- */

static void fuzz_load(const uint8_t *p, size_t len)
{
	static struct vhyp_cell_config cfg;
	struct vhyp_cell_load req;
	uint8_t full;
	size_t off = take(p, len, 0, &full, 1);
	bool inside = false;
	uint32_t i;
	int ret;

	off += take(p, len, off, &req, sizeof(req));
	take(p, len, off, &cfg, sizeof(cfg));
	make_existing(&cfg);
	for (i = 0; i < cfg.num_mem; i++)
		inside |= req.ipa >= cfg.mem[i].ipa &&
			  (u128)req.ipa + req.len <= (u128)cfg.mem[i].ipa + cfg.mem[i].size;
	log_reset();
	ret = vhyp_check_load(&cfg, &req, full & 1);
	CHECK(ret == 0 || ret == -EINVAL);
	if (req.len < 1 || req.len > VHYP_LOAD_MAX || req.flags & ~VHYP_LOAD_FLAGS ||
	    req.reserved0 || full & 1) {
		CHECK(ret && !log_lines);	/* refused before the cell's regions */
		return;
	}
	CHECK(!ret == inside);
	if (ret)
		check_logged();
	else
		CHECK(!log_lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int what;

	if (!size)
		return 0;
	what = data[0] % (NR_CMDS + 2);
	if (what < NR_CMDS)
		fuzz_arg(cmds[what], data + 1, size - 1);
	else if (what == NR_CMDS)
		fuzz_config(data + 1, size - 1);
	else
		fuzz_load(data + 1, size - 1);
	return 0;
}
