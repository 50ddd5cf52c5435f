// SPDX-License-Identifier: GPL-2.0
/*
 * Cells, as the driver keeps them: the configuration, the RAM taken from
 * the root's page allocator (2 MiB blocks where it can, smaller ones where
 * it must: stage 2 makes the IPA range contiguous), the loaded images,
 * and the CPUs taken from Linux with CPU hotplug.
 *
 * While a cell runs, its memory is the hypervisor's to give: the driver
 * writes it (zeroes, then the images) only before a start, when the root
 * still owns it.  A cell that asks for a reset is started again from the
 * loaded images by a poll that runs while cells exist.
 */
#include <linux/cpu.h>
#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <vhyp/hypercall.h>
#include "vhyp.h"

#define CELL_PARK_TIMEOUT_MS	2000
#define RESET_POLL_MS		100

static struct vhyp_cell *cells[VHYP_MAX_CELLS + 1];
static void reset_poll(struct work_struct *work);
static DECLARE_DELAYED_WORK(reset_work, reset_poll);

static struct vhyp_status_cell *cell_status(const struct vhyp_cell *c)
{
	return &vhyp.mem.status->cell[c->id];
}

static long hvc_ret(unsigned long ret)
{
	return (long)ret;
}

bool vhyp_cells_exist(void)
{
	unsigned int i;

	for (i = 1; i <= VHYP_MAX_CELLS; i++)
		if (cells[i])
			return true;
	return false;
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
static int check_spi(const struct vhyp_cell_config *cfg, u32 intid, const char *what)
{
	u32 nr = READ_ONCE(vhyp.mem.status->gic_irqs);

	if (intid < 32 || intid >= nr) {
		pr_err("vhyp: cell '%s': %s INTID %u is not an SPI of this GIC (SPIs are INTIDs 32..%u); SGIs and PPIs are never a cell's\n",
		       cfg->name, what, intid, nr - 1);
		return -EINVAL;
	}
	return 0;
}

/* Its devices' SPIs: real ones, each once, not its console's; another cell's: EBUSY. */
static int check_irqs(const struct vhyp_cell_config *cfg)
{
	unsigned int i, j, id;
	int ret;

	for (i = 0; i < cfg->num_irqs; i++) {
		ret = check_spi(cfg, cfg->irqs[i], "device interrupt");
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
		for (id = 1; id <= VHYP_MAX_CELLS; id++)
			for (j = 0; cells[id] && j < cells[id]->cfg.num_irqs; j++)
				if (cells[id]->cfg.irqs[j] == cfg->irqs[i]) {
					pr_err("vhyp: cell '%s': interrupt INTID %u is cell '%s''s already\n",
					       cfg->name, cfg->irqs[i], cells[id]->cfg.name);
					return -EBUSY;
				}
	}
	return cfg->console.irq ? check_spi(cfg, cfg->console.irq, "console interrupt") : 0;
}

/*
 * Its identity-mapped regions: each a no-map reservation nobody else uses
 * (reserved.c), and no other cell's.  The hypervisor refuses a range the
 * root does not own at start too; here the user learns whose it is.
 */
static int check_identity(const struct vhyp_cell_config *cfg)
{
	unsigned int i, j, id;
	int ret;

	for (i = 0; i < cfg->num_mem; i++) {
		const struct vhyp_cell_mem *m = &cfg->mem[i];

		if (!(m->flags & VHYP_MEM_IDENTITY))
			continue;
		ret = vhyp_reserved_check(cfg->name, m);
		if (ret)
			return ret;
		for (id = 1; id <= VHYP_MAX_CELLS; id++)
			for (j = 0; cells[id] && j < cells[id]->cfg.num_mem; j++) {
				const struct vhyp_cell_mem *o = &cells[id]->cfg.mem[j];

				if (o->flags & VHYP_MEM_IDENTITY &&
				    overlap(m->ipa, m->size, o->ipa, o->size)) {
					pr_err("vhyp: cell '%s': region '%.15s' at %#llx is cell '%s''s already (its '%.15s')\n",
					       cfg->name, m->name, m->ipa, cells[id]->cfg.name,
					       o->name);
					return -EPERM;
				}
			}
	}
	return 0;
}

/* Every rule the driver can check by itself; vhypctl checked more, off target too. */
static int check_config(const struct vhyp_cell_config *cfg)
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
	for (i = 1; i <= VHYP_MAX_CELLS; i++) {
		if (cells[i] && !strcmp(cells[i]->cfg.name, cfg->name)) {
			pr_err("vhyp: there is a cell '%s' already\n", cfg->name);
			return -EEXIST;
		}
	}
	if (cfg->flags || cfg->num_mem < 1 || cfg->num_mem > VHYP_CELL_MAX_MEM ||
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
		if (cpu >= vhyp.plat.ncpus || !cpu_online(cpu)) {
			pr_err("vhyp: cell '%s': CPU %u is not an online CPU of the root\n",
			       cfg->name, cpu);
			return -EBUSY;
		}
	}
	for_each_online_cpu(cpu)
		if (!(cfg->cpus & (1ULL << cpu)))
			break;
	if (cpu >= nr_cpu_ids) {
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
			ram -= m->size >> PAGE_SHIFT;	/* not the allocator's */
		for (j = 0; j < i; j++)
			if (overlap(m->ipa, m->size, cfg->mem[j].ipa, cfg->mem[j].size)) {
				why = "two memory regions overlap";
				goto bad;
			}
	}
	ret = check_identity(cfg);
	if (ret)
		return ret;
	if (ram > totalram_pages()) {
		pr_err("vhyp: cell '%s' asks for %llu MiB of RAM; this machine has %lu MiB in all\n",
		       cfg->name, ram >> (20 - PAGE_SHIFT), totalram_pages() >> (20 - PAGE_SHIFT));
		return -ENOMEM;
	}
	for (i = 0; i < cfg->num_dev; i++) {
		const struct vhyp_cell_dev *d = &cfg->dev[i];

		if (!d->size || !PAGE_ALIGNED(d->base | d->size) || d->base + d->size < d->base) {
			why = "a device range is empty or misaligned";
			goto bad;
		}
		if (region_intersects(d->base, d->size, IORESOURCE_SYSTEM_RAM,
				      IORES_DESC_NONE) != REGION_DISJOINT) {
			pr_err("vhyp: cell '%s': device '%.16s' at %#llx is RAM, not a device\n",
			       cfg->name, d->name, d->base);
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
	return check_irqs(cfg);
bad:
	pr_err("vhyp: cell config '%.31s': %s\n", cfg->name, why);
	return -EINVAL;
}

#define ZVA_LINE	64
#define REP8(s)		s s s s s s s s

/*
 * Zeros at the point of coherency, as a cell with its MMU off reads them:
 * DC ZVA (unless ZERO is false: the page allocator zeroed the memory
 * already), then a clean, eight lines a step (an emulated CPU counts every
 * instruction).  Other line sizes take the plain way.
 */
static void zero_to_poc(void *va, u64 size, bool zero)
{
	u64 dczid = read_sysreg(dczid_el0);
	unsigned long dline = 4 << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	char *p, *end = va + size;

	if (dczid & BIT(4) || (4 << (dczid & 0xf)) != ZVA_LINE || dline != ZVA_LINE ||
	    size % (8 * ZVA_LINE)) {
		if (zero)
			memset(va, 0, size);
		vhyp_clean_dcache(va, size);
		return;
	}
	for (p = va; zero && p < end; p += 8 * ZVA_LINE)
		asm volatile(REP8("dc zva, %0\n add %0, %0, #64\n") "sub %0, %0, #512"
			     : "+r" (p) : : "memory");
	for (p = va; p < end; p += 8 * ZVA_LINE)
		asm volatile(REP8("dc civac, %0\n add %0, %0, #64\n") "sub %0, %0, #512"
			     : "+r" (p) : : "memory");
	dsb(sy);
}

static void free_ram(struct vhyp_cell *c)
{
	unsigned int i;

	for (i = 0; i < VHYP_CELL_MAX_MEM; i++) {
		if (!c->identity[i])
			continue;
		zero_to_poc(c->identity[i], c->cfg.mem[i].size, true);	/* the cell's data */
		vhyp_reserved_unmap(c->identity[i]);
		c->identity[i] = NULL;
	}
	for (i = 0; i < c->nr_chunks; i++)
		__free_pages(c->chunks[i].page, c->chunks[i].order);
	kvfree(c->chunks);
	c->chunks = NULL;
	c->nr_chunks = 0;
}

/* RAM for every region: 2 MiB blocks where the allocator has them. */
static int alloc_ram(struct vhyp_cell *c)
{
	const struct vhyp_cell_config *cfg = &c->cfg;
	unsigned long max = 0;
	unsigned int i;

	for (i = 0; i < cfg->num_mem; i++)
		if (!(cfg->mem[i].flags & VHYP_MEM_IDENTITY))
			max += cfg->mem[i].size >> PAGE_SHIFT;
	c->chunks = vhyp_should_fail("create: kvcalloc of the chunk list") ? NULL :
		    kvcalloc(max ?: 1, sizeof(*c->chunks), GFP_KERNEL);
	if (!c->chunks)
		return -ENOMEM;
	for (i = 0; i < cfg->num_mem; i++) {
		u64 ipa = cfg->mem[i].ipa, end = ipa + cfg->mem[i].size;

		if (cfg->mem[i].flags & VHYP_MEM_IDENTITY) {
			c->identity[i] = vhyp_reserved_map(&cfg->mem[i]);
			if (!c->identity[i]) {
				pr_err("vhyp: cell '%s': cannot map its reserved region '%.15s' at %#llx\n",
				       cfg->name, cfg->mem[i].name, ipa);
				free_ram(c);
				return -ENOMEM;
			}
			continue;
		}

		while (ipa < end) {
			unsigned int order = get_order(SZ_2M);
			struct page *page = NULL;

			if (vhyp_should_fail("create: alloc_pages of the cell's RAM"))
				goto nomem;
			while (!page) {
				/* zeroed here (init_on_alloc does it anyway): see fill_ram() */
				if (IS_ALIGNED(ipa, PAGE_SIZE << order) &&
				    ipa + (PAGE_SIZE << order) <= end)
					page = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_ZERO |
							   __GFP_RETRY_MAYFAIL, order);
				if (!page && !order--)
					goto nomem;
				if (page)
					break;
			}
			c->chunks[c->nr_chunks++] = (struct vhyp_cell_chunk){ ipa, page, order, i };
			ipa += PAGE_SIZE << order;
		}
	}
	c->ram_zeroed = true;
	c->mem_bytes = 0;
	for (i = 0; i < cfg->num_mem; i++)
		c->mem_bytes += cfg->mem[i].size;
	return 0;
nomem:
	pr_err("vhyp: cell '%s': out of memory for its %llu MiB of RAM\n", cfg->name,
	       (u64)max << PAGE_SHIFT >> 20);
	free_ram(c);
	return -ENOMEM;
}

static bool cpu_parked(unsigned int cpu)
{
	return READ_ONCE(vhyp.mem.status->cpu[cpu].state) == VHYP_CPU_STATE_PARKED;
}

/* Give the cell's CPUs back to Linux (those it had taken). */
static void cpus_to_root(u64 cpus)
{
	unsigned int cpu;

	for (cpu = 0; cpu < 64; cpu++)
		if (cpus & (1ULL << cpu) && !cpu_online(cpu) && add_cpu(cpu))
			pr_err("vhyp: CPU %u could not go back to Linux\n", cpu);
}

/* The exit counters of the cell's CPUs, summed. */
static void cpu_exits(const struct vhyp_cell *c, u64 *exits)
{
	unsigned int cpu, i;

	for (i = 0; i < VHYP_EXIT_NR; i++)
		exits[i] = 0;
	for (cpu = 0; cpu < 64; cpu++)
		if (c->cfg.cpus & (1ULL << cpu))
			for (i = 0; i < VHYP_EXIT_NR; i++)
				exits[i] += READ_ONCE(vhyp.mem.status->cpu[cpu].exits[i]);
}

/*
 * Linux lets go of the cell's CPUs; they park in the hypervisor.  On
 * failure the caller destroys the cell in the hypervisor first and then
 * gives the CPUs in *taken back: the hypervisor refuses to start a CPU
 * parked for a cell.
 */
static int take_cpus(struct vhyp_cell *c, u64 *taken)
{
	unsigned int cpu, ms;
	bool never;
	int ret;

	*taken = 0;
	for (cpu = 0; cpu < 64; cpu++) {
		if (!(c->cfg.cpus & (1ULL << cpu)))
			continue;
		ret = vhyp_should_fail("create: CPU hotplug (remove_cpu)") ? -EBUSY :
		      remove_cpu(cpu);
		if (ret) {
			pr_err("vhyp: cell '%s': Linux did not give up CPU %u (%d)\n",
			       c->cfg.name, cpu, ret);
			return -EBUSY;
		}
		*taken |= 1ULL << cpu;
		/* a CPU that never reports: the wait times out */
		never = vhyp_should_fail("create: a CPU parking in the hypervisor");
		for (ms = 0; (never || !cpu_parked(cpu)) && ms < CELL_PARK_TIMEOUT_MS; ms++)
			msleep(1);
		if (never || !cpu_parked(cpu)) {
			pr_err("vhyp: cell '%s': CPU %u did not park in the hypervisor within %u ms\n",
			       c->cfg.name, cpu, CELL_PARK_TIMEOUT_MS);
			return -EIO;
		}
	}
	return 0;
}

int vhyp_cell_create(const struct vhyp_cell_config *cfg)
{
	struct vhyp_cell *c;
	unsigned int id, i;
	u64 taken;
	int ret;

	if (!vhyp.enabled)
		return -ENOTCONN;
	ret = check_config(cfg);
	if (ret)
		return ret;
	for (id = 1; id <= VHYP_MAX_CELLS && cells[id]; id++)
		;
	if (id > VHYP_MAX_CELLS)
		return -ENOSPC;
	c = vhyp_should_fail("create: kzalloc of the cell") ? NULL : kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->id = id;
	c->cfg = *cfg;
	ret = alloc_ram(c);
	if (ret)
		goto out_free;
	ret = vhyp_should_fail("create: the hypervisor's cell create") ? -ENOMEM :
	      hvc_ret(vhyp_hvc(VHYP_HC_CELL_CREATE, id, cfg->cpus, 0, 0, 0));
	if (ret) {
		pr_err("vhyp: cell '%s': the hypervisor refused it (%d)\n", cfg->name, ret);
		goto out_ram;
	}
	for (i = 0; i < cfg->num_irqs && !ret; i++)
		ret = vhyp_should_fail("create: the hypervisor's cell interrupt") ? -EBUSY :
		      hvc_ret(vhyp_hvc(VHYP_HC_CELL_IRQ, id, cfg->irqs[i], 0, 0, 0));
	if (ret) {
		pr_err("vhyp: cell '%s': the hypervisor refused interrupt INTID %u (%d)\n",
		       cfg->name, cfg->irqs[i - 1], ret);
		ret = ret == -EBUSY ? -EBUSY : -EINVAL;
		goto out_hyp;
	}
	rcu_expedite_gp();
	ret = take_cpus(c, &taken);
	rcu_unexpedite_gp();
	if (ret)
		goto out_cpus;
	cpu_exits(c, c->exits_base);	/* from here on, what its CPUs do is the cell's */
	c->created_ns = ktime_get_boottime_ns();
	cells[id] = c;
	schedule_delayed_work(&reset_work, msecs_to_jiffies(RESET_POLL_MS));
	pr_info("vhyp: cell '%s' created as cell %u\n", cfg->name, id);
	return id;

out_cpus:
	vhyp_hvc(VHYP_HC_CELL_DESTROY, id, 0, 0, 0, 0);
	cpus_to_root(taken);
	goto out_ram;
out_hyp:
	vhyp_hvc(VHYP_HC_CELL_DESTROY, id, 0, 0, 0, 0);
out_ram:
	free_ram(c);
out_free:
	kfree(c);
	return ret;
}

static struct vhyp_cell *cell_get(u32 id)
{
	return id >= 1 && id <= VHYP_MAX_CELLS ? cells[id] : NULL;
}

static bool running(const struct vhyp_cell *c)
{
	return READ_ONCE(cell_status(c)->state) == VHYP_CELL_RUNNING;
}

int vhyp_cell_load(const struct vhyp_cell_load *req)
{
	struct vhyp_cell *c = cell_get(req->id);
	struct vhyp_cell_image *img;
	unsigned int i;

	if (!c)
		return -ENOENT;
	if (!req->len || req->len > VHYP_LOAD_MAX || req->flags & ~VHYP_LOAD_FLAGS ||
	    req->reserved0 || c->nr_images == ARRAY_SIZE(c->images))
		return -EINVAL;
	for (i = 0; i < c->cfg.num_mem; i++) {
		const struct vhyp_cell_mem *m = &c->cfg.mem[i];

		if (req->ipa >= m->ipa && req->len <= m->size &&
		    req->ipa - m->ipa <= m->size - req->len)
			break;
	}
	if (i == c->cfg.num_mem) {
		pr_err("vhyp: cell '%s': an image of %llu bytes at %#llx is not inside one RAM region\n",
		       c->cfg.name, req->len, req->ipa);
		return -EINVAL;
	}
	img = &c->images[c->nr_images];
	img->data = vhyp_should_fail("load: kvmalloc of the image") ? NULL :
		    kvmalloc(req->len, GFP_KERNEL);
	if (!img->data)
		return -ENOMEM;
	if (copy_from_user(img->data, u64_to_user_ptr(req->buf), req->len)) {
		kvfree(img->data);
		return -EFAULT;
	}
	img->ipa = req->ipa;
	img->len = req->len;
	c->nr_images++;
	if (req->flags & VHYP_LOAD_ENTRY || !c->has_entry) {
		c->entry = req->ipa;
		c->has_entry = req->flags & VHYP_LOAD_ENTRY;
	}
	if (req->flags & VHYP_LOAD_X0)
		c->x0 = req->ipa;
	return 0;
}

/* Zero [ipa, ipa + size) of the cell at VA and write the images' parts in it. */
static void fill_range(struct vhyp_cell *c, void *va, u64 ipa, u64 size, bool zero)
{
	unsigned int j;

	zero_to_poc(va, size, zero);
	for (j = 0; j < c->nr_images; j++) {
		struct vhyp_cell_image *img = &c->images[j];
		u64 from = max(img->ipa, ipa);
		u64 to = min(img->ipa + img->len, ipa + size);

		if (from < to) {
			memcpy(va + (from - ipa), img->data + (from - img->ipa), to - from);
			/* the cell starts with its MMU off: memory, not caches */
			vhyp_clean_dcache(va + (from - ipa), to - from);
		}
	}
}

/* Zero the cell's memory and write the images in: nothing of a previous run stays. */
static void fill_ram(struct vhyp_cell *c)
{
	unsigned int i;

	/* the allocator zeroed the RAM for its first start; later, the cell wrote it */
	for (i = 0; i < c->nr_chunks; i++)
		fill_range(c, page_address(c->chunks[i].page), c->chunks[i].ipa,
			   PAGE_SIZE << c->chunks[i].order, !c->ram_zeroed);
	c->ram_zeroed = false;
	for (i = 0; i < c->cfg.num_mem; i++)
		if (c->identity[i])
			fill_range(c, c->identity[i], c->cfg.mem[i].ipa, c->cfg.mem[i].size,
				   true);
}

/* The run of chunks from I on that is contiguous in IPA and PA: its end and size. */
static unsigned int chunk_run(const struct vhyp_cell *c, unsigned int i, u64 *size)
{
	const struct vhyp_cell_chunk *k = &c->chunks[i];
	u64 pa = page_to_phys(k->page);
	unsigned int j;

	*size = PAGE_SIZE << k->order;
	for (j = i + 1; j < c->nr_chunks; j++) {
		const struct vhyp_cell_chunk *n = &c->chunks[j];

		if (n->region != k->region || n->ipa != k->ipa + *size ||
		    page_to_phys(n->page) != pa + *size)
			break;
		*size += PAGE_SIZE << n->order;
	}
	return j;
}

static u64 map_flags(u32 mem_flags)
{
	return (mem_flags & VHYP_MEM_READ ? VHYP_MAP_READ : 0) |
	       (mem_flags & VHYP_MEM_WRITE ? VHYP_MAP_WRITE : 0) |
	       (mem_flags & VHYP_MEM_EXEC ? VHYP_MAP_EXEC : 0);
}

static int start(struct vhyp_cell *c)
{
	const struct vhyp_cell_config *cfg = &c->cfg;
	unsigned int i, j;
	long ret = 0;

	if (!c->nr_images) {
		pr_err("vhyp: cell '%s': nothing is loaded to start\n", cfg->name);
		return -ENOEXEC;
	}
	fill_ram(c);
	/* one call for each run of chunks contiguous in both IPA and PA */
	for (i = 0; i < c->nr_chunks && !ret; i = j) {
		struct vhyp_cell_chunk *k = &c->chunks[i];
		u64 size;

		j = chunk_run(c, i, &size);
		ret = vhyp_should_fail("start: the hypervisor's map of the cell's RAM") ? -ENOMEM :
		      hvc_ret(vhyp_hvc(VHYP_HC_CELL_MAP, c->id, k->ipa, page_to_phys(k->page),
				       size, map_flags(cfg->mem[k->region].flags)));
	}
	for (i = 0; i < cfg->num_mem && !ret; i++)	/* identity: at their own address */
		if (c->identity[i])
			ret = hvc_ret(vhyp_hvc(VHYP_HC_CELL_MAP, c->id, cfg->mem[i].ipa,
					       cfg->mem[i].ipa, cfg->mem[i].size,
					       map_flags(cfg->mem[i].flags)));
	if (ret)
		goto fail;
	for (i = 0; i < cfg->num_dev; i++) {
		ret = vhyp_should_fail("start: the hypervisor's map of a device") ? -ENOMEM :
		      hvc_ret(vhyp_hvc(VHYP_HC_CELL_MAP, c->id, cfg->dev[i].base, cfg->dev[i].base,
				       cfg->dev[i].size, VHYP_MAP_READ | VHYP_MAP_WRITE |
				       VHYP_MAP_DEVICE));
		if (ret)
			goto fail;
	}
	ret = vhyp_should_fail("start: the hypervisor's cell console") ? -ENOMEM :
	      hvc_ret(vhyp_hvc(VHYP_HC_CELL_CONSOLE, c->id, cfg->console.type, cfg->console.ipa,
			       cfg->console.irq, 0));
	if (!ret)
		ret = vhyp_should_fail("start: the hypervisor's cell start") ? -EBUSY :
		      hvc_ret(vhyp_hvc(VHYP_HC_CELL_START, c->id, c->entry, c->x0, 0, 0));
	if (ret)
		goto fail;
	c->started_ns = ktime_get_boottime_ns();
	return 0;
fail:
	pr_err("vhyp: cell '%s': the hypervisor refused to start it (%ld)\n", cfg->name, ret);
	vhyp_hvc(VHYP_HC_CELL_STOP, c->id, 0, 0, 0, 0);
	return ret == -EPERM ? -EPERM : -EIO;
}

int vhyp_cell_start(u32 id)
{
	struct vhyp_cell *c = cell_get(id);

	if (!c)
		return -ENOENT;
	if (running(c))
		return -EALREADY;
	return start(c);
}

int vhyp_cell_stop(u32 id)
{
	struct vhyp_cell *c = cell_get(id);

	if (!c)
		return -ENOENT;
	if (!running(c))
		return -EALREADY;
	return hvc_ret(vhyp_hvc(VHYP_HC_CELL_STOP, id, 0, 0, 0, 0));
}

int vhyp_cell_destroy(u32 id)
{
	struct vhyp_cell *c = cell_get(id);
	unsigned int i;
	long ret;

	if (!c)
		return -ENOENT;
	ret = hvc_ret(vhyp_hvc(VHYP_HC_CELL_DESTROY, id, 0, 0, 0, 0));
	if (ret) {
		pr_err("vhyp: cell '%s': the hypervisor could not destroy it (%ld)\n",
		       c->cfg.name, ret);
		return -EIO;
	}
	cells[id] = NULL;
	rcu_expedite_gp();
	cpus_to_root(c->cfg.cpus);
	rcu_unexpedite_gp();
	free_ram(c);
	for (i = 0; i < c->nr_images; i++)
		kvfree(c->images[i].data);
	pr_info("vhyp: cell '%s' destroyed\n", c->cfg.name);
	kfree(c);
	return 0;
}

void vhyp_cells_destroy_all(void)
{
	unsigned int id;

	for (id = 1; id <= VHYP_MAX_CELLS; id++)
		if (cells[id])
			vhyp_cell_destroy(id);
	cancel_delayed_work_sync(&reset_work);
}

int vhyp_cell_info(struct vhyp_cell_info *info)
{
	struct vhyp_cell *c = cell_get(info->id);
	const struct vhyp_status_cell *st;
	unsigned int i;

	if (!c)
		return -ENOENT;
	st = cell_status(c);
	info->state = READ_ONCE(st->state);
	info->failed_cpu = st->cpu;
	memcpy(info->name, c->cfg.name, sizeof(info->name));
	info->cpus = c->cfg.cpus;
	info->mem_bytes = c->mem_bytes;
	info->starts = st->starts;
	info->created_ns = c->created_ns;
	info->started_ns = c->started_ns;
	info->esr = st->esr;
	info->far = st->far;
	info->pc = st->pc;
	memcpy(info->reason, st->reason, sizeof(info->reason));
	info->reason[sizeof(info->reason) - 1] = '\0';
	cpu_exits(c, info->exits);
	for (i = 0; i < VHYP_EXIT_NR; i++)
		info->exits[i] -= c->exits_base[i];
	info->irqs_denied = READ_ONCE(st->irqs_denied);
	info->sgis_denied = READ_ONCE(st->sgis_denied);
	return 0;
}

static const char *const state_names[] = {
	[VHYP_CELL_FREE] = "free", [VHYP_CELL_CREATED] = "created",
	[VHYP_CELL_RUNNING] = "running", [VHYP_CELL_STOPPED] = "stopped",
	[VHYP_CELL_FAILED] = "failed", [VHYP_CELL_RESET] = "reset",
};

/* /sys/class/misc/vhyp/cells: "ID NAME STATE" a line, for scripts. */
ssize_t vhyp_cells_show(char *buf)
{
	ssize_t n = 0;
	unsigned int id;

	for (id = 1; id <= VHYP_MAX_CELLS; id++) {
		struct vhyp_cell *c = cells[id];
		u32 st;

		if (!c)
			continue;
		st = READ_ONCE(cell_status(c)->state);
		n += sysfs_emit_at(buf, n, "%u %s %s\n", id, c->cfg.name,
				   st < ARRAY_SIZE(state_names) ? state_names[st] : "unknown");
	}
	return n;
}

/* debugfs vhyp/memory: where each cell's memory is, a line per contiguous run. */
void vhyp_cells_memory_show(struct seq_file *m)
{
	unsigned int id, i, j;
	u64 size;

	seq_puts(m, "# cell region ipa pa size\n");
	for (id = 1; id <= VHYP_MAX_CELLS; id++) {
		const struct vhyp_cell *c = cells[id];

		for (i = 0; c && i < c->nr_chunks; i = j) {
			j = chunk_run(c, i, &size);
			seq_printf(m, "%s %s %#llx %#llx %#llx\n", c->cfg.name,
				   c->cfg.mem[c->chunks[i].region].name, c->chunks[i].ipa,
				   (u64)page_to_phys(c->chunks[i].page), size);
		}
		for (i = 0; c && i < c->cfg.num_mem; i++)
			if (c->identity[i])
				seq_printf(m, "%s %s %#llx %#llx %#llx\n", c->cfg.name,
					   c->cfg.mem[i].name, c->cfg.mem[i].ipa,
					   c->cfg.mem[i].ipa, c->cfg.mem[i].size);
	}
}

int vhyp_cell_config(u32 id, void __user *buf)
{
	struct vhyp_cell *c = cell_get(id);

	if (!c)
		return -ENOENT;
	return copy_to_user(buf, &c->cfg, sizeof(c->cfg)) ? -EFAULT : 0;
}

#define CONSOLE_INPUT_WAIT_MS	2000	/* for room in a cell's receive FIFO, per byte */

/* Bytes for the cell's console: how many it took, or an error if none. */
int vhyp_cell_input(u32 id, const char __user *buf, u32 len)
{
	struct vhyp_cell *c = cell_get(id);
	u32 i;
	char ch;

	if (!c)
		return -ENOENT;
	for (i = 0; i < len; i++) {
		unsigned int tries = 0;

		if (get_user(ch, buf + i))
			return -EFAULT;
		/* its receive FIFO full: wait for the cell to read, as a UART's sender would */
		while (hvc_ret(vhyp_hvc(VHYP_HC_CELL_INPUT, id, (u8)ch, 0, 0, 0)) == -EAGAIN) {
			if (++tries > CONSOLE_INPUT_WAIT_MS || signal_pending(current))
				return i ?: -EAGAIN;
			usleep_range(1000, 2000);
		}
	}
	return len;
}

/* A cell that asked for a reset (PSCI SYSTEM_RESET) starts again from its images. */
static void reset_poll(struct work_struct *work)
{
	unsigned int id;

	mutex_lock(&vhyp.lock);
	for (id = 1; id <= VHYP_MAX_CELLS; id++) {
		struct vhyp_cell *c = cells[id];

		if (c && READ_ONCE(cell_status(c)->state) == VHYP_CELL_RESET &&
		    start(c))
			pr_err("vhyp: cell '%s' asked for a reset, but did not start again\n",
			       c->cfg.name);
	}
	if (vhyp_cells_exist())
		schedule_delayed_work(&reset_work, msecs_to_jiffies(RESET_POLL_MS));
	mutex_unlock(&vhyp.lock);
}
