// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl bench: micro-benchmarks run by the driver (VHYP_BENCH).
 *
 * The driver times the loop with the architected counter itself, from the
 * kernel, so that neither the ioctl's own cost nor a preemption of this
 * process is counted; we only turn ticks into nanoseconds.
 */
#include <string.h>

#include "vhypctl.h"

#define DEFAULT_ITERATIONS	100000
#define MAX_ITERATIONS		10000000	/* the driver's limit too */

struct bench_op {
	const char *name;
	uint32_t op;
	const char *what;
};

static const struct bench_op bench_ops[] = {
	{ .name = "hypercall", .op = VHYP_BENCH_HVC_NOP,
	  .what = "empty hypercall round trips" },
};

static int cmd_bench(const struct verb *v, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "iterations", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t iterations = DEFAULT_ITERATIONS;
	const struct bench_op *op = NULL;
	struct vhyp_bench b;
	struct vhyp_dev d;
	double ns;
	int c, err, ret;
	size_t i;

	while ((c = verb_getopt(v, argc, argv, "n:", opts)) != -1) {
		switch (c) {
		case 'n':
			if (!parse_u64(optarg, &iterations) || !iterations ||
			    iterations > MAX_ITERATIONS)
				return usage_error(v, "--iterations wants a number from "
						   "1 to %u, not '%s'", MAX_ITERATIONS,
						   optarg);
			break;
		}
	}
	if (optind == argc)
		return usage_error(v, "name a benchmark: the only one is 'hypercall'");
	for (i = 0; i < sizeof(bench_ops) / sizeof(bench_ops[0]); i++)
		if (!strcmp(argv[optind], bench_ops[i].name))
			op = &bench_ops[i];
	if (!op)
		return usage_error(v, "unknown benchmark '%s' (the only one is "
				   "'hypercall')", argv[optind]);
	if (optind + 1 < argc)
		return usage_error(v, "unexpected argument '%s'", argv[optind + 1]);

	ret = dev_open(&d, g.device);
	if (ret)
		return ret;
	if (!(d.info.flags & VHYP_INFO_ENABLED)) {
		err_msg("cannot run the %s benchmark: vhyp is not enabled on %s; "
			"run 'vhypctl enable' first.", op->name, d.path);
		dev_close(&d);
		return EXIT_REFUSED;
	}
	err = dev_bench(&d, &b, op->op, iterations);
	dev_close(&d);
	if (err)
		return fail(g.device, OP_BENCH, err);
	if (!b.freq) {
		err_msg("the driver reported a counter frequency of 0 Hz; "
			"vhyp.ko is broken or of another ABI.");
		return EXIT_ABI;
	}
	ns = (double)b.ticks * 1e9 / (double)b.freq / (double)iterations;

	if (g.json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "benchmark", op->name);
		json_u64(&j, "iterations", iterations);
		json_u64(&j, "ticks", b.ticks);
		json_u64(&j, "freq", b.freq);
		json_double(&j, "ns_per_iteration", ns);
		json_object_end(&j);
		json_finish(&j);
	} else {
		printf("%s: %llu %s in %llu ticks at %llu Hz: %.1f ns each\n",
		       op->name, (unsigned long long)iterations, op->what,
		       (unsigned long long)b.ticks, (unsigned long long)b.freq, ns);
	}
	return EXIT_OK;
}

static const struct verb_option bench_options[] = {
	{ "-n, --iterations N", "how many round trips to time, 1 to 10000000\n"
				"(default 100000)" },
	{ NULL, NULL },
};

const struct verb verb_bench = {
	.name = "bench",
	.args = "hypercall [--iterations N]",
	.summary = "time hypervisor round trips",
	.description =
		"Run a micro-benchmark in the driver on the CPU vhypctl runs on\n"
		"(VHYP_BENCH) and print the counter ticks it took, the counter\n"
		"frequency and the nanoseconds per iteration.  Benchmarks:\n"
		"  hypercall   an empty hypercall (hvc to EL2 and back).\n"
		"vhyp must be enabled.",
	.options = bench_options,
	.json = true,
	.run = cmd_bench,
};
