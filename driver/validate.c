// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of ioctl arguments that need nothing but the argument and a
 * description of the machine (validate.h).  Kept free of kernel state, so
 * that the host fuzzer (tests/fuzz/driver_fuzz.c) runs exactly this code.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/string.h>
#include "validate.h"

static bool all_zero(const void *p, size_t n)
{
	return !memchr_inv(p, 0, n);
}

/* What each ioctl's argument must hold, besides its size. */
static bool arg_ok(unsigned int cmd, const void *arg)
{
	switch (cmd) {
	case VHYP_ENABLE: {
		const struct vhyp_enable *req = arg;

		return !(req->flags & ~VHYP_ENABLE_FLAGS) &&
		       all_zero(req->reserved, sizeof(req->reserved)) &&
		       !(req->uart_base && !(req->flags & VHYP_ENABLE_UART)) &&
		       !(req->uart_base & ~PAGE_MASK);
	}
	case VHYP_GET_CPU_STATS:
		return !((const struct vhyp_cpu_stats *)arg)->reserved0;
	case VHYP_CONSOLE_READ:
		return !((const struct vhyp_console_read *)arg)->flags;
	case VHYP_BENCH: {
		const struct vhyp_bench *req = arg;

		return all_zero(req->reserved, sizeof(req->reserved)) &&
		       req->op == VHYP_BENCH_HVC_NOP && req->iterations &&
		       req->iterations <= 1000000;
	}
	case VHYP_CONSOLE_WRITE: {
		const struct vhyp_console_write *req = arg;

		return !req->reserved0 && req->len <= 4096;
	}
	case VHYP_CELL_START:
	case VHYP_CELL_STOP:
	case VHYP_CELL_DESTROY: {
		const struct vhyp_cell_ref *req = arg;

		return all_zero(req->reserved, sizeof(req->reserved));
	}
	case VHYP_CELL_CONFIG: {
		const struct vhyp_cell_get_config *req = arg;

		return all_zero(req->reserved, sizeof(req->reserved));
	}
	case VHYP_CHANNEL_OPEN: {
		const struct vhyp_channel_open *req = arg;

		return !(req->flags & ~VHYP_CHANNEL_OPEN_FLAGS) &&
		       all_zero(req->reserved, sizeof(req->reserved)) &&
		       memchr(req->name, 0, sizeof(req->name));
	}
	case VHYP_VIRTIO_OPEN: {
		const struct vhyp_virtio_open *req = arg;

		return !(req->flags & ~VHYP_VIRTIO_OPEN_FLAGS) && !req->reserved0 &&
		       all_zero(req->reserved, sizeof(req->reserved));
	}
	default:	/* GET_INFO, CELL_INFO, CHANNEL_INFO: outputs; CELL_CREATE, CELL_LOAD: later */
		return true;
	}
}

int vhyp_check_arg(unsigned int cmd, const void *arg)
{
	if (*(const u32 *)arg != _IOC_SIZE(cmd) || !arg_ok(cmd, arg))
		return -EINVAL;
	return 0;
}

/* 1..max-1 of [A-Za-z0-9_-], NUL-terminated within max bytes */
static bool name_ok_len(const char *name, size_t max)
{
	size_t i, n = strnlen(name, max);

	if (!n || n == max)
		return false;
	for (i = 0; i < n; i++)
		if (!isascii(name[i]) ||	/* the kernel's isalnum() takes Latin-1 too */
		    (!isalnum(name[i]) && name[i] != '-' && name[i] != '_'))
			return false;
	return true;
}

static bool name_ok(const char *name)
{
	return name_ok_len(name, VHYP_CELL_NAME_LEN);
}

static bool overlap(u64 a, u64 as, u64 b, u64 bs)
{
	return a < b + bs && b < a + as;
}

/* An SPI of the GIC that runs here, as an INTID: 32 .. what GICD_TYPER says. */
static int check_spi(const struct vhyp_cell_config *cfg, const struct vhyp_cell_env *env,
		     u32 intid, const char *what)
{
	u32 nr = env->gic_irqs;

	if (intid < 32 || intid >= nr) {
		pr_err("vhyp: cell '%s': %s INTID %u is not an SPI of this GIC (SPIs are INTIDs 32..%u); SGIs and PPIs are never a cell's\n",
		       cfg->name, what, intid, nr - 1);
		return -EINVAL;
	}
	return 0;
}

/* Its devices' SPIs: real ones, each once, not its console's; another cell's: EBUSY. */
static int check_irqs(const struct vhyp_cell_config *cfg, const struct vhyp_cell_env *env)
{
	const struct vhyp_cell_config *other;
	unsigned int i, j, id;
	int ret;

	for (i = 0; i < cfg->num_irqs; i++) {
		ret = check_spi(cfg, env, cfg->irqs[i], "device interrupt");
		if (ret)
			return ret;
		for (j = 0; j < i; j++)
			if (cfg->irqs[j] == cfg->irqs[i]) {
				pr_err("vhyp: cell '%s': interrupt INTID %u is listed twice\n",
				       cfg->name, cfg->irqs[i]);
				return -EINVAL;
			}
		if (cfg->console.irq == cfg->irqs[i]) {
			pr_err("vhyp: cell '%s': INTID %u is both a device's and the emulated console's\n",
			       cfg->name, cfg->irqs[i]);
			return -EINVAL;
		}
		for (id = 0; id < VHYP_MAX_CELLS; id++) {
			other = env->cells[id];
			for (j = 0; other && j < other->num_irqs; j++)
				if (other->irqs[j] == cfg->irqs[i]) {
					pr_err("vhyp: cell '%s': interrupt INTID %u is cell '%s''s already\n",
					       cfg->name, cfg->irqs[i], other->name);
					return -EBUSY;
				}
		}
	}
	return cfg->console.irq ? check_spi(cfg, env, cfg->console.irq, "console interrupt") : 0;
}

/* The channel of another cell's config named NAME, or NULL. */
static const struct vhyp_cell_channel *find_channel(const struct vhyp_cell_config *o,
						    const char *name)
{
	unsigned int i;

	for (i = 0; o && i < o->num_channels && i < VHYP_CELL_MAX_CHANNELS; i++)
		if (!strncmp(o->channels[i].name, name, VHYP_CHANNEL_NAME_LEN))
			return &o->channels[i];
	return NULL;
}

/* A channel against the cells that exist: the second end agrees with the first. */
static int check_channel_peer(const struct vhyp_cell_config *cfg,
			      const struct vhyp_cell_channel *ch,
			      const struct vhyp_cell_env *env)
{
	const struct vhyp_cell_channel *oc;
	const struct vhyp_cell_config *o;
	unsigned int id;

	for (id = 0; id < VHYP_MAX_CELLS; id++) {
		o = env->cells[id];
		oc = find_channel(o, ch->name);
		if (!oc)
			continue;
		if (strncmp(oc->peer, cfg->name, VHYP_CELL_NAME_LEN) ||
		    strncmp(ch->peer, o->name, VHYP_CELL_NAME_LEN)) {
			pr_err("vhyp: cell '%s': channel '%s' is cell '%s''s with peer '%s'; this cell is not its other end\n",
			       cfg->name, ch->name, o->name, oc->peer);
			return -EEXIST;
		}
		if (oc->size != ch->size) {
			pr_err("vhyp: cell '%s': channel '%s' has %llu bytes in cell '%s''s config, %llu in this one\n",
			       cfg->name, ch->name, oc->size, o->name, ch->size);
			return -EINVAL;
		}
		if (oc->flags & ch->flags & VHYP_CHAN_READONLY) {
			pr_err("vhyp: cell '%s': channel '%s' would be read-only at both ends\n",
			       cfg->name, ch->name);
			return -EINVAL;
		}
	}
	return 0;
}

/* Its channels: each well formed, apart from everything else it has, agreeing with its peer. */
static int check_channels(const struct vhyp_cell_config *cfg, const struct vhyp_cell_env *env)
{
	unsigned int i, j;
	int ret;

	for (i = 0; i < cfg->num_channels; i++) {
		const struct vhyp_cell_channel *ch = &cfg->channels[i];
		u64 win = ch->size + VHYP_CHANNEL_HDR_SIZE;
		bool root = !strncmp(ch->peer, VHYP_CHANNEL_PEER_ROOT, sizeof(ch->peer));
		const char *why = NULL;

		if (!name_ok_len(ch->name, VHYP_CHANNEL_NAME_LEN))
			why = "its name is not 1..15 of [A-Za-z0-9_-]";
		else if (!root && (!name_ok(ch->peer) || !strcmp(ch->peer, cfg->name)))
			why = "its peer is neither \"root\" nor another cell's name";
		else if (ch->size < PAGE_SIZE || ch->size > VHYP_CHANNEL_MAX_SIZE ||
			 !PAGE_ALIGNED(ch->ipa | ch->size) || ch->ipa + win < ch->ipa)
			why = "its window is misaligned, too small, too big or wraps";
		else if (ch->flags & ~VHYP_CHAN_FLAGS ||
			 (!root && ch->flags & VHYP_CHAN_PEER_READONLY) ||
			 (ch->flags & VHYP_CHAN_FLAGS) == VHYP_CHAN_FLAGS)
			why = "its access flags are unknown or leave no end to write";
		else if (memchr_inv(ch->name + strlen(ch->name), 0,
				    sizeof(ch->name) - strlen(ch->name)) ||
			 memchr_inv(ch->peer + strnlen(ch->peer, sizeof(ch->peer)), 0,
				    sizeof(ch->peer) - strnlen(ch->peer, sizeof(ch->peer))))
			why = "bytes after its name or peer are not zero";
		for (j = 0; !why && j < cfg->num_mem; j++)
			if (overlap(ch->ipa, win, cfg->mem[j].ipa, cfg->mem[j].size))
				why = "its window overlaps a memory region";
		for (j = 0; !why && j < cfg->num_dev; j++)
			if (overlap(ch->ipa, win, cfg->dev[j].base, cfg->dev[j].size))
				why = "its window overlaps a device";
		if (!why && cfg->console.type && overlap(ch->ipa, win, cfg->console.ipa, PAGE_SIZE))
			why = "its window overlaps the console";
		for (j = 0; !why && j < i; j++) {
			const struct vhyp_cell_channel *o = &cfg->channels[j];

			if (!strncmp(o->name, ch->name, sizeof(ch->name)))
				why = "another channel of the cell has its name";
			else if (overlap(ch->ipa, win, o->ipa, o->size + VHYP_CHANNEL_HDR_SIZE))
				why = "its window overlaps another channel's";
			else if (ch->irq && o->irq == ch->irq)
				why = "another channel has its interrupt";
		}
		for (j = 0; !why && ch->irq && j < cfg->num_irqs; j++)
			if (cfg->irqs[j] == ch->irq)
				why = "its interrupt is a device's";
		if (!why && ch->irq && ch->irq == cfg->console.irq)
			why = "its interrupt is the console's";
		/* its name only once it is known to be printable: it is user space's bytes */
		if (why && name_ok_len(ch->name, VHYP_CHANNEL_NAME_LEN))
			pr_err("vhyp: cell '%s': channel %u ('%s'): %s\n", cfg->name, i, ch->name,
			       why);
		else if (why)
			pr_err("vhyp: cell '%s': channel %u: %s\n", cfg->name, i, why);
		if (why)
			return -EINVAL;
		if (ch->irq) {
			ret = check_spi(cfg, env, ch->irq, "channel interrupt");
			if (ret)
				return ret;
		}
		if (!root) {
			ret = check_channel_peer(cfg, ch, env);
			if (ret)
				return ret;
		}
	}
	return 0;
}

#define VIRTIO_IPA_TOP	(1ULL << 39)	/* a cell's IPA space (the hypervisor's CELL_IA_BITS) */

/* Does the window at IPA overlap anything else of the cell: why, or NULL. */
static const char *virtio_window_clash(const struct vhyp_cell_config *cfg,
				       const struct vhyp_cell_env *env, unsigned int i)
{
	u64 ipa = cfg->virtio[i].ipa, w = VHYP_VIRTIO_WINDOW;
	unsigned int j;

	for (j = 0; j < cfg->num_mem; j++)
		if (overlap(ipa, w, cfg->mem[j].ipa, cfg->mem[j].size))
			return "its window overlaps a memory region";
	for (j = 0; j < cfg->num_dev; j++)
		if (overlap(ipa, w, cfg->dev[j].base, cfg->dev[j].size))
			return "its window overlaps a device";
	if (cfg->console.type && overlap(ipa, w, cfg->console.ipa, PAGE_SIZE))
		return "its window overlaps the console";
	for (j = 0; j < cfg->num_channels; j++)
		if (overlap(ipa, w, cfg->channels[j].ipa,
			    cfg->channels[j].size + VHYP_CHANNEL_HDR_SIZE))
			return "its window overlaps a channel's";
	if (overlap(ipa, w, env->gicd_base, env->gicd_size) ||
	    overlap(ipa, w, env->gicr_base, env->gicr_size))
		return "its window overlaps the GIC's distributor or redistributors";
	for (j = 0; j < i; j++)
		if (overlap(ipa, w, cfg->virtio[j].ipa, w))
			return "its window overlaps another virtio device's";
	return NULL;
}

/* Does the virtual SPI INTID clash with another interrupt of the cell: why, or NULL. */
static const char *virtio_irq_clash(const struct vhyp_cell_config *cfg, unsigned int i)
{
	u32 irq = cfg->virtio[i].irq;
	unsigned int j;

	for (j = 0; j < cfg->num_irqs; j++)
		if (cfg->irqs[j] == irq)
			return "its interrupt is a device's";
	if (cfg->console.irq == irq)
		return "its interrupt is the console's";
	for (j = 0; j < cfg->num_channels; j++)
		if (cfg->channels[j].irq == irq)
			return "its interrupt is a channel's";
	for (j = 0; j < i; j++)
		if (cfg->virtio[j].irq == irq)
			return "its interrupt is another virtio device's";
	return NULL;
}

/* Its virtio devices: each well formed, apart from everything else it has. */
static int check_virtio(const struct vhyp_cell_config *cfg, const struct vhyp_cell_env *env)
{
	static const u8 zero_mac[6];
	unsigned int i, j;
	int ret;

	for (i = 0; i < cfg->num_virtio; i++) {
		const struct vhyp_cell_virtio *v = &cfg->virtio[i];
		const char *why = NULL;

		if (!name_ok_len(v->name, VHYP_VIRTIO_NAME_LEN))
			why = "its name is not 1..15 of [A-Za-z0-9_-]";
		else if (memchr_inv(v->name + strlen(v->name), 0, sizeof(v->name) - strlen(v->name)))
			why = "bytes after its name are not zero";
		else if (v->type < VHYP_VIRTIO_NET || v->type > VHYP_VIRTIO_RNG)
			why = "its type is not net, blk, console or rng";
		else if (v->flags & ~VHYP_VIRTIO_FLAGS ||
			 (v->flags & VHYP_VIRTIO_READONLY && v->type != VHYP_VIRTIO_BLK))
			why = "its flags are unknown, or read-only for a device that is no disk";
		else if (v->reserved)
			why = "its reserved field is not zero";
		else if (v->type != VHYP_VIRTIO_NET && memcmp(v->mac, zero_mac, sizeof(zero_mac)))
			why = "it has a MAC address but is no network device";
		else if (!memchr(v->backend, 0, sizeof(v->backend)))
			why = "its backend is not NUL-terminated";
		else if (!PAGE_ALIGNED(v->ipa) || v->ipa >= VIRTIO_IPA_TOP)
			why = "its window is misaligned or outside the cell's IPA space";
		for (j = 0; !why && j < i; j++)
			if (!strncmp(cfg->virtio[j].name, v->name, sizeof(v->name)))
				why = "another virtio device of the cell has its name";
		if (!why)
			why = virtio_window_clash(cfg, env, i);
		if (!why && !v->irq)
			why = "it has no interrupt";
		if (!why)
			why = virtio_irq_clash(cfg, i);
		if (why && name_ok_len(v->name, VHYP_VIRTIO_NAME_LEN))
			pr_err("vhyp: cell '%s': virtio device %u ('%s'): %s\n", cfg->name, i,
			       v->name, why);
		else if (why)
			pr_err("vhyp: cell '%s': virtio device %u: %s\n", cfg->name, i, why);
		if (why)
			return -EINVAL;
		ret = check_spi(cfg, env, v->irq, "virtio interrupt");
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Its identity-mapped regions are no other cell's.  Whether each is a free
 * no-map reservation of the machine is the live device tree's to say
 * (reserved.c, after these checks).
 */
static int check_identity(const struct vhyp_cell_config *cfg, const struct vhyp_cell_env *env)
{
	const struct vhyp_cell_mem *m, *o;
	unsigned int i, j, k;

	for (i = 0; i < cfg->num_mem; i++) {
		m = &cfg->mem[i];
		for (k = 0; k < VHYP_MAX_CELLS && m->flags & VHYP_MEM_IDENTITY; k++)
			for (j = 0; env->cells[k] && j < env->cells[k]->num_mem; j++) {
				o = &env->cells[k]->mem[j];
				if (o->flags & VHYP_MEM_IDENTITY &&
				    overlap(m->ipa, m->size, o->ipa, o->size)) {
					pr_err("vhyp: cell '%s': region %u at %#llx is cell '%s''s already (its region %u)\n",
					       cfg->name, i, m->ipa, env->cells[k]->name, j);
					return -EPERM;
				}
			}
	}
	return 0;
}

/* Every rule the driver can check by itself; vhypctl checked more, off target too. */
int vhyp_check_cell_config(const struct vhyp_cell_config *cfg,
			   const struct vhyp_cell_env *env)
{
	unsigned int i, j, cpu;
	const char *why;
	u64 ram;
	int ret;

	if (cfg->schema != VHYP_CELL_SCHEMA) {
		pr_err("vhyp: cell config schema %u, this driver speaks %u\n", cfg->schema,
		       VHYP_CELL_SCHEMA);
		return -EINVAL;
	}
	if (!name_ok(cfg->name)) {
		pr_err("vhyp: cell name must be 1..31 of [A-Za-z0-9_-]\n");
		return -EINVAL;
	}
	for (i = 0; i < VHYP_MAX_CELLS; i++) {
		if (env->cells[i] && !strcmp(env->cells[i]->name, cfg->name)) {
			pr_err("vhyp: there is a cell '%s' already\n", cfg->name);
			return -EEXIST;
		}
	}
	if (cfg->flags & ~VHYP_CELL_FLAGS || cfg->num_mem < 1 || cfg->num_mem > VHYP_CELL_MAX_MEM ||
	    cfg->num_dev > VHYP_CELL_MAX_DEV || cfg->num_irqs > VHYP_CELL_MAX_IRQS ||
	    cfg->num_channels > VHYP_CELL_MAX_CHANNELS || cfg->reserved0 ||
	    cfg->num_virtio > VHYP_CELL_MAX_VIRTIO || cfg->reserved1 ||
	    memchr_inv(cfg->reserved, 0, sizeof(cfg->reserved))) {
		why = "counts, flags or reserved fields out of range";
		goto bad;
	}
	if (!cfg->cpus) {
		why = "it has no CPU";
		goto bad;
	}
	for (cpu = 0; cpu < 64; cpu++) {
		if (!(cfg->cpus & (1ULL << cpu)))
			continue;
		if (cpu >= env->ncpus || !(env->online & (1ULL << cpu))) {
			pr_err("vhyp: cell '%s': CPU %u is not an online CPU of the root\n",
			       cfg->name, cpu);
			return -EBUSY;
		}
	}
	if (!(env->online & ~cfg->cpus)) {
		pr_err("vhyp: cell '%s' would take the root's last CPU\n", cfg->name);
		return -EBUSY;
	}
	if (memchr_inv(&cfg->mem[cfg->num_mem], 0,
		       (VHYP_CELL_MAX_MEM - cfg->num_mem) * sizeof(cfg->mem[0])) ||
	    memchr_inv(&cfg->dev[cfg->num_dev], 0,
		       (VHYP_CELL_MAX_DEV - cfg->num_dev) * sizeof(cfg->dev[0])) ||
	    memchr_inv(&cfg->irqs[cfg->num_irqs], 0,
		       (VHYP_CELL_MAX_IRQS - cfg->num_irqs) * sizeof(cfg->irqs[0])) ||
	    memchr_inv(&cfg->channels[cfg->num_channels], 0,
		       (VHYP_CELL_MAX_CHANNELS - cfg->num_channels) * sizeof(cfg->channels[0])) ||
	    memchr_inv(&cfg->virtio[cfg->num_virtio], 0,
		       (VHYP_CELL_MAX_VIRTIO - cfg->num_virtio) * sizeof(cfg->virtio[0]))) {
		why = "unused memory, device, interrupt, channel or virtio entries are not zero";
		goto bad;
	}
	for (i = 0, ram = 0; i < cfg->num_mem; i++) {
		const struct vhyp_cell_mem *m = &cfg->mem[i];

		ram += m->size >> PAGE_SHIFT;	/* < 2^52 each: no overflow in 16 */
		if (!m->size || !PAGE_ALIGNED(m->ipa | m->size) || m->ipa + m->size < m->ipa ||
		    m->flags & ~VHYP_MEM_FLAGS || !(m->flags & VHYP_MEM_READ) || m->reserved) {
			why = "a memory region is empty, misaligned or has unknown flags";
			goto bad;
		}
		if (m->flags & VHYP_MEM_IDENTITY)
			ram -= m->size >> PAGE_SHIFT;	/* reserved memory, not the allocator's */
		for (j = 0; j < i; j++)
			if (overlap(m->ipa, m->size, cfg->mem[j].ipa, cfg->mem[j].size)) {
				why = "two memory regions overlap";
				goto bad;
			}
	}
	ret = check_identity(cfg, env);
	if (ret)
		return ret;
	if (ram > env->ram_pages) {
		pr_err("vhyp: cell '%s' asks for %llu MiB of RAM; this machine has %lu MiB in all\n",
		       cfg->name, ram >> (20 - PAGE_SHIFT), env->ram_pages >> (20 - PAGE_SHIFT));
		return -ENOMEM;
	}
	for (i = 0; i < cfg->num_dev; i++) {
		const struct vhyp_cell_dev *d = &cfg->dev[i];

		if (!d->size || !PAGE_ALIGNED(d->base | d->size) || d->base + d->size < d->base) {
			why = "a device range is empty or misaligned";
			goto bad;
		}
		/* by its number: its name is whatever bytes user space sent */
		if (env->is_ram(d->base, d->size)) {
			pr_err("vhyp: cell '%s': device %u (at %#llx) is RAM, not a device\n",
			       cfg->name, i, d->base);
			return -EPERM;
		}
		for (j = 0; j < cfg->num_mem; j++)
			if (overlap(d->base, d->size, cfg->mem[j].ipa, cfg->mem[j].size)) {
				why = "a device range overlaps a memory region's IPA";
				goto bad;
			}
	}
	if (cfg->console.type > VHYP_CONSOLE_PL011 || !PAGE_ALIGNED(cfg->console.ipa) ||
	    (cfg->console.irq && !cfg->console.type)) {
		why = "the console is of an unknown type or misaligned";
		goto bad;
	}
	ret = check_irqs(cfg, env);
	ret = ret ?: check_channels(cfg, env);
	return ret ?: check_virtio(cfg, env);
bad:
	pr_err("vhyp: cell config '%.31s': %s\n", cfg->name, why);
	return -EINVAL;
}

int vhyp_check_load(const struct vhyp_cell_config *cfg, const struct vhyp_cell_load *req,
		    bool full)
{
	unsigned int i;

	if (!req->len || req->len > VHYP_LOAD_MAX || req->flags & ~VHYP_LOAD_FLAGS ||
	    req->reserved0 || full)
		return -EINVAL;
	for (i = 0; i < cfg->num_mem; i++) {
		const struct vhyp_cell_mem *m = &cfg->mem[i];

		if (req->ipa >= m->ipa && req->len <= m->size &&
		    req->ipa - m->ipa <= m->size - req->len)
			return 0;
	}
	pr_err("vhyp: cell '%s': an image of %llu bytes at %#llx is not inside one RAM region\n",
	       cfg->name, req->len, req->ipa);
	return -EINVAL;
}
