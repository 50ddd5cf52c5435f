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
	default:	/* GET_INFO, CELL_INFO: outputs; CELL_CREATE, CELL_LOAD: later */
		return true;
	}
}

int vhyp_check_arg(unsigned int cmd, const void *arg)
{
	if (*(const u32 *)arg != _IOC_SIZE(cmd) || !arg_ok(cmd, arg))
		return -EINVAL;
	return 0;
}

static bool name_ok(const char *name)
{
	size_t i, n = strnlen(name, VHYP_CELL_NAME_LEN);

	if (!n || n == VHYP_CELL_NAME_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!isascii(name[i]) ||	/* the kernel's isalnum() takes Latin-1 too */
		    (!isalnum(name[i]) && name[i] != '-' && name[i] != '_'))
			return false;
	return true;
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
		       (VHYP_CELL_MAX_IRQS - cfg->num_irqs) * sizeof(cfg->irqs[0]))) {
		why = "unused memory, device or interrupt entries are not zero";
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
	return check_irqs(cfg, env);
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
