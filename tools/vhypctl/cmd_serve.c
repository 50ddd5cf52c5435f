// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl serve CELL: the root's backend of the cell's virtio devices
 * (Documentation/virtio.md "The backend", tools/virtio/).
 *
 * Everything that can fail for a reason a person should read happens
 * before we daemonize, with its sentence on stderr: the cell, its file
 * (VHYP_VIRTIO_OPEN: EBUSY when a backend serves it already), its RAM
 * and state pages, each device's disk, tap or terminal.  Only then does
 * the process fork, so that 'vhypctl serve' returns when the backend is
 * ready and 'start' can rely on that.  The daemon logs to syslog and
 * exits 0 when the cell is destroyed (its file says ENODEV, POLLHUP).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cell_lookup.h"
#include "serve.h"
#include "vio.h"

static struct vio_backend be;

static void be_log(struct vio_backend *b, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	(void)b;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	serve_log("%s", buf);
}

static int write_pid_file(const char *path, pid_t pid)
{
	FILE *f = fopen(path, "w");

	if (!f || fprintf(f, "%d\n", (int)pid) < 0 || fclose(f)) {
		err_msg("cannot write the pid file %s: %s; check the directory exists and is "
			"writable", path, strerror(errno));
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

/*
 * Detach.  The child writes the pid file and then tells the parent, which
 * returns EXIT_OK only then: the file is there when 'serve' returns (as
 * systemd's Type=forking wants), and a daemon that exits at once cannot
 * remove it before the parent writes it.
 */
static int daemonize(const struct serve_opts *o, bool *child)
{
	int fd, ready[2], ret;
	char ok = 0;
	pid_t pid;

	fflush(NULL);
	if (pipe(ready)) {
		err_msg("cannot start the backend in the background: pipe failed: %s",
			strerror(errno));
		return EXIT_REFUSED;
	}
	pid = fork();
	if (pid < 0) {
		err_msg("cannot start the backend in the background: fork failed: %s",
			strerror(errno));
		close(ready[0]);
		close(ready[1]);
		return EXIT_REFUSED;
	}
	if (pid > 0) {
		*child = false;
		close(ready[1]);
		/* the child said its sentence already if it says nothing here */
		ret = read(ready[0], &ok, 1) == 1 && ok ? EXIT_OK : EXIT_REFUSED;
		close(ready[0]);
		return ret;
	}
	*child = true;
	close(ready[0]);
	setsid();
	ok = !o->pid_file || !write_pid_file(o->pid_file, getpid());
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	(void)!chdir("/");	/* "/" is always there */
	(void)!write(ready[1], &ok, 1);
	close(ready[1]);
	if (!ok)
		exit(EXIT_REFUSED);
	return EXIT_OK;
}

static int open_file(struct vhyp_dev *d, uint32_t id, int *fd)
{
	struct vhyp_virtio_open op = {
		.size = sizeof(op),
		.flags = VHYP_VIRTIO_NONBLOCK,
		.cell = id,
	};

	*fd = ioctl(d->fd, VHYP_VIRTIO_OPEN, &op);
	if (*fd < 0)
		return errno;
	return 0;
}

/*
 * The driver revokes our mappings of the cell's RAM when the cell is
 * destroyed: a backend in the middle of a ring then takes SIGBUS.  We
 * jump out of the loop and ask the file whether the cell is gone (it then
 * polls POLLHUP): if so that is the normal end, else a failure to report.
 */
static sigjmp_buf bus_jmp;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jmp, 1);
}

static bool cell_gone(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static volatile int dump_requested;

static void on_sigusr1(int sig)
{
	(void)sig;
	dump_requested = 1;
}

/* The loop, until the cell is gone or a signal; the daemon's exit code. */
static int serve_loop(const char *name, const struct serve_opts *o)
{
	struct sigaction sa;
	int ret;

	catch_stop_signals();
	signal(SIGPIPE, SIG_IGN);
	be.stop = (volatile int *)&stop_requested;
	be.dump = &dump_requested;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;	/* no SA_RESTART: poll() returns, the state is logged */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	serve_log("serving %u virtio device%s of cell %s", be.ndev, be.ndev == 1 ? "" : "s",
		  name);
	if (sigsetjmp(bus_jmp, 1)) {
		signal(SIGBUS, SIG_DFL);
		if (cell_gone(be.fd)) {
			ret = 0;
		} else {
			vio_fail("the cell's RAM went away under the backend (SIGBUS) while the cell "
				 "still exists; see dmesg");
			ret = -1;
		}
	} else {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sigbus;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, NULL);
		ret = vio_backend_run(&be);
	}
	if (ret)
		serve_log("stopped serving cell %s: %s", name, vio_error());
	else if (stop_requested)
		serve_log("stopped serving cell %s: asked to by a signal", name);
	else
		serve_log("cell %s is gone: the backend exits", name);
	vio_backend_close(&be);
	if (o->pid_file)
		unlink(o->pid_file);
	return ret ? EXIT_REFUSED : EXIT_OK;
}

int serve_cell(struct vhyp_dev *d, const struct vhyp_cell_info *info,
	       const struct serve_opts *o)
{
	static struct vhyp_cell_config cfg;
	char name[VHYP_CELL_NAME_LEN + 1];
	bool child = false;
	int err, fd, ret;

	cell_name(info, name);
	err = dev_cell_config(d, info->id, &cfg);
	if (err)
		return fail_cell(d->path, OP_CELL_CONFIG, name, err);
	if (!cfg.num_virtio) {
		if (o->busy_ok)
			return EXIT_OK;
		err_msg("cell %s has no virtio devices (its config has no /virtio node): "
			"there is nothing to serve", name);
		return EXIT_REFUSED;
	}
	err = open_file(d, info->id, &fd);
	if (err == EBUSY && o->busy_ok)
		return EXIT_OK;
	if (err)
		return fail_cell(d->path, OP_VIRTIO_OPEN, name, err);
	memset(&be, 0, sizeof(be));
	be.cell = strdup(name);
	be.log = be_log;
	serve_log_open(name, true);
	if (vio_backend_open(&be, fd, &cfg)) {
		err_msg("cannot serve cell %s: %s.", name, vio_error());
		close(fd);
		return EXIT_REFUSED;
	}
	if (o->foreground) {
		if (o->pid_file && write_pid_file(o->pid_file, getpid())) {
			vio_backend_close(&be);
			close(fd);
			return EXIT_REFUSED;
		}
		ret = serve_loop(name, o);
		close(fd);
		return ret;
	}
	ret = daemonize(o, &child);
	if (!child) {
		/* the daemon has them now; ours go without undoing its links */
		close(fd);
		if (!ret && !g.quiet && !g.json)
			printf("serving the virtio devices of cell %s in the background\n", name);
		return ret;
	}
	serve_log_open(name, false);
	exit(serve_loop(name, o));
}

static int cmd_serve(const struct verb *v, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts o = { 0 };
	struct vhyp_cell_info info;
	struct vhyp_dev d;
	int c, ret;

	while ((c = verb_getopt(v, argc, argv, "f", opts)) != -1) {
		switch (c) {
		case 'f':
			o.foreground = true;
			break;
		case 'p':
			if (!*optarg)
				return usage_error(v, "--pid-file needs a file name");
			o.pid_file = optarg;
			break;
		default:
			return EXIT_ABI;
		}
	}
	ret = cell_operand_open(v, argc, argv, &d, &info);
	if (ret)
		return ret;
	ret = serve_cell(&d, &info, &o);
	dev_close(&d);
	return ret;
}

static const struct verb_option serve_options[] = {
	{ "-f, --foreground", "stay attached and log to stderr (for systemd);\n"
			      "by default go to the background once the\n"
			      "devices are ready, logging to syslog" },
	{ "--pid-file FILE", "write the backend's process id to FILE (removed\n"
			     "when it exits)" },
	{ NULL, NULL },
};

const struct verb verb_serve = {
	.name = "serve",
	.args = "CELL [--foreground] [--pid-file FILE]",
	.summary = "serve a cell's virtio devices (disk, network, console, rng)",
	.description =
		"Be the root's backend of the virtio devices of the cell CELL (a\n"
		"name, or an id): open its file (VHYP_VIRTIO_OPEN), map its RAM,\n"
		"open each device's disk, tap interface or terminal as its config\n"
		"says, then answer the cell's accesses to the devices' registers and\n"
		"serve their queues until the cell is destroyed (exit code 0) or\n"
		"SIGTERM.  A console device without a backend path is a\n"
		"pseudo-terminal linked at /run/vhyp/CELL.NAME.pty.  Returns once\n"
		"the backend runs in the background; 'vhypctl start' starts one by\n"
		"itself.  Refused (exit code 2) when the cell has no virtio devices,\n"
		"another backend serves it, or a device's backend cannot be opened\n"
		"(the sentence names the device and the path).  A backend killed and\n"
		"started again resumes where the last one stopped.\n"
		"Documentation/virtio.md, \"The backend\".",
	.options = serve_options,
	.run = cmd_serve,
};
