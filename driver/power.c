// SPDX-License-Identifier: GPL-2.0
/*
 * The machine going down or to sleep while vhyp is enabled.
 *
 * Restart, halt and power-off run the reboot notifiers first
 * (kernel_restart_prepare(), kernel_shutdown_prepare()), and so does
 * kexec (kernel_kexec() calls kernel_restart_prepare("kexec reboot")),
 * in 6.1 as in 6.12: in the task that asked, which may sleep, with every
 * CPU still online and CPU hotplug still allowed (migrate_to_reboot_cpu()
 * comes after).  There vhyp destroys every cell, which gives its CPUs back
 * to Linux, and disables itself, with the ioctls' own functions: the
 * firmware's reset, or the next kernel, then finds Linux's hyp stub at EL2
 * and no CPU left in memory that is about to be reused.  A reboot that
 * skips the notifiers (emergency_restart(): sysrq b, a panic) reaches the
 * firmware through the hypervisor's PSCI relay instead.
 *
 * Hibernation (and the restore of an image) is refused while vhyp is
 * enabled: the image would be of a Linux under a hypervisor that no
 * longer exists when it is restored.  Suspend, to RAM or to idle, is
 * refused while cells exist: their CPUs are not Linux's to suspend, and
 * the cells would not get them back.  With vhyp enabled and no cell, a
 * suspend goes through the hypervisor's PSCI relay.
 *
 * Once the machine goes down, or while a sleep it allowed is under way,
 * enable and cell create are refused (vhyp_power_check()), so that the
 * answer given here stays true.
 */
#include <linux/notifier.h>
#include <linux/reboot.h>
#include <linux/string.h>
#include <linux/suspend.h>
#include "vhyp.h"

/* both under vhyp.lock */
static bool going_down;		/* for good: the reboot notifier ran */
static bool sleeping;		/* from a PREPARE vhyp allowed to its POST */

/* Enable and cell create: may they go on?  vhyp.lock held. */
int vhyp_power_check(void)
{
	if (going_down) {
		pr_err("vhyp: the machine is going down: no enable, no new cell\n");
		return -ESHUTDOWN;
	}
	if (sleeping) {
		pr_err("vhyp: the machine is going to sleep: enable and create again once it has woken\n");
		return -EAGAIN;
	}
	return 0;
}

static const char *going(unsigned long action, const char *cmd)
{
	if (action == SYS_HALT)
		return "halting";
	if (action == SYS_POWER_OFF)
		return "powering off";
	/* kernel_kexec()'s own words */
	if (cmd && !strcmp(cmd, "kexec reboot"))
		return "starting a new kernel (kexec)";
	return "rebooting";
}

static int vhyp_reboot(struct notifier_block *nb, unsigned long action, void *cmd)
{
	const char *what = going(action, cmd);
	int cells, ret;

	mutex_lock(&vhyp.lock);
	going_down = true;
	mutex_unlock(&vhyp.lock);
	/* outside the lock: a running poll takes it */
	vhyp_cells_poll_close();

	mutex_lock(&vhyp.lock);
	if (!vhyp.enabled)
		goto out;
	cells = vhyp_cells_destroy_all();
	ret = cells < 0 ? cells : vhyp_disable();
	if (ret)
		pr_emerg("vhyp: %s: the hypervisor could not be disabled (%d); the machine goes down under it\n",
			 what, ret);
	else if (cells)
		pr_notice("vhyp: %s: cells destroyed and the hypervisor disabled\n", what);
	else
		pr_notice("vhyp: %s: the hypervisor disabled\n", what);
out:
	mutex_unlock(&vhyp.lock);
	return NOTIFY_DONE;
}

static struct notifier_block reboot_nb = {
	.notifier_call = vhyp_reboot,
};

static int vhyp_pm(struct notifier_block *nb, unsigned long action, void *data)
{
	int ret = 0;

	mutex_lock(&vhyp.lock);
	switch (action) {
	case PM_HIBERNATION_PREPARE:
		if (vhyp.enabled) {
			pr_err("vhyp: hibernation refused: vhyp is enabled, and a hibernation image cannot hold the hypervisor; disable it first (vhypctl disable)\n");
			ret = -EBUSY;
		}
		break;
	case PM_RESTORE_PREPARE:
		if (vhyp.enabled) {
			pr_err("vhyp: restoring a hibernation image refused: vhyp is enabled; disable it first (vhypctl disable)\n");
			ret = -EBUSY;
		}
		break;
	case PM_SUSPEND_PREPARE:
		if (vhyp.enabled && vhyp_cells_exist()) {
			pr_err("vhyp: suspend refused: cells exist, and their CPUs are not Linux's to suspend; destroy them first\n");
			ret = -EBUSY;
		}
		break;
	case PM_POST_HIBERNATION:
	case PM_POST_RESTORE:
	case PM_POST_SUSPEND:
		sleeping = false;
		goto out;
	default:
		goto out;
	}
	/* a refused PREPARE gets no POST: the flag is set only for an allowed one */
	sleeping = !ret;
out:
	mutex_unlock(&vhyp.lock);
	return notifier_from_errno(ret);
}

static struct notifier_block pm_nb = {
	.notifier_call = vhyp_pm,
};

int vhyp_power_init(void)
{
	int ret = register_reboot_notifier(&reboot_nb);

	if (ret) {
		pr_err("vhyp: cannot register a reboot notifier (%d)\n", ret);
		return ret;
	}
	ret = register_pm_notifier(&pm_nb);
	if (ret) {
		pr_err("vhyp: cannot register a power-management notifier (%d)\n", ret);
		unregister_reboot_notifier(&reboot_nb);
	}
	return ret;
}

void vhyp_power_exit(void)
{
	unregister_pm_notifier(&pm_nb);
	unregister_reboot_notifier(&reboot_nb);
}
