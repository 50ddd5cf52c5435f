// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: issue one HVC (or SMC) from EL1 on a chosen CPU, as Linux
 * itself or a misbehaving root might, and report what EL2 answered.  It
 * stays loaded (rmmod it before the next call): failing init would make
 * busybox's insmod try again with init_module(), and call twice.
 *
 *   insmod hvccall.ko fn=0x2 cpu=1     HVC_RESET_VECTORS on CPU 1
 *   rmmod hvccall
 *   dmesg | grep hvccall               "hvccall: fn 0x2 a1 0x0 on CPU 1 returned 0x0"
 *
 * a2 and a3 go in x2 and x3; conduit=smc makes it an SMC (the root's
 * SMCs trap to the hypervisor, which relays or refuses them); repeat=N
 * makes the same call N times in a row, yielding the CPU between them,
 * and reports the last answer (a root that keeps the hypervisor busy).
 */
#include <linux/module.h>
#include <linux/cpu.h>
#include <linux/smp.h>
#include <linux/string.h>

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
static char *conduit = "hvc";
module_param(conduit, charp, 0444);
MODULE_PARM_DESC(conduit, "hvc (default) or smc");
static uint repeat = 1;
module_param(repeat, uint, 0444);
MODULE_PARM_DESC(repeat, "how many times to make the call (1)");

static bool use_smc;

static noinline unsigned long one_call(void)
{
	/* no function call from here on: it would clobber these */
	register unsigned long x0 asm("x0") = fn;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;

	if (use_smc)
		asm volatile("smc #0" : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3) : :
			     "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			     "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	else
		asm volatile("hvc #0" : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3) : :
			     "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			     "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return x0;
}

/* In process context on the CPU, as kexec calls the stub: no interrupt is active. */
static int call(void *ret)
{
	unsigned int i;

	for (i = 0; i < repeat; i++) {
		if (i)
			cond_resched();
		*(unsigned long *)ret = one_call();
	}
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
	use_smc = !strcmp(conduit, "smc");
	if (!use_smc && strcmp(conduit, "hvc")) {
		pr_err("hvccall: conduit=%s: it is hvc or smc\n", conduit);
		return -EINVAL;
	}
	smp_call_on_cpu(on, call, &ret, false);
	pr_info("hvccall: fn %#lx a1 %#lx on CPU %d returned %#lx\n", fn, a1, on, ret);
	return 0;
}

static void __exit hvccall_exit(void)
{
}

module_init(hvccall_init);
module_exit(hvccall_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vhyp test: one HVC or SMC from EL1");
