// SPDX-License-Identifier: GPL-2.0
/*
 * The physical GICv3 as the hypervisor drives it: the distributor, each
 * CPU's redistributor (found by its affinity, gic_layout.c), who owns each
 * SPI, and the reset of a CPU's private interrupts whenever the CPU changes
 * hands, so that nothing pending or active goes with it.
 *
 * The root owns every SPI no cell owns.  A cell's SPIs are disabled,
 * cleared and routed to the root again when they change hands.  The
 * hypervisor keeps two private interrupts for itself on every CPU, at a
 * priority above any owner's: its kick SGI (one of 8..15 that is
 * non-secure group 1 here, chosen by the driver) and the maintenance PPI.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "owner.h"

#define GICR_IGRPMODR0		0x0d00

u8 irq_owner[GIC_MAX_INTID];
u8 spi_prio[GIC_MAX_INTID];
u32 gic_nr_irqs;

static void gicd_wait_rwp(void)
{
	while (mmio_read32(gicd_base() + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

static void gicr_wait_rwp(u64 rd)
{
	while (mmio_read32(rd + GICR_CTLR) & GICR_CTLR_RWP)
		;
}

/* Once: how many interrupts there are, and the priorities Linux gave them. */
void gic_setup(void)
{
	u32 typer = mmio_read32(gicd_base() + GICD_TYPER);
	unsigned int i;

	gic_nr_irqs = 32 * ((typer & 0x1f) + 1);
	if (gic_nr_irqs > GIC_MAX_INTID)
		gic_nr_irqs = GIC_MAX_INTID;
	hyp_status()->gic_irqs = gic_nr_irqs;
	for (i = GIC_NR_PRIVATE; i < gic_nr_irqs; i++)
		spi_prio[i] = mmio_read8(gicd_base() + GICD_IPRIORITYR + i);
}

static u64 read_typer(void *arg, u64 frame)
{
	(void)arg;
	return mmio_read64(frame + GICR_TYPER);
}

/* The hypervisor's own private interrupts: its kick SGI and the maintenance PPI. */
u32 gic_hyp_private(void)
{
	return BIT(hyp_header.kick_sgi) | BIT(hyp_header.maint_irq);
}

/* The priority an owner's value becomes at the GIC: never above the hypervisor's. */
u8 gic_phys_prio(u8 prio)
{
	return prio < GIC_PRIO_FLOOR ? GIC_PRIO_FLOOR : prio;
}

/* Ours on, at our priority, whatever Linux's GIC driver did to them at boot. */
static void enable_hyp_private(struct hyp_cpu *cpu)
{
	u64 sgi = cpu->gicr + GICR_SGI_BASE;

	mmio_write8(sgi + GICD_IPRIORITYR + hyp_header.kick_sgi, GIC_HYP_PRIO);
	mmio_write8(sgi + GICD_IPRIORITYR + hyp_header.maint_irq, GIC_HYP_PRIO);
	mmio_write32(sgi + GICD_ISENABLER, gic_hyp_private());
}

/*
 * This CPU's redistributor: the frame whose affinity is its MPIDR's.
 * The kick SGI must be non-secure group 1 on it: the driver chose one that
 * is on the CPUs it saw, firmware may have made another choice here.  With
 * two security states (GICD_CTLR.DS 0) a secure interrupt's enable bit is
 * RAZ/WI to us: the SGI is ours if the enable sticks; with one, its group
 * registers say.  Returns 0, -ENODEV (no frame) or -1 (the SGI is the
 * secure world's, or group 0).
 *
 * 'fresh': the CPU comes straight from firmware (PSCI CPU_ON of a CPU the
 * root never had while vhyp was enabled, or a power-down resume), before
 * Linux's GIC driver ran on it.  With one security state nothing but
 * Linux sets its SGIs' and PPIs' groups, and it makes all of them non-
 * secure group 1: ours are made so now, as Linux would.  With two, the
 * firmware set them up at CPU_ON (the group registers are not ours).
 */
int gic_init_cpu(struct hyp_cpu *cpu, bool fresh)
{
	struct gicr_layout l = { .nr = hyp_header.nr_gicr, .stride = hyp_header.gicr_stride };
	struct gicr_region regions[VHYP_MAX_GICR_REGIONS];
	u32 kick = BIT(hyp_header.kick_sgi);
	unsigned int i;
	bool ds;
	u64 sgi;

	for (i = 0; i < l.nr; i++)
		regions[i] = (struct gicr_region){ hyp_header.gicr_base[i],
						   hyp_header.gicr_size[i] };
	l.regions = regions;
	cpu->gicr = gicr_find(&l, cpu->mpidr, read_typer, NULL, &cpu->gicr_size);
	if (!cpu->gicr)
		return -19;
	sgi = cpu->gicr + GICR_SGI_BASE;
	ds = mmio_read32(gicd_base() + GICD_CTLR) & GICD_CTLR_DS;
	for (i = 0; i < GIC_NR_PRIVATE; i++)
		cpu->prio[i] = mmio_read8(sgi + GICD_IPRIORITYR + i);
	if (ds && fresh) {
		u32 ours = gic_hyp_private();

		mmio_write32(sgi + GICD_IGROUPR, mmio_read32(sgi + GICD_IGROUPR) | ours);
		mmio_write32(sgi + GICR_IGRPMODR0, mmio_read32(sgi + GICR_IGRPMODR0) & ~ours);
	}
	enable_hyp_private(cpu);
	gicr_wait_rwp(cpu->gicr);
	if (!(mmio_read32(sgi + GICD_ISENABLER) & kick))
		return -1;
	if (ds && (!(mmio_read32(sgi + GICD_IGROUPR) & kick) ||
		   (mmio_read32(sgi + GICR_IGRPMODR0) & kick)))
		return -1;
	return 0;
}

/* Leaving: the kick SGI off and forgotten, or Linux would take one it never asked for. */
void gic_exit_cpu(struct hyp_cpu *cpu)
{
	u64 sgi = cpu->gicr + GICR_SGI_BASE;
	u32 kick = BIT(hyp_header.kick_sgi);

	if (!cpu->gicr)
		return;
	mmio_write32(sgi + GICD_ICENABLER, kick);
	gicr_wait_rwp(cpu->gicr);
	mmio_write32(sgi + GICD_ICPENDR, kick);
}

/*
 * This CPU's SGIs and PPIs, as a CPU changing hands needs them: all off,
 * nothing pending or active, default priorities; only the hypervisor's own
 * two stay on.
 */
void gic_reset_private(struct hyp_cpu *cpu)
{
	u64 sgi = cpu->gicr + GICR_SGI_BASE;
	u32 ours = gic_hyp_private();
	unsigned int i;

	mmio_write32(sgi + GICD_ICENABLER, ~ours);
	gicr_wait_rwp(cpu->gicr);
	mmio_write32(sgi + GICD_ICPENDR, ~ours);
	mmio_write32(sgi + GICD_ICACTIVER, ~ours);
	for (i = 0; i < GIC_NR_PRIVATE; i++) {
		cpu->prio[i] = GIC_DEFAULT_PRIO;
		if (!(ours & BIT(i)))
			mmio_write8(sgi + GICD_IPRIORITYR + i, GIC_DEFAULT_PRIO);
	}
	enable_hyp_private(cpu);
}

void gic_send_sgi(u64 mpidr, u32 intid)
{
	/* what was written for the target (a kick's flags, a doorbell's data) is seen first */
	dsb(ishst);
	write_sysreg(gic_sgir(mpidr, intid), ICC_SGI1R_EL1);
	isb();
}

void gic_spi_route(u32 intid, u64 mpidr)
{
	mmio_write64(gicd_base() + GICD_IROUTER + 8 * intid, mpidr & MPIDR_AFF_MASK);
}

/* An SPI changing hands: off, not pending, not active, routed to 'route_mpidr'. */
void gic_spi_quiesce(u32 intid, u64 route_mpidr)
{
	u64 d = gicd_base();
	u32 bit = BIT(intid % 32), reg = 4 * (intid / 32);

	mmio_write32(d + GICD_ICENABLER + reg, bit);
	gicd_wait_rwp();
	mmio_write32(d + GICD_ICPENDR + reg, bit);
	mmio_write32(d + GICD_ICACTIVER + reg, bit);
	mmio_write8(d + GICD_IPRIORITYR + intid, GIC_DEFAULT_PRIO);
	spi_prio[intid] = GIC_DEFAULT_PRIO;
	gic_spi_route(intid, route_mpidr);
}

/*
 * An interrupt acknowledged here that its owner must get again elsewhere:
 * an edge one is made pending again (its pending state was taken by the
 * acknowledge), a level one fires again by itself once deactivated.
 */
void gic_repend_edge(struct hyp_cpu *cpu, u32 intid)
{
	u64 base = intid < GIC_NR_PRIVATE ? cpu->gicr + GICR_SGI_BASE : gicd_base();
	u32 cfg = mmio_read32(base + GICD_ICFGR + 4 * (intid / 16));

	if (cfg & BIT(2 * (intid % 16) + 1))
		mmio_write32(base + GICD_ISPENDR + 4 * (intid / 32), BIT(intid % 32));
}

/* A root SPI that reached a CPU the root does not run on: to one it does. */
void gic_spi_redeliver(u32 intid, u64 route_mpidr)
{
	gic_spi_route(intid, route_mpidr);
	gic_repend_edge(this_cpu(), intid);
	write_sysreg(intid, ICC_DIR_EL1);
}

/* Does [pa, pa + size) touch the GIC's registers? */
bool gic_is_gic_range(u64 pa, u64 size)
{
	unsigned int r;

	if (pa < gicd_base() + GICD_SIZE && gicd_base() < pa + size)
		return true;
	for (r = 0; r < hyp_header.nr_gicr; r++)
		if (pa < hyp_header.gicr_base[r] + hyp_header.gicr_size[r] &&
		    hyp_header.gicr_base[r] < pa + size)
			return true;
	return false;
}

/* The CPU whose redistributor frame holds 'pa', or NULL. */
struct hyp_cpu *gic_cpu_of_frame(u64 pa)
{
	unsigned int slot;

	for (slot = 0; slot < hyp_header.ncpus; slot++) {
		struct hyp_cpu *c = hyp_cpu_slot(slot);

		if (c->gicr && pa >= c->gicr && pa - c->gicr < c->gicr_size)
			return c;
	}
	return NULL;
}

/* Is the root running on 'c' now (not off in firmware)? */
static bool root_live(struct hyp_cpu *c)
{
	return root_runs_on(c) && c->status &&
	       __atomic_load_n(&c->status->state, __ATOMIC_ACQUIRE) == VHYP_CPU_STATE_HYP;
}

/* A CPU the root runs on other than 'not' (which leaves it), or 0 and false. */
bool gic_root_mpidr_except(struct hyp_cpu *not, u64 *mpidr)
{
	unsigned int slot;

	for (slot = 0; slot < hyp_header.ncpus; slot++) {
		struct hyp_cpu *c = hyp_cpu_slot(slot);

		if (c != not && root_live(c)) {
			*mpidr = c->mpidr;
			return true;
		}
	}
	*mpidr = 0;
	return false;
}

/* A CPU the root runs on: this one if it is, else the first. */
u64 gic_root_mpidr(void)
{
	struct hyp_cpu *cpu = this_cpu();
	unsigned int slot;

	if (root_live(cpu))
		return cpu->mpidr;
	for (slot = 0; slot < hyp_header.ncpus; slot++)
		if (root_live(hyp_cpu_slot(slot)))
			return hyp_cpu_slot(slot)->mpidr;
	return cpu->mpidr;
}
