/* SPDX-License-Identifier: GPL-2.0 */
/* The driver's internal interfaces. */
#ifndef _VHYP_DRIVER_H
#define _VHYP_DRIVER_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <vhyp/header.h>
#include <vhyp/ioctl.h>
#include <vhyp/status.h>

#define VHYP_MIN_POOL		(256 * 1024)

/* What the driver knows about the machine, found before enabling. */
struct vhyp_platform {
	u64 stub_vectors;	/* physical address of Linux's hyp stub vectors */
	unsigned int pa_bits;
	unsigned int ncpus;	/* slots: nr_cpu_ids */
	u64 cpu_mpidr[VHYP_MAX_CPUS];
	u32 maint_intid;
	u32 kick_sgi;		/* the SGI the hypervisor keeps for itself */
	int maint_virq;		/* Linux's number for it, <= 0 if none */
	u64 uart_base;
	u64 phys_top;		/* end of the highest RAM or MMIO range */
	u64 gicd_base;		/* GICv3 distributor and redistributor regions */
	u64 gicr_base[VHYP_MAX_GICR_REGIONS], gicr_size[VHYP_MAX_GICR_REGIONS];
	void __iomem *gicr_map[VHYP_MAX_GICR_REGIONS];	/* while probing only */
	unsigned int nr_gicr;
	u64 gicr_stride;	/* redistributor-stride, 0: from GICR_TYPER */
	/* frames no cell may map: the GIC's ITSes, the SMMUs */
	unsigned int nr_protected;
	struct vhyp_range protected_ranges[VHYP_MAX_PROTECTED];
	/* the root's firmware calls forwarded beyond the standard ones (firmware.c) */
	unsigned int nr_smc_allow;
	struct vhyp_smc_range smc_allow[VHYP_MAX_SMC_ALLOW];
	unsigned long dcache_line;	/* the smallest D-cache line of all CPUs */
};

/* The hypervisor's memory and what is known of it while it runs. */
struct vhyp_mem {
	struct page *pages;
	unsigned int order;
	void *virt;
	phys_addr_t phys;
	size_t size;
	struct vhyp_status *status;	/* read-only for Linux while enabled */
	u64 percpu_offset, percpu_size;
	u64 init_vectors, vbar_probe;
};

struct vhyp {
	struct mutex lock;
	bool enabled;
	struct vhyp_mem mem;
	struct vhyp_platform plat;
	u64 enabled_ns;
	int cpuhp_state;
	/* the console as it was at the last disable */
	char *old_console;
	u64 old_console_head;
};

extern struct vhyp vhyp;

/* fault_inject.c: true if the step 'where' is to fail (tests only, see there) */
bool vhyp_should_fail(const char *where);
struct dentry;
void vhyp_fault_inject_init(struct dentry *dir);

/* checks.c, gic.c, firmware.c */
int vhyp_check_machine(void);
int vhyp_probe_platform(struct vhyp_platform *plat, u64 uart_base, bool uart);
struct device_node;
int vhyp_probe_gic(struct vhyp_platform *plat, struct device_node *gic);
int vhyp_probe_firmware(struct vhyp_platform *plat);
int vhyp_firmware_init(void);

/* loader.c */
int vhyp_load(struct vhyp_mem *mem, struct vhyp_platform *plat, u32 flags);
void vhyp_unload(struct vhyp_mem *mem);
u64 vhyp_read_stub_vectors(struct vhyp_mem *mem);
void vhyp_clean_dcache(void *addr, size_t size);

/*
 * enable.c.  While enabled, vhyp holds a reference to its own module: rmmod
 * is refused until a disable gets every CPU out (never, if one is stuck).
 */
int vhyp_enable(const struct vhyp_enable *req);
int vhyp_disable(void);

/* power.c: the machine going down (reboot, halt, power-off, kexec) or to sleep */
int vhyp_power_init(void);
void vhyp_power_exit(void);
int vhyp_power_check(void);

/* status.c */
int vhyp_get_info(struct vhyp_info *info);
int vhyp_get_cpu_stats(struct vhyp_cpu_stats *st);
int vhyp_console_read(struct vhyp_console_read *req);
void vhyp_console_keep(void);
int vhyp_bench(struct vhyp_bench *req);

/* hvc.c: calls into EL2 */
unsigned long vhyp_hvc(unsigned long fn, unsigned long a1, unsigned long a2,
		       unsigned long a3, unsigned long a4, unsigned long a5);

/* A hypercall's x0 as the -errno or value it is */
static inline long hvc_ret(unsigned long ret)
{
	return (long)ret;
}

/* cell.c */
struct vhyp_cell_chunk {
	u64 ipa;
	struct page *page;
	unsigned int order;
	unsigned int region;		/* index in cfg.mem */
};

struct vhyp_cell_image {
	u64 ipa;
	void *data;
	size_t len;
};

struct vhyp_cell {
	u32 id;
	struct vhyp_cell_config cfg;
	struct vhyp_cell_chunk *chunks;
	unsigned int nr_chunks;
	void *identity[VHYP_CELL_MAX_MEM];	/* mapped reserved regions, by cfg.mem index */
	bool ram_pristine;		/* all zero to the PoC, no run since create */
	u64 mem_bytes;
	struct vhyp_cell_image images[8];
	unsigned int nr_images;
	u64 entry, x0;
	bool has_entry;
	u64 created_ns, started_ns;
	u64 exits_base[VHYP_EXIT_NR];	/* its CPUs' counters when it got them */
};

struct seq_file;

/* Zeros at the point of coherency (ZERO false: only clean what is zero in the caches). */
void vhyp_zero_to_poc(void *va, u64 size, bool zero);

/* channel.c: channels between cells and with the root (vhyp.lock held) */
int vhyp_channels_attach(const struct vhyp_cell *c);
void vhyp_channels_cell_gone(u32 id);
void vhyp_channels_disable(void);
void vhyp_channels_doorbell(void);		/* the root's doorbell (enable.c says where) */
int vhyp_channel_info(struct vhyp_channel_info *info);
void vhyp_channels_memory_show(struct seq_file *m);
int vhyp_channel_open(const struct vhyp_channel_open *req);

/* virtio.c: the backend's file of a cell's virtio devices (vhyp.lock held) */
int vhyp_virtio_attach(const struct vhyp_cell *c);
void vhyp_virtio_cell_gone(u32 id);
void vhyp_virtio_show(struct seq_file *m);	/* debugfs */
void vhyp_virtio_doorbell(void);		/* the root's doorbell (enable.c says where) */
int vhyp_virtio_open(const struct vhyp_virtio_open *req, bool cell_exists);

/*
 * Exported by the kernel (GPL) but declared only in its private
 * kernel/rcu/rcu.h: grace periods expedited while CPUs change hands,
 * for the several synchronize_rcu() of a CPU hotplug.
 */
void rcu_expedite_gp(void);
void rcu_unexpedite_gp(void);

/* reserved.c: identity-mapped regions (no-map reserved memory) */
int vhyp_reserved_check(const char *cell, unsigned int idx, const struct vhyp_cell_mem *m);
void *vhyp_reserved_map(const struct vhyp_cell_mem *m);
void vhyp_reserved_unmap(void *va);

bool vhyp_cells_exist(void);
bool vhyp_cell_exists(u32 id);
int vhyp_cell_create(const struct vhyp_cell_config *cfg);
int vhyp_cell_load(const struct vhyp_cell_load *req);
int vhyp_cell_start(u32 id);
int vhyp_cell_stop(u32 id);
int vhyp_cell_destroy(u32 id);
int vhyp_cells_destroy_all(void);
void vhyp_cells_poll_close(void);
int vhyp_cell_info(struct vhyp_cell_info *info);
int vhyp_cell_input(u32 id, const char __user *buf, u32 len);
int vhyp_cell_config(u32 id, void __user *buf);
ssize_t vhyp_cells_show(char *buf);
void vhyp_cells_memory_show(struct seq_file *m);

/* debugfs.c: /sys/kernel/debug/vhyp/, for tests and for debugging */
extern struct dentry *vhyp_debugfs;
void vhyp_debugfs_init(void);
void vhyp_debugfs_exit(void);
void vhyp_trace_init(struct dentry *dir);	/* trace.c: debugfs vhyp/trace */

#endif
