// SPDX-License-Identifier: GPL-2.0
/*
 * Physical interrupts, taken at EL2, handed to the cell that owns them
 * through the GICv3 list registers.
 *
 * An SPI or PPI is acknowledged and priority-dropped here (EOImode 1) and
 * injected with the HW bit: when the cell deactivates the virtual
 * interrupt, the GIC deactivates the physical one, so it cannot fire again
 * before the cell is done with it.  SGIs and LPIs have no such link: they
 * are completed here and injected as purely virtual interrupts.
 *
 * More pending than list registers: the rest waits in a per-CPU queue and
 * the underflow maintenance interrupt refills the list registers.
 *
 * An SPI goes to the cell that owns it (gic.c), SGIs and PPIs to whoever
 * runs on the CPU.  A purely virtual interrupt (a cell's emulated UART)
 * asks for a maintenance interrupt when it is EOIed, so that its level is
 * looked at again.  Priorities are the ones the owner programmed.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"

#define SPECIAL_INTID(i)	((i) >= 1020 && (i) < 1024)
#define MAX_IRQS_PER_EXIT	8

static u64 read_lr(unsigned int n)
{
	switch (n) {
	case 0: return read_sysreg(S3_4_C12_C12_0);
	case 1: return read_sysreg(S3_4_C12_C12_1);
	case 2: return read_sysreg(S3_4_C12_C12_2);
	case 3: return read_sysreg(S3_4_C12_C12_3);
	case 4: return read_sysreg(S3_4_C12_C12_4);
	case 5: return read_sysreg(S3_4_C12_C12_5);
	case 6: return read_sysreg(S3_4_C12_C12_6);
	case 7: return read_sysreg(S3_4_C12_C12_7);
	case 8: return read_sysreg(S3_4_C12_C13_0);
	case 9: return read_sysreg(S3_4_C12_C13_1);
	case 10: return read_sysreg(S3_4_C12_C13_2);
	case 11: return read_sysreg(S3_4_C12_C13_3);
	case 12: return read_sysreg(S3_4_C12_C13_4);
	case 13: return read_sysreg(S3_4_C12_C13_5);
	case 14: return read_sysreg(S3_4_C12_C13_6);
	default: return read_sysreg(S3_4_C12_C13_7);
	}
}

static void write_lr(unsigned int n, u64 v)
{
	switch (n) {
	case 0: write_sysreg(v, S3_4_C12_C12_0); break;
	case 1: write_sysreg(v, S3_4_C12_C12_1); break;
	case 2: write_sysreg(v, S3_4_C12_C12_2); break;
	case 3: write_sysreg(v, S3_4_C12_C12_3); break;
	case 4: write_sysreg(v, S3_4_C12_C12_4); break;
	case 5: write_sysreg(v, S3_4_C12_C12_5); break;
	case 6: write_sysreg(v, S3_4_C12_C12_6); break;
	case 7: write_sysreg(v, S3_4_C12_C12_7); break;
	case 8: write_sysreg(v, S3_4_C12_C13_0); break;
	case 9: write_sysreg(v, S3_4_C12_C13_1); break;
	case 10: write_sysreg(v, S3_4_C12_C13_2); break;
	case 11: write_sysreg(v, S3_4_C12_C13_3); break;
	case 12: write_sysreg(v, S3_4_C12_C13_4); break;
	case 13: write_sysreg(v, S3_4_C12_C13_5); break;
	case 14: write_sysreg(v, S3_4_C12_C13_6); break;
	default: write_sysreg(v, S3_4_C12_C13_7); break;
	}
}

/* A list register for queue entry 'e'; a physical SPI or PPI is HW-linked. */
static u64 make_lr(u32 e)
{
	u32 intid = VIRQ_INTID(e);
	u64 lr = ICH_LR_VINTID(intid) | ICH_LR_PRIO(VIRQ_PRIO(e)) | ICH_LR_GROUP1 |
		 ICH_LR_PENDING;

	if (e & VIRQ_VIRTUAL)
		lr |= ICH_LR_EOI;		/* its line is looked at again after EOI */
	else if (intid >= 16)
		lr |= ICH_LR_HW | ICH_LR_PINTID(intid);
	return lr;
}

static unsigned int queue_len(const struct hyp_cpu *cpu)
{
	return cpu->virq_tail - cpu->virq_head;
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

void virq_inject(struct hyp_cpu *cpu, u32 e)
{
	u32 intid = VIRQ_INTID(e);
	u64 free = read_sysreg(ICH_ELRSR_EL2);
	unsigned int n;

	if (intid < 16 || (e & VIRQ_VIRTUAL)) {
		/* an SGI or virtual interrupt already waiting absorbs a new one */
		int lr = find_lr(cpu, intid);

		if (lr >= 0) {
			write_lr(lr, read_lr(lr) | ICH_LR_PENDING);
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
		/* cannot happen with sane sources; a level interrupt fires again */
		if (intid >= 16 && !(e & VIRQ_VIRTUAL))
			write_sysreg(intid, ICC_DIR_EL1);
		hyp_printf("vhyp: CPU %u: interrupt queue full, INTID %u dropped\n",
			   cpu->slot, intid);
		return;
	}
	cpu->virq_queue[cpu->virq_tail++ % VIRQ_QUEUE_LEN] = e;
	write_sysreg(read_sysreg(ICH_HCR_EL2) | ICH_HCR_UIE, ICH_HCR_EL2);
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
	if (eisr && cpu->in_cell)
		vspi_update(cell_of(cpu));
}

/*
 * A physical SPI or PPI on this CPU: for whoever runs here if it is
 * theirs.  A root SPI that reaches a cell's CPU (routed there just before
 * the CPU changed hands) goes back to the root; a cell's that reaches the
 * root is dropped: its cell is not running.
 */
static bool owned_here(struct hyp_cpu *cpu, u32 intid)
{
	u32 owner = cpu->in_cell ? cpu->cell : 0;

	if (intid < GIC_NR_PRIVATE || intid >= GIC_MAX_INTID || irq_owner[intid] == owner)
		return true;
	write_sysreg(intid, ICC_DIR_EL1);
	if (!irq_owner[intid])
		gic_spi_route(intid, gic_root_mpidr());
	return false;
}

void hyp_irq(struct hyp_regs *regs)
{
	struct hyp_cpu *cpu = this_cpu();
	unsigned int n;

	cpu->regs = regs;
	for (n = 0; n < MAX_IRQS_PER_EXIT; n++) {
		u32 intid = read_sysreg(ICC_IAR1_EL1) & 0xffffff;

		if (SPECIAL_INTID(intid))
			break;
		count_exit(VHYP_EXIT_IRQ);
		write_sysreg(intid, ICC_EOIR1_EL1);		/* priority drop only */
		if (intid < 16) {
			write_sysreg(intid, ICC_DIR_EL1);	/* SGI: done here */
			if (intid == KICK_SGI) {		/* the command is in cpu->cmd */
				if (__atomic_exchange_n(&cpu->vspi_check, false, __ATOMIC_ACQ_REL) &&
				    cpu->in_cell)
					vspi_update(cell_of(cpu));
				continue;
			}
			virq_inject(cpu, VIRQ(intid, cpu->prio[intid]));
			continue;
		}
		if (intid == hyp_header.maint_irq) {
			write_sysreg(intid, ICC_DIR_EL1);
			maintenance(cpu);
			continue;
		}
		if (intid < GIC_NR_PRIVATE)
			virq_inject(cpu, VIRQ(intid, cpu->prio[intid]));
		else if (owned_here(cpu, intid))
			virq_inject(cpu, VIRQ(intid, spi_prio[intid]));
	}
	hyp_check_panicked(regs);
	if (cpu->in_cell)
		cpu_check_cmd(regs);
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

void virq_init_cpu(struct hyp_cpu *cpu)
{
	u64 pmr = read_sysreg(ICC_PMR_EL1) & 0xff;
	u64 bpr1 = read_sysreg(ICC_BPR1_EL1) & 7;
	u64 ctlr = read_sysreg(ICC_CTLR_EL1);
	u64 grpen1 = read_sysreg(ICC_IGRPEN1_EL1) & 1;
	unsigned int n;

	if (gic_init_cpu(cpu))
		hyp_printf("vhyp: CPU %u: no redistributor has its affinity %#llx\n", cpu->slot,
			   cpu->mpidr);
	cpu->nr_lrs = ICH_VTR_LISTREGS(read_sysreg(ICH_VTR_EL2));
	hyp_status()->gic_lrs = cpu->nr_lrs;
	cpu->virq_head = cpu->virq_tail = 0;
	for (n = 0; n < cpu->nr_lrs; n++)
		write_lr(n, 0);
	write_sysreg(0, ICH_AP1R0_EL2);
	/* the cell goes on with the CPU interface as it had configured it */
	write_sysreg(pmr << ICH_VMCR_PMR_SHIFT | bpr1 << ICH_VMCR_BPR1_SHIFT |
		     (ctlr & ICC_CTLR_EOIMODE ? ICH_VMCR_EOIM : 0) |
		     (grpen1 ? ICH_VMCR_ENG1 : 0), ICH_VMCR_EL2);
	/* while the physical one is the hypervisor's */
	write_sysreg(0xff, ICC_PMR_EL1);
	write_sysreg(ctlr | ICC_CTLR_EOIMODE, ICC_CTLR_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	write_sysreg(ICH_HCR_EN, ICH_HCR_EL2);
	isb();
}

/*
 * Empty the list registers and the queue.  A physical interrupt behind one
 * is deactivated (a level one fires again, to whoever handles it next);
 * pending SGIs are sent again physically when 'resend_sgis'.
 */
void virq_drain(struct hyp_cpu *cpu, bool resend_sgis)
{
	unsigned int n;

	for (n = 0; n < cpu->nr_lrs; n++) {
		u64 lr = read_lr(n);

		if (!(lr & ICH_LR_STATE))
			continue;
		write_lr(n, 0);
		if (lr & ICH_LR_HW)
			write_sysreg((lr >> 32) & 0x3ff, ICC_DIR_EL1);
		else if ((u32)lr < 16 && (lr & ICH_LR_PENDING) && resend_sgis)
			gic_send_sgi(cpu->mpidr, (u32)lr);
	}
	while (queue_len(cpu)) {
		u32 e = cpu->virq_queue[cpu->virq_head++ % VIRQ_QUEUE_LEN];

		if (VIRQ_INTID(e) >= 16 && !(e & VIRQ_VIRTUAL))
			write_sysreg(VIRQ_INTID(e), ICC_DIR_EL1);
		else if (VIRQ_INTID(e) < 16 && resend_sgis)
			gic_send_sgi(cpu->mpidr, VIRQ_INTID(e));
	}
	write_sysreg(read_sysreg(ICH_HCR_EL2) & ~ICH_HCR_UIE, ICH_HCR_EL2);
	isb();
}

/* Give the physical CPU interface back, configured as the cell had its virtual one. */
void virq_exit_cpu(struct hyp_cpu *cpu)
{
	u64 vmcr = read_sysreg(ICH_VMCR_EL2);
	u64 ctlr = read_sysreg(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE;

	virq_drain(cpu, true);
	write_sysreg(0, ICH_HCR_EL2);
	write_sysreg((vmcr >> ICH_VMCR_PMR_SHIFT) & 0xff, ICC_PMR_EL1);
	write_sysreg((vmcr >> ICH_VMCR_BPR1_SHIFT) & 7, ICC_BPR1_EL1);
	write_sysreg(ctlr | (vmcr & ICH_VMCR_EOIM ? ICC_CTLR_EOIMODE : 0), ICC_CTLR_EL1);
	write_sysreg(!!(vmcr & ICH_VMCR_ENG1), ICC_IGRPEN1_EL1);
	isb();
}
