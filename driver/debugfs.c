// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/vhyp/: what the driver knows that no ioctl tells,
 * for tests and for whoever debugs a cell's DMA (root only, as debugfs is).
 *
 *   memory     each cell's memory, a line per physically contiguous run:
 *              "CELL REGION IPA PA SIZE" (identity-mapped regions: IPA = PA)
 *   virtio     each virtio cell's request ring: "cell ID: head H tail T seq S
 *              waiting W pos P seen X [open] [gone]" (driver/virtio.c)
 *   trace      the EL2 trace: "start", "stop", and its events (trace.c)
 *   fail_nth,  fault injection (fault_inject.c)
 *   fail_last
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include "vhyp.h"

struct dentry *vhyp_debugfs;

static int memory_show(struct seq_file *m, void *unused)
{
	mutex_lock(&vhyp.lock);
	vhyp_cells_memory_show(m);
	vhyp_channels_memory_show(m);
	mutex_unlock(&vhyp.lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(memory);

static int virtio_show(struct seq_file *m, void *unused)
{
	vhyp_virtio_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(virtio);

void vhyp_debugfs_init(void)
{
	/* debugfs is optional: without it the driver works, only this is missing */
	vhyp_debugfs = debugfs_create_dir("vhyp", NULL);
	debugfs_create_file("memory", 0400, vhyp_debugfs, NULL, &memory_fops);
	debugfs_create_file("virtio", 0400, vhyp_debugfs, NULL, &virtio_fops);
	vhyp_trace_init(vhyp_debugfs);
	vhyp_fault_inject_init(vhyp_debugfs);
}

void vhyp_debugfs_exit(void)
{
	debugfs_remove_recursive(vhyp_debugfs);
	vhyp_debugfs = NULL;
}
