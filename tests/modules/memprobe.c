// SPDX-License-Identifier: GPL-2.0
/*
 * memprobe: can this kernel reach a physical address?  A test module for
 * tests/qemu/scenarios/isolation.sh.
 *
 *   insmod memprobe.ko [phys=ADDR] [write=1] [remap=1]
 *
 * Reads (write=1: writes) 8 bytes at ADDR through the kernel's linear map
 * (remap=1: through a cacheable mapping of its own, for memory outside the
 * linear map, such as no-map reserved memory) with the _nofault accessors (copy_from_kernel_nofault() and the 8-byte
 * core of copy_to_kernel_nofault()), logs
 *
 *   memprobe: read 0x<ADDR> ok (0x<value>)     or    memprobe: read 0x<ADDR> fault
 *   memprobe: write 0x<ADDR> ok                or    memprobe: write 0x<ADDR> fault
 *
 * and fails its load with EFAULT on a fault, so that insmod's exit status
 * tells the result too.  Without phys= it probes a page it allocates for
 * the purpose: ordinary RAM, which must always be reachable.  An address
 * outside the linear map, or not 8-byte aligned, fails with EINVAL and says
 * so; that is a mistake of the caller, not a result.
 *
 * On success the module stays loaded (it has nothing to undo); unload it
 * with rmmod before the next probe.
 *
 * Whether a fault is survivable is up to the hypervisor: the _nofault
 * accessors recover from the faults the kernel's exception fixups cover
 * (translation, access flag and permission faults); a synchronous external
 * abort taken in the kernel is fatal whatever the accessor.  So a clean
 * "fault" here also shows that vhyp reports stage-2 violations to the root
 * cell in a form Linux can recover from.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/uaccess.h>

/* Written by a write probe: "memprobe" in ASCII, easy to spot in a dump. */
#define MEMPROBE_PATTERN	0x65626f72706d656dULL
#define MEMPROBE_NO_PHYS	(~0ULL)

static unsigned long long phys = MEMPROBE_NO_PHYS;
module_param(phys, ullong, 0444);
MODULE_PARM_DESC(phys, "physical address to probe (default: a page of our own)");

static bool write;
module_param(write, bool, 0444);
MODULE_PARM_DESC(write, "write the pattern instead of reading");

/*
 * copy_to_kernel_nofault() is not exported to modules (up to 6.12 at least),
 * so this is its 8-byte case: the same arch accessor, whose exception-table
 * entry turns a fault into a jump to the label, with page faults disabled
 * so that the fault handler does not try to resolve it.
 */
static long write_kernel_nofault(void *dst, u64 val)
{
	pagefault_disable();
	__put_kernel_nofault(dst, &val, u64, fault);
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}

static bool remap;
module_param(remap, bool, 0444);
MODULE_PARM_DESC(remap, "map ADDR with memremap() instead of using the linear map");

static int memprobe_access(phys_addr_t addr, void *va)
{
	u64 val = MEMPROBE_PATTERN;
	long err;

	if (write)
		err = write_kernel_nofault(va, val);
	else
		err = copy_from_kernel_nofault(&val, va, sizeof(val));

	if (err) {
		pr_info("memprobe: %s %pa fault\n", write ? "write" : "read", &addr);
		return -EFAULT;
	}
	if (write)
		pr_info("memprobe: write %pa ok\n", &addr);
	else
		pr_info("memprobe: read %pa ok (0x%016llx)\n", &addr, val);
	return 0;
}

static int __init memprobe_init(void)
{
	struct page *own = NULL;
	phys_addr_t addr;
	int ret;

	if (phys == MEMPROBE_NO_PHYS) {
		own = alloc_page(GFP_KERNEL);
		if (!own)
			return -ENOMEM;
		addr = page_to_phys(own);
	} else {
		addr = phys;
		/* phys_to_virt() is only meaningful for the linear map */
		if (addr != phys || !IS_ALIGNED(addr, sizeof(u64)) ||
		    (!remap && !pfn_valid(PHYS_PFN(addr)))) {
			pr_info("memprobe: %pa is not an aligned address of the linear map\n",
				&addr);
			return -EINVAL;
		}
	}

	if (remap) {
		void *map = memremap(addr & PAGE_MASK, PAGE_SIZE, MEMREMAP_WB);

		if (!map) {
			pr_info("memprobe: %pa cannot be remapped\n", &addr);
			return -EINVAL;
		}
		ret = memprobe_access(addr, map + offset_in_page(addr));
		memunmap(map);
		return ret;
	}
	ret = memprobe_access(addr, phys_to_virt(addr));

	if (own)
		__free_page(own);
	return ret;
}

static void __exit memprobe_exit(void)
{
}

module_init(memprobe_init);
module_exit(memprobe_exit);

MODULE_DESCRIPTION("vhyp test: probe a physical address through the linear map");
MODULE_LICENSE("GPL");
