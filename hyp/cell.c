// SPDX-License-Identifier: GPL-2.0
/*
 * Cells: creating them from the root's CPUs and memory, starting,
 * stopping and destroying them, and what happens when one fails.
 *
 * Ownership of memory is the root's stage 2: a page is the root's to give
 * exactly when the root maps it read-write.  cell_map() checks that, takes
 * the range out of the root's stage 2 (with TLB invalidation on every
 * CPU) and puts it into the cell's; stopping a cell puts it all back.
 * So the root never reaches a running cell's memory, and a cell never
 * reaches anything it was not given.  Interrupts are owned the same way:
 * a cell's SPIs are given at create (cell_irq) and the redistributors of
 * its CPUs leave the root's stage 2 until it is destroyed.  The root's
 * hypercalls are serialised by cell_lock.
 */
#include <vhyp/hypercall.h>
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "pool.h"
#include "owner.h"

#define EINVAL		22
#define ENOENT		2
#define EBUSY		16
#define EEXIST		17
#define ENOMEM		12
#define ENOSPC		28
#define EPERM		1
#define EAGAIN		11

#define PAGE_SIZE	4096ULL

struct pt root_s2;
spinlock_t cell_lock;
static struct cell cells[VHYP_MAX_CELLS + 1];

/*
 * A valid entry of the stage 2 whose VTTBR is 'vttbr' was removed: no CPU
 * may keep a translation through it.  TLB maintenance by IPA and by VMID
 * acts on the VMID in this CPU's VTTBR_EL2, so the stage 2 that changed is
 * switched in for it when it is not the one in use here (a root table
 * changed from a cell's CPU that stops its cell, a cell's from the root's).
 * A page: its IPA, then the stage-1 entries built on it; a block or table:
 * everything of the VMID.
 */
static void s2_changed(u64 vttbr, u64 ipa, unsigned int level)
{
	u64 now = read_sysreg(vttbr_el2);

	dsb(ishst);
	if (now != vttbr) {
		write_sysreg(vttbr, vttbr_el2);
		isb();
	}
	if (level == 3) {
		asm volatile("tlbi ipas2e1is, %0" : : "r" (ipa >> 12) : "memory");
		dsb(ish);
		asm volatile("tlbi vmalle1is" ::: "memory");
	} else {
		asm volatile("tlbi vmalls12e1is" ::: "memory");
	}
	dsb(ish);
	if (now != vttbr)
		write_sysreg(now, vttbr_el2);
	isb();
}

static void root_s2_changed(void *arg, u64 ipa, unsigned int level)
{
	(void)arg;
	s2_changed(hyp_header.vttbr, ipa, level);
}

static void cell_s2_changed(void *arg, u64 ipa, unsigned int level)
{
	struct cell *cell = arg;

	s2_changed(cell->s2.root | (u64)cell->id << 48, ipa, level);
}

static const struct pt_ops root_ops = {
	.alloc = pool_alloc, .virt = pool_virt, .changed = root_s2_changed,
	.free = pool_free,
};

/* Once, on the first CPU in: the pool and the root's tables as the driver left them. */
void cell_setup(void)
{
	unsigned int i;

	pool_init();
	gic_setup();
	psci_relay_setup();
	pt_attach(&root_s2, hyp_header.vttbr & PT_ADDR_MASK, hyp_header.root_ia_bits, true,
		  &root_ops);
	scrub_setup();
	for (i = 1; i <= VHYP_MAX_CELLS; i++) {
		cells[i].id = i;
		cells[i].status = &hyp_status()->cell[i];
		cells[i].s2_ops = (struct pt_ops){
			.alloc = pool_alloc, .virt = pool_virt, .changed = cell_s2_changed,
			.free = pool_free, .arg = &cells[i],
		};
	}
}

/*
 * The panic path (scrub.c): each memory range (not a device's) of every
 * cell that exists.  No lock: a panicking CPU may not get one.
 */
void cells_each_ram(void (*fn)(const struct cell_range *r, void *arg), void *arg)
{
	unsigned int i, j;

	for (i = 1; i <= VHYP_MAX_CELLS; i++) {
		if (__atomic_load_n(&cells[i].status->state, __ATOMIC_ACQUIRE) == VHYP_CELL_FREE)
			continue;
		for (j = 0; j < cells[i].nr_ranges && j < CELL_MAX_RANGES; j++)
			if (!(cells[i].ranges[j].flags & VHYP_MAP_DEVICE))
				fn(&cells[i].ranges[j], arg);
	}
	channels_each_ram(fn, arg);
}

struct cell *cell_of(struct hyp_cpu *cpu)
{
	return cpu->cell ? &cells[cpu->cell] : NULL;
}

/* Does any cell exist (the root may then not take a CPU out of the hypervisor)? */
bool cells_exist(void)
{
	unsigned int i;

	for (i = 1; i <= VHYP_MAX_CELLS; i++)
		if (__atomic_load_n(&cells[i].status->state, __ATOMIC_ACQUIRE) != VHYP_CELL_FREE)
			return true;
	return false;
}

/* The cell's CPU with virtual MPIDR Aff0 'vcpu', or NULL. */
struct hyp_cpu *cell_vcpu(struct cell *cell, u64 vcpu)
{
	unsigned int slot;

	if (vcpu >= cell->nr_vcpus)
		return NULL;
	for (slot = 0; slot < hyp_header.ncpus; slot++) {
		struct hyp_cpu *c = hyp_cpu_slot(slot);

		if ((cell->cpus & (1ULL << slot)) && c->vcpu == vcpu)
			return c;
	}
	return NULL;
}

#define for_each_cell_cpu(cell, slot) \
	for (slot = 0; slot < hyp_header.ncpus; slot++) if ((cell)->cpus & (1ULL << slot))

/* The root gets [pa, pa + size) back as it had it, or the hypervisor stops. */
void root_remap(u64 pa, u64 size, u64 attr)
{
	if (pt_map(&root_s2, pa, pa, size, attr))
		hyp_panic("cannot give the root back its pages at %#llx (%#llx bytes)", pa, size);
}

/*
 * The redistributor frames of the cell's CPUs: out of the root's reach
 * from the first start (Linux takes its CPUs offline through them), and
 * back at destroy.  The root keeps reading their RD_base page: Linux walks
 * all frames to find a CPU's own when it brings one online.  SGI_base is
 * never the root's to map (vgicr.c); a GICv4 frame's VLPI pages go and
 * come back with RD_base.
 */
static void root_gicr(struct cell *cell, bool give)
{
	unsigned int slot;

	if (cell->gicr_taken == !give)
		return;
	cell->gicr_taken = !give;
	for_each_cell_cpu(cell, slot) {
		struct hyp_cpu *c = hyp_cpu_slot(slot);
		u64 rd = c->gicr, vlpi = rd + GICR_FRAME_SIZE, rest = c->gicr_size - GICR_FRAME_SIZE;

		if (!rd)
			continue;
		if (give) {
			root_remap(rd, GICR_SGI_BASE, PT_S2_RAM);
			if (rest)
				root_remap(vlpi, rest, PT_S2_RAM);
		} else {	/* Linux reads every RD_base's TYPER to find its own */
			root_remap(rd, GICR_SGI_BASE, PT_S2_RAM_RO);
			if (rest && pt_unmap(&root_s2, vlpi, rest))
				hyp_panic("cannot take redistributor pages at %#llx from the root",
					  vlpi);
		}
	}
}

/* Every SPI of the cell off and clean; to the root too when 'release'. */
static void quiesce_spis(struct cell *cell, bool release)
{
	struct hyp_cpu *first = cell_vcpu(cell, 0);
	unsigned int i;

	for (i = GIC_NR_PRIVATE; i < gic_nr_irqs; i++) {
		if (irq_owner[i] != cell->id)
			continue;
		gic_spi_quiesce(i, release || !first ? gic_root_mpidr() : first->mpidr);
		if (release)
			irq_owner[i] = 0;
	}
}

static struct cell *cell_get(u64 id)
{
	if (id < 1 || id > VHYP_MAX_CELLS || cells[id].status->state == VHYP_CELL_FREE)
		return NULL;
	return &cells[id];
}

struct cell *cell_by_id(u64 id)
{
	return cell_get(id);
}

static void set_state(struct cell *cell, u32 state)
{
	__atomic_store_n(&cell->status->state, state, __ATOMIC_RELEASE);
}

/*
 * Only a CPU the root runs on under the hypervisor, or one parked free, is
 * the root's to give: not another cell's, not one that never entered the
 * hypervisor (offline at enable and never brought back: no state here).
 */
static bool cpu_givable(struct hyp_cpu *c)
{
	u32 own = own_get(c);

	if (c->cell || !c->status)
		return false;
	return own == OWN_PARKED ||
	       (own == OWN_ROOT && c->status->state == VHYP_CPU_STATE_HYP);
}

s64 cell_create(u64 id, u64 cpus, u64 flags)
{
	struct cell *cell;
	unsigned int slot, vcpu = 0;

	if (id < 1 || id > VHYP_MAX_CELLS || !cpus ||
	    flags & ~(u64)(VHYP_CELL_FLAGS | VHYP_CELL_SHARED_RAM) ||
	    (hyp_header.ncpus < 64 && cpus >> hyp_header.ncpus))
		return -EINVAL;
	cell = &cells[id];
	if (cell->status->state != VHYP_CELL_FREE)
		return -EEXIST;
	for (slot = 0; slot < hyp_header.ncpus; slot++)
		if ((cpus & (1ULL << slot)) && !cpu_givable(hyp_cpu_slot(slot)))
			return -EBUSY;
	if (pt_init(&cell->s2, CELL_IA_BITS, true, &cell->s2_ops))
		return -ENOMEM;
	cell->flags = flags;
	cell->cpus = cpus;
	cell->nr_ranges = 0;
	cell->console_type = VHYP_CONSOLE_NONE;
	cell->uart = (struct vpl011){ 0 };
	cell->vgic = (struct vgic){ 0 };
	cell->nr_chan = 0;
	virtio_cell_created(cell);
	for (slot = 0; slot < hyp_header.ncpus; slot++) {
		if (cpus & (1ULL << slot)) {
			hyp_cpu_slot(slot)->vcpu = vcpu++;
			hyp_cpu_slot(slot)->cell = id;
		}
	}
	cell->nr_vcpus = vcpu;
	cell->gicr_taken = false;
	vgic_reset(cell);
	*cell->status = (struct vhyp_status_cell){ .state = VHYP_CELL_CREATED, .cpus = cpus };
	hyp_printf("vhyp: cell %llu created with CPUs %#llx\n", id, cpus);
	return 0;
}

/* Is [pa, pa + size) the root's, read-write, page by page? */
bool root_owns_rw(u64 pa, u64 size)
{
	u64 p = pa;

	while (p < pa + size) {
		unsigned int level;
		u64 e = pt_lookup(&root_s2, p, &level);

		if (!e || (e & (3ULL << 6)) != PT_S2_RW || (e & PT_S2_LENT))
			return false;
		p = (p & ~(PT_LEVEL_SIZE(level) - 1)) + PT_LEVEL_SIZE(level);	/* the whole leaf */
	}
	return true;
}

static bool overlaps(u64 a, u64 as, u64 b, u64 bs)
{
	return a < b + bs && b < a + as;
}

/*
 * Frames no cell may have, though the root may map them: the GIC's, its
 * ITSes (the root's MSIs), the SMMUs (a cell could make them reach any
 * memory) and the UART the hypervisor's console is mirrored to.
 */
bool frame_protected(u64 pa, u64 size)
{
	unsigned int i;

	if (gic_is_gic_range(pa, size))
		return true;
	for (i = 0; i < hyp_header.nr_protected && i < VHYP_MAX_PROTECTED; i++)
		if (overlaps(hyp_header.protected_ranges[i].base,
			     hyp_header.protected_ranges[i].size, pa, size))
			return true;
	return (hyp_header.flags & VHYP_HDR_UART) &&
	       overlaps(hyp_header.uart_base & ~(PAGE_SIZE - 1), PAGE_SIZE, pa, size);
}

/* Where the cell sees its (emulated) GIC: nothing else may be there. */
static bool vgic_overlaps(struct cell *cell, u64 ipa, u64 size)
{
	return overlaps(gicd_base(), GICD_SIZE, ipa, size) ||
	       overlaps(hyp_header.gicr_base[0], vgicr_size(cell), ipa, size);
}

/*
 * Is anything of the cell at [ipa, ipa + size): memory, a device, its
 * console, GIC, a channel, a virtio window?
 */
bool cell_ipa_taken(struct cell *cell, u64 ipa, u64 size)
{
	unsigned int i;

	for (i = 0; i < cell->nr_ranges; i++)
		if (overlaps(cell->ranges[i].ipa, cell->ranges[i].size, ipa, size))
			return true;
	return (cell->console_type && overlaps(cell->console_ipa, PAGE_SIZE, ipa, size)) ||
	       vgic_overlaps(cell, ipa, size) || channel_window_overlaps(cell, ipa, size) ||
	       virtio_window_overlaps(cell, ipa, size);
}

s64 cell_map(u64 id, u64 ipa, u64 pa, u64 size, u64 flags)
{
	struct cell *cell = cell_get(id);
	struct cell_range *r;
	u64 attr;

	if (!cell || cell->status->state == VHYP_CELL_RUNNING)
		return cell ? -EBUSY : -ENOENT;
	if (!size || (ipa | pa | size) & (PAGE_SIZE - 1) || ipa + size < ipa || pa + size < pa ||
	    ipa + size > (1ULL << CELL_IA_BITS) || flags & ~0xfULL ||
	    ((flags & VHYP_MAP_DEVICE) && ipa != pa))
		return -EINVAL;
	if (cell->nr_ranges == CELL_MAX_RANGES)
		return -ENOSPC;
	if (cell_ipa_taken(cell, ipa, size))
		return -EEXIST;
	if (!root_owns_rw(pa, size) || frame_protected(pa, size))
		return -EPERM;
	if (!(flags & VHYP_MAP_DEVICE) && !scrub_ready())
		return -ENOMEM;		/* a panic could not take it back from the root */

	if (flags & VHYP_MAP_DEVICE)
		attr = PT_S2_DEVICE | PT_AF | PT_S2_XN;
	else
		attr = PT_S2_NORMAL | PT_SH_INNER | PT_AF;
	attr |= (flags & VHYP_MAP_READ ? PT_S2_RO : 0) | (flags & VHYP_MAP_WRITE ? PT_S2_RW : 0);
	if (!(flags & VHYP_MAP_EXEC))
		attr |= PT_S2_XN;
	/*
	 * What root_owns_rw() found: the root had it all read-write, as
	 * PT_S2_RAM.  A virtio cell's RAM stays there, for the backend, but
	 * marked lent: the root can give it to nobody else (root_owns_rw()).
	 */
	if ((cell->flags & VHYP_CELL_SHARED_RAM) && !(flags & VHYP_MAP_DEVICE)) {
		if (pt_map(&root_s2, pa, pa, size, PT_S2_RAM | PT_S2_LENT)) {
			root_remap(pa, size, PT_S2_RAM);
			return -ENOMEM;
		}
	} else if (pt_unmap(&root_s2, pa, size)) {
		root_remap(pa, size, PT_S2_RAM);
		return -ENOMEM;
	}
	if (pt_map(&cell->s2, ipa, pa, size, attr)) {
		/* what it mapped of the range is in leaves of its own: no split, no page needed */
		if (pt_unmap(&cell->s2, ipa, size))
			hyp_panic("cell %llu: cannot take back the part of %#llx it was given", id, ipa);
		root_remap(pa, size, PT_S2_RAM);
		return -ENOMEM;
	}
	r = &cell->ranges[cell->nr_ranges++];
	*r = (struct cell_range){ ipa, pa, size, (u32)flags };
	return 0;
}

s64 cell_console(u64 id, u64 type, u64 ipa, u64 irq)
{
	struct cell *cell = cell_get(id);
	unsigned int i;

	if (!cell || cell->status->state == VHYP_CELL_RUNNING)
		return cell ? -EBUSY : -ENOENT;
	if (type > VHYP_CONSOLE_PL011 || ipa & (PAGE_SIZE - 1) ||
	    ipa >= (1ULL << CELL_IA_BITS) || (irq && (irq < GIC_NR_PRIVATE || irq >= gic_nr_irqs)))
		return -EINVAL;
	if (type && (vgic_overlaps(cell, ipa, PAGE_SIZE) ||
		     channel_window_overlaps(cell, ipa, PAGE_SIZE) ||
		     virtio_window_overlaps(cell, ipa, PAGE_SIZE)))
		return -EEXIST;
	for (i = 0; i < cell->nr_ranges; i++)
		if (type && overlaps(cell->ranges[i].ipa, cell->ranges[i].size, ipa, PAGE_SIZE))
			return -EEXIST;
	if (irq && irq_owner[irq] == cell->id)
		return -EEXIST;		/* one of its devices' SPIs */
	for (i = 1; irq && i < VSPI_MAX; i++)
		if (cell->vgic.vspi[i].intid == irq)
			return -EEXIST;	/* a channel's doorbell */
	cell->console_type = type;
	cell->console_ipa = ipa;
	cell->vgic.vspi[VSPI_CONSOLE] = (struct vspi){ .intid = type ? irq : 0 };
	vgic_reset(cell);
	return 0;
}

/* The root gives SPI 'intid' to a cell that has not run yet. */
s64 cell_irq(u64 id, u64 intid)
{
	struct cell *cell = cell_get(id);
	unsigned int i;

	if (!cell || cell->status->state != VHYP_CELL_CREATED)
		return cell ? -EBUSY : -ENOENT;
	if (intid < GIC_NR_PRIVATE || intid >= gic_nr_irqs)
		return -EINVAL;
	for (i = 0; i < VSPI_MAX; i++)
		if (cell->vgic.vspi[i].intid == intid)
			return -EEXIST;		/* a virtual one of the cell's */
	if (irq_owner[intid])
		return irq_owner[intid] == id ? -EEXIST : -EBUSY;
	irq_owner[intid] = id;
	gic_spi_quiesce(intid, cell_vcpu(cell, 0)->mpidr);
	vgic_reset(cell);
	return 0;
}

/* The cell's memory back to the root; it keeps its tables (empty) and CPUs. */
static void give_back(struct cell *cell)
{
	unsigned int i;

	for (i = 0; i < cell->nr_ranges; i++) {
		struct cell_range *r = &cell->ranges[i];

		pt_unmap(&cell->s2, r->ipa, r->size);
		root_remap(r->pa, r->size, PT_S2_RAM);
	}
	cell->nr_ranges = 0;
}

s64 cell_start(u64 id, u64 entry, u64 x0)
{
	struct cell *cell = cell_get(id);
	struct hyp_cpu *boot = NULL;
	unsigned int slot;

	if (!cell)
		return -ENOENT;
	if (cell->status->state == VHYP_CELL_RUNNING || !cell->nr_ranges)
		return -EBUSY;
	for_each_cell_cpu(cell, slot) {
		struct hyp_cpu *c = hyp_cpu_slot(slot);

		if (own_get(c) != OWN_PARKED)
			return -EBUSY;		/* Linux has not let go of it yet */
		if (!boot)
			boot = c;
	}
	cell->entry = entry;
	cell->x0 = x0;
	root_gicr(cell, false);
	vgic_reset(cell);		/* a fresh GIC and UART for every boot */
	vpl011_reset(&cell->uart);
	quiesce_spis(cell, false);
	for_each_cell_cpu(cell, slot)
		gic_reset_private(hyp_cpu_slot(slot));
	cell->status->starts++;
	cell->status->reason[0] = '\0';
	cell->status->esr = cell->status->far = cell->status->pc = 0;
	cell_report_clear(cell);	/* a new payload starts with no figures */
	spin_lock(&cell->power_lock);
	cell->stopping = false;
	cell->stop_req = 0;
	spin_unlock(&cell->power_lock);
	virtio_cell_reset(cell);
	set_state(cell, VHYP_CELL_RUNNING);
	channel_cell_started(cell);
	if (!cpu_claim(boot, RUN_CELL, entry, x0))
		hyp_panic("cell %llu: its first CPU left the park while the root held it", id);
	hyp_printf("vhyp: cell %llu started at %#llx\n", id, entry);
	return 0;
}

/* Park every CPU of the cell but the caller's, and wait until they are. */
static void park_all(struct cell *cell)
{
	struct hyp_cpu *self = this_cpu();
	unsigned int slot;

	for_each_cell_cpu(cell, slot)
		if (hyp_cpu_slot(slot) != self)
			cpu_stop(hyp_cpu_slot(slot));
	for_each_cell_cpu(cell, slot)
		if (hyp_cpu_slot(slot) != self)
			cpu_wait_parked(hyp_cpu_slot(slot));
}

/*
 * A CPU of the cell may be starting another (PSCI CPU_ON) while it stops:
 * once 'stopping' is set no CPU_ON starts one any more, and any that did
 * before is seen by park_all(), which waits for it too.
 */
static void stop(struct cell *cell, u32 state)
{
	spin_lock(&cell->power_lock);
	cell->stopping = true;
	spin_unlock(&cell->power_lock);
	park_all(cell);
	quiesce_spis(cell, false);
	give_back(cell);
	set_state(cell, state);
	channel_cell_stopped(cell);
	virtio_cell_reset(cell);
}

s64 cell_stop(u64 id)
{
	struct cell *cell = cell_get(id);

	if (!cell)
		return -ENOENT;
	if (cell->status->state == VHYP_CELL_RUNNING)
		stop(cell, VHYP_CELL_STOPPED);
	else
		give_back(cell);
	hyp_printf("vhyp: cell %llu stopped\n", id);
	return 0;
}

s64 cell_destroy(u64 id)
{
	struct cell *cell = cell_get(id);
	unsigned int slot;

	if (!cell)
		return -ENOENT;
	if (cell->status->state == VHYP_CELL_RUNNING)
		stop(cell, VHYP_CELL_STOPPED);
	give_back(cell);
	channel_cell_destroyed(cell);
	virtio_cell_destroyed(cell);
	quiesce_spis(cell, true);
	root_gicr(cell, true);
	for_each_cell_cpu(cell, slot)
		hyp_cpu_slot(slot)->cell = 0;	/* parked, free: the root's CPU_ON brings it */
	pt_free(&cell->s2);
	cell->cpus = 0;
	set_state(cell, VHYP_CELL_FREE);
	hyp_printf("vhyp: cell %llu destroyed\n", id);
	return 0;
}

s64 cell_input(u64 id, u64 byte)
{
	struct cell *cell = cell_get(id);

	if (!cell || byte > 0xff)
		return cell ? -EINVAL : -ENOENT;
	return vpl011_input(cell, byte) ? 0 : -EAGAIN;	/* its FIFO is full */
}

/*
 * On a CPU of a running cell: the cell stops, with 'state', and this CPU
 * parks.  The stop is recorded first (the first CPU's reason wins), then
 * done under cell_lock, which the root may hold for anything (console
 * input, another cell's calls): this CPU waits for it, unless the holder
 * is stopping this very cell, in which case it has asked this CPU to park
 * (OWN_STOPPING) and waits for that.
 */
static void __noreturn stop_self(struct hyp_regs *regs, u32 state)
{
	struct hyp_cpu *cpu = this_cpu();
	struct cell *cell = cell_of(cpu);
	u32 none = 0;

	__atomic_compare_exchange_n(&cell->stop_req, &none, state, false, __ATOMIC_ACQ_REL,
				    __ATOMIC_ACQUIRE);
	while (!spin_trylock(&cell_lock)) {
		u16 owner = __atomic_load_n(&cell_lock.owner, __ATOMIC_ACQUIRE);

		if (own_get(cpu) == OWN_STOPPING)
			cpu_leave_cell(regs);
		wfe_while_u16(&cell_lock.owner, owner);
	}
	if (cell->status->state == VHYP_CELL_RUNNING) {
		cell->status->cpu = cpu->slot;
		stop(cell, __atomic_load_n(&cell->stop_req, __ATOMIC_ACQUIRE));
	}
	spin_unlock(&cell_lock);
	cpu_leave_cell(regs);
}

void __noreturn cell_fail(struct hyp_regs *regs, const char *reason, u64 esr, u64 far)
{
	struct hyp_cpu *cpu = this_cpu();
	struct cell *cell = cell_of(cpu);
	struct vhyp_status_cell *st = cell->status;

	if (st->state == VHYP_CELL_RUNNING) {
		hyp_snprintf(st->reason, sizeof(st->reason), "%s", reason);
		st->esr = esr;
		st->far = far;
		st->pc = regs->elr;
		hyp_printf("vhyp: cell %u failed on CPU %u: %s (ESR %#llx, FAR %#llx, PC %#llx)\n",
			   cell->id, cpu->slot, reason, esr, far, regs->elr);
	}
	stop_self(regs, VHYP_CELL_FAILED);
}

/* PSCI SYSTEM_OFF or SYSTEM_RESET from inside the cell. */
void __noreturn cell_power(struct hyp_regs *regs, u32 state)
{
	struct cell *cell = cell_of(this_cpu());

	hyp_printf("vhyp: cell %u %s\n", cell->id,
		   state == VHYP_CELL_RESET ? "asked for a reset" : "powered off");
	stop_self(regs, state);
}
