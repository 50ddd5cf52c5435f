// SPDX-License-Identifier: GPL-2.0
/*
 * vhyp.ko: the misc device /dev/vhyp and its ioctls (uapi/vhyp/ioctl.h).
 *
 * Every ioctl argument is copied in whole, its size checked against this
 * ABI, its reserved fields and unknown flags refused, before anything
 * happens; one mutex orders all calls that change or read state.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <vhyp/version.h>
#include "validate.h"
#include "vhyp.h"

struct vhyp vhyp = {
	.lock = __MUTEX_INITIALIZER(vhyp.lock),
};

static_assert(sizeof(struct vhyp_status) <= VHYP_CONSOLE_OFFSET);
static_assert(VHYP_CELL_CONSOLE_OFFSET(VHYP_MAX_CELLS + 1) <= VHYP_CHANNEL_HDR_OFFSET(1, 0));
static_assert(VHYP_CHANNEL_HDR_OFFSET(VHYP_MAX_CHANNELS, 1) + VHYP_CHANNEL_HDR_SIZE <=
	      VHYP_STATUS_SIZE);

/*
 * Copy in CMD's argument struct into K, the struct CMD's number was made
 * with (its size is in CMD), and check it before anything happens.
 */
static int arg_in(unsigned int cmd, void *k, unsigned long arg)
{
	if (copy_from_user(k, (void __user *)arg, _IOC_SIZE(cmd)))
		return -EFAULT;
	return vhyp_check_arg(cmd, k);
}

static int arg_out(unsigned long arg, const void *k, size_t size)
{
	return copy_to_user((void __user *)arg, k, size) ? -EFAULT : 0;
}

static long ioctl_get_info(unsigned long arg)
{
	struct vhyp_info info;
	int ret = arg_in(VHYP_GET_INFO, &info, arg);

	if (ret)
		return ret;
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	ret = vhyp_get_info(&info);
	return ret ?: arg_out(arg, &info, sizeof(info));
}

static long ioctl_enable(unsigned long arg)
{
	struct vhyp_enable req;
	int ret = arg_in(VHYP_ENABLE, &req, arg);

	return ret ?: vhyp_power_check() ?: vhyp_enable(&req);
}

static long ioctl_cpu_stats(unsigned long arg)
{
	struct vhyp_cpu_stats st;
	int ret = arg_in(VHYP_GET_CPU_STATS, &st, arg);
	__u32 cpu;

	if (ret)
		return ret;
	cpu = st.cpu;
	memset(&st, 0, sizeof(st));
	st.size = sizeof(st);
	st.cpu = cpu;
	ret = vhyp_get_cpu_stats(&st);
	return ret ?: arg_out(arg, &st, sizeof(st));
}

static long ioctl_console_read(unsigned long arg)
{
	struct vhyp_console_read req;
	int ret = arg_in(VHYP_CONSOLE_READ, &req, arg);

	if (ret)
		return ret;
	ret = vhyp_console_read(&req);
	return ret ?: arg_out(arg, &req, sizeof(req));
}

static long ioctl_bench(unsigned long arg)
{
	struct vhyp_bench req;
	int ret = arg_in(VHYP_BENCH, &req, arg);

	if (ret)
		return ret;
	ret = vhyp_bench(&req);
	return ret ?: arg_out(arg, &req, sizeof(req));
}

static long ioctl_console_write(unsigned long arg)
{
	struct vhyp_console_write req;
	int ret = arg_in(VHYP_CONSOLE_WRITE, &req, arg);

	if (ret)
		return ret;
	if (!vhyp.enabled)
		return -ENOTCONN;
	ret = vhyp_cell_input(req.cell, u64_to_user_ptr(req.buf), req.len);
	if (ret < 0)
		return ret;
	req.len = ret;
	return arg_out(arg, &req, sizeof(req));
}

static long ioctl_cell_create(unsigned long arg)
{
	struct vhyp_cell_config *cfg;
	int ret;

	cfg = vhyp_should_fail("create: kmalloc of the config") ? NULL :
	      kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	ret = arg_in(VHYP_CELL_CREATE, cfg, arg);
	if (!ret)
		ret = vhyp_power_check() ?: vhyp_cell_create(cfg);
	kfree(cfg);
	return ret;
}

static long ioctl_cell_load(unsigned long arg)
{
	struct vhyp_cell_load req;
	int ret = arg_in(VHYP_CELL_LOAD, &req, arg);

	if (ret)
		return ret;
	return vhyp.enabled ? vhyp_cell_load(&req) : -ENOTCONN;
}

static long ioctl_cell_ref(unsigned int cmd, unsigned long arg, int (*op)(u32 id))
{
	struct vhyp_cell_ref req;
	int ret = arg_in(cmd, &req, arg);

	if (ret)
		return ret;
	return vhyp.enabled ? op(req.id) : -ENOTCONN;
}

/*
 * The ioctls that read one object by its id (a cell, a channel): their
 * struct starts with its size and the id; everything else is output.
 */
struct by_id {
	u32 size;
	u32 id;
};
static_assert(offsetof(struct vhyp_cell_info, id) == offsetof(struct by_id, id) &&
	      offsetof(struct vhyp_channel_info, id) == offsetof(struct by_id, id));

static long ioctl_by_id(unsigned int cmd, unsigned long arg, void *k, int (*fill)(void *k))
{
	struct by_id *head = k;
	int ret = arg_in(cmd, k, arg);
	u32 id;

	if (ret)
		return ret;
	id = head->id;
	memset(k, 0, _IOC_SIZE(cmd));
	head->size = _IOC_SIZE(cmd);
	head->id = id;
	if (!vhyp.enabled)
		return -ENOTCONN;
	ret = fill(k);
	return ret ?: arg_out(arg, k, _IOC_SIZE(cmd));
}

static int fill_cell_info(void *k)
{
	return vhyp_cell_info(k);
}

static int fill_channel_info(void *k)
{
	return vhyp_channel_info(k);
}

static long ioctl_cell_config(unsigned long arg)
{
	struct vhyp_cell_get_config req;
	int ret = arg_in(VHYP_CELL_CONFIG, &req, arg);

	if (ret)
		return ret;
	return vhyp.enabled ? vhyp_cell_config(req.id, u64_to_user_ptr(req.buf)) : -ENOTCONN;
}

static long ioctl_channel_open(unsigned long arg)
{
	struct vhyp_channel_open req;
	int ret = arg_in(VHYP_CHANNEL_OPEN, &req, arg);

	if (ret)
		return ret;
	return vhyp.enabled ? vhyp_channel_open(&req) : -ENOTCONN;
}

static long ioctl_virtio_open(unsigned long arg)
{
	struct vhyp_virtio_open req;
	int ret = arg_in(VHYP_VIRTIO_OPEN, &req, arg);

	if (ret)
		return ret;
	return vhyp.enabled ? vhyp_virtio_open(&req, vhyp_cell_exists(req.cell)) : -ENOTCONN;
}

static long vhyp_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	union {
		struct vhyp_cell_info cell_info;
		struct vhyp_channel_info channel_info;
	} u;
	long ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (mutex_lock_interruptible(&vhyp.lock))
		return -EINTR;
	switch (cmd) {
	case VHYP_GET_INFO:
		ret = ioctl_get_info(arg);
		break;
	case VHYP_ENABLE:
		ret = ioctl_enable(arg);
		break;
	case VHYP_DISABLE:
		ret = vhyp_disable();
		break;
	case VHYP_GET_CPU_STATS:
		ret = ioctl_cpu_stats(arg);
		break;
	case VHYP_CONSOLE_READ:
		ret = ioctl_console_read(arg);
		break;
	case VHYP_BENCH:
		ret = ioctl_bench(arg);
		break;
	case VHYP_CONSOLE_WRITE:
		ret = ioctl_console_write(arg);
		break;
	case VHYP_CELL_CREATE:
		ret = ioctl_cell_create(arg);
		break;
	case VHYP_CELL_LOAD:
		ret = ioctl_cell_load(arg);
		break;
	case VHYP_CELL_START:
		ret = ioctl_cell_ref(cmd, arg, vhyp_cell_start);
		break;
	case VHYP_CELL_STOP:
		ret = ioctl_cell_ref(cmd, arg, vhyp_cell_stop);
		break;
	case VHYP_CELL_DESTROY:
		ret = ioctl_cell_ref(cmd, arg, vhyp_cell_destroy);
		break;
	case VHYP_CELL_INFO:
		ret = ioctl_by_id(cmd, arg, &u.cell_info, fill_cell_info);
		break;
	case VHYP_CELL_CONFIG:
		ret = ioctl_cell_config(arg);
		break;
	case VHYP_CHANNEL_INFO:
		ret = ioctl_by_id(cmd, arg, &u.channel_info, fill_channel_info);
		break;
	case VHYP_CHANNEL_OPEN:
		ret = ioctl_channel_open(arg);
		break;
	case VHYP_VIRTIO_OPEN:
		ret = ioctl_virtio_open(arg);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&vhyp.lock);
	return ret;
}

static int vhyp_open(struct inode *inode, struct file *file)
{
	return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

static const struct file_operations vhyp_fops = {
	.owner = THIS_MODULE,
	.open = vhyp_open,
	.unlocked_ioctl = vhyp_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* State for scripts that would rather read files: enabled, and the cells. */
static ssize_t enabled_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", vhyp.enabled);
}
static DEVICE_ATTR_RO(enabled);

static ssize_t cells_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	ssize_t n;

	mutex_lock(&vhyp.lock);
	n = vhyp.enabled ? vhyp_cells_show(buf) : 0;
	mutex_unlock(&vhyp.lock);
	return n;
}
static DEVICE_ATTR_RO(cells);

static struct attribute *vhyp_attrs[] = {
	&dev_attr_enabled.attr,
	&dev_attr_cells.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vhyp);

static struct miscdevice vhyp_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vhyp",
	.fops = &vhyp_fops,
	.mode = 0600,
	.groups = vhyp_groups,
};

static int __init vhyp_init(void)
{
	int ret = vhyp_firmware_init();

	if (ret)
		return ret;
	ret = vhyp_power_init();

	if (ret)
		return ret;
	ret = misc_register(&vhyp_misc);
	if (ret) {
		pr_err("vhyp: cannot register /dev/vhyp (%d)\n", ret);
		goto out_power;
	}
	vhyp_debugfs_init();
	pr_info("vhyp: version %s loaded; 'vhypctl enable' starts the hypervisor\n",
		VHYP_VERSION_STRING);
	return 0;

out_power:
	vhyp_power_exit();
	return ret;
}

/*
 * Only ever with vhyp disabled and no cell: enabled, it holds a reference
 * to this module (enable.c), and rmmod is refused.  The reset poll armed
 * for the last cell may still be pending: it is cancelled here, outside
 * vhyp.lock, which it takes.
 */
static void __exit vhyp_exit(void)
{
	vhyp_power_exit();
	vhyp_debugfs_exit();
	misc_deregister(&vhyp_misc);
	vhyp_cells_poll_close();
	vfree(vhyp.old_console);
}

module_init(vhyp_init);
module_exit(vhyp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vhyp: a static-partitioning hypervisor loaded at run time");
MODULE_VERSION(VHYP_VERSION_STRING);
