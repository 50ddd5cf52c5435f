// SPDX-License-Identifier: GPL-2.0
/*
 * One input through every parser of tools/vhypctl/config.h, with the
 * invariants that must hold whatever the input: no crash (the sanitizers
 * watch), a refusal is one printable sentence and leaves the struct zeroed,
 * and an accepted cell config passes every check the driver makes again
 * (driver/cell.c check_config) and more.  A broken invariant aborts.
 *
 * The input is also the root's device tree a Linux cell's passed-through
 * devices are copied from (tools/vhypctl/linux_dt_dev.c): the cell's tree
 * must be built whatever it holds, valid, and each warning a sentence;
 * and the tree vhypctl create reads bus masters from (dev_node_dma.c):
 * each node's reason a printable phrase.
 *
 * LLVMFuzzerTestOneInput() is libFuzzer's entry point: tests/fuzz builds
 * this file with the CONFIG_SRCS of tools/Makefile as the fuzz target
 * 'config'.  config_parse_test.c calls it on mutations of valid configs.
 * The other fuzz targets, in tests/fuzz, use config_fuzz.h's CHECK() and
 * config_fuzz_check_refusal() too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "config.h"
#include "config_fuzz.h"
#include "dev_node.h"
#include "linux.h"

/* A machine to check against; set by the caller, or a default. */
static const struct vhyp_system *fuzz_sys;

void config_fuzz_set_system(const struct vhyp_system *sys)
{
	fuzz_sys = sys;
}

/* 1 to SIZE - 1 characters of [A-Za-z0-9_-], NUL-terminated */
static bool name_ok(const char *s, size_t size)
{
	size_t n = strnlen(s, size), i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	return n > 0 && n < size;
}

/* S..S + SIZE is a name NUL-terminated within SIZE, zero after it */
static bool zero_padded(const char *s, size_t size)
{
	size_t i = strnlen(s, size);

	if (i == size)
		return false;
	for (; i < size; i++)
		if (s[i])
			return false;
	return true;
}

/* What driver/validate.c check_channels() asks of them, and more. */
static void check_channels(const struct vhyp_cell_config *c)
{
	const struct vhyp_cell_channel *ch, *o;
	uint32_t i, j;
	bool root;

	CHECK(c->num_channels <= VHYP_CELL_MAX_CHANNELS && !c->reserved0);
	for (i = 0; i < c->num_channels; i++) {
		ch = &c->channels[i];
		root = !strcmp(ch->peer, VHYP_CHANNEL_PEER_ROOT);
		CHECK(name_ok(ch->name, sizeof(ch->name)) && zero_padded(ch->name, sizeof(ch->name)));
		CHECK(zero_padded(ch->peer, sizeof(ch->peer)));
		CHECK(root || (name_ok(ch->peer, sizeof(ch->peer)) && strcmp(ch->peer, c->name)));
		CHECK(ch->size >= PAGE_4K && ch->size <= VHYP_CHANNEL_MAX_SIZE && !(ch->size % PAGE_4K));
		CHECK(!(ch->ipa % PAGE_4K) && ch->ipa + chan_window(ch) <= VHYP_ADDR_LIMIT);
		CHECK(!(ch->flags & ~VHYP_CHAN_FLAGS) && ch->flags != VHYP_CHAN_FLAGS);
		CHECK(root || !(ch->flags & VHYP_CHAN_PEER_READONLY));
		for (j = 0; j < c->num_mem; j++)
			CHECK(!ranges_overlap(ch->ipa, chan_window(ch), c->mem[j].ipa, c->mem[j].size));
		for (j = 0; j < c->num_dev; j++)
			CHECK(!ranges_overlap(ch->ipa, chan_window(ch), c->dev[j].base, c->dev[j].size));
		if (c->console.type)
			CHECK(!ranges_overlap(ch->ipa, chan_window(ch), c->console.ipa, CONSOLE_SIZE));
		if (ch->irq) {
			CHECK(ch->irq >= GIC_SPI_BASE && ch->irq <= GIC_SPI_LAST);
			CHECK(ch->irq != c->console.irq);
			for (j = 0; j < c->num_irqs; j++)
				CHECK(ch->irq != c->irqs[j]);
		}
		for (j = 0; j < i; j++) {
			o = &c->channels[j];
			CHECK(strcmp(o->name, ch->name));
			CHECK(!ranges_overlap(ch->ipa, chan_window(ch), o->ipa, chan_window(o)));
			CHECK(!ch->irq || ch->irq != o->irq);
		}
	}
	for (; i < VHYP_CELL_MAX_CHANNELS; i++)
		CHECK(zero_padded((const char *)&c->channels[i], sizeof(c->channels[i])));
}

/* The rules of config_virtio.c (Documentation/cell-config.md, /virtio). */
static void check_virtio(const struct vhyp_cell_config *c)
{
	const struct vhyp_cell_virtio *v, *o;
	uint32_t i, j;
	bool has_mac;

	CHECK(c->num_virtio <= VHYP_CELL_MAX_VIRTIO && !c->reserved1);
	for (i = 0; i < c->num_virtio; i++) {
		v = &c->virtio[i];
		has_mac = v->mac[0] | v->mac[1] | v->mac[2] | v->mac[3] | v->mac[4] | v->mac[5];
		CHECK(name_ok(v->name, sizeof(v->name)) && zero_padded(v->name, sizeof(v->name)));
		CHECK(v->type >= VHYP_VIRTIO_NET && v->type <= VHYP_VIRTIO_RNG);
		CHECK(!(v->ipa % PAGE_4K) && v->ipa + VHYP_VIRTIO_WINDOW <= VHYP_ADDR_LIMIT);
		CHECK(!(v->flags & ~VHYP_VIRTIO_FLAGS) && !v->reserved);
		CHECK(v->type == VHYP_VIRTIO_BLK || !(v->flags & VHYP_VIRTIO_READONLY));
		CHECK(v->type == VHYP_VIRTIO_NET || !has_mac);
		CHECK(!(v->mac[0] & 1));
		CHECK(zero_padded(v->backend, sizeof(v->backend)));
		CHECK(v->type != VHYP_VIRTIO_RNG || !v->backend[0]);
		CHECK(v->type != VHYP_VIRTIO_BLK || v->backend[0] == '/');
		CHECK(v->type != VHYP_VIRTIO_NET || (v->backend[0] && strlen(v->backend) <= 15 &&
						     !strchr(v->backend, '/')));
		CHECK(v->irq >= GIC_SPI_BASE && v->irq <= GIC_SPI_LAST && v->irq != c->console.irq);
		for (j = 0; j < c->num_irqs; j++)
			CHECK(v->irq != c->irqs[j]);
		for (j = 0; j < c->num_channels; j++) {
			CHECK(v->irq != c->channels[j].irq);
			CHECK(!ranges_overlap(v->ipa, VHYP_VIRTIO_WINDOW, c->channels[j].ipa,
					      chan_window(&c->channels[j])));
		}
		for (j = 0; j < c->num_mem; j++)
			CHECK(!ranges_overlap(v->ipa, VHYP_VIRTIO_WINDOW, c->mem[j].ipa, c->mem[j].size));
		for (j = 0; j < c->num_dev; j++)
			CHECK(!ranges_overlap(v->ipa, VHYP_VIRTIO_WINDOW, c->dev[j].base, c->dev[j].size));
		if (c->console.type)
			CHECK(!ranges_overlap(v->ipa, VHYP_VIRTIO_WINDOW, c->console.ipa, CONSOLE_SIZE));
		for (j = 0; j < i; j++) {
			o = &c->virtio[j];
			CHECK(strcmp(o->name, v->name) && o->irq != v->irq);
			CHECK(!ranges_overlap(v->ipa, VHYP_VIRTIO_WINDOW, o->ipa, VHYP_VIRTIO_WINDOW));
		}
	}
	for (; i < VHYP_CELL_MAX_VIRTIO; i++)
		CHECK(zero_padded((const char *)&c->virtio[i], sizeof(c->virtio[i])));
}

void config_fuzz_check_cell(const struct vhyp_cell_config *c, bool resolved)
{
	uint32_t i, j;

	CHECK(c->size == sizeof(*c) && c->schema == VHYP_CELL_SCHEMA);
	CHECK(!(c->flags & ~VHYP_CELL_FLAGS));
	CHECK(name_ok(c->name, sizeof(c->name)));
	CHECK(c->cpus != 0);
	CHECK(c->num_mem >= 1 && c->num_mem <= VHYP_CELL_MAX_MEM);
	CHECK(c->num_dev <= VHYP_CELL_MAX_DEV && c->num_irqs <= VHYP_CELL_MAX_IRQS);
	for (i = 0; i < sizeof(c->reserved) / sizeof(c->reserved[0]); i++)
		CHECK(!c->reserved[i]);
	for (i = 0; i < c->num_mem; i++) {
		const struct vhyp_cell_mem *m = &c->mem[i];

		CHECK(name_ok(m->name, sizeof(m->name)) && !m->reserved);
		CHECK(!(m->flags & ~VHYP_MEM_FLAGS) && (m->flags & VHYP_MEM_READ));
		if (!m->size) {		/* only an identity region without a system */
			CHECK(!resolved && (m->flags & VHYP_MEM_IDENTITY) && !m->ipa);
			continue;
		}
		CHECK(!(m->ipa % PAGE_4K) && !(m->size % PAGE_4K));
		CHECK(m->ipa + m->size > m->ipa && m->ipa + m->size <= VHYP_ADDR_LIMIT);
		for (j = 0; j < i; j++)
			CHECK(!ranges_overlap(m->ipa, m->size, c->mem[j].ipa, c->mem[j].size));
	}
	for (i = 0; i < c->num_dev; i++) {
		const struct vhyp_cell_dev *d = &c->dev[i];

		CHECK(name_ok(d->name, sizeof(d->name)));
		CHECK(d->size && !(d->base % PAGE_4K) && !(d->size % PAGE_4K));
		CHECK(d->base + d->size > d->base && d->base + d->size <= VHYP_ADDR_LIMIT);
		for (j = 0; j < c->num_mem; j++)
			CHECK(!ranges_overlap(d->base, d->size, c->mem[j].ipa, c->mem[j].size));
		for (j = 0; j < i; j++)
			CHECK(!ranges_overlap(d->base, d->size, c->dev[j].base, c->dev[j].size));
	}
	for (i = 0; i < c->num_irqs; i++) {
		CHECK(c->irqs[i] >= GIC_SPI_BASE && c->irqs[i] <= GIC_SPI_LAST);
		CHECK(c->irqs[i] != c->console.irq);
		for (j = 0; j < i; j++)
			CHECK(c->irqs[i] != c->irqs[j]);
	}
	for (; i < VHYP_CELL_MAX_IRQS; i++)
		CHECK(!c->irqs[i]);
	CHECK(c->console.type <= VHYP_CONSOLE_PL011 && !(c->console.ipa % PAGE_4K));
	if (c->console.type == VHYP_CONSOLE_NONE)
		CHECK(!c->console.ipa && !c->console.irq);
	if (c->console.irq)
		CHECK(c->console.irq >= GIC_SPI_BASE && c->console.irq <= GIC_SPI_LAST);
	check_channels(c);
	check_virtio(c);
}

static void check_system(const struct vhyp_system *s)
{
	uint32_t i;

	CHECK(s->nram >= 1 && s->nram <= SYS_MAX_RAM && s->ndev <= SYS_MAX_DEV);
	CHECK(s->ngicr >= 1 && s->ngicr <= SYS_MAX_GICR && s->gicd.size);
	CHECK(s->nspi <= SYS_MAX_SPI && s->nresv <= SYS_MAX_RESV && s->spis <= GIC_MAX_SPIS);
	for (i = 0; i < s->nspi; i++)
		CHECK(s->spi[i].dev < s->ndev && s->spi[i].intid >= GIC_SPI_BASE &&
		      s->spi[i].intid <= GIC_SPI_LAST);
	for (i = 0; i < s->ndev; i++)
		CHECK(s->dev[i].size && strnlen(s->dev[i].name, SYS_NAME_LEN) < SYS_NAME_LEN);
	CHECK(s->nits <= SYS_MAX_ITS && s->nsmmu <= SYS_MAX_SMMU && !s->hyp_uart && !s->nchan);
	CHECK(s->nmpidr <= SYS_MAX_CPUS && (!s->maint_intid || (s->maint_intid >= 16 &&
								s->maint_intid < 32)));
	CHECK(!*s->psci_method || !strcmp(s->psci_method, "smc") ||
	      !strcmp(s->psci_method, "hvc"));
	for (i = 0; i < s->nmpidr; i++)
		CHECK(!(s->mpidr[i] & ~MPIDR_AFFINITY));
	for (i = 0; i < s->nits; i++)
		CHECK(s->its[i].size && s->its[i].base + s->its[i].size > s->its[i].base &&
		      strnlen(s->its[i].name, SYS_NAME_LEN) < SYS_NAME_LEN);
	for (i = 0; i < s->nsmmu; i++)
		CHECK(s->smmu[i].size && s->smmu[i].base + s->smmu[i].size > s->smmu[i].base &&
		      strnlen(s->smmu[i].name, SYS_NAME_LEN) < SYS_NAME_LEN);
}

/*
 * A Linux cell with devices where config_parse_test.c's boot tree has them,
 * a channel and a virtio disk.
 */
static const struct vhyp_cell_config *linux_cell(void)
{
	static const uint64_t devs[] = { 0x2800d000, 0x2800e000, 0x28034000, 0x28000000 };
	static const uint32_t irqs[] = { 116, 117, 92 };
	static struct vhyp_cell_config c;
	unsigned int i;

	if (c.size)
		return &c;
	c.size = sizeof(c);
	c.schema = VHYP_CELL_SCHEMA;
	strcpy(c.name, "fuzz");
	c.cpus = 0x3;
	c.num_mem = 1;
	c.mem[0] = (struct vhyp_cell_mem){ .name = "ram", .ipa = 0x40000000, .size = 0x10000000,
					   .flags = VHYP_MEM_READ | VHYP_MEM_WRITE };
	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		c.dev[c.num_dev++] = (struct vhyp_cell_dev){ .name = "dev", .base = devs[i],
							     .size = PAGE_4K };
	for (i = 0; i < sizeof(irqs) / sizeof(irqs[0]); i++)
		c.irqs[c.num_irqs++] = irqs[i];
	c.console = (struct vhyp_cell_console){ VHYP_CONSOLE_PL011, 33, 0x9000000 };
	c.channels[c.num_channels++] = (struct vhyp_cell_channel){
		.name = "link", .peer = "root", .ipa = 0x60000000, .size = 0x10000,
		.flags = VHYP_CHAN_PEER_READONLY, .irq = 40,
	};
	c.virtio[c.num_virtio++] = (struct vhyp_cell_virtio){
		.name = "disk", .type = VHYP_VIRTIO_BLK, .irq = 80, .ipa = 0x0c000000,
		.backend = "/srv/disk.img",
	};
	return &c;
}

static unsigned int linux_warnings;

static void check_warning(const char *s)
{
	size_t i, len = strlen(s);

	CHECK(len > 0 && len < CFG_ERR_LEN);
	for (i = 0; i < len; i++)
		CHECK(s[i] >= 0x20 && s[i] < 0x7f);
	linux_warnings++;
}

unsigned int config_fuzz_linux_dt(const void *root, size_t len, void **dtb, size_t *dtb_len)
{
	static struct vhyp_system sys = {
		.gicd = { .base = 0x30800000, .size = 0x10000 },
		.gicr = { { .base = 0x30880000, .size = 0x80000 } },
		.ngicr = 1,
	};
	struct linux_boot b = { .cfg = linux_cell(), .sys = &sys, .root_fdt = root,
				.root_len = len, .root_name = "the root's tree",
				.warn = check_warning };
	struct cfg_err err = { "" };

	linux_warnings = 0;
	CHECK(!linux_dt_build(&b, dtb, dtb_len, &err));
	CHECK(!fdt_check_full(*dtb, *dtb_len));
	return linux_warnings;
}

/* Every node of the tree through dev_node_dma(), and the cell's devices matched. */
static void check_bus_masters(const void *root, size_t len)
{
	int node[VHYP_CELL_MAX_DEV], n = 0, depth = 0;
	char why[96];
	struct cfg_err err;
	struct dt dt;
	unsigned int i;

	if (dt_open(&dt, root, len, &err))
		return;
	dev_node_match(&dt, linux_cell(), node);
	for (i = 0; i < VHYP_CELL_MAX_DEV; i++)
		CHECK(node[i] == -1 || (i < linux_cell()->num_dev && node[i] > 0));
	for (;;) {
		n = fdt_next_node(dt.fdt, n, &depth);
		if (n < 0 || depth < 1)
			break;
		if (!dev_node_dma(&dt, n, why, sizeof(why)))
			continue;
		CHECK(!strncmp(why, "it ", 3) && strlen(why) < sizeof(why));
		for (i = 0; why[i]; i++)
			CHECK(why[i] >= 0x20 && why[i] < 0x7f);
	}
	dt_close(&dt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *dtb;
	size_t dtb_len;
	static struct vhyp_system sys;
	struct vhyp_cell_config cfg;
	struct cfg_err err;

	/* a cell config, alone and against a machine */
	memset(&err, 0, sizeof(err));
	if (cell_config_parse(data, size, NULL, &cfg, &err))
		config_fuzz_check_refusal(&err, &cfg, sizeof(cfg));
	else
		config_fuzz_check_cell(&cfg, false);
	if (fuzz_sys) {
		if (cell_config_parse(data, size, fuzz_sys, &cfg, &err))
			config_fuzz_check_refusal(&err, &cfg, sizeof(cfg));
		else
			config_fuzz_check_cell(&cfg, true);
	}

	/* a system config, and a boot device tree */
	if (system_parse(data, size, &sys, &err))
		config_fuzz_check_refusal(&err, NULL, 0);
	else
		check_system(&sys);
	if (system_from_fdt(data, size, "0-7", "0-5", &sys, &err))
		config_fuzz_check_refusal(&err, NULL, 0);
	else
		check_system(&sys);

	/* the root's device tree of a Linux cell, and of vhypctl create's warnings */
	config_fuzz_linux_dt(data, size, &dtb, &dtb_len);
	free(dtb);
	check_bus_masters(data, size);
	return 0;
}
