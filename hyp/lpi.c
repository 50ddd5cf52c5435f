// SPDX-License-Identifier: GPL-2.0
/*
 * The root's LPIs (MSIs through the GIC ITS) where the root does not run.
 *
 * The ITS is the root's: its collections name the root's CPUs, and Linux
 * moves them (MOVI) before it takes a CPU offline.  An LPI can still
 * reach a CPU that changed hands meanwhile, or sit pending in the list
 * registers of a CPU that leaves the root.  An LPI cannot be made pending
 * again at the GIC without knowing its device and event, so it is handed
 * to a CPU the root runs on through this mailbox, and injected there when
 * that CPU takes the kick SGI.  Linux handles an MSI on any of its CPUs.
 * Nothing of it ever reaches a cell.
 */
#include "hyp.h"
#include "cell.h"
#include "gic.h"
#include "owner.h"

#define MAILBOX_LEN	256

static spinlock_t mailbox_lock;
static u32 mailbox[MAILBOX_LEN];
static unsigned int mailbox_len;

/* LPI 'intid' is the root's: have a CPU it runs on take it. */
void lpi_to_root(u32 intid)
{
	bool have = false, lost;
	unsigned int i;

	spin_lock(&mailbox_lock);
	for (i = 0; i < mailbox_len && !have; i++)
		have = mailbox[i] == intid;	/* one pending LPI is one interrupt */
	lost = !have && mailbox_len == MAILBOX_LEN;
	if (!have && !lost)
		mailbox[mailbox_len++] = intid;
	spin_unlock(&mailbox_lock);
	if (lost)	/* a bound no device reaches: each holds few vectors pending */
		hyp_printf("vhyp: %u LPIs for the root pending at once: LPI %u lost\n",
			   MAILBOX_LEN, intid);
	gic_send_sgi(gic_root_mpidr(), hyp_header.kick_sgi);
}

/* On a CPU the root runs on, at a kick: inject what the mailbox holds. */
void lpi_collect(struct hyp_cpu *cpu)
{
	u32 take[MAILBOX_LEN];
	unsigned int i, n;

	if (!__atomic_load_n(&mailbox_len, __ATOMIC_RELAXED))
		return;
	spin_lock(&mailbox_lock);
	n = mailbox_len;
	for (i = 0; i < n; i++)
		take[i] = mailbox[i];
	mailbox_len = 0;
	spin_unlock(&mailbox_lock);
	for (i = 0; i < n; i++)
		virq_inject(cpu, VIRQ(take[i], GIC_DEFAULT_PRIO));
}
