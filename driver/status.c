// SPDX-License-Identifier: GPL-2.0
/*
 * What the driver reports: state, per-CPU exit counters and the
 * hypervisor console, all read from the status area the hypervisor
 * writes (read-only for Linux while vhyp is enabled), and the hypercall
 * benchmark.
 */
#include <linux/cpumask.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/arch_timer.h>
#include <vhyp/hypercall.h>
#include <vhyp/version.h>
#include "vhyp.h"

int vhyp_get_info(struct vhyp_info *info)
{
	struct vhyp_status *st = vhyp.mem.status;
	unsigned int cpu;

	info->ioctl_abi = VHYP_IOCTL_ABI;
	info->hyp_abi = VHYP_HYP_ABI;
	strscpy(info->version, VHYP_VERSION_STRING, sizeof(info->version));
	info->cpus_possible = num_possible_cpus();
	info->cpus_online = num_online_cpus();
	if (!vhyp.enabled)
		return 0;
	info->flags = VHYP_INFO_ENABLED;
	if (READ_ONCE(st->state) == VHYP_STATE_PANICKED)
		info->flags |= VHYP_INFO_PANICKED;
	for (cpu = 0; cpu < vhyp.plat.ncpus; cpu++)
		if (READ_ONCE(st->cpu[cpu].state) == VHYP_CPU_STATE_HYP)
			info->cpus_hyp++;
	info->gic_lrs = READ_ONCE(st->gic_lrs);
	info->gic_irqs = READ_ONCE(st->gic_irqs);
	info->hyp_mem_base = vhyp.mem.phys;
	info->hyp_mem_size = vhyp.mem.size;
	/* the pool is at the end: what the hypervisor's tables took since is in use too */
	info->hyp_mem_used = vhyp.mem.size - ((u64)READ_ONCE(st->pool_free_pages) << PAGE_SHIFT);
	info->enabled_ns = vhyp.enabled_ns;
	info->kick_sgi = vhyp.plat.kick_sgi;
	info->uart_base = vhyp.plat.uart_base;
	info->smc_refused = READ_ONCE(st->smc_refused);
	return 0;
}

int vhyp_get_cpu_stats(struct vhyp_cpu_stats *s)
{
	const struct vhyp_status_cpu *c;
	unsigned int i;

	if (s->cpu >= nr_cpu_ids || !cpu_possible(s->cpu))
		return -EINVAL;
	if (cpu_online(s->cpu))
		s->flags |= VHYP_CPU_ONLINE;
	s->mpidr = vhyp.plat.cpu_mpidr[s->cpu];
	if (!vhyp.enabled)
		return 0;
	c = &vhyp.mem.status->cpu[s->cpu];
	if (READ_ONCE(c->state) == VHYP_CPU_STATE_HYP)
		s->flags |= VHYP_CPU_HYP;
	for (i = 0; i < VHYP_EXIT_NR; i++)
		s->exits[i] = READ_ONCE(c->exits[i]);
	return 0;
}

/* Keep the console of a hypervisor about to go away, for reading later. */
void vhyp_console_keep(void)
{
	const struct vhyp_status *st = vhyp.mem.status;

	if (!st)
		return;
	if (!vhyp.old_console)
		vhyp.old_console = vmalloc(VHYP_CONSOLE_SIZE);
	if (!vhyp.old_console)
		return;
	memcpy(vhyp.old_console, (const char *)st + VHYP_CONSOLE_OFFSET, VHYP_CONSOLE_SIZE);
	vhyp.old_console_head = READ_ONCE(st->console_head);
}

int vhyp_console_read(struct vhyp_console_read *req)
{
	const char *ring;
	u64 head, pos, n, done = 0, size = VHYP_CONSOLE_SIZE;
	char __user *buf = u64_to_user_ptr(req->buf);

	if (req->cell) {
		struct vhyp_cell_info info = { .id = req->cell };

		if (!vhyp.enabled || vhyp_cell_info(&info))
			return -ENOENT;
		ring = (const char *)vhyp.mem.status + VHYP_CELL_CONSOLE_OFFSET(req->cell);
		head = smp_load_acquire(&vhyp.mem.status->cell[req->cell].console_head);
		size = VHYP_CELL_CONSOLE_SIZE;
	} else if (vhyp.enabled) {
		ring = (const char *)vhyp.mem.status + VHYP_CONSOLE_OFFSET;
		head = smp_load_acquire(&vhyp.mem.status->console_head);
	} else {
		ring = vhyp.old_console;
		head = vhyp.old_console_head;
	}
	req->head = head;
	req->lost = 0;
	pos = req->pos;
	if (pos > head)
		pos = head;
	if (head - pos > size) {
		req->lost = head - size - pos;
		pos = head - size;
	}
	while (ring && pos < head && done < req->len) {
		u64 off = pos % size;

		n = min3(head - pos, (u64)req->len - done, (u64)size - off);
		if (copy_to_user(buf + done, ring + off, n))
			return -EFAULT;
		done += n;
		pos += n;
	}
	req->len = done;
	req->pos = pos;
	return 0;
}

/*
 * Hypercalls timed in runs of BENCH_RUN with preemption off, so that no
 * other task's time is counted, and preemptible between runs: a million
 * of them would otherwise hold the CPU from the root's real-time tasks
 * (PREEMPT_RT) for as long as they all take.
 */
#define BENCH_RUN	1000

/* REQ's op and iterations are checked with the argument (validate.c). */
int vhyp_bench(struct vhyp_bench *req)
{
	u64 i, j, n, t0, ticks = 0;

	if (!vhyp.enabled)
		return -ENOTCONN;
	for (i = 0; i < req->iterations; i += n) {
		n = min_t(u64, BENCH_RUN, req->iterations - i);
		preempt_disable();
		t0 = __arch_counter_get_cntvct();
		for (j = 0; j < n; j++)
			vhyp_hvc(VHYP_HC_NOP, 0, 0, 0, 0, 0);
		ticks += __arch_counter_get_cntvct() - t0;
		preempt_enable();
		cond_resched();
	}
	req->ticks = ticks;
	req->freq = arch_timer_get_cntfrq();
	return 0;
}
