// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection, for tests of the unwinding: every fallible step of
 * enable and of cell create, load and start asks vhyp_should_fail() first.
 * Writing N to /sys/kernel/debug/vhyp/fail_nth fails the Nth such step
 * from then on, once.  Reading it back gives the steps still to go: 0
 * once the fault fired (or while unarmed), more if the operations did
 * not get that far.  fail_last names the last step failed this way.
 *
 * Always built, inert until armed: one atomic read per step.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include "vhyp.h"

static atomic_t fail_nth = ATOMIC_INIT(0);
static const char *fail_last = "none";

bool vhyp_should_fail(const char *where)
{
	if (likely(!atomic_read(&fail_nth)))
		return false;
	/* only the caller that takes it from 1 to 0 fails, however many race */
	if (atomic_dec_if_positive(&fail_nth) != 0)
		return false;
	WRITE_ONCE(fail_last, where);
	pr_info("vhyp: fault injection: failing %s\n", where);
	return true;
}

static int fail_last_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", READ_ONCE(fail_last));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fail_last);

/* In debugfs.c's directory: without debugfs, vhyp works the same, unarmed. */
void vhyp_fault_inject_init(struct dentry *dir)
{
	debugfs_create_atomic_t("fail_nth", 0600, dir, &fail_nth);
	debugfs_create_file("fail_last", 0400, dir, NULL, &fail_last_fops);
}
