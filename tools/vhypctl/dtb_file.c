// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: a device tree from a file.  A .dtb is recognised by its magic
 * number, not its name; anything else is taken for device-tree source and
 * compiled by running 'dtc -q -I dts -O dtb -o - FILE' (-q: the schema's
 * /bits/ 64 reg properties make dtc warn about #address-cells it does not
 * need; its errors are still reported).  dtc's own messages become part of
 * the one sentence vhypctl prints.
 */
#define _GNU_SOURCE	/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vhypctl.h"

#define MAX_FILE	(16u << 20)	/* configs are a few KiB; boot DTBs ~100 KiB */

extern char **environ;

int read_file(const char *path, size_t max, void **buf, size_t *len)
{
	size_t size = 0, cap = 4096;
	char *b = malloc(cap), *nb;
	ssize_t n;
	int fd, err = 0;

	if (!b)
		return ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(b);
		return errno;
	}
	for (;;) {
		if (size == cap) {
			if (cap >= max) {
				err = EFBIG;
				break;
			}
			nb = realloc(b, cap * 2);
			if (!nb) {
				err = ENOMEM;
				break;
			}
			b = nb;
			cap *= 2;
		}
		n = read(fd, b + size, cap - size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			break;
		}
		if (!n)
			break;
		size += n;
	}
	close(fd);
	if (err) {
		free(b);
		return err;
	}
	*buf = b;
	*len = size;
	return 0;
}

static uint32_t be32_at(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/*
 * A device-tree blob of the system, such as /sys/firmware/fdt: only the
 * part its header says is used (boot loaders pad theirs; QEMU to 1 MiB,
 * which vhypctl then read and copied at every verb), with totalsize set
 * to that.  A header that does not add up is read whole, for dt_open()
 * to say what is wrong with it.
 */
/* Up to LEN bytes of FD into BUF, as many as there are; -1 (errno) on error. */
static ssize_t read_upto(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len && (n = read(fd, (char *)buf + got, len - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		got += n;
	}
	return got;
}

int read_fdt(const char *path, size_t max, void **buf, size_t *len)
{
	unsigned char h[40], *b;
	uint64_t end, strings;
	ssize_t got;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	got = read_upto(fd, h, sizeof(h));
	if (got < 0)
		goto fail;
	end = (uint64_t)be32_at(h + 8) + be32_at(h + 36);		/* struct block */
	strings = (uint64_t)be32_at(h + 12) + be32_at(h + 32);	/* strings block */
	end = end > strings ? end : strings;
	if (got < (ssize_t)sizeof(h) || be32_at(h) != 0xd00dfeed || be32_at(h + 20) < 17 ||
	    end > be32_at(h + 4) || end > max || be32_at(h + 16) >= end) {
		close(fd);
		return read_file(path, max, buf, len);
	}
	b = malloc(end);
	if (!b) {
		close(fd);
		return ENOMEM;
	}
	memcpy(b, h, sizeof(h));
	got = read_upto(fd, b + sizeof(h), end - sizeof(h));
	if (got < 0) {
		free(b);
		goto fail;
	}
	close(fd);
	if ((uint64_t)got != end - sizeof(h)) {		/* shorter than its header says */
		free(b);
		return read_file(path, max, buf, len);
	}
	b[4] = end >> 24;	/* totalsize: what was read */
	b[5] = end >> 16;
	b[6] = end >> 8;
	b[7] = end;
	*buf = b;
	*len = end;
	return 0;
fail:
	err = errno;
	close(fd);
	return err;
}

/* Read what FD gives into *buf (growing, up to MAX) until EOF; 0 or errno. */
static int drain(int fd, char **buf, size_t *len, size_t *cap, size_t max)
{
	char *nb;
	ssize_t n;

	if (*len == *cap) {
		if (*cap >= max)
			return EFBIG;
		nb = realloc(*buf, *cap ? *cap * 2 : 4096);
		if (!nb)
			return ENOMEM;
		*buf = nb;
		*cap = *cap ? *cap * 2 : 4096;
	}
	n = read(fd, *buf + *len, *cap - *len);
	if (n < 0)
		return errno == EINTR ? 0 : errno;
	if (!n)
		return -1;	/* EOF */
	*len += n;
	return 0;
}

/* dtc's messages, one line each, as one printable clause. */
static void dtc_messages(char *s, size_t len, char *out, size_t size)
{
	size_t i, o = 0;

	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	for (i = 0; i < len && o + 5 < size; i++) {
		if (s[i] == '\n') {
			out[o++] = ';';
			out[o++] = ' ';
		} else {
			out[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
		}
	}
	out[o] = '\0';
	if (!o)
		snprintf(out, size, "it said nothing");
}

static int run_dtc(const char *path, const char *what, void **buf, size_t *len)
{
	char *argv[] = { "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "-",
			 (char *)path, NULL };
	char *out = NULL, *msg = NULL, clause[600];
	size_t olen = 0, ocap = 0, mlen = 0, mcap = 0;
	posix_spawn_file_actions_t fa;
	int opipe[2], epipe[2], status, err, open_fds = 2;
	struct pollfd pfd[2];
	pid_t pid;

	if (pipe2(opipe, O_CLOEXEC) || pipe2(epipe, O_CLOEXEC)) {
		err_msg("cannot compile %s %s: pipe: %s.", what, path, strerror(errno));
		return EXIT_ABI;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, opipe[1], 1);
	posix_spawn_file_actions_adddup2(&fa, epipe[1], 2);
	err = posix_spawnp(&pid, "dtc", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(opipe[1]);
	close(epipe[1]);
	if (err) {
		close(opipe[0]);
		close(epipe[0]);
		if (err == ENOENT) {
			err_msg("cannot compile %s %s: dtc is not installed: install device-tree-compiler (apt-get install device-tree-compiler), or give a .dtb.",
				what, path);
			return EXIT_REFUSED;
		}
		err_msg("cannot compile %s %s: cannot run dtc: %s.", what, path, strerror(err));
		return EXIT_REFUSED;
	}

	/* both pipes at once: dtc blocks if either fills */
	pfd[0] = (struct pollfd){ .fd = opipe[0], .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = epipe[0], .events = POLLIN };
	err = 0;
	while (open_fds && !err) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		if (pfd[0].revents) {
			err = drain(opipe[0], &out, &olen, &ocap, MAX_FILE);
			if (err < 0) {
				pfd[0].fd = -1;
				open_fds--;
				err = 0;
			}
		}
		if (!err && pfd[1].revents) {
			err = drain(epipe[0], &msg, &mlen, &mcap, 64 << 10);
			if (err < 0) {
				pfd[1].fd = -1;
				open_fds--;
				err = 0;
			}
		}
	}
	close(opipe[0]);
	close(epipe[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (err || !WIFEXITED(status) || WEXITSTATUS(status) || !olen) {
		if (err)
			snprintf(clause, sizeof(clause), "reading its output failed: %s", strerror(err));
		else
			dtc_messages(msg ? msg : "", mlen, clause, sizeof(clause));
		err_msg("%s %s: dtc cannot compile it: %s.", what, path, clause);
		free(out);
		free(msg);
		return EXIT_USAGE;
	}
	free(msg);
	*buf = out;
	*len = olen;
	return EXIT_OK;
}

int dtb_load(const char *path, const char *what, void **buf, size_t *len)
{
	static const unsigned char magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };
	int err;

	err = read_file(path, MAX_FILE, buf, len);
	if (err == EFBIG) {
		err_msg("%s %s: larger than %u MiB: not a config.", what, path, MAX_FILE >> 20);
		return EXIT_USAGE;
	}
	if (err) {
		err_msg("cannot read %s %s: %s.", what, path, strerror(err));
		return EXIT_USAGE;
	}
	if (*len >= 4 && !memcmp(*buf, magic, 4))
		return EXIT_OK;
	free(*buf);
	*buf = NULL;
	return run_dtc(path, what, buf, len);
}
