// SPDX-License-Identifier: GPL-2.0
/*
 * Physical interrupts, taken at EL2, handed to whoever owns them through
 * the GICv3 list registers.
 *
 * An SPI or PPI is acknowledged and priority-dropped here (EOImode 1) and
 * injected with the HW bit: when the owner deactivates the virtual
 * interrupt, the GIC deactivates the physical one, so it cannot fire again
 * before the owner is done with it.  SGIs and LPIs have no such link: they
 * are complete here and injected as purely virtual interrupts (an LPI has
 * no active state; its vINTID is the whole 32-bit INTID).  LPIs are always
 * the root's: one that reaches a CPU the root does not run on goes to one
 * it does (lpi.c).
 *
 * More pending than list registers: the rest waits in a per-CPU queue and
 * the underflow maintenance interrupt refills the list registers.  When
 * the queue is nearly full, the physical priority mask holds every other
 * interrupt back at the GIC until the owner has taken some: nothing is
 * acknowledged that there is no room for, nothing is dropped.
 *
 * A CPU that changes hands takes nothing of its interrupts along: the
 * root's are delivered again to the root (virq_drain), a cell's are
 * discarded, and the active priorities are cleared.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "owner.h"
#include "channel.h"
#include "trace.h"

#define SPECIAL_INTID(i)	((i) >= 1020 && (i) < 1024)
#define MAX_IRQS_PER_EXIT	8
/* throttle once this full: one exit's worth of interrupts still fits */
#define QUEUE_HIGH		(VIRQ_QUEUE_LEN - MAX_IRQS_PER_EXIT)
#define QUEUE_LOW		(VIRQ_QUEUE_LEN / 2)

#define LR_CASE(n, c, o) case n: return read_sysreg(S3_4_C12_C##c##_##o)
#define LW_CASE(n, c, o) case n: write_sysreg(v, S3_4_C12_C##c##_##o); break

static u64 read_lr(unsigned int n)
{
	switch (n) {
	LR_CASE(0, 12, 0); LR_CASE(1, 12, 1); LR_CASE(2, 12, 2); LR_CASE(3, 12, 3);
	LR_CASE(4, 12, 4); LR_CASE(5, 12, 5); LR_CASE(6, 12, 6); LR_CASE(7, 12, 7);
	LR_CASE(8, 13, 0); LR_CASE(9, 13, 1); LR_CASE(10, 13, 2); LR_CASE(11, 13, 3);
	LR_CASE(12, 13, 4); LR_CASE(13, 13, 5); LR_CASE(14, 13, 6);
	default: return read_sysreg(S3_4_C12_C13_7);
	}
}

static void write_lr(unsigned int n, u64 v)
{
	switch (n) {
	LW_CASE(0, 12, 0); LW_CASE(1, 12, 1); LW_CASE(2, 12, 2); LW_CASE(3, 12, 3);
	LW_CASE(4, 12, 4); LW_CASE(5, 12, 5); LW_CASE(6, 12, 6); LW_CASE(7, 12, 7);
	LW_CASE(8, 13, 0); LW_CASE(9, 13, 1); LW_CASE(10, 13, 2); LW_CASE(11, 13, 3);
	LW_CASE(12, 13, 4); LW_CASE(13, 13, 5); LW_CASE(14, 13, 6);
	default: write_sysreg(v, S3_4_C12_C13_7); break;
	}
}

/* ICH_AP0Rn_EL2 (CRm 8) and ICH_AP1Rn_EL2 (CRm 9), n = 0..3 */
static u64 read_apr(unsigned int group, unsigned int n)
{
	switch (group << 2 | n) {
	case 0: return read_sysreg(S3_4_C12_C8_0);
	case 1: return read_sysreg(S3_4_C12_C8_1);
	case 2: return read_sysreg(S3_4_C12_C8_2);
	case 3: return read_sysreg(S3_4_C12_C8_3);
	case 4: return read_sysreg(S3_4_C12_C9_0);
	case 5: return read_sysreg(S3_4_C12_C9_1);
	case 6: return read_sysreg(S3_4_C12_C9_2);
	default: return read_sysreg(S3_4_C12_C9_3);
	}
}

static void write_apr(unsigned int group, unsigned int n, u64 v)
{
	switch (group << 2 | n) {
	case 0: write_sysreg(v, S3_4_C12_C8_0); break;
	case 1: write_sysreg(v, S3_4_C12_C8_1); break;
	case 2: write_sysreg(v, S3_4_C12_C8_2); break;
	case 3: write_sysreg(v, S3_4_C12_C8_3); break;
	case 4: write_sysreg(v, S3_4_C12_C9_0); break;
	case 5: write_sysreg(v, S3_4_C12_C9_1); break;
	case 6: write_sysreg(v, S3_4_C12_C9_2); break;
	default: write_sysreg(v, S3_4_C12_C9_3); break;
	}
}

static bool is_lpi(u32 intid)
{
	return intid >= GIC_LPI_BASE;
}

/* A physical SPI or PPI stays active behind its virtual one (the HW link). */
static bool hw_linked(u64 e)
{
	u32 intid = VIRQ_INTID(e);

	return !(e & VIRQ_VIRTUAL) && intid >= 16 && intid < GIC_MAX_INTID;
}

/* A list register for queue entry 'e'. */
static u64 make_lr(u64 e)
{
	u32 intid = VIRQ_INTID(e);
	u64 lr = ICH_LR_VINTID(intid) | ICH_LR_PRIO(VIRQ_PRIO(e)) | ICH_LR_GROUP1 |
		 ICH_LR_PENDING;

	if (e & VIRQ_VIRTUAL)
		lr |= ICH_LR_EOI;		/* its line is looked at again after EOI */
	else if (hw_linked(e))
		lr |= ICH_LR_HW | ICH_LR_PINTID(intid);
	return lr;
}

/* The queue entry a list register holds (for draining and saving). */
static u64 lr_entry(u64 lr)
{
	u64 e = VIRQ((u32)lr, lr >> 48);

	return lr & (ICH_LR_HW | ICH_LR_EOI) ? (lr & ICH_LR_HW ? e : e | VIRQ_VIRTUAL) : e;
}

static unsigned int queue_len(const struct hyp_cpu *cpu)
{
	return cpu->virq_tail - cpu->virq_head;
}

/* The physical priority mask: everything, or only the hypervisor's own. */
static void throttle(struct hyp_cpu *cpu, bool on)
{
	if (cpu->throttled == on)
		return;
	cpu->throttled = on;
	write_sysreg(on ? GIC_PMR_THROTTLE : GIC_PMR_OPEN, ICC_PMR_EL1);
	isb();
}

/* Fill free list registers from the queue; stop asking for refills when empty. */
static void virq_flush(struct hyp_cpu *cpu)
{
	u64 free = read_sysreg(ICH_ELRSR_EL2);
	unsigned int n;

	for (n = 0; n < cpu->nr_lrs && queue_len(cpu); n++) {
		if (!(free & BIT(n)))
			continue;
		write_lr(n, make_lr(cpu->virq_queue[cpu->virq_head++ % VIRQ_QUEUE_LEN]));
	}
	if (!queue_len(cpu))
		write_sysreg(read_sysreg(ICH_HCR_EL2) & ~ICH_HCR_UIE, ICH_HCR_EL2);
	if (queue_len(cpu) < QUEUE_LOW)
		throttle(cpu, false);
}

/* The list register holding INTID 'intid' (pending or active), or -1. */
static int find_lr(struct hyp_cpu *cpu, u32 intid)
{
	u64 free = read_sysreg(ICH_ELRSR_EL2);
	unsigned int n;

	for (n = 0; n < cpu->nr_lrs; n++)
		if (!(free & BIT(n)) && (u32)read_lr(n) == intid)
			return n;
	return -1;
}

static bool queued(struct hyp_cpu *cpu, u32 intid)
{
	unsigned int i;

	for (i = cpu->virq_head; i != cpu->virq_tail; i++)
		if (VIRQ_INTID(cpu->virq_queue[i % VIRQ_QUEUE_LEN]) == intid)
			return true;
	return false;
}

/* Is INTID 'intid' in a list register (pending or active) or queued? */
bool virq_present(struct hyp_cpu *cpu, u32 intid)
{
	return find_lr(cpu, intid) >= 0 || queued(cpu, intid);
}

/* Withdraw a virtual interrupt that is still only pending (a level gone low). */
void virq_withdraw(struct hyp_cpu *cpu, u32 intid)
{
	unsigned int n;

	for (n = 0; n < cpu->nr_lrs; n++) {
		u64 lr = read_lr(n);

		if ((u32)lr == intid && (lr & ICH_LR_STATE) == ICH_LR_PENDING)
			write_lr(n, 0);
	}
}

void virq_inject(struct hyp_cpu *cpu, u64 e)
{
	u32 intid = VIRQ_INTID(e);
	u64 free = read_sysreg(ICH_ELRSR_EL2);
	unsigned int n;

	if (!hw_linked(e)) {
		/* an SGI, LPI or virtual interrupt already pending absorbs a new one */
		int lr = find_lr(cpu, intid);

		if (lr >= 0 && (read_lr(lr) & ICH_LR_PENDING))
			return;
		if (lr >= 0 && !is_lpi(intid)) {
			write_lr(lr, read_lr(lr) | ICH_LR_PENDING);	/* active and pending */
			return;
		}
		if (queued(cpu, intid))
			return;
	}
	if (!queue_len(cpu)) {
		for (n = 0; n < cpu->nr_lrs; n++) {
			if (free & BIT(n)) {
				write_lr(n, make_lr(e));
				return;
			}
		}
	}
	if (queue_len(cpu) == VIRQ_QUEUE_LEN) {
		/* cannot happen: the throttle keeps an exit's worth of room */
		hyp_printf("vhyp: CPU %u: interrupt queue full, INTID %u dropped\n",
			   cpu->slot, intid);
		if (hw_linked(e))
			write_sysreg(intid, ICC_DIR_EL1);
		return;
	}
	cpu->virq_queue[cpu->virq_tail++ % VIRQ_QUEUE_LEN] = e;
	write_sysreg(read_sysreg(ICH_HCR_EL2) | ICH_HCR_UIE, ICH_HCR_EL2);
	if (queue_len(cpu) >= QUEUE_HIGH)
		throttle(cpu, true);
}

/* The maintenance interrupt: list registers to refill, virtual interrupts EOIed. */
static void maintenance(struct hyp_cpu *cpu)
{
	u64 eisr = read_sysreg(ICH_EISR_EL2);
	unsigned int n;

	count_exit(VHYP_EXIT_MAINT);
	for (n = 0; eisr && n < cpu->nr_lrs; n++) {
		if (eisr & BIT(n))
			write_lr(n, 0);
	}
	virq_flush(cpu);
	if (eisr && own_in_cell(cpu))
		vspi_update(cell_of(cpu));
	else if (eisr && root_runs_on(cpu))
		doorbell_root_collect(cpu);	/* the root's doorbell EOIed: the next */
}

/*
 * A physical SPI on this CPU: for whoever runs here if it is theirs.  A
 * root SPI that reaches a CPU the root does not run on (routed there just
 * before the CPU changed hands) goes to the root; a cell's that reaches
 * anyone else is dropped (its cell is not running: start quiesces it).
 */
static bool spi_here(struct hyp_cpu *cpu, u32 intid)
{
	u32 owner = own_in_cell(cpu) ? cpu->cell : 0;

	if (irq_owner[intid] == owner && (owner || root_runs_on(cpu)))
		return true;
	if (!irq_owner[intid])
		gic_spi_redeliver(intid, gic_root_mpidr());
	else
		write_sysreg(intid, ICC_DIR_EL1);
	return false;
}

/* One acknowledged interrupt, priority-dropped already. */
static void dispatch(struct hyp_cpu *cpu, u32 intid)
{
	if (is_lpi(intid)) {			/* the root's, always */
		if (root_runs_on(cpu))
			virq_inject(cpu, VIRQ(intid, GIC_DEFAULT_PRIO));
		else
			lpi_to_root(intid);
		return;
	}
	if (intid < 16) {
		write_sysreg(intid, ICC_DIR_EL1);	/* SGI: done here */
		if (intid == hyp_header.kick_sgi) {
			kick_received(cpu);
			return;
		}
		if (root_runs_on(cpu) || own_in_cell(cpu))
			virq_inject(cpu, VIRQ(intid, cpu->prio[intid]));
		return;
	}
	if (intid == hyp_header.maint_irq) {
		write_sysreg(intid, ICC_DIR_EL1);
		maintenance(cpu);
		return;
	}
	if (intid < GIC_NR_PRIVATE) {
		if (root_runs_on(cpu) || own_in_cell(cpu))
			virq_inject(cpu, VIRQ(intid, cpu->prio[intid]));
		else
			write_sysreg(intid, ICC_DIR_EL1);
		return;
	}
	if (intid < GIC_MAX_INTID && spi_here(cpu, intid))
		virq_inject(cpu, VIRQ(intid, spi_prio[intid]));
	else if (intid >= GIC_MAX_INTID)
		write_sysreg(intid, ICC_DIR_EL1);
}

/* One acknowledged interrupt: priority-dropped here, then handed on. */
static void take_irq(struct hyp_cpu *cpu, u32 intid)
{
	count_exit(VHYP_EXIT_IRQ);
	write_sysreg(intid, ICC_EOIR1_EL1);		/* priority drop only */
	dispatch(cpu, intid);
}

/* Take every pending physical interrupt (up to one exit's worth); the first, or 1023. */
static u32 take_irqs(struct hyp_cpu *cpu)
{
	u32 first = GIC_SPURIOUS;
	unsigned int n;

	for (n = 0; n < MAX_IRQS_PER_EXIT; n++) {
		u32 intid = read_sysreg(ICC_IAR1_EL1) & 0xffffff;

		if (SPECIAL_INTID(intid))
			break;
		if (!n)
			first = intid;
		take_irq(cpu, intid);
	}
	return first;
}

/*
 * An IRQ exit that the fast path (irq_fast.S) did not finish: 'acked' is
 * the INTID it acknowledged and left to us, or GIC_SPURIOUS for none.
 */
void hyp_irq(struct hyp_regs *regs, u32 acked)
{
	struct hyp_cpu *cpu = this_cpu();
	struct vhyp_trace_event *ev = trace_exit(cpu, VHYP_TRACE_IRQ, acked, 0);
	u32 first;

	cpu->regs = regs;
	serror_check(cpu);
	if (!SPECIAL_INTID(acked))
		take_irq(cpu, acked);
	first = take_irqs(cpu);
	if (ev && SPECIAL_INTID(acked))
		ev->info = first;
	hyp_check_panicked(regs);
	if (own_in_cell(cpu))
		cpu_check_stop(regs);
	if (ev)
		trace_leave(cpu, ev);
}

/* A CPU waiting at EL2 (parked): what arrived for others goes to them. */
void virq_poll(struct hyp_cpu *cpu)
{
	if (read_sysreg(isr_el1) & ISR_I)
		take_irqs(cpu);
}

/* Group 0 is nobody's: complete it and say so once. */
void hyp_fiq(struct hyp_regs *regs)
{
	static bool said;
	u32 intid = read_sysreg(ICC_IAR0_EL1) & 0xffffff;

	(void)regs;
	count_exit(VHYP_EXIT_OTHER);
	if (SPECIAL_INTID(intid))
		return;
	write_sysreg(intid, ICC_EOIR0_EL1);
	write_sysreg(intid, ICC_DIR_EL1);
	if (!said) {
		said = true;
		hyp_printf("vhyp: group 0 interrupt %u ignored\n", intid);
	}
}

/* No active priority of a previous owner may stay: it would mask the next one's. */
static void clear_aprs(struct hyp_cpu *cpu)
{
	unsigned int n;

	for (n = 0; n < cpu->nr_aprs; n++) {
		write_apr(0, n, 0);
		write_apr(1, n, 0);
	}
}

void virq_init_cpu(struct hyp_cpu *cpu)
{
	u64 pmr = read_sysreg(ICC_PMR_EL1) & 0xff;
	u64 bpr1 = read_sysreg(ICC_BPR1_EL1) & 7;
	u64 ctlr = read_sysreg(ICC_CTLR_EL1);
	u64 grpen1 = read_sysreg(ICC_IGRPEN1_EL1) & 1;
	u64 vtr = read_sysreg(ICH_VTR_EL2);
	unsigned int n;

	cpu->nr_lrs = ICH_VTR_LISTREGS(vtr);
	if (cpu->nr_lrs > GIC_MAX_LRS)
		cpu->nr_lrs = GIC_MAX_LRS;
	cpu->nr_aprs = 1U << (ICH_VTR_PREBITS(vtr) - 5);
	hyp_status()->gic_lrs = cpu->nr_lrs;
	if (!cpu->resuming)	/* a resume keeps its queue: virq_restore() */
		cpu->virq_head = cpu->virq_tail = 0;
	cpu->throttled = false;
	for (n = 0; n < cpu->nr_lrs; n++)
		write_lr(n, 0);
	clear_aprs(cpu);
	/* the owner goes on with the CPU interface as it had configured it */
	write_sysreg(pmr << ICH_VMCR_PMR_SHIFT | bpr1 << ICH_VMCR_BPR1_SHIFT |
		     (ctlr & ICC_CTLR_EOIMODE ? ICH_VMCR_EOIM : 0) |
		     (grpen1 ? ICH_VMCR_ENG1 : 0), ICH_VMCR_EL2);
	/* while the physical one is the hypervisor's */
	write_sysreg(GIC_PMR_OPEN, ICC_PMR_EL1);
	write_sysreg(ctlr | ICC_CTLR_EOIMODE, ICC_CTLR_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	write_sysreg(ICH_HCR_EN, ICH_HCR_EL2);
	isb();
}

/*
 * A virtual interrupt the root had on this CPU, given back to it
 * elsewhere (or, leaving the hypervisor, to this CPU's physical
 * interface): an edge SPI or PPI is made pending again at the GIC before
 * its physical side is deactivated, a level one simply fires again, an
 * LPI goes to another root CPU, an SGI is sent again to this CPU.
 */
static void give_back(struct hyp_cpu *cpu, u64 e, bool pending, bool leaving)
{
	u32 intid = VIRQ_INTID(e);

	if ((e & VIRQ_VIRTUAL) && !leaving && doorbell_root_drained(cpu, intid))
		return;
	if (hw_linked(e)) {
		if (pending)
			gic_repend_edge(cpu, intid);
		write_sysreg(intid, ICC_DIR_EL1);
	} else if (!pending || (e & VIRQ_VIRTUAL)) {
		return;
	} else if (is_lpi(intid)) {
		if (!leaving)		/* (the disable call waits for none to be left) */
			lpi_to_root(intid);
	} else if (intid < 16 && leaving) {
		gic_send_sgi(cpu->mpidr, intid);
	}
}

/*
 * Empty the list registers and the queue as the CPU leaves its owner.
 * DRAIN_DISCARD (a cell's): physical interrupts behind them are
 * deactivated, the rest forgotten.  DRAIN_ROOT (the CPU goes to a cell or
 * to firmware): the root's interrupts are given back to it on its other
 * CPUs.  DRAIN_LEAVE (vhyp leaves the CPU): to this CPU's own physical
 * interface.
 */
void virq_drain(struct hyp_cpu *cpu, enum drain how)
{
	unsigned int n;

	for (n = 0; n < cpu->nr_lrs; n++) {
		u64 lr = read_lr(n);

		if (!(lr & ICH_LR_STATE))
			continue;
		write_lr(n, 0);
		if (how == DRAIN_DISCARD) {
			if (lr & ICH_LR_HW)
				write_sysreg((lr >> 32) & 0x3ff, ICC_DIR_EL1);
			continue;
		}
		give_back(cpu, lr_entry(lr), lr & ICH_LR_PENDING, how == DRAIN_LEAVE);
	}
	while (queue_len(cpu)) {
		u64 e = cpu->virq_queue[cpu->virq_head++ % VIRQ_QUEUE_LEN];

		if (how != DRAIN_DISCARD)
			give_back(cpu, e, true, how == DRAIN_LEAVE);
		else if (hw_linked(e))
			write_sysreg(VIRQ_INTID(e), ICC_DIR_EL1);
	}
	clear_aprs(cpu);
	write_sysreg(read_sysreg(ICH_HCR_EL2) & ~ICH_HCR_UIE, ICH_HCR_EL2);
	throttle(cpu, false);
	isb();
}

/* Are there LPIs only the root on this very CPU could take now? */
bool virq_lpis_pending(struct hyp_cpu *cpu)
{
	unsigned int n, i;

	for (n = 0; n < cpu->nr_lrs; n++)
		if (is_lpi((u32)read_lr(n)) && (read_lr(n) & ICH_LR_PENDING))
			return true;
	for (i = cpu->virq_head; i != cpu->virq_tail; i++)
		if (is_lpi(VIRQ_INTID(cpu->virq_queue[i % VIRQ_QUEUE_LEN])))
			return true;
	return false;
}

/* The virtual interface, kept in 's' while the CPU is powered down. */
void virq_save(struct hyp_cpu *cpu, struct vgic_state *s)
{
	unsigned int n;

	for (n = 0; n < cpu->nr_lrs; n++)
		s->lr[n] = read_lr(n);
	for (n = 0; n < cpu->nr_aprs; n++) {
		s->ap0r[n] = read_apr(0, n);
		s->ap1r[n] = read_apr(1, n);
	}
	s->vmcr = read_sysreg(ICH_VMCR_EL2);
	s->hcr = read_sysreg(ICH_HCR_EL2);
}

/* ... and put back when it resumes, after virq_init_cpu(). */
void virq_restore(struct hyp_cpu *cpu, const struct vgic_state *s)
{
	unsigned int n;

	for (n = 0; n < cpu->nr_lrs; n++)
		write_lr(n, s->lr[n]);
	for (n = 0; n < cpu->nr_aprs; n++) {
		write_apr(0, n, s->ap0r[n]);
		write_apr(1, n, s->ap1r[n]);
	}
	write_sysreg(s->vmcr, ICH_VMCR_EL2);
	write_sysreg(s->hcr, ICH_HCR_EL2);
	if (queue_len(cpu) >= QUEUE_HIGH)
		throttle(cpu, true);
	isb();
}

/* Is anything pending for the owner here (what would wake it from WFI)? */
bool virq_wakeup_pending(struct hyp_cpu *cpu)
{
	unsigned int n;

	if (queue_len(cpu))
		return true;
	for (n = 0; n < cpu->nr_lrs; n++)
		if (read_lr(n) & ICH_LR_PENDING)
			return true;
	return false;
}

/* Give the physical CPU interface back, configured as the owner had its virtual one. */
void virq_exit_cpu(struct hyp_cpu *cpu)
{
	u64 vmcr = read_sysreg(ICH_VMCR_EL2);
	u64 ctlr = read_sysreg(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE;

	virq_drain(cpu, DRAIN_LEAVE);
	write_sysreg(0, ICH_HCR_EL2);
	write_sysreg((vmcr >> ICH_VMCR_PMR_SHIFT) & 0xff, ICC_PMR_EL1);
	write_sysreg((vmcr >> ICH_VMCR_BPR1_SHIFT) & 7, ICC_BPR1_EL1);
	write_sysreg(ctlr | (vmcr & ICH_VMCR_EOIM ? ICC_CTLR_EOIMODE : 0), ICC_CTLR_EL1);
	write_sysreg(!!(vmcr & ICH_VMCR_ENG1), ICC_IGRPEN1_EL1);
	isb();
}
