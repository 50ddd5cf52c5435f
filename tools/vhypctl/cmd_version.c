// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl version: vhypctl's version and, where the device opens, the
 * driver's.  It is what one runs when something does not match, so it
 * reports an ABI mismatch (exit code 3) but still prints both sides, and
 * a missing driver is a fact to print, not an error.
 */
#include <string.h>

#include "vhypctl.h"

static int cmd_version(const struct verb *v, int argc, char **argv)
{
	char version[sizeof(((struct vhyp_info *)0)->version) + 1];
	struct vhyp_dev d;
	int open_err, info_err = 0, ret = EXIT_OK;
	struct json j;

	verb_no_args(v, argc, argv);

	open_err = dev_open_raw(&d, g.device);
	if (!open_err) {
		info_err = dev_get_info(&d, &d.info);
		dev_close(&d);
	}
	memcpy(version, d.info.version, sizeof(d.info.version));
	version[sizeof(d.info.version)] = '\0';

	if (g.json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "vhypctl", VHYP_VERSION_STRING);
		json_u64(&j, "ioctl_abi", VHYP_IOCTL_ABI);
		if (open_err || info_err) {
			json_null(&j, "driver");
		} else {
			json_object_begin(&j, "driver");
			json_string(&j, "version", version);
			json_u64(&j, "ioctl_abi", d.info.ioctl_abi);
			json_u64(&j, "hyp_abi", d.info.hyp_abi);
			json_object_end(&j);
		}
		json_object_end(&j);
		json_finish(&j);
	} else {
		printf("vhypctl %s (ioctl ABI %u)\n", VHYP_VERSION_STRING,
		       (unsigned int)VHYP_IOCTL_ABI);
		if (!open_err && !info_err)
			printf("vhyp.ko %s (ioctl ABI %u, hypervisor ABI %u)\n",
			       version, d.info.ioctl_abi, d.info.hyp_abi);
		else if (!g.quiet)
			printf("vhyp.ko: not available (%s: %s)\n", g.device,
			       strerror(open_err ? open_err : info_err));
	}

	/* After the output, so that scripts get both versions regardless. */
	if (!open_err && !info_err)
		ret = dev_check_abi(&d);
	return ret;
}

const struct verb verb_version = {
	.name = "version",
	.args = "",
	.summary = "show the versions of vhypctl and of the loaded driver",
	.description =
		"Print vhypctl's version and ioctl ABI and, if the vhyp device opens,\n"
		"the driver's version and its ioctl and hypervisor ABIs.  A missing\n"
		"driver is not an error here; an ABI mismatch is (exit code 3).",
	.json = true,
	.run = cmd_version,
};
