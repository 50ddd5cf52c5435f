// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl enable: move the running Linux under the hypervisor.
 *
 * The driver does the work (VHYP_ENABLE); this verb only chooses the
 * console UART and then reads VHYP_GET_INFO once more, so that the user
 * sees at once on how many CPUs and with how much memory vhyp runs.
 */
#include "vhypctl.h"

static const struct verb_option enable_options[] = {
	{ "--uart[=ADDR]", "also write the hypervisor console to the PL011 at\n"
			   "physical address ADDR (default: Linux's console UART)" },
	{ NULL, NULL },
};

static int cmd_enable(const struct verb *v, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "uart", optional_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t uart_base = 0;
	uint32_t flags = 0;
	struct vhyp_info info;
	struct vhyp_dev d;
	uint64_t t0, elapsed;
	int c, err, ret;

	while ((c = verb_getopt(v, argc, argv, NULL, opts)) != -1) {
		switch (c) {
		case 'u':
			flags |= VHYP_ENABLE_UART;
			if (optarg && !parse_u64(optarg, &uart_base))
				return usage_error(v, "'%s' is not a physical address "
						   "for --uart (e.g. --uart=0x9000000)",
						   optarg);
			if (uart_base & 0xfff)
				return usage_error(v, "--uart=%s is not the start of a "
						   "4 KiB page, as a PL011's registers are",
						   optarg);
			break;
		}
	}
	if (optind < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind]);

	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	t0 = now_ns();
	err = dev_enable(&d, flags, uart_base);
	elapsed = now_ns() - t0;
	if (err) {
		ret = fail(d.path, OP_ENABLE, err);
		goto out;
	}
	err = dev_get_info(&d, &info);
	if (err) {
		/* enabled all the same: say so, so nobody enables twice */
		err_msg("vhyp is enabled, but reading its state back failed:");
		ret = fail(d.path, OP_GET_INFO, err);
		goto out;
	}

	if (g.json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_bool(&j, "ok", true);
		json_bool(&j, "enabled", info.flags & VHYP_INFO_ENABLED);
		json_u64(&j, "cpus_hyp", info.cpus_hyp);
		json_u64(&j, "hyp_mem_base", info.hyp_mem_base);
		json_u64(&j, "hyp_mem_size", info.hyp_mem_size);
		json_u64(&j, "elapsed_ns", elapsed);
		json_object_end(&j);
		json_finish(&j);
	} else if (!g.quiet) {
		printf("vhyp enabled on %u CPUs (%llu KiB of hypervisor memory at 0x%llx)\n",
		       info.cpus_hyp,
		       (unsigned long long)info.hyp_mem_size / 1024,
		       (unsigned long long)info.hyp_mem_base);
	}
	ret = EXIT_OK;
out:
	dev_close(&d);
	return ret;
}

const struct verb verb_enable = {
	.name = "enable",
	.args = "[--uart[=ADDR]]",
	.summary = "start the hypervisor under the running Linux",
	.description =
		"Load the hypervisor into memory the driver reserves and move every\n"
		"online CPU under it (VHYP_ENABLE); Linux keeps running as the root\n"
		"cell.  Prints on how many CPUs vhyp runs and where its memory is.\n"
		"Needs Linux started at EL2, without KVM (kvm-arm.mode=none), without\n"
		"VHE (id_aa64mmfr1.vh=0) and with a GICv3.",
	.options = enable_options,
	.json = true,
	.run = cmd_enable,
};
