// SPDX-License-Identifier: GPL-2.0
/*
 * Which of the root's firmware calls the hypervisor forwards beyond the
 * standard ones it knows (hyp/firmware.c): a board's silicon-provider,
 * OEM or trusted-OS calls pass addresses the hypervisor cannot check, so
 * they are refused unless they are known to be safe:
 *   - the SCMI channels of the device tree (arm,scmi-smc: arm,smc-id),
 *     whose shared memory is a fixed range the tree names, not an argument;
 *   - what the administrator lists in the smc_allow= module parameter.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/string.h>
#include "vhyp.h"

static char *smc_allow;
module_param(smc_allow, charp, 0444);
MODULE_PARM_DESC(smc_allow,
		 "The root's firmware calls to forward besides the standard ones: function IDs and ranges, comma-separated (0x82000010,0xc2000000-0xc20000ff); only calls that pass no memory address (Documentation/security.md)");

static struct vhyp_smc_range param_ranges[VHYP_MAX_SMC_ALLOW];
static unsigned int nr_param_ranges;

static const char *const scmi_smc[] = { "arm,scmi-smc", "arm,scmi-smc-param", "qcom,scmi-smc" };

/* At module load: smc_allow= parsed, or the load fails with a sentence. */
int vhyp_firmware_init(void)
{
	char *copy, *p, *item;
	int ret = 0;

	if (!smc_allow || !*smc_allow)
		return 0;
	copy = kstrdup(smc_allow, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	for (p = copy; (item = strsep(&p, ",")) && !ret; ) {
		char *dash = strchr(item, '-');
		u32 first, last;

		if (dash)
			*dash = '\0';
		if (kstrtou32(item, 0, &first) || (dash ? kstrtou32(dash + 1, 0, &last) : 0) ||
		    (dash && last < first)) {
			pr_err("vhyp: smc_allow: '%s%s%s' is not a function ID or a range of them (0x82000010 or 0xc2000000-0xc20000ff)\n",
			       item, dash ? "-" : "", dash ? dash + 1 : "");
			ret = -EINVAL;
		} else if (nr_param_ranges == VHYP_MAX_SMC_ALLOW) {
			pr_err("vhyp: smc_allow: more than %u entries\n", VHYP_MAX_SMC_ALLOW);
			ret = -EINVAL;
		} else {
			param_ranges[nr_param_ranges++] =
				(struct vhyp_smc_range){ first, dash ? last : first };
		}
	}
	kfree(copy);
	return ret;
}

static int add(struct vhyp_platform *plat, u32 first, u32 last)
{
	if (plat->nr_smc_allow == VHYP_MAX_SMC_ALLOW) {
		pr_err("vhyp: more than %u firmware call ranges to forward\n", VHYP_MAX_SMC_ALLOW);
		return -EOPNOTSUPP;
	}
	plat->smc_allow[plat->nr_smc_allow++] = (struct vhyp_smc_range){ first, last };
	return 0;
}

int vhyp_probe_firmware(struct vhyp_platform *plat)
{
	struct device_node *np;
	unsigned int i;
	int ret = 0;
	u32 id;

	plat->nr_smc_allow = 0;
	for (i = 0; i < ARRAY_SIZE(scmi_smc) && !ret; i++) {
		for_each_compatible_node(np, NULL, scmi_smc[i]) {
			if (!of_device_is_available(np) ||
			    of_property_read_u32(np, "arm,smc-id", &id))
				continue;
			ret = add(plat, id, id);
			if (ret) {
				of_node_put(np);
				break;
			}
		}
	}
	for (i = 0; i < nr_param_ranges && !ret; i++)
		ret = add(plat, param_ranges[i].first, param_ranges[i].last);
	return ret;
}
