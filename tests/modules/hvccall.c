// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: issue one HVC (or SMC) from EL1 on a chosen CPU, as Linux
 * itself or a misbehaving root might, and report what EL2 answered.  It
 * stays loaded (rmmod it before the next call): failing init would make
 * busybox's insmod try again with init_module(), and call twice.
 *
 *   insmod hvccall.ko fn=0x2 cpu=1     HVC_RESET_VECTORS on CPU 1
 *   insmod hvccall.ko fn=0xc6005604 a1=3 a2=2   (a2: the argument in x2)
 *   rmmod hvccall
 *   dmesg | grep hvccall               "hvccall: fn 0x2 a1 0x0 on CPU 1 returned 0x0"
 *
 *   insmod hvccall.ko fn=1 soft_restart=1 cpu=1
 *                       HVC_SOFT_RESTART to a routine of its own: at EL2,
 *                       with the MMU off, it returns to the caller with x0
 *                       = SOFT_RESTART_RAN; the registers EL2 may clobber
 *                       are saved around the call.  "returned 0x50f7e57a"
 *                       means the root ran code of its choice at EL2
 *                       ("hvccall: the routine ran at EL2: VBAR_EL2 0x...").
 *   insmod hvccall.ko fn=2 cpu=1 probe=0x4a000000
 *                       and then, on the same CPU, read 8 bytes at that
 *                       physical address (linear map, copy_from_kernel_nofault):
 *                       "hvccall: probe 0x4a000000 ok (0x...)" or "fault"
 *
 * a2 .. a5 go in x2 .. x5; conduit=smc makes it an SMC (the root's
 * SMCs trap to the hypervisor, which relays or refuses them); repeat=N
 * makes the same call N times in a row, yielding the CPU between them,
 * and reports the last answer (a root that keeps the hypervisor busy).
 */
#include <linux/module.h>
#include <linux/cpu.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/uaccess.h>

static ulong fn;
module_param(fn, ulong, 0444);
MODULE_PARM_DESC(fn, "function ID in x0");
static ulong a1;
module_param(a1, ulong, 0444);
MODULE_PARM_DESC(a1, "argument in x1");
static int cpu = -1;
module_param(cpu, int, 0444);
MODULE_PARM_DESC(cpu, "CPU to call on (default: any)");
static ulong a2;
module_param(a2, ulong, 0444);
MODULE_PARM_DESC(a2, "argument in x2");
static ulong a3;
module_param(a3, ulong, 0444);
MODULE_PARM_DESC(a3, "argument in x3");
static ulong a4;
module_param(a4, ulong, 0444);
MODULE_PARM_DESC(a4, "argument in x4");
static ulong a5;
module_param(a5, ulong, 0444);
MODULE_PARM_DESC(a5, "argument in x5");
static char *conduit = "hvc";
module_param(conduit, charp, 0444);
MODULE_PARM_DESC(conduit, "hvc (default) or smc");
static uint repeat = 1;
module_param(repeat, uint, 0444);
MODULE_PARM_DESC(repeat, "how many times to make the call (1)");
static ulong probe;
module_param(probe, ulong, 0444);
MODULE_PARM_DESC(probe, "physical address to read right after the call, on its CPU (0: none)");
static bool soft_restart;
module_param(soft_restart, bool, 0444);
MODULE_PARM_DESC(soft_restart, "x1 = a routine of ours that returns from EL2 (for fn=1)");

#define SOFT_RESTART_RAN	0x50f7e57aUL

/*
 * At EL2, MMU off: x0 = the save area, x1 = SOFT_RESTART_RAN (the caller's
 * x2, x3); back with x0 = SOFT_RESTART_RAN, x1 = VBAR_EL2, x2 = the area.
 */
static const u32 el2_routine[] = {
	0xaa0003e2,	/* mov x2, x0 */
	0xaa0103e0,	/* mov x0, x1 */
	0xd53cc001,	/* mrs x1, vbar_el2 */
	0xd69f03e0,	/* eret */
};
static phys_addr_t routine_pa;
static unsigned long el2_x1;
static u64 probe_val;
static long probe_err = -1;
static bool use_smc;

/* x0 back as the result, x1 in *r1 */
static noinline unsigned long one_call(unsigned long *r1)
{
	/* no function call from here on: it would clobber these */
	register unsigned long x0 asm("x0") = fn;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;
	register unsigned long x4 asm("x4") = a4;
	register unsigned long x5 asm("x5") = a5;

	if (use_smc)
		asm volatile("smc #0" : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3), "+r" (x4),
			     "+r" (x5) : : "x6", "x7", "x8", "x9", "x10", "x11",
			     "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	else
		asm volatile("hvc #0" : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3), "+r" (x4),
			     "+r" (x5) : : "x6", "x7", "x8", "x9", "x10", "x11",
			     "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	*r1 = x1;
	return x0;
}

/* In process context on the CPU, as kexec calls the stub: no interrupt is active. */
static int call(void *ret)
{
	unsigned long r0 = 0, r1 = 0;

	if (soft_restart) {
		u64 save[14];
		/* declared after save[]: its zeroing is a call that clobbers x0..x18 */
		register unsigned long x0 asm("x0") = fn;
		register unsigned long x1 asm("x1") = routine_pa;
		register unsigned long x2 asm("x2") = (unsigned long)save;
		register unsigned long x3 asm("x3") = SOFT_RESTART_RAN;

		/* x18..x30 as the routine cannot keep them: back from x2 */
		asm volatile("stp x18, x19, [x2, #0]\n stp x20, x21, [x2, #16]\n"
			     "stp x22, x23, [x2, #32]\n stp x24, x25, [x2, #48]\n"
			     "stp x26, x27, [x2, #64]\n stp x28, x29, [x2, #80]\n"
			     "str x30, [x2, #96]\n"
			     "hvc #0\n"
			     "ldp x18, x19, [x2, #0]\n ldp x20, x21, [x2, #16]\n"
			     "ldp x22, x23, [x2, #32]\n ldp x24, x25, [x2, #48]\n"
			     "ldp x26, x27, [x2, #64]\n ldp x28, x29, [x2, #80]\n"
			     "ldr x30, [x2, #96]\n"
			     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3) : :
			     "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			     "x12", "x13", "x14", "x15", "x16", "x17", "memory");
		r0 = x0;
		r1 = x1;
	} else {
		unsigned int i;

		for (i = 0; i < repeat; i++) {
			if (i)
				cond_resched();
			r0 = one_call(&r1);
		}
	}
	*(unsigned long *)ret = r0;
	el2_x1 = r1;
	if (probe)
		probe_err = copy_from_kernel_nofault(&probe_val, phys_to_virt(probe),
						     sizeof(probe_val));
	return 0;
}

static int __init hvccall_init(void)
{
	unsigned long ret = 0;
	int on = cpu;

	if (on < 0)
		on = raw_smp_processor_id();
	if (on >= nr_cpu_ids || !cpu_online(on)) {
		pr_err("hvccall: CPU %d is not online\n", on);
		return -EINVAL;
	}
	if (soft_restart) {
		struct page *page = alloc_page(GFP_KERNEL);
		char *va;

		if (!page)
			return -ENOMEM;
		va = page_address(page);
		memcpy(va, el2_routine, sizeof(el2_routine));
		/* fetched with the MMU and caches off: to the point of coherency */
		asm volatile("dc civac, %0\n dsb sy\n ic ivau, %0\n dsb sy\n isb"
			     : : "r" (va) : "memory");
		routine_pa = page_to_phys(page);	/* kept: EL2 may run it later */
	}
	use_smc = !strcmp(conduit, "smc");
	if (!use_smc && strcmp(conduit, "hvc")) {
		pr_err("hvccall: conduit=%s: it is hvc or smc\n", conduit);
		return -EINVAL;
	}
	if (probe && !pfn_valid(PHYS_PFN(probe))) {
		pr_err("hvccall: probe %#lx is not in the linear map\n", probe);
		return -EINVAL;
	}
	smp_call_on_cpu(on, call, &ret, false);
	pr_info("hvccall: fn %#lx a1 %#lx on CPU %d returned %#lx\n", fn,
		soft_restart ? (ulong)routine_pa : a1, on, ret);
	if (soft_restart && ret == SOFT_RESTART_RAN)
		pr_info("hvccall: the routine ran at EL2: VBAR_EL2 %#lx\n", el2_x1);
	if (probe && probe_err)
		pr_info("hvccall: probe %#lx fault\n", probe);
	else if (probe)
		pr_info("hvccall: probe %#lx ok (%#llx)\n", probe, probe_val);
	return 0;
}

static void __exit hvccall_exit(void)
{
}

module_init(hvccall_init);
module_exit(hvccall_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vhyp test: one HVC or SMC from EL1");
