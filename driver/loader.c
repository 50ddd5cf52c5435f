// SPDX-License-Identifier: GPL-2.0
/*
 * Loading the EL2 binary: memory for it from the page allocator at run
 * time (one naturally aligned, physically contiguous block, so that the
 * root cell's stage 2 hides it with few table entries), the image copied
 * and relocated to run identity-mapped at its physical address, the
 * header's loader fields filled, and the first translation tables built.
 */
#include <linux/elf.h>
#include <linux/firmware.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/cacheflush.h>
#include <vhyp/hypercall.h>
#include <vhyp/version.h>
#include <vhyp/trace.h>
#include "vhyp.h"
#include "../hyp/include/paging.h"

extern const char vhyp_hyp_blob[], vhyp_hyp_blob_end[];

static bool test_faults;
module_param(test_faults, bool, 0444);
MODULE_PARM_DESC(test_faults,
		 "Let the root trigger faults at EL2 and SErrors (VHYP_HC_TEST_FAULT), to test the paths that handle them");

static bool test_powerdown;
module_param(test_powerdown, bool, 0444);
MODULE_PARM_DESC(test_powerdown,
		 "Treat a power-down CPU_SUSPEND that firmware returned from as if the CPU had lost its state (tests: QEMU never powers a CPU down)");

static char *hyp_image;
module_param(hyp_image, charp, 0444);
MODULE_PARM_DESC(hyp_image,
		 "Load this EL2 binary (a firmware file name) instead of the built-in one");

struct pool {
	struct vhyp_mem *mem;
	u64 start, end, next;	/* physical */
};

static u64 pool_alloc(void *arg, unsigned int pages)
{
	struct pool *p = arg;
	u64 size = (u64)pages * PAGE_SIZE;
	u64 pa = ALIGN(p->next, roundup_pow_of_two(size));

	if (pa + size > p->end || vhyp_should_fail("enable: a page of the table pool"))
		return 0;
	p->next = pa + size;
	memset(p->mem->virt + (pa - p->mem->phys), 0, size);
	return pa;
}

static void *pool_virt(void *arg, u64 pa)
{
	struct pool *p = arg;

	return p->mem->virt + (pa - p->mem->phys);
}

/* To the point of coherency, by the smallest line any CPU has (a clean of a bigger one would skip lines). */
void vhyp_clean_dcache(void *addr, size_t size)
{
	unsigned long line = vhyp.plat.dcache_line ?: 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	unsigned long p = (unsigned long)addr & ~(line - 1);

	for (; p < (unsigned long)addr + size; p += line)
		asm volatile("dc civac, %0" : : "r" (p) : "memory");
	dsb(sy);
}

static int check_image(const void *blob, size_t size, const char *name)
{
	const struct vhyp_hyp_header *h = blob;

	if (size < sizeof(*h) || memcmp(h->magic, VHYP_HYP_MAGIC, sizeof(h->magic))) {
		pr_err("vhyp: %s is not a vhyp EL2 binary (bad magic)\n", name);
		return -ENOEXEC;
	}
	if (h->hyp_abi != VHYP_HYP_ABI || h->header_size != sizeof(*h)) {
		pr_err("vhyp: %s speaks hypervisor ABI %u, this driver %u: rebuild them together\n",
		       name, h->hyp_abi, VHYP_HYP_ABI);
		return -ENOEXEC;
	}
	if (h->image_size != size || h->mem_size < size || !PAGE_ALIGNED(h->mem_size) ||
	    h->text_end > h->rodata_end || h->rodata_end > size ||
	    h->rela_start > h->rela_end || h->rela_end > size ||
	    (h->rela_end - h->rela_start) % sizeof(Elf64_Rela) ||
	    h->init_vectors & 0x7ff || h->init_vectors >= h->text_end ||
	    h->vbar_probe >= h->text_end || h->percpu_size < PAGE_SIZE ||
	    !is_power_of_2(h->percpu_size) || h->percpu_guard >= h->percpu_size ||
	    !PAGE_ALIGNED(h->percpu_guard)) {
		pr_err("vhyp: %s has an inconsistent header\n", name);
		return -ENOEXEC;
	}
	return 0;
}

/* The binary runs where it lands: apply its relative relocations. */
static int relocate(struct vhyp_mem *mem, const struct vhyp_hyp_header *h)
{
	const Elf64_Rela *r = mem->virt + h->rela_start;
	const Elf64_Rela *end = mem->virt + h->rela_end;

	for (; r < end; r++) {
		if (ELF64_R_TYPE(r->r_info) == 0)	/* R_AARCH64_NONE: left by discarded sections */
			continue;
		if (ELF64_R_TYPE(r->r_info) != R_AARCH64_RELATIVE ||
		    r->r_offset > h->mem_size - sizeof(u64)) {
			pr_err("vhyp: EL2 binary has a relocation the loader cannot apply\n");
			return -ENOEXEC;
		}
		*(u64 *)(mem->virt + r->r_offset) = mem->phys + r->r_addend;
	}
	return 0;
}

/* The root stage 2 must cover all RAM and MMIO: the smallest IPA size that does. */
static unsigned int root_ia_bits(const struct vhyp_platform *plat)
{
	unsigned int bits = max_t(unsigned int, 32, ilog2(plat->phys_top - 1) + 1);

	return min(bits, plat->pa_bits);
}

static int build_tables(struct vhyp_mem *mem, struct vhyp_hyp_header *h,
			const struct vhyp_platform *plat, struct pool *pool)
{
	const struct pt_ops ops = { .alloc = pool_alloc, .virt = pool_virt, .arg = pool };
	u64 base = mem->phys;
	struct pt s1, s2;
	unsigned int i;
	int ret;

	/* EL2 stage 1: the hypervisor's own memory, W^X, and its UART */
	ret = pt_init(&s1, 48, false, &ops) ?:
	      pt_map(&s1, base, base, h->text_end, PT_S1_TEXT) ?:
	      pt_map(&s1, base + h->text_end, base + h->text_end,
		     h->rodata_end - h->text_end, PT_S1_RODATA) ?:
	      pt_map(&s1, base + h->rodata_end, base + h->rodata_end,
		     mem->size - h->rodata_end, PT_S1_DATA);
	/* each CPU's stack has an unmapped page under it: an overflow faults */
	for (i = 0; !ret && h->percpu_guard && i < plat->ncpus; i++)
		ret = pt_unmap(&s1, base + h->percpu_offset + i * h->percpu_size + h->percpu_guard,
			       PAGE_SIZE);
	if (!ret && plat->uart_base)
		ret = pt_map(&s1, plat->uart_base & PAGE_MASK, plat->uart_base & PAGE_MASK,
			     PAGE_SIZE, PT_S1_DEVICE);
	/* and the GIC, which it emulates for the cells and partly for the root */
	if (!ret)
		ret = pt_map(&s1, plat->gicd_base, plat->gicd_base, SZ_64K, PT_S1_DEVICE);
	for (i = 0; !ret && i < plat->nr_gicr; i++)
		ret = pt_map(&s1, plat->gicr_base[i], plat->gicr_base[i], plat->gicr_size[i],
			     PT_S1_DEVICE);
	if (ret)
		goto fail;

	/* Root cell stage 2: everything, identity, but the hypervisor */
	ret = pt_init(&s2, root_ia_bits(plat), true, &ops) ?:
	      pt_map(&s2, 0, 0, 1ULL << s2.ia_bits, PT_S2_RAM) ?:
	      pt_unmap(&s2, base, mem->size) ?:
	      pt_unmap(&s2, plat->gicd_base, SZ_64K) ?:	/* the root's GICD traps */
	      pt_map(&s2, base + h->status_offset, base + h->status_offset,
		     h->status_size, PT_S2_RAM_RO);
	if (ret)
		goto fail;

	h->mair = MAIR_EL2_VALUE;
	h->tcr = pt_tcr_el2(plat->pa_bits);
	h->ttbr0 = s1.root;
	h->vtcr = pt_vtcr(&s2, plat->pa_bits);
	h->vttbr = s2.root;
	h->root_ia_bits = s2.ia_bits;
	return 0;
fail:
	pr_err("vhyp: building the translation tables failed (%d)\n", ret);
	return ret;
}

int vhyp_load(struct vhyp_mem *mem, struct vhyp_platform *plat, u32 flags)
{
	const struct firmware *fw = NULL;
	const void *blob = vhyp_hyp_blob;
	size_t blob_size = (unsigned long)vhyp_hyp_blob_end - (unsigned long)vhyp_hyp_blob;
	const char *name = "the built-in EL2 binary";
	struct vhyp_hyp_header *h, img;
	u64 percpu_off, status_off, pool_off, need;
	struct pool pool;
	int ret;

	if (hyp_image) {
		ret = vhyp_should_fail("enable: request_firmware") ? -ENOENT :
		      request_firmware(&fw, hyp_image, NULL);
		if (ret) {
			pr_err("vhyp: cannot load EL2 binary %s (%d)\n", hyp_image, ret);
			return ret;
		}
		blob = fw->data;
		blob_size = fw->size;
		name = hyp_image;
	}
	ret = check_image(blob, blob_size, name);
	if (ret)
		goto out_fw;
	memcpy(&img, blob, sizeof(img));

	/*
	 * image + bss | per-CPU (slots aligned to their size) | status, consoles
	 * and the trace rings | table pool
	 */
	percpu_off = ALIGN(img.mem_size, img.percpu_size);
	status_off = percpu_off + PAGE_ALIGN(plat->ncpus * img.percpu_size);
	pool_off = status_off + VHYP_STATUS_SIZE + VHYP_TRACE_SIZE(plat->ncpus);
	need = pool_off + VHYP_MIN_POOL;
	mem->order = max_t(unsigned int, get_order(need), get_order(SZ_2M));
	mem->pages = vhyp_should_fail("enable: alloc_pages of the hypervisor's memory") ? NULL :
		     alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, mem->order);
	if (!mem->pages) {
		pr_err("vhyp: no free physically contiguous %lu KiB for the hypervisor; free some memory or try again\n",
		       (PAGE_SIZE << mem->order) >> 10);
		ret = -ENOMEM;
		goto out_fw;
	}
	mem->virt = page_address(mem->pages);
	mem->phys = page_to_phys(mem->pages);
	mem->size = PAGE_SIZE << mem->order;
	memcpy(mem->virt, blob, blob_size);
	h = mem->virt;

	ret = relocate(mem, h);
	if (ret)
		goto out_free;
	h->phys_base = mem->phys;
	h->phys_size = mem->size;
	h->percpu_offset = percpu_off;
	h->status_offset = status_off;
	h->status_size = pool_off - status_off;
	h->pool_offset = pool_off;
	h->pool_size = mem->size - pool_off;
	h->stub_vectors = plat->stub_vectors;
	h->uart_base = plat->uart_base;
	h->flags = (plat->uart_base ? VHYP_HDR_UART : 0) |
		   (test_faults ? VHYP_HDR_TEST_FAULT : 0) |
		   (test_powerdown ? VHYP_HDR_TEST_POWERDOWN : 0);
	h->kick_sgi = plat->kick_sgi;
	h->gicr_stride = plat->gicr_stride;
	h->nr_protected = plat->nr_protected;
	memcpy(h->protected_ranges, plat->protected_ranges, sizeof(h->protected_ranges));
	h->nr_smc_allow = plat->nr_smc_allow;
	memcpy(h->smc_allow, plat->smc_allow, sizeof(h->smc_allow));
	h->maint_irq = plat->maint_intid;
	h->pa_bits = plat->pa_bits;
	h->ncpus = plat->ncpus;
	memcpy(h->cpu_mpidr, plat->cpu_mpidr, sizeof(h->cpu_mpidr));
	h->gicd_base = plat->gicd_base;
	h->nr_gicr = plat->nr_gicr;
	memcpy(h->gicr_base, plat->gicr_base, sizeof(h->gicr_base));
	memcpy(h->gicr_size, plat->gicr_size, sizeof(h->gicr_size));

	pool = (struct pool){ mem, mem->phys + pool_off, mem->phys + mem->size,
			      mem->phys + pool_off };
	ret = build_tables(mem, h, plat, &pool);
	if (ret)
		goto out_free;
	h->pool_used = pool.next - pool.start;

	mem->status = mem->virt + status_off;
	mem->status->abi = VHYP_STATUS_ABI;
	mem->status->state = VHYP_STATE_RUNNING;
	mem->status->ncpus = plat->ncpus;
	mem->status->console_size = VHYP_CONSOLE_SIZE;
	mem->status->pool_free_pages = (h->pool_size - h->pool_used) >> PAGE_SHIFT;
	mem->percpu_offset = percpu_off;
	mem->percpu_size = h->percpu_size;
	mem->init_vectors = mem->phys + h->init_vectors;
	mem->vbar_probe = mem->phys + h->vbar_probe;

	/*
	 * EL2 starts with the MMU off: it must find all this in memory, and
	 * no CPU may have stale instructions of it (flush_icache_range also
	 * makes every CPU synchronise its context).
	 */
	vhyp_clean_dcache(mem->virt, mem->size);
	flush_icache_range((unsigned long)mem->virt, (unsigned long)mem->virt + h->text_end);
	release_firmware(fw);
	return 0;

out_free:
	__free_pages(mem->pages, mem->order);
	mem->pages = NULL;
out_fw:
	release_firmware(fw);
	return ret;
}

/*
 * Where Linux's hyp stub keeps its vectors, read at EL2: the stub's
 * HVC_SOFT_RESTART branches to our probe with VBAR_EL2 untouched.
 */
u64 vhyp_read_stub_vectors(struct vhyp_mem *mem)
{
	return vhyp_hvc(VHYP_LINUX_HVC_SOFT_RESTART, mem->vbar_probe, 0, 0, 0, 0);
}

void vhyp_unload(struct vhyp_mem *mem)
{
	if (!mem->pages)
		return;
	__free_pages(mem->pages, mem->order);
	memset(mem, 0, sizeof(*mem));
}
