// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl disable: give EL2 back to Linux's hyp stub and free the
 * hypervisor's memory (VHYP_DISABLE).
 */
#include "vhypctl.h"

static int cmd_disable(const struct verb *v, int argc, char **argv)
{
	struct vhyp_dev d;
	uint64_t t0, elapsed;
	int err, ret;

	verb_no_args(v, argc, argv);
	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	t0 = now_ns();
	err = dev_disable(&d);
	elapsed = now_ns() - t0;
	dev_close(&d);
	if (err)
		return fail(g.device, OP_DISABLE, err);

	if (g.json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_bool(&j, "ok", true);
		json_bool(&j, "enabled", false);
		json_u64(&j, "elapsed_ns", elapsed);
		json_object_end(&j);
		json_finish(&j);
	} else if (!g.quiet) {
		printf("vhyp disabled\n");
	}
	return EXIT_OK;
}

const struct verb verb_disable = {
	.name = "disable",
	.args = "",
	.summary = "stop the hypervisor and give EL2 back to Linux",
	.description =
		"Move every CPU out of the hypervisor, restore Linux's own EL2 stub\n"
		"(so that kexec and KVM-less reboots work as before) and free the\n"
		"hypervisor's memory (VHYP_DISABLE).",
	.json = true,
	.run = cmd_disable,
};
