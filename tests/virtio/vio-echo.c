// SPDX-License-Identifier: GPL-2.0
/*
 * vio-echo: the root's side of the virtio trap-path test (tests/qemu/
 * scenarios/virtio.sh), straight on the driver's file (uapi/vhyp/
 * virtio.h), no virtio device model:
 *
 *   vio-echo create NAME CPUS    a cell NAME on CPUS (a mask): 64 MiB of RAM at
 *                                0x40000000, a PL011 console, virtio
 *                                device "vio0" (rng) at 0x0a000000 with
 *                                INTID 142 (what tools/inmates/vio-test
 *                                expects); prints its id
 *   vio-echo serve ID LOG        the backend: each record as a line in LOG
 *                                ("W dev off size val", "R dev off size",
 *                                "RESET"); a read of offset OFF is answered
 *                                PATTERN ^ OFF, cut to its size by the
 *                                hypervisor; a write at 0x70 raises the
 *                                device's interrupt, VAL times
 *   vio-echo open ID             opens the file and says how that went
 *   vio-echo peek ID IPA LEN     maps LEN bytes of RAM at IPA, prints the
 *                                u64 at IPA; "poke" writes VAL there too
 *   vio-echo hold ID IPA         maps a page of RAM at IPA and reads it
 *                                until it is revoked (SIGBUS): "revoked"
 *   vio-echo keep ID SECS        opens the file, sleeps, then says what
 *                                read() and poll() give
 *
 * Every failure is a line on stderr and a non-zero exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vhyp/ioctl.h>

#define PATTERN		0x1122334455667788ULL
#define VIO_IPA		0x0a000000ULL
#define VIO_IRQ		142
#define IRQ_OFF		0x70

static int dev(void)
{
	int fd = open("/dev/vhyp", O_RDWR);

	if (fd < 0) {
		perror("vio-echo: /dev/vhyp");
		exit(1);
	}
	return fd;
}

static int vio_open(unsigned int id, int quiet)
{
	struct vhyp_virtio_open req = { .size = sizeof(req), .cell = id };
	int fd = ioctl(dev(), VHYP_VIRTIO_OPEN, &req);

	if (fd < 0 && !quiet) {
		fprintf(stderr, "vio-echo: VHYP_VIRTIO_OPEN of cell %u: %s\n", id, strerror(errno));
		exit(1);
	}
	return fd;
}

static int create(const char *name, uint64_t cpus)
{
	static struct vhyp_cell_config c;
	int id;

	c.size = sizeof(c);
	c.schema = VHYP_CELL_SCHEMA;
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.cpus = cpus;
	c.num_mem = 1;
	snprintf(c.mem[0].name, sizeof(c.mem[0].name), "ram");
	c.mem[0].ipa = 0x40000000;
	c.mem[0].size = 64 << 20;
	c.mem[0].flags = VHYP_MEM_READ | VHYP_MEM_WRITE | VHYP_MEM_EXEC;
	c.console.type = VHYP_CONSOLE_PL011;
	c.console.ipa = 0x09000000;
	c.console.irq = 33;
	c.num_virtio = 1;
	snprintf(c.virtio[0].name, sizeof(c.virtio[0].name), "vio0");
	c.virtio[0].type = VHYP_VIRTIO_RNG;
	c.virtio[0].irq = VIO_IRQ;
	c.virtio[0].ipa = VIO_IPA;
	id = ioctl(dev(), VHYP_CELL_CREATE, &c);
	if (id < 0) {
		fprintf(stderr, "vio-echo: create %s: %s\n", name, strerror(errno));
		return 1;
	}
	printf("%d\n", id);
	return 0;
}

static int raise_irq(int fd)
{
	struct vhyp_virtio_irq irq = { .size = sizeof(irq), .dev = 0 };

	return ioctl(fd, VHYP_VIRTIO_IRQ, &irq);
}

static int serve(unsigned int id, const char *log)
{
	struct vhyp_virtio_req reqs[16];
	FILE *out = fopen(log, "a");
	int fd = vio_open(id, 0);
	ssize_t n, i;
	uint64_t k;

	if (!out) {
		perror(log);
		return 1;
	}
	setvbuf(out, NULL, _IOLBF, 0);
	fprintf(out, "OPEN\n");
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return 1;
		if (p.revents & (POLLHUP | POLLERR)) {
			fprintf(out, "HUP\n");
			return 0;
		}
		n = read(fd, reqs, sizeof(reqs));
		if (n < 0 && errno == EAGAIN)
			continue;
		if (n < 0) {
			fprintf(out, "ERR %s\n", strerror(errno));
			return errno == ENODEV ? 0 : 1;
		}
		for (i = 0; i < n / (ssize_t)sizeof(reqs[0]); i++) {
			struct vhyp_virtio_req *r = &reqs[i];

			if (r->flags & VHYP_VIRTIO_REQ_RESET) {
				fprintf(out, "RESET\n");
			} else if (r->flags & VHYP_VIRTIO_REQ_WRITE) {
				fprintf(out, "W %u %#x %u %#llx\n", r->dev, r->off, r->size,
					(unsigned long long)r->val);
				for (k = 0; r->off == IRQ_OFF && k < r->val; k++)
					if (raise_irq(fd))
						fprintf(out, "IRQ %s\n", strerror(errno));
			} else {
				struct vhyp_virtio_answer a = { r->seq, PATTERN ^ r->off };

				fprintf(out, "R %u %#x %u\n", r->dev, r->off, r->size);
				if (write(fd, &a, sizeof(a)) != sizeof(a))
					fprintf(out, "ANSWER %s\n", strerror(errno));
			}
		}
	}
}

static sigjmp_buf revoked;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(revoked, 1);
}

static volatile uint64_t *map_ram(int fd, uint64_t ipa, uint64_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       VHYP_VIRTIO_MMAP_RAM + ipa);

	if (p == MAP_FAILED) {
		fprintf(stderr, "vio-echo: mmap of %#llx bytes at IPA %#llx: %s\n",
			(unsigned long long)len, (unsigned long long)ipa, strerror(errno));
		exit(1);
	}
	return p;
}

int main(int argc, char **argv)
{
	unsigned int id = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	volatile uint64_t *p;
	int fd;

	if (argc == 4 && !strcmp(argv[1], "create"))
		return create(argv[2], strtoull(argv[3], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "serve"))
		return serve(id, argv[3]);
	if (argc == 3 && !strcmp(argv[1], "open")) {
		fd = vio_open(id, 1);
		printf("open: %s\n", fd < 0 ? strerror(errno) : "ok");
		return fd < 0;
	}
	if ((argc == 5 && !strcmp(argv[1], "peek")) || (argc == 6 && !strcmp(argv[1], "poke"))) {
		p = map_ram(vio_open(id, 0), strtoull(argv[3], NULL, 0), strtoull(argv[4], NULL, 0));
		if (argc == 6)
			*p = strtoull(argv[5], NULL, 0);
		printf("%#llx\n", (unsigned long long)*p);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "hold")) {
		p = map_ram(vio_open(id, 0), strtoull(argv[3], NULL, 0), 4096);
		signal(SIGBUS, on_sigbus);
		if (sigsetjmp(revoked, 1)) {
			printf("revoked\n");
			return 0;
		}
		printf("mapped %#llx\n", (unsigned long long)*p);
		fflush(stdout);
		for (;;) {
			(void)*p;
			usleep(100000);
		}
	}
	if (argc == 4 && !strcmp(argv[1], "keep")) {
		struct vhyp_virtio_req r;
		struct pollfd p = { .events = POLLIN };

		p.fd = fd = vio_open(id, 0);
		printf("kept\n");
		fflush(stdout);
		sleep(strtoul(argv[3], NULL, 0));
		poll(&p, 1, 0);
		printf("poll: %s%s\n", p.revents & POLLHUP ? "HUP " : "",
		       p.revents & POLLIN ? "IN" : "");
		printf("read: %s\n", read(fd, &r, sizeof(r)) < 0 ? strerror(errno) : "a record");
		return 0;
	}
	fprintf(stderr, "usage: vio-echo create NAME CPUS | serve ID LOG | open ID |\n"
		"       peek ID IPA LEN | poke ID IPA LEN VAL | hold ID IPA | keep ID SECS\n");
	return 2;
}
