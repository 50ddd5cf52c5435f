/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl: what the verbs share.  Each verb lives in its own cmd_*.c and
 * describes itself in a struct verb; main.c only parses the global options
 * and dispatches.  Errors are reported once, where they are detected, as a
 * sentence on stderr; functions return the process exit code so that the
 * code a script sees always matches the sentence a person reads.
 */
#ifndef VHYPCTL_H
#define VHYPCTL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <getopt.h>

#include <vhyp/ioctl.h>
#include <vhyp/version.h>

/*
 * Exit codes, a stable interface for scripts (Documentation/vhypctl.md).
 * Named EXIT_* like stdlib's, none of which they collide with.
 */
enum {
	EXIT_OK		= 0,	/* did what was asked */
	EXIT_USAGE	= 1,	/* bad verb, option or argument */
	EXIT_REFUSED	= 2,	/* the system refused: open or ioctl failed */
	EXIT_ABI	= 3,	/* ABI mismatch or unexpected internal failure */
};

/* Global options, valid before or after the verb. */
struct globals {
	bool json;
	bool quiet;
	const char *device;
};
extern struct globals g;

/* One line of a verb's option help. */
struct verb_option {
	const char *name;	/* "--uart[=ADDR]" */
	const char *help;
};

struct verb {
	const char *name;
	const char *args;	/* after the name in the usage line, may be "" */
	const char *summary;	/* one line for 'vhypctl help' */
	const char *description;/* a paragraph for 'vhypctl help VERB' */
	const struct verb_option *options;	/* NULL-terminated, may be NULL */
	bool json;		/* accepts --json */
	int (*run)(const struct verb *v, int argc, char **argv);
};

extern const struct verb verb_enable, verb_disable, verb_info, verb_console,
	verb_bench, verb_config, verb_version, verb_help;
extern const struct verb verb_create, verb_load, verb_start, verb_stop,
	verb_destroy, verb_list, verb_wait, verb_stats, verb_top, verb_channel, verb_serve;

/* main.c: option parsing shared by the verbs. */
#define OPT_HELP	(-2)	/* --help was given and printed: exit 0 */
#define OPT_BAD		(-3)	/* a usage error was printed: exit 1 */
int verb_getopt(const struct verb *v, int argc, char **argv,
		const char *shortopts, const struct option *longopts);
void verb_no_args(const struct verb *v, int argc, char **argv);
int usage_error(const struct verb *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void verb_help_print(const struct verb *v, FILE *f);
void main_help_print(FILE *f);
const struct verb *verb_find(const char *name);
bool parse_u64(const char *s, uint64_t *out);
bool parse_seconds(const struct verb *v, const char *option, const char *s, double max,
		   double *out, int *ret);

/* device.c: /dev/vhyp and its ioctls.  Wrappers return 0 or an errno. */
struct vhyp_dev {
	int fd;
	const char *path;
	struct vhyp_info info;	/* read when the device was opened */
};

int dev_open(struct vhyp_dev *d, const char *path);
int dev_open_raw(struct vhyp_dev *d, const char *path);
int dev_check_abi(const struct vhyp_dev *d);
void dev_close(struct vhyp_dev *d);
int dev_get_info(struct vhyp_dev *d, struct vhyp_info *info);
int dev_enable(struct vhyp_dev *d, uint32_t flags, uint64_t uart_base);
int dev_disable(struct vhyp_dev *d);
int dev_cpu_stats(struct vhyp_dev *d, uint32_t cpu, struct vhyp_cpu_stats *s);
int dev_console_read(struct vhyp_dev *d, struct vhyp_console_read *r,
		     uint32_t cell, void *buf, uint32_t len, uint64_t pos);
int dev_console_write(struct vhyp_dev *d, uint32_t cell, const void *buf,
		      uint32_t len, uint32_t *taken);
int dev_cell_create(struct vhyp_dev *d, const struct vhyp_cell_config *cfg,
		    uint32_t *id);
int dev_cell_load(struct vhyp_dev *d, uint32_t id, uint32_t flags, uint64_t ipa,
		  const void *buf, uint64_t len);
int dev_cell_ref(struct vhyp_dev *d, unsigned long req, uint32_t id);
int dev_cell_info(struct vhyp_dev *d, uint32_t id, struct vhyp_cell_info *info);
int dev_cell_config(struct vhyp_dev *d, uint32_t id, struct vhyp_cell_config *cfg);
int dev_channel_info(struct vhyp_dev *d, uint32_t id, struct vhyp_channel_info *info);
/*
 * The channels that exist, in id order (VHYP_CHANNEL_INFO for ids
 * 1..VHYP_MAX_CHANNELS, ENOENT: a free id), *N of them, their names and
 * cell names NUL-terminated.  0 or the errno of the first call that failed
 * otherwise (ENOTCONN: vhyp is not enabled).
 */
int dev_channels(struct vhyp_dev *d, struct vhyp_channel_info *chan, uint32_t *n);
int dev_bench(struct vhyp_dev *d, struct vhyp_bench *b, uint32_t op,
	      uint64_t iterations);

/* errors.c: turn a failed operation into a sentence and an exit code. */
enum vhyp_op {
	OP_OPEN,
	OP_GET_INFO,
	OP_ENABLE,
	OP_DISABLE,
	OP_CPU_STATS,
	OP_CONSOLE_READ,
	OP_BENCH,
	OP_CELL_CREATE,
	OP_CELL_LOAD,
	OP_CELL_START,
	OP_CELL_STOP,
	OP_CELL_DESTROY,
	OP_CELL_INFO,
	OP_CELL_CONSOLE_READ,
	OP_CONSOLE_WRITE,
	OP_CELL_CONFIG,
	OP_CHANNEL_INFO,	/* one channel, by id */
	OP_CHANNELS,		/* all of them, for a config's rules and list/stats */
	OP_VIRTIO_OPEN,		/* the backend's file of a cell (serve) */
	OP_NR
};

int fail(const char *path, enum vhyp_op op, int err);
/* The same for an operation on the cell CELL (a name, or an id as typed). */
int fail_cell(const char *path, enum vhyp_op op, const char *cell, int err);
const char *op_ioctl_name(enum vhyp_op op);
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * dtb_file.c: a device tree from a file: a .dtb as it is, anything else
 * compiled with dtc.  WHAT names the file in sentences ("cell config").
 * Returns an exit code, the sentence printed; on success *buf is malloc'd.
 */
int read_file(const char *path, size_t max, void **buf, size_t *len);
/* A system's device-tree blob, without the padding past what its header uses. */
int read_fdt(const char *path, size_t max, void **buf, size_t *len);
int dtb_load(const char *path, const char *what, void **buf, size_t *len);

/*
 * sysfs.c: the running system's description (config.h), from
 * /sys/firmware/fdt and the CPU lists.  Returns an exit code, the sentence
 * printed; *have is false, with the reason in WHY, where this machine has
 * no device tree to read.
 */
struct vhyp_system;
int live_system(struct vhyp_system *sys, bool *have, char *why, size_t len);
/* SYSFILE's system description, else the running system's; NULL and WHY if neither. */
int system_load(const char *sysfile, struct vhyp_system **sys, char *why, size_t whylen);
const char *sysfs_root(void);

/*
 * virtio_backend.c: refuse a cell config CFG (checked already) whose blk
 * devices' backends are not files or block devices the root can read, and
 * write unless read-only.  Against the running system only: 'config check'
 * on this machine and 'create' call it.  Returns 0, or -1 with the
 * sentence in *ERR.
 */
struct vhyp_cell_config;
struct cfg_err;
int cell_check_virtio_backends(const struct vhyp_cell_config *cfg, struct cfg_err *err);

/* json.c: a streaming writer that places commas and indentation itself. */
#define JSON_MAX_DEPTH	8

struct json {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* nothing written yet at this level */
	bool line;			/* all on one line (JSON lines), no indentation */
};

void json_init(struct json *j, FILE *f);
/* The same for one value a line, as streams of frames want ('top --json') */
void json_init_line(struct json *j, FILE *f);
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *s);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_double(struct json *j, const char *key, double v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
void json_finish(struct json *j);
void json_write_string(FILE *f, const char *s, size_t len);

/* stream.c: stopping on SIGINT, SIGTERM, SIGHUP; all of a buffer to stdout */
extern volatile sig_atomic_t stop_requested;
void catch_stop_signals(void);
int write_all(const char *buf, size_t len);

/* CLOCK_MONOTONIC in ns: how long a driver call took (--json "elapsed_ns"). */
static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

#endif
