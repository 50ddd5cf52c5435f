/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cells: a set of CPUs, a stage-2 address space of their own (with a VMID),
 * and the devices, real and emulated, the configuration gives them.  The
 * root cell is not one of these: it owns everything no cell owns, through
 * the stage 2 the driver built (root_s2).
 */
#ifndef _VHYP_CELL_H
#define _VHYP_CELL_H

#include <linux/types.h>
#include <vhyp/cell.h>
#include <vhyp/status.h>
#include "cpu.h"
#include "paging.h"
#include "spinlock.h"
#include "channel.h"
#include "virtio.h"

#define CELL_MAX_RANGES		512
#define CELL_IA_BITS		39	/* one first-level table: 512 GiB of IPA */

/* A range of the root's physical memory the cell has while it runs. */
struct cell_range {
	u64 ipa, pa, size;
	u32 flags;			/* VHYP_MAP_* */
};

struct vpl011 {
	spinlock_t lock;		/* the cell's CPUs and the root's input */
	u32 cr, lcr_h, ibrd, fbrd, ifls, imsc, ris, dmacr;
	u8 rx[64];
	u32 rx_head, rx_tail;
};

/* What is virtual in the cell's distributor (vgicd.c). */
struct vgic {
	u32 ctlr;			/* the enable bits it wrote */
	u32 nr_irqs;			/* INTIDs its GICD_TYPER reports */
	struct vspi vspi[VSPI_MAX];	/* its console's SPI, its channels' doorbells */
};

struct cell {
	u32 id;				/* 1..VHYP_MAX_CELLS, also the VMID */
	u32 flags;			/* VHYP_CELL_* */
	u64 cpus;			/* CPU slot mask */
	u32 nr_vcpus;			/* CPUs in it, virtual MPIDRs 0..nr_vcpus-1 */
	bool gicr_taken;		/* their redistributors out of the root's stage 2 */
	struct pt s2;
	struct pt_ops s2_ops;		/* its TLB maintenance needs its VMID */
	struct cell_range ranges[CELL_MAX_RANGES];
	u32 nr_ranges;
	u32 console_type;
	u64 console_ipa;
	struct vpl011 uart;
	struct vgic vgic;
	u64 entry, x0;
	struct vhyp_status_cell *status;
	spinlock_t power_lock;		/* its CPU_ONs against stop() */
	bool stopping;			/* set by stop(): no more CPU_ON until the next start */
	u32 stop_req;			/* the state its own CPU asked to stop with, 0: none */
	struct cell_chan chan[VHYP_CELL_MAX_CHANNELS];	/* its channels, in config order */
	u32 nr_chan;
	struct cell_virtio virtio;	/* its virtio devices (virtio.c) */
};

extern struct pt root_s2;
extern spinlock_t cell_lock;

struct cell *cell_of(struct hyp_cpu *cpu);
struct cell *cell_by_id(u64 id);

/* cell.c: what the root owns and what a cell's address space holds (cell_lock) */
bool root_owns_rw(u64 pa, u64 size);
bool frame_protected(u64 pa, u64 size);
void root_remap(u64 pa, u64 size, u64 attr);
bool cell_ipa_taken(struct cell *cell, u64 ipa, u64 size);
void cells_each_ram(void (*fn)(const struct cell_range *r, void *arg), void *arg);

/* scrub.c: the cells' memory zeroed at a panic, before the root's CPUs leave */
void scrub_setup(void);
bool scrub_ready(void);
void scrub_cells(void);
void scrub_wait(void);
bool cells_exist(void);
void cell_setup(void);

/* cell.c: called from the root's hypercalls, under cell_lock */
s64 cell_create(u64 id, u64 cpus, u64 flags);
s64 cell_map(u64 id, u64 ipa, u64 pa, u64 size, u64 flags);
s64 cell_console(u64 id, u64 type, u64 ipa, u64 irq);
s64 cell_irq(u64 id, u64 intid);
s64 cell_start(u64 id, u64 entry, u64 x0);
s64 cell_stop(u64 id);
s64 cell_destroy(u64 id);
s64 cell_input(u64 id, u64 byte);
/* cell_report.c: VHYP_HC_CELL_REPORT from a CPU of CELL; the figures zeroed at a start */
void cell_report_call(struct hyp_regs *regs, struct cell *cell);
void cell_report_clear(struct cell *cell);

/* cell.c: called on a cell's CPU */
void __noreturn cell_fail(struct hyp_regs *regs, const char *reason, u64 esr, u64 far);
void __noreturn cell_power(struct hyp_regs *regs, u32 state);

/* cell_cpu.c */
void __noreturn cpu_park(struct hyp_regs *regs);
void __noreturn cpu_leave_cell(struct hyp_regs *regs);
void cpu_kick(struct hyp_cpu *cpu);
bool cpu_claim(struct hyp_cpu *cpu, u32 run_to, u64 entry, u64 x0);
bool cpu_stop(struct hyp_cpu *cpu);
void cpu_wait_parked(struct hyp_cpu *cpu);
void cpu_check_stop(struct hyp_regs *regs);
void kick_received(struct hyp_cpu *cpu);
void reset_el1(void);
void fpsimd_reset(void);
void event_stream(bool on);

/* el2_traps.c */
void el2_traps_init(struct hyp_cpu *cpu);
void el2_config_root(struct hyp_cpu *cpu);
void el2_config_cell(struct hyp_cpu *cpu, struct cell *cell);
u64 el2_pmu_counters(void);

struct hyp_cpu *cell_vcpu(struct cell *cell, u64 vcpu);

/* idregs.c, vsysreg.c */
bool idreg_read(struct hyp_regs *regs, u64 iss);
bool vsysreg_cell(struct hyp_regs *regs, u64 iss);

/* vpsci.c, vpl011.c, vgicd.c (the console's virtual SPI) */
void vpsci_call(struct hyp_regs *regs);
bool vpl011_access(struct cell *cell, struct hyp_regs *regs, u64 ipa, u64 esr);
bool vpl011_input(struct cell *cell, u8 byte);
void vpl011_reset(struct vpl011 *u);
bool vpl011_line(struct cell *cell);
void vgic_reset(struct cell *cell);
void vspi_update(struct cell *cell);
void vspi_update_one(struct cell *cell, unsigned int i);	/* vspi[i]: here, or its CPU kicked */

#endif
