// SPDX-License-Identifier: GPL-2.0
/*
 * Enabling and disabling: every online CPU enters the hypervisor through
 * Linux's hyp stub (HVC_SET_VECTORS, then vhyp's init call) and leaves it
 * through vhyp's disable call, which puts the stub's vectors back.  Both
 * run under stop_machine(), so no CPU is in an interrupt handler or goes
 * offline meanwhile.  Failure on any CPU unwinds all of them.
 *
 * A CPU that comes online before the stop_machine() boots through
 * firmware to the stub and is entered like the others; one that comes
 * online after it is started by the hypervisor (a CPU_ON it relays).
 *
 * CPUs that go offline and come back while vhyp is enabled are started by
 * the hypervisor itself (its PSCI relay); the driver only keeps the GIC
 * maintenance interrupt enabled on them.
 *
 * From a successful enable to a successful disable, vhyp holds a reference
 * to its own module: its code is the hotplug callbacks', the maintenance
 * interrupt handler's and the hypervisor's way back, so rmmod is refused
 * ("in use") until every CPU is out.  A CPU that never leaves keeps the
 * reference, and the memory it runs on, for good.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include <linux/timekeeping.h>
#include <vhyp/hypercall.h>
#include "vhyp.h"

struct enter_args {
	struct vhyp_mem *mem;
	atomic_t failed;
	int err[NR_CPUS];
};

static int enter_cpu(void *data)
{
	struct enter_args *a = data;
	unsigned int cpu = smp_processor_id();
	unsigned long ret;

	ret = vhyp_hvc(VHYP_LINUX_HVC_SET_VECTORS, a->mem->init_vectors, 0, 0, 0, 0);
	if (!ret) {
		ret = vhyp_should_fail("enable: a CPU's init call") ? -EIO :
		      vhyp_hvc(VHYP_HC_INIT_CPU, cpu, 0, 0, 0, 0);
		if (ret)	/* back to the stub, whichever vectors are there */
			vhyp_hvc(VHYP_LINUX_HVC_SET_VECTORS, vhyp.plat.stub_vectors, 0, 0, 0, 0);
	}
	if (ret) {
		a->err[cpu] = (long)ret;
		atomic_inc(&a->failed);
	}
	return 0;
}

static bool cpu_in_hyp(const struct vhyp_mem *mem, unsigned int cpu)
{
	return READ_ONCE(mem->status->cpu[cpu].state) == VHYP_CPU_STATE_HYP;
}

#define LEAVE_TRIES	1000

/*
 * The hypervisor refuses to leave while an LPI (an MSI) waits in this
 * CPU's list registers for Linux, which cannot be made pending again at
 * the GIC: let Linux take it, and ask again.
 */
static int leave_cpu(void *data)
{
	struct vhyp_mem *mem = data;
	unsigned int tries;
	long ret = -EAGAIN;

	/* not asked to leave: the test of a CPU stuck in the hypervisor */
	if (!cpu_in_hyp(mem, smp_processor_id()) ||
	    vhyp_should_fail("disable: a CPU leaving the hypervisor"))
		return 0;
	for (tries = 0; tries < LEAVE_TRIES && ret == -EAGAIN; tries++) {
		if (tries) {
			local_irq_enable();
			udelay(1);
			local_irq_disable();
		}
		ret = (long)vhyp_hvc(VHYP_HC_DISABLE_CPU, 0, 0, 0, 0, 0);
	}
	return 0;
}

/* How many CPUs are still under the hypervisor after all were asked to leave. */
static unsigned int leave_all(struct vhyp_mem *mem)
{
	unsigned int cpu, left = 0;

	stop_machine(leave_cpu, mem, cpu_online_mask);
	for (cpu = 0; cpu < vhyp.plat.ncpus; cpu++) {
		if (cpu_in_hyp(mem, cpu) ||
		    READ_ONCE(mem->status->cpu[cpu].state) == VHYP_CPU_STATE_PARKED) {
			pr_err("vhyp: CPU %u did not leave the hypervisor\n", cpu);
			left++;
		}
	}
	return left;
}

/*
 * The physical maintenance interrupt is the hypervisor's, taken at EL2;
 * Linux only keeps it enabled.  What Linux sees of it is virtual: the
 * root's channel doorbell (hyp/doorbell.c).
 *
 * The doorbell's wake-ups take spinlock_t locks (the channel and virtio
 * slots, the wait queues), which PREEMPT_RT makes sleeping locks, and a
 * per-CPU interrupt's handler runs in hard interrupt context even there
 * (only ordinary ones are threaded).  So under PREEMPT_RT the handler
 * queues an irq_work, which RT runs in its per-CPU irq_work thread;
 * elsewhere the wake-ups run in the handler, without an IPI to itself.
 * One irq_work for all CPUs: while it waits, a doorbell on another CPU
 * has nothing to add, since the walk reads every slot.
 */
static void doorbell(struct irq_work *work)
{
	vhyp_channels_doorbell();
	vhyp_virtio_doorbell();
}

static struct irq_work doorbell_work = IRQ_WORK_INIT(doorbell);

static irqreturn_t maint_irq(int irq, void *dev)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		irq_work_queue(&doorbell_work);
	else
		doorbell(&doorbell_work);
	return IRQ_HANDLED;
}

static DEFINE_PER_CPU(u8, maint_dev);

static int maint_cpu_online(unsigned int cpu)
{
	enable_percpu_irq(vhyp.plat.maint_virq, IRQ_TYPE_NONE);
	return 0;
}

static int maint_cpu_offline(unsigned int cpu)
{
	disable_percpu_irq(vhyp.plat.maint_virq);
	return 0;
}

static int maint_start(void)
{
	int ret;

	if (vhyp.plat.maint_virq <= 0) {
		pr_warn("vhyp: no GIC maintenance interrupt in the device tree; list-register overflow waits for the next interrupt\n");
		return 0;
	}
	ret = vhyp_should_fail("enable: request_percpu_irq") ? -ENOMEM :
	      request_percpu_irq(vhyp.plat.maint_virq, maint_irq, "vhyp-maintenance",
				 &maint_dev);
	if (ret == -EBUSY) {
		/* KVM's vGIC claims it at boot, even while it lets the stub hold EL2 */
		pr_err("vhyp: the GIC maintenance interrupt is KVM's: KVM owns EL2; boot with kvm-arm.mode=none\n");
		return ret;
	}
	if (ret) {
		pr_err("vhyp: cannot claim the GIC maintenance interrupt (%d)\n", ret);
		return ret;
	}
	ret = vhyp_should_fail("enable: cpuhp_setup_state") ? -ENOMEM :
	      cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "vhyp:online",
				maint_cpu_online, maint_cpu_offline);
	if (ret < 0) {
		pr_err("vhyp: cannot follow CPU hotplug for the GIC maintenance interrupt (%d)\n",
		       ret);
		free_percpu_irq(vhyp.plat.maint_virq, &maint_dev);
		return ret;
	}
	vhyp.cpuhp_state = ret;
	return 0;
}

static void maint_stop(void)
{
	if (vhyp.plat.maint_virq <= 0 || !vhyp.cpuhp_state)
		return;
	cpuhp_remove_state(vhyp.cpuhp_state);
	free_percpu_irq(vhyp.plat.maint_virq, &maint_dev);
	irq_work_sync(&doorbell_work);	/* a doorbell queued before the free */
	vhyp.cpuhp_state = 0;
}

int vhyp_enable(const struct vhyp_enable *req)
{
	struct vhyp_mem *mem = &vhyp.mem;
	struct vhyp_hyp_header *h;
	struct enter_args *args;
	unsigned int cpu;
	int ret;

	if (vhyp.enabled)
		return -EALREADY;
	ret = vhyp_check_machine();
	if (ret)
		return ret;
	ret = vhyp_probe_platform(&vhyp.plat, req->uart_base, req->flags & VHYP_ENABLE_UART);
	if (ret)
		return ret;
	args = vhyp_should_fail("enable: kzalloc") ? NULL : kzalloc(sizeof(*args), GFP_KERNEL);
	if (!args)
		return -ENOMEM;

	ret = maint_start();
	if (ret)
		goto out_free;
	ret = vhyp_load(mem, &vhyp.plat, req->flags);
	if (ret)
		goto out_maint;

	h = mem->virt;
	preempt_disable();
	h->stub_vectors = vhyp_read_stub_vectors(mem);
	preempt_enable();
	vhyp_clean_dcache(h, sizeof(*h));
	vhyp.plat.stub_vectors = h->stub_vectors;
	if (!h->stub_vectors || h->stub_vectors & 0x7ff) {
		pr_err("vhyp: Linux's hyp stub did not say where its vectors are (%#llx); this kernel's stub is not the one vhyp knows\n",
		       h->stub_vectors);
		ret = -ENOENT;
		goto out_unload;
	}

	args->mem = mem;
	stop_machine(enter_cpu, args, cpu_online_mask);
	if (atomic_read(&args->failed)) {
		for_each_online_cpu(cpu)
			if (args->err[cpu])
				pr_err("vhyp: CPU %u could not enter the hypervisor (%d); see 'vhypctl console'\n",
				       cpu, args->err[cpu]);
		ret = -EIO;
		vhyp_console_keep();
		if (leave_all(mem))
			goto out_stuck;
		goto out_unload;
	}
	vhyp.enabled = true;
	vhyp.enabled_ns = ktime_get_boottime_ns();
	/* the ioctl's open file holds one already: this one cannot fail */
	__module_get(THIS_MODULE);
	kfree(args);
	pr_info("vhyp: enabled on %u CPUs, %zu KiB of hypervisor memory at %pa\n",
		num_online_cpus(), mem->size >> 10, &mem->phys);
	return 0;

out_unload:
	vhyp_unload(mem);
out_maint:
	maint_stop();
out_free:
	kfree(args);
	return ret;
out_stuck:
	/* a CPU still runs on this memory (and the module's code): never given back */
	vhyp.enabled = true;
	__module_get(THIS_MODULE);
	kfree(args);
	return ret;
}

int vhyp_disable(void)
{
	struct vhyp_mem *mem = &vhyp.mem;

	if (!vhyp.enabled)
		return -EALREADY;
	if (vhyp_cells_exist()) {
		pr_err("vhyp: cells exist: destroy them before disabling\n");
		return -EBUSY;
	}
	vhyp_channels_disable();	/* open files keep their pages, not the hypervisor */
	if (leave_all(mem))
		return -EBUSY;
	vhyp_console_keep();
	maint_stop();
	vhyp_unload(mem);
	vhyp.enabled = false;
	module_put(THIS_MODULE);
	pr_info("vhyp: disabled\n");
	return 0;
}
