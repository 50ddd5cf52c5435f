// SPDX-License-Identifier: GPL-2.0
/*
 * Cells, as the driver keeps them: the configuration, the RAM taken from
 * the root's page allocator (2 MiB blocks where it can, smaller ones where
 * it must: stage 2 makes the IPA range contiguous), the loaded images,
 * and the CPUs taken from Linux with CPU hotplug.
 *
 * While a cell runs, its memory is the hypervisor's to give: the driver
 * writes it (zeroes, then the images) only before a start, when the root
 * still owns it.  Its RAM is zeroed to the point of coherency once, at
 * create, so that the first start only writes and cleans the images; a
 * later start zeroes again what the cell's run wrote (fill_ram()).
 * A cell that asks for a reset is started again from the
 * loaded images by a poll that runs while cells exist, until
 * vhyp_cells_poll_close() ends it for good (rmmod, the machine going
 * down).
 */
#include <linux/cpu.h>
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
#include "validate.h"
#include "vhyp.h"

#define CELL_PARK_TIMEOUT_MS	2000
#define RESET_POLL_MS		100

static struct vhyp_cell *cells[VHYP_MAX_CELLS + 1];
static void reset_poll(struct work_struct *work);
static DECLARE_DELAYED_WORK(reset_work, reset_poll);
static bool poll_closed;	/* under vhyp.lock: the poll is never armed again */

static struct vhyp_status_cell *cell_status(const struct vhyp_cell *c)
{
	return &vhyp.mem.status->cell[c->id];
}

bool vhyp_cells_exist(void)
{
	unsigned int i;

	for (i = 1; i <= VHYP_MAX_CELLS; i++)
		if (cells[i])
			return true;
	return false;
}

/* The reset poll runs again in RESET_POLL_MS while cells exist; vhyp.lock held. */
static void poll_arm(void)
{
	if (!poll_closed && vhyp_cells_exist())
		schedule_delayed_work(&reset_work, msecs_to_jiffies(RESET_POLL_MS));
}

/*
 * End the reset poll for good: when this returns, it neither runs nor is
 * armed again.  Called without vhyp.lock, which the poll takes: waiting
 * for a running poll while holding it would never end.
 */
void vhyp_cells_poll_close(void)
{
	mutex_lock(&vhyp.lock);
	poll_closed = true;
	mutex_unlock(&vhyp.lock);
	cancel_delayed_work_sync(&reset_work);
}

/* Does [base, base + size) hold any of the root's System RAM? */
static bool range_is_ram(u64 base, u64 size)
{
	return region_intersects(base, size, IORESOURCE_SYSTEM_RAM,
				 IORES_DESC_NONE) != REGION_DISJOINT;
}

/* The machine and the cells as vhyp_check_cell_config() sees them. */
static void cell_env(struct vhyp_cell_env *env)
{
	unsigned int cpu, id;

	env->ncpus = vhyp.plat.ncpus;
	env->online = 0;
	for_each_online_cpu(cpu)
		if (cpu < VHYP_MAX_CPUS)	/* nr_cpu_ids is, once enabled (checks.c) */
			env->online |= 1ULL << cpu;
	env->ram_pages = totalram_pages();
	env->gic_irqs = READ_ONCE(vhyp.mem.status->gic_irqs);
	for (id = 1; id <= VHYP_MAX_CELLS; id++)
		env->cells[id - 1] = cells[id] ? &cells[id]->cfg : NULL;
	env->gicd_base = vhyp.plat.gicd_base;
	env->gicd_size = SZ_64K;
	env->gicr_base = vhyp.plat.gicr_base[0];
	env->gicr_size = vhyp.plat.gicr_size[0];
	env->is_ram = range_is_ram;
}

#define LINE		64
#define STEP		(16 * LINE)
#define REP8(s)		s s s s s s s s
/* one STEP of lines at %0, with %0 moved on past them */
#define ZVA_STEP	REP8("dc zva, %0\n add %0, %0, #64\n") REP8("dc zva, %0\n add %0, %0, #64\n")
#define CIVAC_STEP	REP8("dc civac, %0\n add %0, %0, #64\n") \
			REP8("dc civac, %0\n add %0, %0, #64\n")

/*
 * Zeros at the point of coherency, as a cell with its MMU off reads them:
 * DC ZVA (unless ZERO is false: the page allocator zeroed the memory
 * already) and a clean of the same lines, sixteen a step (an emulated
 * CPU counts every instruction, so each line costs the DC and the add
 * that moves on and no more; a real one finds the lines it just zeroed
 * still in its cache).  Zeroing through the caches is not enough: the
 * zeros may sit in a dirty line while memory still holds what the root
 * had there, and that is what a reader with caches off sees.  Other line
 * sizes take the plain way.
 */
void vhyp_zero_to_poc(void *va, u64 size, bool zero)
{
	u64 dczid = read_sysreg(dczid_el0);
	unsigned long dline = 4 << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	char *p = va, *end = va + size;

	if (dczid & BIT(4) || (4 << (dczid & 0xf)) != LINE || dline != LINE ||
	    !size || size % STEP) {
		if (zero)
			memset(va, 0, size);
		vhyp_clean_dcache(va, size);
		return;
	}
	if (zero)
		asm volatile("1:\n" ZVA_STEP "sub %0, %0, #1024\n" CIVAC_STEP
			     "cmp %0, %1\n b.lo 1b"
			     : "+r" (p) : "r" (end) : "memory", "cc");
	else
		asm volatile("1:\n" CIVAC_STEP "cmp %0, %1\n b.lo 1b"
			     : "+r" (p) : "r" (end) : "memory", "cc");
	dsb(sy);
}

static void free_ram(struct vhyp_cell *c)
{
	unsigned int i;

	for (i = 0; i < VHYP_CELL_MAX_MEM; i++) {
		if (!c->identity[i])
			continue;
		vhyp_zero_to_poc(c->identity[i], c->cfg.mem[i].size, true);	/* the cell's data */
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
	/*
	 * One pass over the RAM however the kernel is set up: where the
	 * allocator zeroes every page anyway (init_on_alloc, Debian's
	 * default), its zeros are only cleaned; where it does not, asking it
	 * to would be a pass of its own before the clean, so the zeroing is
	 * done with the clean instead.
	 */
	gfp_t gfp_zero = want_init_on_alloc(GFP_KERNEL) ? __GFP_ZERO : 0;
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
				pr_err("vhyp: cell '%s': cannot map its reserved region %u at %#llx\n",
				       cfg->name, i, ipa);
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
				if (IS_ALIGNED(ipa, PAGE_SIZE << order) &&
				    ipa + (PAGE_SIZE << order) <= end)
					page = alloc_pages(GFP_KERNEL | __GFP_NOWARN | gfp_zero |
							   __GFP_RETRY_MAYFAIL, order);
				if (!page && !order--)
					goto nomem;
				if (page)
					break;
			}
			/* the root's data or the allocator's zeros in its caches: zeros in memory */
			vhyp_zero_to_poc(page_address(page), PAGE_SIZE << order, !gfp_zero);
			c->chunks[c->nr_chunks++] = (struct vhyp_cell_chunk){ ipa, page, order, i };
			ipa += PAGE_SIZE << order;
		}
	}
	for (i = 0; i < cfg->num_mem; i++)	/* whatever a bootloader left there, too */
		if (c->identity[i])
			vhyp_zero_to_poc(c->identity[i], cfg->mem[i].size, true);
	c->ram_pristine = true;
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

/*
 * Give the cell's CPUs back to Linux (those it had taken).  Here and in
 * take_cpus(), RCU grace periods are expedited: CPU hotplug waits for
 * several, and expedited they cost a few IPIs instead of scheduler ticks
 * (under QEMU, ~30 ms a CPU became ~1).
 */
static void cpus_to_root(u64 cpus)
{
	unsigned int cpu;

	rcu_expedite_gp();
	for (cpu = 0; cpu < 64; cpu++)
		if (cpus & (1ULL << cpu) && !cpu_online(cpu) && add_cpu(cpu))
			pr_err("vhyp: CPU %u could not go back to Linux\n", cpu);
	rcu_unexpedite_gp();
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
	int ret = 0;

	*taken = 0;
	rcu_expedite_gp();
	for (cpu = 0; cpu < 64 && !ret; cpu++) {
		if (!(c->cfg.cpus & (1ULL << cpu)))
			continue;
		ret = vhyp_should_fail("create: CPU hotplug (remove_cpu)") ? -EBUSY :
		      remove_cpu(cpu);
		if (ret) {
			pr_err("vhyp: cell '%s': Linux did not give up CPU %u (%d)\n",
			       c->cfg.name, cpu, ret);
			ret = -EBUSY;
			break;
		}
		*taken |= 1ULL << cpu;
		/* a CPU that never reports: the wait times out */
		never = vhyp_should_fail("create: a CPU parking in the hypervisor");
		for (ms = 0; (never || !cpu_parked(cpu)) && ms < CELL_PARK_TIMEOUT_MS; ms++)
			msleep(1);
		if (never || !cpu_parked(cpu)) {
			pr_err("vhyp: cell '%s': CPU %u did not park in the hypervisor within %u ms\n",
			       c->cfg.name, cpu, CELL_PARK_TIMEOUT_MS);
			ret = -EIO;
		}
	}
	rcu_unexpedite_gp();
	return ret;
}

int vhyp_cell_create(const struct vhyp_cell_config *cfg)
{
	struct vhyp_cell_env env;
	struct vhyp_cell *c;
	unsigned int id, i;
	u64 taken = 0;		/* CPUs Linux gave up, to give back on failure */
	int ret;

	if (!vhyp.enabled)
		return -ENOTCONN;
	cell_env(&env);
	ret = vhyp_check_cell_config(cfg, &env);
	for (i = 0; i < cfg->num_mem && !ret; i++)	/* against the live device tree */
		if (cfg->mem[i].flags & VHYP_MEM_IDENTITY)
			ret = vhyp_reserved_check(cfg->name, i, &cfg->mem[i]);
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
	      hvc_ret(vhyp_hvc(VHYP_HC_CELL_CREATE, id, cfg->cpus, cfg->flags |
			       (cfg->num_virtio ? VHYP_CELL_SHARED_RAM : 0), 0, 0));
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
	ret = vhyp_channels_attach(c);
	if (ret)
		goto out_hyp;
	ret = vhyp_virtio_attach(c);
	if (ret)
		goto out_hyp;
	ret = take_cpus(c, &taken);
	if (ret)
		goto out_hyp;
	cpu_exits(c, c->exits_base);	/* from here on, what its CPUs do is the cell's */
	c->created_ns = ktime_get_boottime_ns();
	cells[id] = c;
	poll_arm();
	pr_info("vhyp: cell '%s' created as cell %u\n", cfg->name, id);
	return id;

out_hyp:
	vhyp_hvc(VHYP_HC_CELL_DESTROY, id, 0, 0, 0, 0);
	vhyp_channels_cell_gone(id);	/* channels it made or was attached to */
	vhyp_virtio_cell_gone(id);
	cpus_to_root(taken);	/* only now: the hypervisor lets go of them at destroy */
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

bool vhyp_cell_exists(u32 id)
{
	return cell_get(id);
}

static bool running(const struct vhyp_cell *c)
{
	return READ_ONCE(cell_status(c)->state) == VHYP_CELL_RUNNING;
}

int vhyp_cell_load(const struct vhyp_cell_load *req)
{
	struct vhyp_cell *c = cell_get(req->id);
	struct vhyp_cell_image *img;
	int ret;

	if (!c)
		return -ENOENT;
	ret = vhyp_check_load(&c->cfg, req, c->nr_images == ARRAY_SIZE(c->images));
	if (ret)
		return ret;
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

/*
 * Zero [ipa, ipa + size) of the cell at VA unless ZERO is false (it is
 * zero to the point of coherency already), and write the images' parts
 * in it.
 */
static void fill_range(struct vhyp_cell *c, void *va, u64 ipa, u64 size, bool zero)
{
	unsigned int j;

	if (zero)
		vhyp_zero_to_poc(va, size, true);
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

/*
 * Zeros and the images in the cell's memory, in memory and not only in
 * the caches: nothing of the root or of a previous run stays.  Create
 * left it zero to the point of coherency, and nothing wrote it since
 * but the images of an earlier start, written again here: the first
 * start only writes and cleans the images.  A later one zeroes it all
 * again, as the cell has written its memory (its own data, but an image
 * loaded since must not find it, nor the next payload its secrets).
 */
static void fill_ram(struct vhyp_cell *c)
{
	bool zero = !c->ram_pristine;
	unsigned int i;

	c->ram_pristine = false;
	for (i = 0; i < c->nr_chunks; i++)
		fill_range(c, page_address(c->chunks[i].page), c->chunks[i].ipa,
			   PAGE_SIZE << c->chunks[i].order, zero);
	for (i = 0; i < c->cfg.num_mem; i++)
		if (c->identity[i])
			fill_range(c, c->identity[i], c->cfg.mem[i].ipa, c->cfg.mem[i].size,
				   zero);
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
	vhyp_channels_cell_gone(id);
	vhyp_virtio_cell_gone(id);	/* the backend's RAM mappings, before the RAM goes */
	cpus_to_root(c->cfg.cpus);
	free_ram(c);
	for (i = 0; i < c->nr_images; i++)
		kvfree(c->images[i].data);
	pr_info("vhyp: cell '%s' destroyed\n", c->cfg.name);
	kfree(c);
	return 0;
}

/* How many cells were destroyed, or -EIO if one could not be. */
int vhyp_cells_destroy_all(void)
{
	unsigned int id, n = 0;
	int ret = 0;

	for (id = 1; id <= VHYP_MAX_CELLS; id++) {
		if (!cells[id])
			continue;
		if (vhyp_cell_destroy(id))
			ret = -EIO;
		else
			n++;
	}
	return ret ?: n;
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
	info->serrors = READ_ONCE(st->serrors);
	/* 'reports' first: it is written last, after the figures it counts */
	info->report.reports = smp_load_acquire(&st->report.reports);
	info->report.worst_ns = READ_ONCE(st->report.worst_ns);
	info->report.max_ns = READ_ONCE(st->report.max_ns);
	info->report.samples = READ_ONCE(st->report.samples);
	info->report.period_samples = READ_ONCE(st->report.period_samples);
	info->report.code = READ_ONCE(st->report.code);
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
			seq_printf(m, "%s %.15s %#llx %#llx %#llx\n", c->cfg.name,
				   c->cfg.mem[c->chunks[i].region].name, c->chunks[i].ipa,
				   (u64)page_to_phys(c->chunks[i].page), size);
		}
		for (i = 0; c && i < c->cfg.num_mem; i++)
			if (c->identity[i])
				seq_printf(m, "%s %.15s %#llx %#llx %#llx\n", c->cfg.name,
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
	poll_arm();
	mutex_unlock(&vhyp.lock);
}
