// SPDX-License-Identifier: GPL-2.0
/*
 * The EL2 trace (uapi/vhyp/trace.h), through debugfs vhyp/trace:
 *
 *   echo start > trace    empty the rings and record every exit (the
 *                         interrupt fast path stands aside meanwhile)
 *   echo stop > trace     stop recording; the rings stay to be read
 *   cat trace             per CPU slot a summary, then its events, oldest first:
 *     cpu N events E max_stay_ns S max_late_ns L
 *     cpu N irq INTID at T stay S [late L]
 *     cpu N trap EC at T stay S esr ESR
 *   T: the counter in ns, S: ns at EL2 from the C handler's start to the
 *   return, L: ns from the virtual timer's deadline to that start.
 *
 * Off by default, and off again at every enable (the hypervisor starts
 * with the trace off).
 */
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/arch_timer.h>
#include <vhyp/hypercall.h>
#include <vhyp/trace.h>
#include "vhyp.h"

static u64 ticks_ns(u64 t, u32 rate)
{
	return mul_u64_u32_div(t, NSEC_PER_SEC, rate);
}

static const struct vhyp_trace_ring *ring_of(unsigned int slot)
{
	return (const void *)vhyp.mem.status + VHYP_TRACE_OFFSET + slot * VHYP_TRACE_CPU_SIZE;
}

static void event_show(struct seq_file *m, unsigned int slot, const struct vhyp_trace_event *ev,
		       u32 rate)
{
	u64 stay = ticks_ns(ev->leave - ev->enter, rate);

	if (ev->type == VHYP_TRACE_IRQ) {
		seq_printf(m, "cpu %u irq %u at %llu stay %llu", slot, ev->info,
			   ticks_ns(ev->enter, rate), stay);
		if (ev->arg && ev->enter >= ev->arg)
			seq_printf(m, " late %llu", ticks_ns(ev->enter - ev->arg, rate));
		seq_putc(m, '\n');
	} else {
		seq_printf(m, "cpu %u trap %#x at %llu stay %llu esr %#llx\n", slot, ev->info,
			   ticks_ns(ev->enter, rate), stay, ev->arg);
	}
}

/* One CPU's ring: what is still there after the copy, oldest first. */
static void ring_show(struct seq_file *m, unsigned int slot, struct vhyp_trace_event *copy,
		      u32 rate)
{
	const struct vhyp_trace_ring *r = ring_of(slot);
	u64 head = smp_load_acquire(&r->head), now, first, keep, p;

	first = head > VHYP_TRACE_LEN ? head - VHYP_TRACE_LEN : 0;
	for (p = first; p < head; p++)
		copy[p - first] = r->ev[p % VHYP_TRACE_LEN];
	smp_rmb();
	/* what the writer overwrote meanwhile is lost; after a restart, everything */
	now = READ_ONCE(r->head);
	keep = now < head ? head : max(first, now > VHYP_TRACE_LEN ? now - VHYP_TRACE_LEN : 0);
	seq_printf(m, "cpu %u events %llu max_stay_ns %llu max_late_ns %llu\n", slot, head,
		   ticks_ns(READ_ONCE(r->max_stay), rate), ticks_ns(READ_ONCE(r->max_late), rate));
	for (p = keep; p < head; p++)
		event_show(m, slot, &copy[p - first], rate);
}

static int trace_show(struct seq_file *m, void *unused)
{
	struct vhyp_trace_event *copy;
	u32 rate = arch_timer_get_cntfrq();
	unsigned int slot;

	copy = kvmalloc_array(VHYP_TRACE_LEN, sizeof(*copy), GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	mutex_lock(&vhyp.lock);
	if (!vhyp.enabled)
		seq_puts(m, "# vhyp is not enabled\n");
	for (slot = 0; vhyp.enabled && slot < vhyp.plat.ncpus; slot++)
		ring_show(m, slot, copy, rate);
	mutex_unlock(&vhyp.lock);
	kvfree(copy);
	return 0;
}

static int trace_open(struct inode *inode, struct file *file)
{
	/* a big ring of text: let seq_file start with room for it */
	return single_open_size(file, trace_show, NULL, 64 * 1024);
}

static ssize_t trace_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	char word[8] = "";
	long ret;
	u64 op;

	if (len >= sizeof(word) || copy_from_user(word, buf, len))
		return -EINVAL;
	strim(word);
	if (!strcmp(word, "start"))
		op = VHYP_TRACE_START;
	else if (!strcmp(word, "stop"))
		op = VHYP_TRACE_STOP;
	else
		return -EINVAL;
	mutex_lock(&vhyp.lock);
	ret = vhyp.enabled ? (long)vhyp_hvc(VHYP_HC_TRACE, op, 0, 0, 0, 0) : -ENODEV;
	mutex_unlock(&vhyp.lock);
	return ret ? ret : len;
}

static const struct file_operations trace_fops = {
	.owner = THIS_MODULE,
	.open = trace_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = trace_write,
};

void vhyp_trace_init(struct dentry *dir)
{
	debugfs_create_file("trace", 0600, dir, NULL, &trace_fops);
}
