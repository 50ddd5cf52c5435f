// SPDX-License-Identifier: GPL-2.0
/*
 * Channels, as the driver keeps them (Documentation/channels.md): their
 * pages, taken from the root's page allocator when the first cell that
 * names one is created; which cell is (or will be) each end; and, for a
 * channel the root is an end of, the file that user space maps, polls,
 * reads and writes.
 *
 * A channel lives while a cell is attached to it or, for a root channel,
 * while a file of it is open: the survivor of a destroyed peer keeps its
 * pages, and a cell created again under the same name takes its old end
 * back.  When neither is left, the hypervisor gives the pages back to the
 * root and they are zeroed before the allocator has them again.
 *
 * vhyp.lock orders everything but the root's doorbell, which comes as the
 * virtual GIC maintenance interrupt (enable.c) and only looks at the
 * header pages of the root channels, under chan_lock.
 *
 * The root's user space never maps the hypervisor's own header page: that
 * memory goes back to the allocator at disable, while a file and its
 * mapping may live on.  It maps a shadow page of the channel's instead,
 * which the doorbell handler keeps equal to the header (every change of
 * the header rings the root), and which lives as long as the channel.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/wait.h>
#include <vhyp/hypercall.h>
#include "vhyp.h"

#define CHANNEL_MAX_ORDER	9	/* 2 MiB blocks where the allocator has them */
#define CHANNEL_MAX_CHUNKS	64	/* the hypervisor's CHANNEL_MAX_RUNS */

struct chan_chunk {
	struct page *page;
	unsigned int order;
};

struct chan_end {
	u32 cell;		/* attached cell, VHYP_CHANNEL_END_ROOT, 0: none now */
	u32 flags;		/* VHYP_CHAN_READONLY */
	char cell_name[VHYP_CELL_NAME_LEN];	/* the cell that is this end */
	u64 ipa;
	u32 irq;
};

struct vhyp_channel {
	u32 id;
	char name[VHYP_CHANNEL_NAME_LEN];
	u64 size;
	bool root_end;		/* end 1 is the root */
	bool dead;		/* the hypervisor let go of it (disable): files only */
	struct page *shadow;	/* the root end's header as its user space maps it */
	struct chan_chunk chunks[CHANNEL_MAX_CHUNKS];
	unsigned int nr_chunks;
	struct chan_end end[2];
	unsigned int open_files;
	wait_queue_head_t wq;	/* readers and pollers of its files */
	u64 last_events;	/* the root end's header events, at the last wake-up */
};

/* A channel's file: which channel, and the events its reader has seen. */
struct chan_file {
	struct vhyp_channel *ch;
	u64 seen;
};

static struct vhyp_channel *channels[VHYP_MAX_CHANNELS + 1];
static DEFINE_SPINLOCK(chan_lock);	/* the slots, against the doorbell handler */

static struct vhyp_channel_header *root_header(const struct vhyp_channel *ch)
{
	return (void *)vhyp.mem.status + VHYP_CHANNEL_HDR_OFFSET(ch->id, 1);
}

static struct vhyp_channel_header *shadow(const struct vhyp_channel *ch)
{
	return page_address(ch->shadow);
}

static_assert(offsetof(struct vhyp_channel_header, events) + sizeof(u64) ==
	      sizeof(struct vhyp_channel_header));

/* The shadow takes what the hypervisor's header says; 'events' (its last field) last.  chan_lock held. */
static void shadow_sync(struct vhyp_channel *ch)
{
	const struct vhyp_channel_header *h = root_header(ch);
	struct vhyp_channel_header *s = shadow(ch);
	u64 ev = smp_load_acquire(&h->events);

	memcpy(s, h, offsetof(struct vhyp_channel_header, events));
	smp_store_release(&s->events, ev);
}

/* A live channel of that name (one that only files keep after a disable is no more). */
static struct vhyp_channel *find(const char *name)
{
	unsigned int id;

	for (id = 1; id <= VHYP_MAX_CHANNELS; id++)
		if (channels[id] && !channels[id]->dead &&
		    !strncmp(channels[id]->name, name, VHYP_CHANNEL_NAME_LEN))
			return channels[id];
	return NULL;
}

static bool is_root_peer(const struct vhyp_cell_channel *cc)
{
	return !strncmp(cc->peer, VHYP_CHANNEL_PEER_ROOT, sizeof(cc->peer));
}

static void free_pages_of(struct vhyp_channel *ch)
{
	unsigned int i;

	for (i = 0; i < ch->nr_chunks; i++) {
		/* what the ends left in it goes nowhere else */
		vhyp_zero_to_poc(page_address(ch->chunks[i].page),
				 PAGE_SIZE << ch->chunks[i].order, true);
		__free_pages(ch->chunks[i].page, ch->chunks[i].order);
	}
	ch->nr_chunks = 0;
}

/* Nobody needs it any more: out of the hypervisor, zeroed, freed.  vhyp.lock held. */
static void channel_free(struct vhyp_channel *ch)
{
	unsigned long flags;

	if (!ch->dead && hvc_ret(vhyp_hvc(VHYP_HC_CHANNEL_DESTROY, ch->id, 0, 0, 0, 0))) {
		/* its pages may still be a cell's: they are never given back */
		pr_err("vhyp: channel '%s': the hypervisor did not let go of it; its %llu KiB are lost\n",
		       ch->name, ch->size >> 10);
		ch->nr_chunks = 0;
	}
	spin_lock_irqsave(&chan_lock, flags);
	if (channels[ch->id] == ch)
		channels[ch->id] = NULL;
	spin_unlock_irqrestore(&chan_lock, flags);
	free_pages_of(ch);
	if (ch->shadow)
		__free_page(ch->shadow);
	kfree(ch);
}

static bool cell_attached(const struct vhyp_channel *ch)
{
	return (ch->end[0].cell && ch->end[0].cell != VHYP_CHANNEL_END_ROOT) ||
	       (ch->end[1].cell && ch->end[1].cell != VHYP_CHANNEL_END_ROOT);
}

static void put_if_unused(struct vhyp_channel *ch)
{
	if (!cell_attached(ch) && !ch->open_files)
		channel_free(ch);
}

/* Zeroed pages for SIZE bytes: 2 MiB blocks where it can, at most CHANNEL_MAX_CHUNKS. */
static int alloc_data(struct vhyp_channel *ch)
{
	u64 left = ch->size;

	while (left) {
		unsigned int order = min_t(unsigned int, CHANNEL_MAX_ORDER,
					   ilog2(left >> PAGE_SHIFT));
		struct page *page = NULL;

		if (ch->nr_chunks == CHANNEL_MAX_CHUNKS)
			goto nomem;
		while (!page) {
			page = vhyp_should_fail("create: alloc_pages of a channel") ? NULL :
			       alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN |
					   __GFP_RETRY_MAYFAIL, order);
			if (!page && !order--)
				goto nomem;
		}
		ch->chunks[ch->nr_chunks++] = (struct chan_chunk){ page, order };
		left -= PAGE_SIZE << order;
	}
	return 0;
nomem:
	pr_err("vhyp: channel '%s': no memory for its %llu KiB in at most %u pieces\n",
	       ch->name, ch->size >> 10, CHANNEL_MAX_CHUNKS);
	free_pages_of(ch);
	return -ENOMEM;
}

/* Eight bytes of a name as the hypervisor takes them: the first one lowest. */
static u64 name_word(const char *p)
{
	u64 w = 0;
	int i;

	for (i = 7; i >= 0; i--)
		w = w << 8 | (u8)p[i];
	return w;
}

/* Give the hypervisor the channel and its pages, run by contiguous run. */
static int hyp_create(struct vhyp_channel *ch)
{
	u64 flags = 0, off = 0;
	unsigned int i, j;
	long ret;

	if (ch->root_end)
		flags = VHYP_CHANNEL_ROOT_END | ch->end[1].flags;
	ret = vhyp_should_fail("create: the hypervisor's channel create") ? -ENOMEM :
	      hvc_ret(vhyp_hvc(VHYP_HC_CHANNEL_CREATE, ch->id, ch->size, flags,
			       name_word(ch->name), name_word(ch->name + 8)));
	for (i = 0; i < ch->nr_chunks && !ret; i = j) {
		u64 pa = page_to_phys(ch->chunks[i].page), size = PAGE_SIZE << ch->chunks[i].order;

		for (j = i + 1; j < ch->nr_chunks &&
		     page_to_phys(ch->chunks[j].page) == pa + size; j++)
			size += PAGE_SIZE << ch->chunks[j].order;
		ret = vhyp_should_fail("create: the hypervisor's channel memory") ? -ENOMEM :
		      hvc_ret(vhyp_hvc(VHYP_HC_CHANNEL_MEM, ch->id, off, pa, size, 0));
		off += size;
	}
	if (ret) {
		pr_err("vhyp: channel '%s': the hypervisor refused it (%ld)\n", ch->name, ret);
		if (ret != -EEXIST)
			vhyp_hvc(VHYP_HC_CHANNEL_DESTROY, ch->id, 0, 0, 0, 0);
		return ret == -EPERM ? -EPERM : -ENOMEM;
	}
	return 0;
}

/* A new channel for the first cell that names it: that cell is end 0. */
static struct vhyp_channel *channel_new(const struct vhyp_cell_config *cfg,
					const struct vhyp_cell_channel *cc, int *err)
{
	struct vhyp_channel *ch;
	unsigned long flags;
	unsigned int id;

	for (id = 1; id <= VHYP_MAX_CHANNELS && channels[id]; id++)
		;
	if (id > VHYP_MAX_CHANNELS) {
		pr_err("vhyp: cell '%s': no room for channel '%s': the system has %u channels already\n",
		       cfg->name, cc->name, VHYP_MAX_CHANNELS);
		*err = -ENOSPC;
		return NULL;
	}
	ch = vhyp_should_fail("create: kzalloc of a channel") ? NULL :
	     kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch) {
		*err = -ENOMEM;
		return NULL;
	}
	ch->id = id;
	memcpy(ch->name, cc->name, sizeof(ch->name));
	ch->size = cc->size;
	init_waitqueue_head(&ch->wq);
	memcpy(ch->end[0].cell_name, cfg->name, sizeof(ch->end[0].cell_name));
	if (is_root_peer(cc) && vhyp.plat.maint_virq <= 0) {
		pr_err("vhyp: cell '%s': channel '%s' has the root as its peer, but the root's doorbell is the GIC maintenance interrupt, which the device tree does not give\n",
		       cfg->name, cc->name);
		kfree(ch);
		*err = -ENODEV;
		return NULL;
	}
	if (is_root_peer(cc)) {
		ch->shadow = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!ch->shadow) {
			kfree(ch);
			*err = -ENOMEM;
			return NULL;
		}
		ch->root_end = true;
		ch->end[1].cell = VHYP_CHANNEL_END_ROOT;
		ch->end[1].flags = cc->flags & VHYP_CHAN_PEER_READONLY ? VHYP_CHAN_READONLY : 0;
		strscpy(ch->end[1].cell_name, VHYP_CHANNEL_PEER_ROOT, sizeof(ch->end[1].cell_name));
	} else {
		memcpy(ch->end[1].cell_name, cc->peer, sizeof(ch->end[1].cell_name));
	}
	*err = alloc_data(ch);
	if (!*err)
		*err = hyp_create(ch);
	if (*err) {
		free_pages_of(ch);
		if (ch->shadow)
			__free_page(ch->shadow);
		kfree(ch);
		return NULL;
	}
	spin_lock_irqsave(&chan_lock, flags);
	channels[id] = ch;
	spin_unlock_irqrestore(&chan_lock, flags);
	return ch;
}

/*
 * Which end of an existing channel a cell takes: the one named after it
 * and free.  The config's other rules against the first end were checked
 * by vhyp_check_cell_config() for ends that are cells; a root channel
 * kept by an open file is checked here.
 */
static int end_for(const struct vhyp_channel *ch, const struct vhyp_cell_config *cfg,
		   const struct vhyp_cell_channel *cc)
{
	unsigned int e;

	for (e = 0; e < 2; e++)
		if (!ch->end[e].cell && !strncmp(ch->end[e].cell_name, cfg->name,
						 sizeof(ch->end[e].cell_name)))
			break;
	if (e == 2 || ch->dead) {
		pr_err("vhyp: cell '%s': channel '%s' joins '%s' and '%s'; this cell is not a free end of it\n",
		       cfg->name, cc->name, ch->end[0].cell_name, ch->end[1].cell_name);
		return -EEXIST;
	}
	if (ch->size != cc->size || strncmp(ch->end[!e].cell_name, cc->peer, sizeof(cc->peer)) ||
	    (ch->root_end && (ch->end[1].flags ? VHYP_CHAN_PEER_READONLY : 0) !=
			     (cc->flags & VHYP_CHAN_PEER_READONLY)) ||
	    (cc->flags & ch->end[!e].flags & VHYP_CHAN_READONLY)) {
		pr_err("vhyp: cell '%s': channel '%s' exists with %llu bytes between '%s' and '%s'; this config does not match it\n",
		       cfg->name, cc->name, ch->size, ch->end[0].cell_name, ch->end[1].cell_name);
		return -EINVAL;
	}
	return e;
}

/*
 * The cell's channels, in config order: found or made, and the cell
 * attached to each.  On failure the caller destroys the cell in the
 * hypervisor (which detaches it) and calls vhyp_channels_cell_gone().
 */
int vhyp_channels_attach(const struct vhyp_cell *c)
{
	const struct vhyp_cell_config *cfg = &c->cfg;
	unsigned int i;
	int ret = 0, e;

	for (i = 0; i < cfg->num_channels; i++) {
		const struct vhyp_cell_channel *cc = &cfg->channels[i];
		struct vhyp_channel *ch = find(cc->name);

		if (!ch) {
			ch = channel_new(cfg, cc, &ret);
			if (!ch)
				return ret;
			e = 0;
		} else {
			e = end_for(ch, cfg, cc);
			if (e < 0)
				return e;
		}
		ret = vhyp_should_fail("create: the hypervisor's channel attach") ? -ENOMEM :
		      hvc_ret(vhyp_hvc(VHYP_HC_CHANNEL_ATTACH, ch->id, c->id, cc->ipa,
				       (cc->flags & VHYP_CHAN_READONLY) | VHYP_CHAN_END(e),
				       cc->irq));
		if (ret) {
			pr_err("vhyp: cell '%s': the hypervisor refused to attach it to channel '%s' (%d)\n",
			       cfg->name, cc->name, ret);
			put_if_unused(ch);
			return ret == -ENOMEM ? -ENOMEM : -EINVAL;
		}
		ch->end[e].cell = c->id;
		ch->end[e].flags = cc->flags & VHYP_CHAN_READONLY;
		ch->end[e].ipa = cc->ipa;
		ch->end[e].irq = cc->irq;
		if (ch->root_end) {
			unsigned long flags;

			spin_lock_irqsave(&chan_lock, flags);
			shadow_sync(ch);	/* what the attach changed rang no one */
			spin_unlock_irqrestore(&chan_lock, flags);
		}
	}
	return 0;
}

/* Cell ID is gone from the hypervisor (destroyed, or its create undone). */
void vhyp_channels_cell_gone(u32 id)
{
	unsigned int i, e;

	for (i = 1; i <= VHYP_MAX_CHANNELS; i++) {
		struct vhyp_channel *ch = channels[i];

		if (!ch)
			continue;
		for (e = 0; e < 2; e++)
			if (ch->end[e].cell == id)
				ch->end[e].cell = 0;
		put_if_unused(ch);
	}
}

/*
 * The hypervisor goes (disable; no cell is left): channels kept by open
 * files let go of it, and their files see the end (EPIPE).
 */
void vhyp_channels_disable(void)
{
	unsigned int i;

	for (i = 1; i <= VHYP_MAX_CHANNELS; i++) {
		struct vhyp_channel *ch = channels[i];

		unsigned long flags;

		if (!ch || ch->dead)
			continue;
		if (hvc_ret(vhyp_hvc(VHYP_HC_CHANNEL_DESTROY, ch->id, 0, 0, 0, 0)))
			pr_err("vhyp: channel '%s': the hypervisor did not let go of it\n",
			       ch->name);
		spin_lock_irqsave(&chan_lock, flags);
		ch->dead = true;
		if (ch->shadow)
			WRITE_ONCE(shadow(ch)->peer_state, VHYP_PEER_GONE);
		spin_unlock_irqrestore(&chan_lock, flags);
		wake_up_interruptible_all(&ch->wq);
	}
}

/* The root's doorbell (the virtual maintenance interrupt): wake whoever waits. */
void vhyp_channels_doorbell(void)
{
	unsigned int i;

	spin_lock(&chan_lock);
	for (i = 1; i <= VHYP_MAX_CHANNELS; i++) {
		struct vhyp_channel *ch = channels[i];
		u64 ev;

		if (!ch || !ch->root_end || ch->dead)
			continue;
		ev = smp_load_acquire(&root_header(ch)->events);
		if (ev != ch->last_events) {
			shadow_sync(ch);
			ch->last_events = ev;
			wake_up_interruptible_all(&ch->wq);
		}
	}
	spin_unlock(&chan_lock);
}

/* debugfs vhyp/memory: each channel's data, a line per run ("channel:NAME data OFFSET PA SIZE"). */
void vhyp_channels_memory_show(struct seq_file *m)
{
	unsigned int id, i;

	for (id = 1; id <= VHYP_MAX_CHANNELS; id++) {
		const struct vhyp_channel *ch = channels[id];
		u64 off = 0;

		for (i = 0; ch && i < ch->nr_chunks; i++) {
			seq_printf(m, "channel:%s data %#llx %#llx %#lx\n", ch->name, off,
				   (u64)page_to_phys(ch->chunks[i].page),
				   PAGE_SIZE << ch->chunks[i].order);
			off += PAGE_SIZE << ch->chunks[i].order;
		}
	}
}

int vhyp_channel_info(struct vhyp_channel_info *info)
{
	struct vhyp_channel *ch = info->id >= 1 && info->id <= VHYP_MAX_CHANNELS ?
				  channels[info->id] : NULL;
	unsigned int e;

	if (!ch || ch->dead)
		return -ENOENT;
	memcpy(info->name, ch->name, sizeof(info->name));
	info->bytes = ch->size;
	info->open_files = ch->open_files;
	for (e = 0; e < 2; e++) {
		const struct vhyp_channel_header *h = (void *)vhyp.mem.status +
						      VHYP_CHANNEL_HDR_OFFSET(ch->id, e);
		struct vhyp_channel_end *o = &info->end[e];

		o->cell = ch->end[e].cell;
		o->flags = ch->end[e].flags;
		memcpy(o->cell_name, ch->end[e].cell_name, sizeof(o->cell_name));
		o->ipa = ch->end[e].ipa;
		o->irq = ch->end[e].irq;
		o->peer_state = READ_ONCE(h->peer_state);
		o->doorbells = READ_ONCE(h->doorbells);
		o->events = READ_ONCE(h->events);
	}
	return 0;
}

/* The channel's file */

/* The events of its channel's root end, as the shadow has them. */
static u64 file_events(const struct chan_file *f)
{
	return smp_load_acquire(&shadow(f->ch)->events);
}

static ssize_t chan_read(struct file *file, char __user *buf, size_t len, loff_t *pos)
{
	struct chan_file *f = file->private_data;
	u64 now, n;
	int ret;

	if (len < sizeof(u64))
		return -EINVAL;
	for (;;) {
		if (f->ch->dead)
			return -EPIPE;
		now = file_events(f);
		if (now != f->seen)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(f->ch->wq, f->ch->dead || file_events(f) != f->seen);
		if (ret)
			return ret;
	}
	n = now - f->seen;
	if (copy_to_user(buf, &n, sizeof(n)))
		return -EFAULT;
	f->seen = now;
	return sizeof(n);
}

static int ring(struct vhyp_channel *ch)
{
	if (ch->dead)
		return -EPIPE;
	return hvc_ret(vhyp_hvc(VHYP_HC_CHANNEL_RING, ch->id, 0, 0, 0, 0));
}

static ssize_t chan_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	struct chan_file *f = file->private_data;
	int ret;

	if (len < sizeof(u64))
		return -EINVAL;
	ret = ring(f->ch);
	return ret ?: sizeof(u64);
}

static __poll_t chan_poll(struct file *file, poll_table *wait)
{
	struct chan_file *f = file->private_data;

	poll_wait(file, &f->ch->wq, wait);
	if (f->ch->dead)
		return EPOLLERR | EPOLLHUP;
	return (file_events(f) != f->seen ? EPOLLIN | EPOLLRDNORM : 0) | EPOLLOUT | EPOLLWRNORM;
}

static long chan_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct chan_file *f = file->private_data;

	if (cmd != VHYP_CHANNEL_RING)
		return -ENOTTY;
	return ring(f->ch);
}

/* A write to a read-only page of the window (its header, read-only data): never. */
static vm_fault_t chan_mkwrite(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct chan_vm_ops = {
	.pfn_mkwrite = chan_mkwrite,
};

/* The root's window: the header page read-only, then the data. */
static int chan_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct chan_file *f = file->private_data;
	struct vhyp_channel *ch = f->ch;
	unsigned long addr = vma->vm_start, end = vma->vm_end;
	pgprot_t ro = vm_get_page_prot(vma->vm_flags & ~(VM_WRITE | VM_MAYWRITE));
	pgprot_t data = ch->end[1].flags ? ro : vma->vm_page_prot;
	unsigned int i;
	int ret;

	if (!(vma->vm_flags & VM_SHARED) || vma->vm_pgoff ||
	    end - addr > VHYP_CHANNEL_HDR_SIZE + ch->size)
		return -EINVAL;
	if (ch->dead)
		return -EPIPE;
	if (ch->end[1].flags && (vma->vm_flags & VM_WRITE))
		return -EACCES;		/* the root only reads this channel */
	if (ch->end[1].flags)
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
		vm_flags_clear(vma, VM_MAYWRITE);
#else
		vma->vm_flags &= ~VM_MAYWRITE;
#endif
	vma->vm_ops = &chan_vm_ops;
	ret = remap_pfn_range(vma, addr, page_to_pfn(ch->shadow), PAGE_SIZE, ro);
	addr += PAGE_SIZE;
	for (i = 0; !ret && i < ch->nr_chunks && addr < end; i++) {
		unsigned long n = min_t(unsigned long, end - addr,
					PAGE_SIZE << ch->chunks[i].order);

		ret = remap_pfn_range(vma, addr, page_to_pfn(ch->chunks[i].page), n, data);
		addr += n;
	}
	return ret;
}

static int chan_release(struct inode *inode, struct file *file)
{
	struct chan_file *f = file->private_data;

	mutex_lock(&vhyp.lock);
	f->ch->open_files--;
	put_if_unused(f->ch);
	mutex_unlock(&vhyp.lock);
	kfree(f);
	return 0;
}

static const struct file_operations chan_fops = {
	.owner = THIS_MODULE,
	.read = chan_read,
	.write = chan_write,
	.poll = chan_poll,
	.unlocked_ioctl = chan_ioctl,
	.mmap = chan_mmap,
	.release = chan_release,
	.llseek = noop_llseek,
};

/* VHYP_CHANNEL_OPEN: a new file of the root channel named so. */
int vhyp_channel_open(const struct vhyp_channel_open *req)
{
	struct vhyp_channel *ch = find(req->name);
	unsigned long flags;
	struct chan_file *f;
	struct file *file;
	int fd;

	if (!ch || !ch->root_end || ch->dead)
		return -ENOENT;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->ch = ch;
	spin_lock_irqsave(&chan_lock, flags);
	shadow_sync(ch);
	spin_unlock_irqrestore(&chan_lock, flags);
	f->seen = file_events(f);
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		kfree(f);
		return fd;
	}
	file = anon_inode_getfile("vhyp-channel", &chan_fops, f,
				  O_RDWR | (req->flags & VHYP_CHANNEL_NONBLOCK ? O_NONBLOCK : 0));
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		kfree(f);
		return PTR_ERR(file);
	}
	ch->open_files++;
	fd_install(fd, file);
	return fd;
}
