// SPDX-License-Identifier: GPL-2.0
/*
 * The root's end of a cell's virtio devices (uapi/vhyp/virtio.h): the
 * backend's file.  The hypervisor queues the cell's accesses to the
 * devices' windows in the cell's ring in the status area and rings the
 * root's doorbell (the maintenance interrupt, enable.c), which wakes the
 * file's reader here.  read() copies records out and tells the
 * hypervisor which slots are free again (VHYP_HC_VIRTIO_CONSUMED, once a
 * call); write() passes answers on; VHYP_VIRTIO_IRQ raises a device's
 * interrupt.
 *
 * mmap() gives the state pages (one per device, zeroed at create, kept
 * while the cell or a file lives) and the cell's RAM, which the
 * hypervisor leaves in the root's stage 2 for cells with virtio devices.
 * RAM is mapped page by page at fault time, only while the cell exists:
 * destroy marks it gone under the object's lock, then zaps every RAM
 * mapping of the backend files (unmap_mapping_range), before the cell's
 * pages go back to the allocator.  A later fault gets SIGBUS.
 *
 * vhyp.lock orders opening, create and destroy; 'lock' the rest of a
 * file's life against destroy; vio_lock the doorbell handler's walk.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/wait.h>
#include <vhyp/hypercall.h>
#include "vhyp.h"

#define STATE_PAGES		VHYP_CELL_MAX_VIRTIO
#define STATE_ORDER		3
#define READ_BATCH		16	/* records copied (and reported) per step */
#define RAM_PGOFF		(VHYP_VIRTIO_MMAP_RAM >> PAGE_SHIFT)

static_assert(STATE_PAGES * VHYP_VIRTIO_STATE_SIZE == PAGE_SIZE << STATE_ORDER);
static_assert(VHYP_VIRTIO_RING_OFFSET(VHYP_MAX_CELLS) + sizeof(struct vhyp_virtio_ring) <=
	      VHYP_STATUS_SIZE);
static_assert(VHYP_CHANNEL_HDR_OFFSET(VHYP_MAX_CHANNELS, 1) + VHYP_CHANNEL_HDR_SIZE <=
	      VHYP_VIRTIO_RING_OFFSET(1));

struct vhyp_virtio {
	u32 id;				/* the cell's */
	struct kref ref;		/* the cell's, and its open file's */
	struct mutex lock;		/* gone, the cell's RAM and the file's reads */
	bool gone;			/* the cell was destroyed */
	bool open;			/* a file is open (one at a time) */
	const struct vhyp_cell *cell;	/* its RAM, while !gone */
	struct page *state;
	u32 ndev;
	u64 pos;			/* the next record the file reads */
	u64 seen_head;			/* the ring's head at the last wake-up */
	wait_queue_head_t wq;
};

static struct vhyp_virtio *vios[VHYP_MAX_CELLS + 1];
/*
 * The files' mapping: anonymous inodes share one, so a destroy zaps the
 * RAM mappings of every backend file; those of live cells fault back in.
 */
static struct address_space *vio_mapping;
static DEFINE_SPINLOCK(vio_lock);	/* vios[], against the doorbell handler */

static struct vhyp_virtio_ring *ring(const struct vhyp_virtio *v)
{
	return (void *)vhyp.mem.status + VHYP_VIRTIO_RING_OFFSET(v->id);
}

static void vio_free(struct kref *ref)
{
	struct vhyp_virtio *v = container_of(ref, struct vhyp_virtio, ref);

	__free_pages(v->state, STATE_ORDER);
	kfree(v);
}

/*
 * Cell C was created in the hypervisor with VHYP_CELL_SHARED_RAM: give it
 * its devices.  vhyp.lock held.
 */
int vhyp_virtio_attach(const struct vhyp_cell *c)
{
	const struct vhyp_cell_config *cfg = &c->cfg;
	unsigned long flags;
	struct vhyp_virtio *v;
	unsigned int i;
	long ret;

	if (!cfg->num_virtio)
		return 0;
	if (vhyp.plat.maint_virq <= 0) {
		pr_err("vhyp: cell '%s': it has virtio devices, but the root's doorbell is the GIC maintenance interrupt, which the device tree does not give\n",
		       cfg->name);
		return -ENODEV;
	}
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->state = alloc_pages(GFP_KERNEL | __GFP_ZERO, STATE_ORDER);
	if (!v->state) {
		kfree(v);
		return -ENOMEM;
	}
	for (i = 0; i < cfg->num_virtio; i++) {
		ret = hvc_ret(vhyp_hvc(VHYP_HC_VIRTIO_DEV, c->id, i, cfg->virtio[i].ipa,
				       cfg->virtio[i].irq, 0));
		if (ret) {
			pr_err("vhyp: cell '%s': the hypervisor refused virtio device %u ('%s') (%ld)\n",
			       cfg->name, i, cfg->virtio[i].name, ret);
			__free_pages(v->state, STATE_ORDER);
			kfree(v);
			return ret == -EEXIST ? -EEXIST : -EINVAL;
		}
	}
	v->id = c->id;
	v->cell = c;
	v->ndev = cfg->num_virtio;
	kref_init(&v->ref);
	mutex_init(&v->lock);
	init_waitqueue_head(&v->wq);
	spin_lock_irqsave(&vio_lock, flags);
	vios[c->id] = v;
	spin_unlock_irqrestore(&vio_lock, flags);
	return 0;
}

/*
 * Cell ID is gone from the hypervisor (destroyed, or its create undone),
 * its RAM not yet freed: no backend reaches that RAM any more, and its
 * file reads the end.  vhyp.lock held.
 */
void vhyp_virtio_cell_gone(u32 id)
{
	struct vhyp_virtio *v = vios[id];
	unsigned long flags;

	if (!v)
		return;
	spin_lock_irqsave(&vio_lock, flags);
	vios[id] = NULL;
	spin_unlock_irqrestore(&vio_lock, flags);
	mutex_lock(&v->lock);
	v->gone = true;
	v->cell = NULL;
	mutex_unlock(&v->lock);
	/* faults take the lock and see 'gone': what was mapped before is zapped */
	if (vio_mapping)
		unmap_mapping_range(vio_mapping, VHYP_VIRTIO_MMAP_RAM, 0, 1);
	wake_up_interruptible_all(&v->wq);
	kref_put(&v->ref, vio_free);
}

/*
 * The root's doorbell (hard IRQ, or the irq_work thread under PREEMPT_RT:
 * enable.c): wake the readers of rings that moved.
 */
void vhyp_virtio_doorbell(void)
{
	unsigned int id;

	spin_lock(&vio_lock);
	for (id = 1; id <= VHYP_MAX_CELLS; id++) {
		struct vhyp_virtio *v = vios[id];
		u64 head;

		if (!v)
			continue;
		head = smp_load_acquire(&ring(v)->head);
		if (head != v->seen_head) {
			v->seen_head = head;
			wake_up_interruptible_all(&v->wq);
		}
	}
	spin_unlock(&vio_lock);
}

/* debugfs "virtio": each cell's request ring and its file's position */
void vhyp_virtio_show(struct seq_file *m)
{
	unsigned long flags;
	unsigned int id;

	/* irqsave: the doorbell handler takes it, maybe on this CPU */
	spin_lock_irqsave(&vio_lock, flags);
	for (id = 1; id <= VHYP_MAX_CELLS; id++) {
		const struct vhyp_virtio *v = vios[id];
		const struct vhyp_virtio_ring *r;

		if (!v)
			continue;
		r = ring(v);
		seq_printf(m, "cell %u: head %llu tail %llu seq %llu waiting %llu pos %llu seen %llu%s%s\n",
			   id, READ_ONCE(r->head), READ_ONCE(r->tail), READ_ONCE(r->seq),
			   READ_ONCE(r->waiting), READ_ONCE(v->pos), READ_ONCE(v->seen_head),
			   READ_ONCE(v->open) ? " open" : "", READ_ONCE(v->gone) ? " gone" : "");
	}
	spin_unlock_irqrestore(&vio_lock, flags);
}

/* The backend's file */

static bool has_records(struct vhyp_virtio *v)
{
	const struct vhyp_virtio_ring *r = ring(v);

	return READ_ONCE(v->gone) ||
	       smp_load_acquire(&r->head) > max(READ_ONCE(v->pos), READ_ONCE(r->tail));
}

/*
 * Up to N records from the file's position on; v->lock held.  A slot is
 * reused only after the tail passed it, so a copy is good if the tail
 * has not passed it after the copy; else what was there is dropped.
 */
static unsigned int take(struct vhyp_virtio *v, struct vhyp_virtio_req *out, unsigned int n)
{
	const struct vhyp_virtio_ring *r = ring(v);
	u64 head = smp_load_acquire(&r->head), tail;
	unsigned int got = 0;

	while (got < n) {
		tail = READ_ONCE(r->tail);
		if (v->pos < tail)
			v->pos = tail;		/* dropped at a stop or start */
		if (v->pos >= head)
			break;
		out[got] = r->req[v->pos % VHYP_VIRTIO_RING_LEN];
		smp_rmb();
		if (READ_ONCE(r->tail) > v->pos)
			continue;
		got++;
		v->pos++;
	}
	return got;
}

static ssize_t vio_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	struct vhyp_virtio *v = file->private_data;
	struct vhyp_virtio_req recs[READ_BATCH];
	size_t n = min_t(size_t, len / sizeof(recs[0]), READ_BATCH);
	unsigned int got;
	int ret;

	if (!n)
		return -EINVAL;
	for (;;) {
		if (mutex_lock_interruptible(&v->lock))
			return -EINTR;
		if (v->gone) {
			mutex_unlock(&v->lock);
			return -ENODEV;
		}
		got = take(v, recs, n);
		if (got)
			break;
		mutex_unlock(&v->lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(v->wq, has_records(v));
		if (ret)
			return ret;
	}
	/* the slots are free once copied: the batch is reported as one */
	vhyp_hvc(VHYP_HC_VIRTIO_CONSUMED, v->id, v->pos, 0, 0, 0);
	mutex_unlock(&v->lock);
	if (copy_to_user(buf, recs, got * sizeof(recs[0])))
		return -EFAULT;
	return got * sizeof(recs[0]);
}

/*
 * The answers are copied in before the lock is taken: the buffer may be in
 * the cell's RAM as this very file maps it, whose fault takes the lock.
 */
static ssize_t vio_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)
{
	struct vhyp_virtio *v = file->private_data;
	struct vhyp_virtio_answer a[READ_BATCH];
	size_t n = min_t(size_t, len / sizeof(a[0]), READ_BATCH), i;
	long ret = 0;

	if (!len || len % sizeof(a[0]))
		return -EINVAL;
	if (copy_from_user(a, buf, n * sizeof(a[0])))
		return -EFAULT;
	mutex_lock(&v->lock);
	for (i = 0; i < n && !ret; i++) {
		if (v->gone)
			ret = -ENODEV;
		else if (hvc_ret(vhyp_hvc(VHYP_HC_VIRTIO_ANSWER, v->id, a[i].seq, a[i].val, 0, 0)))
			ret = -EINVAL;		/* no read of that seq waits */
	}
	mutex_unlock(&v->lock);
	if (ret)
		i--;
	return i ? i * sizeof(a[0]) : ret;
}

static __poll_t vio_poll(struct file *file, poll_table *wait)
{
	struct vhyp_virtio *v = file->private_data;

	poll_wait(file, &v->wq, wait);
	if (READ_ONCE(v->gone))
		return EPOLLERR | EPOLLHUP;
	return (has_records(v) ? EPOLLIN | EPOLLRDNORM : 0) | EPOLLOUT | EPOLLWRNORM;
}

static long vio_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vhyp_virtio *v = file->private_data;
	struct vhyp_virtio_irq req;
	long ret;

	if (cmd != VHYP_VIRTIO_IRQ)
		return -ENOTTY;
	if (copy_from_user(&req, (void __user *)arg, sizeof(req)))
		return -EFAULT;
	if (req.size != sizeof(req) || req.reserved)
		return -EINVAL;
	mutex_lock(&v->lock);
	if (v->gone)
		ret = -ENODEV;
	else if (req.dev >= v->ndev)
		ret = -EINVAL;
	else
		ret = hvc_ret(vhyp_hvc(VHYP_HC_VIRTIO_IRQ, v->id, req.dev, 0, 0, 0));
	mutex_unlock(&v->lock);
	return ret;
}

/* The page of the cell's RAM at IPA, within the region 'region': its pfn, or 0. */
static unsigned long ram_pfn(const struct vhyp_cell *c, unsigned int region, u64 ipa)
{
	const struct vhyp_cell_mem *m = &c->cfg.mem[region];
	unsigned int i;

	if (c->identity[region])
		return ipa >> PAGE_SHIFT;		/* reserved memory: PA == IPA */
	for (i = 0; i < c->nr_chunks; i++) {
		const struct vhyp_cell_chunk *k = &c->chunks[i];

		if (k->region == region && ipa >= k->ipa && ipa - k->ipa < PAGE_SIZE << k->order)
			return page_to_pfn(k->page) + ((ipa - k->ipa) >> PAGE_SHIFT);
	}
	WARN_ON_ONCE(ipa >= m->ipa && ipa - m->ipa < m->size);
	return 0;
}

/* The RAM region of the cell that holds all of [ipa, ipa + len), or -1. */
static int ram_region(const struct vhyp_cell *c, u64 ipa, u64 len)
{
	unsigned int i;

	for (i = 0; i < c->cfg.num_mem; i++) {
		const struct vhyp_cell_mem *m = &c->cfg.mem[i];

		if (ipa >= m->ipa && len <= m->size && ipa - m->ipa <= m->size - len)
			return i;
	}
	return -1;
}

static vm_fault_t vio_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct vhyp_virtio *v = vma->vm_file->private_data;
	u64 ipa = (u64)(vmf->pgoff - RAM_PGOFF) << PAGE_SHIFT;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	unsigned long pfn;
	int region;

	mutex_lock(&v->lock);
	if (!v->gone && vmf->pgoff >= RAM_PGOFF) {
		region = ram_region(v->cell, ipa, PAGE_SIZE);
		pfn = region < 0 ? 0 : ram_pfn(v->cell, region, ipa);
		if (pfn)
			ret = vmf_insert_pfn(vma, vmf->address, pfn);
	}
	mutex_unlock(&v->lock);
	return ret;
}

static const struct vm_operations_struct vio_ram_ops = {
	.fault = vio_fault,
};

static int vio_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct vhyp_virtio *v = file->private_data;
	u64 len = vma->vm_end - vma->vm_start, ipa;
	int ret = 0;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_pgoff < RAM_PGOFF) {	/* the state pages */
		if (vma->vm_pgoff + (len >> PAGE_SHIFT) > STATE_PAGES)
			return -EINVAL;
		return remap_pfn_range(vma, vma->vm_start,
				       page_to_pfn(v->state) + vma->vm_pgoff, len,
				       vma->vm_page_prot);
	}
	ipa = (u64)(vma->vm_pgoff - RAM_PGOFF) << PAGE_SHIFT;
	mutex_lock(&v->lock);
	if (v->gone)
		ret = -ENODEV;
	else if (ram_region(v->cell, ipa, len) < 0)
		ret = -EINVAL;		/* not all in one RAM region of the cell */
	mutex_unlock(&v->lock);
	if (ret)
		return ret;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
#else
	vma->vm_flags |= VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP;
#endif
	vma->vm_ops = &vio_ram_ops;
	return 0;
}

static int vio_release(struct inode *inode, struct file *file)
{
	struct vhyp_virtio *v = file->private_data;

	mutex_lock(&v->lock);
	v->open = false;
	mutex_unlock(&v->lock);
	kref_put(&v->ref, vio_free);
	return 0;
}

static const struct file_operations vio_fops = {
	.owner = THIS_MODULE,
	.read = vio_read,
	.write = vio_write,
	.poll = vio_poll,
	.unlocked_ioctl = vio_ioctl,
	.mmap = vio_mmap,
	.release = vio_release,
	.llseek = noop_llseek,
};

/* VHYP_VIRTIO_OPEN: the backend's file of a cell.  vhyp.lock held. */
int vhyp_virtio_open(const struct vhyp_virtio_open *req, bool cell_exists)
{
	struct vhyp_virtio *v = req->cell <= VHYP_MAX_CELLS ? vios[req->cell] : NULL;
	struct file *file;
	int fd;

	if (!v)
		return cell_exists ? -ENODEV : -ENOENT;
	mutex_lock(&v->lock);
	if (v->open) {
		mutex_unlock(&v->lock);
		return -EBUSY;
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		mutex_unlock(&v->lock);
		return fd;
	}
	file = anon_inode_getfile("vhyp-virtio", &vio_fops, v,
				  O_RDWR | (req->flags & VHYP_VIRTIO_NONBLOCK ? O_NONBLOCK : 0));
	if (IS_ERR(file)) {
		mutex_unlock(&v->lock);
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	vio_mapping = file->f_mapping;
	v->open = true;
	kref_get(&v->ref);
	/* the reads a dead predecessor took come again, then what it left */
	vhyp_hvc(VHYP_HC_VIRTIO_REPLAY, v->id, 0, 0, 0, 0);
	v->pos = READ_ONCE(ring(v)->tail);
	mutex_unlock(&v->lock);
	fd_install(fd, file);
	return fd;
}
