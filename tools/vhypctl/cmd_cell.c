// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl start, stop, destroy: a cell's lifecycle, one ioctl each on a
 * struct vhyp_cell_ref (VHYP_CELL_START, _STOP, _DESTROY).
 *
 * start writes the loaded images into the cell's zeroed RAM and runs it;
 * stop halts its CPUs in the hypervisor, keeping its RAM and images for
 * the next start; destroy gives CPUs and RAM back to the root, from any
 * state, a failed cell's included.
 */
#include <string.h>

#include "cell_lookup.h"
#include "serve.h"

struct cell_op {
	unsigned long req;
	enum vhyp_op op;
	const char *done;	/* "cell NAME %s" */
};

static const struct cell_op ops[] = {
	{ VHYP_CELL_START,   OP_CELL_START,   "started" },
	{ VHYP_CELL_STOP,    OP_CELL_STOP,    "stopped" },
	{ VHYP_CELL_DESTROY, OP_CELL_DESTROY, "destroyed" },
};

/*
 * start: the backend of the cell's virtio devices first (serve.h), so that
 * its first access to them finds one; unless one serves it already, or
 * --no-serve.
 */
static int start_serve(struct vhyp_dev *d, const struct vhyp_cell_info *info)
{
	struct serve_opts o = { .busy_ok = true };

	return serve_cell(d, info, &o);
}

static int cell_ref_run(const struct cell_op *op, struct vhyp_dev *d,
			const struct vhyp_cell_info *info, bool serve);

static int cell_ref(const struct verb *v, const struct cell_op *op, int argc, char **argv)
{
	struct vhyp_cell_info info;
	struct vhyp_dev d;
	int ret;

	ret = cell_arg_open(v, argc, argv, &d, &info);
	if (ret)
		return ret;
	return cell_ref_run(op, &d, &info, false);
}

/* OP on the cell INFO, its device D open; D is closed. */
static int cell_ref_run(const struct cell_op *op, struct vhyp_dev *d,
			const struct vhyp_cell_info *info, bool serve)
{
	char name[VHYP_CELL_NAME_LEN + 1];
	uint64_t t0, t1;
	int ret = EXIT_OK, err;

	cell_name(info, name);
	if (serve) {
		ret = start_serve(d, info);
		if (ret)
			goto out;
	}
	t0 = now_ns();
	err = dev_cell_ref(d, op->req, info->id);
	t1 = now_ns();
	if (err) {
		ret = fail_cell(d->path, op->op, name, err);
		goto out;
	}
	if (g.json) {
		struct json j;

		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_bool(&j, "ok", true);
		json_string(&j, "name", name);
		json_u64(&j, "id", info->id);
		json_u64(&j, "elapsed_ns", t1 - t0);
		json_object_end(&j);
		json_finish(&j);
	} else if (!g.quiet) {
		printf("cell %s %s\n", name, op->done);
	}
out:
	dev_close(d);
	return ret;
}

static int cmd_start(const struct verb *v, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "no-serve", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct vhyp_cell_info info;
	bool serve = true;
	struct vhyp_dev d;
	int c, ret;

	while ((c = verb_getopt(v, argc, argv, "", opts)) != -1) {
		if (c != 'n')
			return EXIT_ABI;
		serve = false;
	}
	ret = cell_operand_open(v, argc, argv, &d, &info);
	if (ret)
		return ret;
	return cell_ref_run(&ops[0], &d, &info, serve);
}

static const struct verb_option start_options[] = {
	{ "--no-serve", "do not start 'vhypctl serve' for the cell's\n"
			"virtio devices" },
	{ NULL, NULL },
};

static int cmd_stop(const struct verb *v, int argc, char **argv)
{
	return cell_ref(v, &ops[1], argc, argv);
}

static int cmd_destroy(const struct verb *v, int argc, char **argv)
{
	return cell_ref(v, &ops[2], argc, argv);
}

const struct verb verb_start = {
	.name = "start",
	.args = "CELL [--no-serve]",
	.summary = "start a cell from its loaded images",
	.description =
		"Start the cell CELL (a name, or an id) (VHYP_CELL_START): its RAM is\n"
		"zeroed, the loaded images are written into it, and its first CPU\n"
		"enters the entry image in EL1h with the MMU off.  A stopped or\n"
		"failed cell starts again the same way, from its images.  Prints\n"
		"\"cell NAME started\".  Refused (exit code 2) when the cell runs\n"
		"already or nothing is loaded.  A cell with virtio devices gets\n"
		"their backend first ('vhypctl serve CELL' in the background), unless\n"
		"one serves it already or --no-serve; if the backend cannot open a\n"
		"device's disk, tap or terminal, the cell is not started.",
	.options = start_options,
	.json = true,
	.run = cmd_start,
};

const struct verb verb_stop = {
	.name = "stop",
	.args = "CELL",
	.summary = "stop a running cell; its images stay for the next start",
	.description =
		"Stop the cell CELL (a name, or an id) (VHYP_CELL_STOP): its CPUs\n"
		"park in the hypervisor; its RAM, images and console stay until it\n"
		"is destroyed.  Prints \"cell NAME stopped\".  Refused (exit code 2)\n"
		"when the cell is not running.",
	.json = true,
	.run = cmd_stop,
};

const struct verb verb_destroy = {
	.name = "destroy",
	.args = "CELL",
	.summary = "destroy a cell: its CPUs and RAM go back to the root",
	.description =
		"Destroy the cell CELL (a name, or an id) in any state, running or\n"
		"failed included (VHYP_CELL_DESTROY): its CPUs come back online in\n"
		"Linux and its RAM goes back to the root.  Prints\n"
		"\"cell NAME destroyed\".",
	.json = true,
	.run = cmd_destroy,
};
