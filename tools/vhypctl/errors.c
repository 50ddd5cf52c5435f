// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: errno -> sentence + advice.
 *
 * The driver gives every distinct reason to refuse its own errno (see the
 * comment in uapi/vhyp/ioctl.h), so that this table can say what to do
 * instead of just "Operation not permitted".  The same errno means
 * different things for different operations (ENOENT from open() is a
 * missing module, from VHYP_ENABLE a missing kernel symbol), hence the
 * (errno, operation) key; the first matching row wins, so specific rows
 * come before the ones for any operation.
 */
#define _GNU_SOURCE	/* strerrorname_np */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <vhyp/status.h>

#include "vhypctl.h"

#define OP_ANY		OP_NR
#define OP_ANY_IOCTL	(OP_NR + 1)

struct op_desc {
	const char *what;	/* completes "cannot ..." */
	const char *ioctl;	/* NULL for open() */
};

static const struct op_desc ops[OP_NR] = {
	[OP_OPEN]	  = { "open the vhyp device",		NULL },
	[OP_GET_INFO]	  = { "read vhyp's state",		"VHYP_GET_INFO" },
	[OP_ENABLE]	  = { "enable vhyp",			"VHYP_ENABLE" },
	[OP_DISABLE]	  = { "disable vhyp",			"VHYP_DISABLE" },
	[OP_CPU_STATS]	  = { "read the per-CPU statistics",	"VHYP_GET_CPU_STATS" },
	[OP_CONSOLE_READ] = { "read the hypervisor console",	"VHYP_CONSOLE_READ" },
	[OP_BENCH]	  = { "run the benchmark",		"VHYP_BENCH" },
	/* with fail_cell(), followed by " CELL" */
	[OP_CELL_CREATE]  = { "create cell",			"VHYP_CELL_CREATE" },
	[OP_CELL_LOAD]	  = { "load an image into cell",	"VHYP_CELL_LOAD" },
	[OP_CELL_START]	  = { "start cell",			"VHYP_CELL_START" },
	[OP_CELL_STOP]	  = { "stop cell",			"VHYP_CELL_STOP" },
	[OP_CELL_DESTROY] = { "destroy cell",			"VHYP_CELL_DESTROY" },
	[OP_CELL_INFO]	  = { "read the state of cell",		"VHYP_CELL_INFO" },
	[OP_CELL_CONSOLE_READ] = { "read the console of cell",	"VHYP_CONSOLE_READ" },
	[OP_CONSOLE_WRITE] = { "write to the console of cell",	"VHYP_CONSOLE_WRITE" },
	[OP_CELL_CONFIG]  = { "read the config of cell",	"VHYP_CELL_CONFIG" },
	[OP_CHANNEL_INFO] = { "read the state of channel",	"VHYP_CHANNEL_INFO" },
	[OP_CHANNELS]	  = { "read the channels",		"VHYP_CHANNEL_INFO" },
	[OP_VIRTIO_OPEN]  = { "serve the virtio devices of cell", "VHYP_VIRTIO_OPEN" },
};

#define STR_(x)		#x
#define STR(x)		STR_(x)

/*
 * The advice is a printf format.  Its argument is the path, or for the
 * operations on a cell (OP_CELL_*, OP_CONSOLE_WRITE) the cell's name as
 * the user typed it, which the text may use more than once as %1$s.
 */
struct advice {
	int err;
	int op;			/* enum vhyp_op, OP_ANY or OP_ANY_IOCTL */
	int exit;
	const char *text;
};

static const char abi_advice[] =
	"%s does not understand this vhypctl's request: either it is not a "
	"vhyp device (check --device) or the loaded vhyp.ko speaks another "
	"ioctl ABI than this vhypctl (ABI %u); use the vhypctl built "
	"with the loaded vhyp.ko";

static const struct advice advice[] = {
	/* open() */
	{ ENOENT, OP_OPEN, EXIT_REFUSED,
	  "%s does not exist: load the module with 'insmod vhyp.ko' (or modprobe vhyp)" },
	{ ENXIO, OP_OPEN, EXIT_REFUSED,
	  "%s exists but no driver answers it: load the module with 'insmod vhyp.ko' (or modprobe vhyp)" },
	{ ENODEV, OP_OPEN, EXIT_REFUSED,
	  "%s exists but no driver answers it: load the module with 'insmod vhyp.ko' (or modprobe vhyp)" },

	/* VHYP_ENABLE, one errno per reason (uapi/vhyp/ioctl.h) */
	{ ENODEV, OP_ENABLE, EXIT_REFUSED,
	  "EL2 is not available to Linux (not implemented, hidden by a hypervisor "
	  "underneath, or Linux was started at EL1): Linux must be started at EL2; "
	  "on QEMU use -machine virt,virtualization=on" },
	{ EBUSY, OP_ENABLE, EXIT_REFUSED,
	  "KVM owns EL2: boot Linux with kvm-arm.mode=none" },
	{ EOPNOTSUPP, OP_ENABLE, EXIT_REFUSED,
	  "The kernel runs at EL2 itself (VHE): boot with id_aa64mmfr1.vh=0" },
	{ ENXIO, OP_ENABLE, EXIT_REFUSED,
	  "vhyp needs a GICv3 interrupt controller; this machine has another (GICv2?)" },
	{ EACCES, OP_ENABLE, EXIT_REFUSED,
	  "None of SGIs 8..15 is non-secure group 1 on this machine: its secure "
	  "firmware keeps them, and vhyp needs one for itself; dmesg names the CPU "
	  "and what its GIC reports" },
	{ ENOENT, OP_ENABLE, EXIT_REFUSED,
	  "Something of the kernel's that vhyp needs is missing (or the EL2 "
	  "binary named by hyp_image=); dmesg says what" },
	{ ERANGE, OP_ENABLE, EXIT_REFUSED,
	  "RAM or devices lie above the 48-bit physical addresses vhyp can map; "
	  "see dmesg" },
	{ EADDRNOTAVAIL, OP_ENABLE, EXIT_REFUSED,
	  "No PL011 console UART to mirror the hypervisor console to: name one "
	  "with --uart=ADDR" },
	{ EALREADY, OP_ENABLE, EXIT_REFUSED,
	  "vhyp is already enabled: 'vhypctl info' shows its state" },
	{ EALREADY, OP_DISABLE, EXIT_REFUSED,
	  "vhyp is already disabled" },
	{ EBUSY, OP_DISABLE, EXIT_REFUSED,
	  "A CPU did not leave the hypervisor, so its memory stays reserved; "
	  "dmesg names the CPU" },
	{ ENOMEM, OP_ENABLE, EXIT_REFUSED,
	  "Out of memory while setting up the hypervisor (its contiguous block, "
	  "its first tables or the driver's own): free some memory or enable "
	  "vhyp earlier after boot; dmesg says which" },
	{ EIO, OP_ENABLE, EXIT_REFUSED,
	  "The hypervisor refused to start on a CPU: see 'vhypctl console' and dmesg" },

	/* VHYP_CELL_CREATE (uapi/vhyp/ioctl.h) */
	{ EINVAL, OP_CELL_CREATE, EXIT_REFUSED,
	  "The driver found the config of cell %1$s broken in a way vhypctl did "
	  "not check (a bug of vhypctl's or a driver of another version); dmesg "
	  "names the rule" },
	{ EEXIST, OP_CELL_CREATE, EXIT_REFUSED,
	  "There is a cell %1$s already: destroy it first ('vhypctl destroy %1$s') "
	  "or give the new one another cell-name" },
	{ ENOSPC, OP_CELL_CREATE, EXIT_REFUSED,
	  "There are " STR(VHYP_MAX_CELLS) " cells already, the most vhyp runs at "
	  "once: destroy one first ('vhypctl list' shows them)" },
	{ EBUSY, OP_CELL_CREATE, EXIT_REFUSED,
	  "A CPU or interrupt of cell %1$s is not the root's to give: it is "
	  "offline, another cell's, the root's last online CPU, or Linux refused "
	  "to take the CPU offline; dmesg names it and 'vhypctl list' shows the "
	  "cells' CPUs" },
	{ EPERM, OP_CELL_CREATE, EXIT_REFUSED,
	  "Cell %1$s names memory or a device the root does not own; dmesg says "
	  "which" },
	{ ENOMEM, OP_CELL_CREATE, EXIT_REFUSED,
	  "There is not enough free memory for cell %1$s, in the kernel for its "
	  "RAM or in the hypervisor for its tables: free some, or give the cell "
	  "less; dmesg says which" },
	{ EIO, OP_CELL_CREATE, EXIT_REFUSED,
	  "A CPU of cell %1$s did not move into the hypervisor; see 'vhypctl "
	  "console' and dmesg" },

	/* VHYP_CELL_LOAD */
	{ EINVAL, OP_CELL_LOAD, EXIT_REFUSED,
	  "The image does not lie inside one RAM region of cell %1$s, or the cell "
	  "holds as many images as it can (destroy and create it to start over); "
	  "dmesg says which" },
	{ ENOMEM, OP_CELL_LOAD, EXIT_REFUSED,
	  "The kernel has not enough free memory to keep the image; see dmesg" },

	/* VHYP_CELL_START, _STOP */
	{ EALREADY, OP_CELL_START, EXIT_REFUSED,
	  "Cell %1$s is running already: to restart it, 'vhypctl stop %1$s' first" },
	{ ENOEXEC, OP_CELL_START, EXIT_REFUSED,
	  "Nothing is loaded into cell %1$s: 'vhypctl load %1$s IMAGE@IPA' first" },
	{ EPERM, OP_CELL_START, EXIT_REFUSED,
	  "The hypervisor refused to map memory or a device of cell %1$s; see "
	  "'vhypctl console' and dmesg" },
	{ EIO, OP_CELL_START, EXIT_REFUSED,
	  "The hypervisor could not set up or start cell %1$s, which is not "
	  "running and keeps its images; dmesg names the step, 'vhypctl "
	  "console' may say more" },
	{ EALREADY, OP_CELL_STOP, EXIT_REFUSED,
	  "Cell %1$s is not running ('vhypctl list' shows its state)" },

	/* any operation on a cell: the name was resolved a moment before */
	{ ENOENT, OP_CELL_LOAD, EXIT_REFUSED,
	  "There is no cell %1$s (any more): 'vhypctl list' shows the cells" },
	{ ENOENT, OP_CELL_START, EXIT_REFUSED,
	  "There is no cell %1$s (any more): 'vhypctl list' shows the cells" },
	{ ENOENT, OP_CELL_STOP, EXIT_REFUSED,
	  "There is no cell %1$s (any more): 'vhypctl list' shows the cells" },
	{ ENOENT, OP_CELL_DESTROY, EXIT_REFUSED,
	  "There is no cell %1$s (any more): 'vhypctl list' shows the cells" },
	{ ENOENT, OP_CELL_INFO, EXIT_REFUSED,
	  "There is no cell %1$s (any more): 'vhypctl list' shows the cells" },
	{ ENOENT, OP_CELL_CONSOLE_READ, EXIT_REFUSED,
	  "There is no cell %1$s (any more): 'vhypctl list' shows the cells" },
	{ ENOENT, OP_CONSOLE_WRITE, EXIT_REFUSED,
	  "There is no cell %1$s (any more): 'vhypctl list' shows the cells" },
	{ ENOENT, OP_CELL_CONFIG, EXIT_REFUSED,
	  "There is no cell %1$s (any more): 'vhypctl list' shows the cells" },
	{ EAGAIN, OP_CONSOLE_WRITE, EXIT_REFUSED,
	  "Cell %1$s does not read its console: its UART's receive FIFO stayed "
	  "full for 2 s ('vhypctl list' shows whether it runs)" },
	{ ENOENT, OP_VIRTIO_OPEN, EXIT_REFUSED,
	  "There is no cell %1$s (any more): 'vhypctl list' shows the cells" },
	{ ENODEV, OP_VIRTIO_OPEN, EXIT_REFUSED,
	  "Cell %1$s has no virtio devices: there is nothing to serve" },
	{ EBUSY, OP_VIRTIO_OPEN, EXIT_REFUSED,
	  "Another backend serves cell %1$s already (one per cell): 'pgrep -af "
	  "\"vhypctl serve\"' finds it" },
	{ ENOTCONN, OP_ANY_IOCTL, EXIT_REFUSED,
	  "vhyp is not enabled: run 'vhypctl enable' first" },

	/* any operation */
	{ EACCES, OP_ANY, EXIT_REFUSED,
	  "Run as root (needs CAP_SYS_ADMIN)" },
	{ EPERM, OP_ANY, EXIT_REFUSED,
	  "Run as root (needs CAP_SYS_ADMIN)" },
	{ ENOTTY, OP_ANY_IOCTL, EXIT_ABI, abi_advice },
	{ EINVAL, OP_ANY_IOCTL, EXIT_ABI, abi_advice },
	{ ENOMEM, OP_ANY, EXIT_REFUSED,
	  "The kernel is out of memory; see dmesg" },
	{ EIO, OP_ANY, EXIT_REFUSED,
	  "See 'vhypctl console' and dmesg" },
	{ EBUSY, OP_ANY, EXIT_REFUSED,
	  "vhyp is busy with another request (enable or disable?): try again" },
};

void err_msg(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);		/* keep the order of stdout and stderr */
	fputs("vhypctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *op_ioctl_name(enum vhyp_op op)
{
	return op < OP_NR ? ops[op].ioctl : NULL;
}

static bool op_matches(int row_op, enum vhyp_op op)
{
	if (row_op == OP_ANY)
		return true;
	if (row_op == OP_ANY_IOCTL)
		return op != OP_OPEN;
	return row_op == (int)op;
}

/*
 * Report that OP on PATH failed with ERR (a positive errno) and return the
 * exit code for it: one sentence saying what failed, where, why, and what
 * to do about it.
 */
int fail(const char *path, enum vhyp_op op, int err)
{
	return fail_cell(path, op, NULL, err);
}

int fail_cell(const char *path, enum vhyp_op op, const char *cell, int err)
{
	const struct op_desc *o = &ops[op];
	const char *name = strerrorname_np(err);
	const struct advice *a = NULL;
	size_t i;

	for (i = 0; i < sizeof(advice) / sizeof(advice[0]); i++) {
		if (advice[i].err == err && op_matches(advice[i].op, op)) {
			a = &advice[i];
			break;
		}
	}

	fflush(stdout);
	if (o->ioctl && cell)
		fprintf(stderr, "vhypctl: cannot %s %s: %s on %s failed with %s (%s). ",
			o->what, cell, o->ioctl, path, name ? name : "?", strerror(err));
	else if (o->ioctl)
		fprintf(stderr, "vhypctl: cannot %s: %s on %s failed with %s (%s). ",
			o->what, o->ioctl, path, name ? name : "?", strerror(err));
	else
		fprintf(stderr, "vhypctl: cannot %s %s: %s (%s). ",
			o->what, path, name ? name : "?", strerror(err));
	if (!a) {
		fputs("See dmesg for the driver's own message.\n", stderr);
		return EXIT_REFUSED;
	}
	if (a->text == abi_advice)
		fprintf(stderr, abi_advice, path, (unsigned int)VHYP_IOCTL_ABI);
	else
		fprintf(stderr, a->text, cell ? cell : path);
	fputs(".\n", stderr);
	return a->exit;
}
