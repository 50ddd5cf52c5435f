/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl: cell configs and system descriptions (Documentation/cell-config.md).
 *
 * Everything declared here works on flattened device trees in memory and
 * does no I/O: a cell config becomes a struct vhyp_cell_config, checked
 * against a struct vhyp_system, or the call fails with one sentence in a
 * struct cfg_err.  'vhypctl config check', 'vhypctl create' and the fuzzer
 * all call the same functions; reading files, running dtc and reading
 * /sys live elsewhere (dtb_file.c, sysfs.c).
 */
#ifndef VHYPCTL_CONFIG_H
#define VHYPCTL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vhyp/cell.h>
#include <vhyp/ioctl.h>	/* struct vhyp_channel_info: the channels that exist */

#define PAGE_4K		0x1000ull

/*
 * The largest IPA + 1, and the largest physical address + 1, that vhyp
 * maps: 48 bits with 4 KiB pages (Documentation/architecture.md).
 */
#define VHYP_ADDR_LIMIT	(1ull << 48)

/* Architectural INTID ranges of a GICv3 (IHI 0069, 2.2) */
#define GIC_SPI_BASE	32u
#define GIC_SPI_LAST	1019u
#define GIC_MAX_SPIS	(GIC_SPI_LAST + 1 - GIC_SPI_BASE)	/* 988 */

/* The frame of the emulated PL011 */
#define CONSOLE_SIZE	PAGE_4K

/* One refusal: a sentence without the "vhypctl: FILE: " prefix. */
#define CFG_ERR_LEN	640

struct cfg_err {
	char msg[CFG_ERR_LEN];
};

int cfg_fail(struct cfg_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * What vhypctl knows of a machine: from a system config (--system FILE) or
 * from the running system (/sys/firmware/fdt and the CPU lists).  Names are
 * node names, for sentences.  Limits are far above any real machine; a
 * description beyond them is refused, not truncated.
 */
#define SYS_NAME_LEN	48
#define SYS_MAX_RAM	64
#define SYS_MAX_GICR	8
#define SYS_MAX_DEV	1024
#define SYS_MAX_SPI	2048
#define SYS_MAX_RESV	64
#define SYS_MAX_ITS	16
#define SYS_MAX_SMMU	64
#define SYS_MAX_CPUS	64	/* MPIDRs listed: vhyp's CPU masks are 64 bits */

/* The bits of MPIDR_EL1 that are affinity: Aff3 [39:32], Aff2..Aff0 [23:0] */
#define MPIDR_AFFINITY	0xff00ffffffull

struct sys_range {
	char name[SYS_NAME_LEN];
	uint64_t base;
	uint64_t size;
	bool reusable;		/* reserved memory Linux lends to movable pages */
};

struct sys_spi {
	uint32_t intid;		/* 32..1019 */
	uint32_t dev;		/* index into vhyp_system.dev */
};

struct vhyp_system {
	char model[64];
	bool live;		/* derived from the running system */
	uint32_t ncpus;		/* Linux CPUs 0..ncpus-1 exist */
	uint64_t online;	/* bit n: CPU n is online, the root's to give */
	uint32_t spis;		/* SPIs the GIC implements; 0: unknown */
	struct sys_range gicd;
	struct sys_range gicr[SYS_MAX_GICR];
	uint32_t ngicr;
	struct sys_range ram[SYS_MAX_RAM];
	uint32_t nram;
	struct sys_range dev[SYS_MAX_DEV];
	uint32_t ndev;
	struct sys_spi spi[SYS_MAX_SPI];
	uint32_t nspi;
	struct sys_range resv[SYS_MAX_RESV];
	uint32_t nresv;
	/*
	 * Frames no cell may have, nor have anything at: the GIC ITSes (the
	 * root's MSIs are written through them) and the SMMUs (programmed by
	 * a cell, one would let DMA reach any memory).  They are not devices.
	 */
	struct sys_range its[SYS_MAX_ITS];
	uint32_t nits;
	struct sys_range smmu[SYS_MAX_SMMU];
	uint32_t nsmmu;
	/*
	 * The running system only: the UART the hypervisor's console is
	 * mirrored to (VHYP_GET_INFO uart_base, vhypctl enable --uart); 0:
	 * none, or vhyp not loaded.
	 */
	uint64_t hyp_uart;
	/*
	 * The running system only, while vhyp is loaded: the channels that
	 * exist (VHYP_CHANNEL_INFO), each name and cell name NUL-terminated,
	 * for cell_check_channels().  0 of them otherwise.
	 */
	struct vhyp_channel_info chan[VHYP_MAX_CHANNELS];
	uint32_t nchan;
	/*
	 * Facts vhypctl shows ('config system') and checks no rule against,
	 * each optional: every Linux CPU's MPIDR affinity, in Linux's order
	 * (0 of them: unknown; from a device tree, in the order of its CPU
	 * nodes), how PSCI is called ("smc" or "hvc"; "": unknown), and the
	 * INTID of the GIC maintenance interrupt (0: unknown).
	 */
	uint64_t mpidr[SYS_MAX_CPUS];
	uint32_t nmpidr;
	char psci_method[4];
	uint32_t maint_intid;
};

/*
 * config.c: the cell config in DTB..DTB+LEN (any alignment) into *CFG,
 * checked against *SYS, or against no machine if SYS is NULL (the rules
 * that need one are skipped; identity regions stay unresolved, ipa and
 * size 0).  Returns 0, or -1 with the reason in *ERR.
 */
int cell_config_parse(const void *dtb, size_t len, const struct vhyp_system *sys,
		      struct vhyp_cell_config *cfg, struct cfg_err *err);

/*
 * config_memory.c: the RAM region with the lowest IPA, where vhypctl load
 * places images by default; identity regions are the machine's reserved
 * memory, not RAM to place in.  NULL if there is none.
 */
const struct vhyp_cell_mem *cell_lowest_ram(const struct vhyp_cell_config *cfg);

/* config_rules.c: the rules between nodes, called by cell_config_parse(). */
struct cell_parse;
int cell_check_overlaps(const struct cell_parse *p, struct cfg_err *err);
int cell_check_system(const struct cell_parse *p, struct cfg_err *err);

/*
 * config_rules.c: refuse a cell config CFG (checked already) that would
 * map the 4 KiB page of the UART at UART, the one the hypervisor's console
 * is mirrored to (VHYP_GET_INFO uart_base; 0: none): by a device, or an
 * identity region.  RAM regions and the console are at IPAs the UART is
 * not behind.  A rule of the running hypervisor, not of the machine, so
 * not part of cell_config_parse(): 'config check' (the running system) and
 * 'create' call it.  Returns 0, or -1 with the sentence in *ERR.
 */
int cell_check_hyp_uart(const struct vhyp_cell_config *cfg, uint64_t uart,
			struct cfg_err *err);

/*
 * config_channels.c: refuse a cell config CFG (checked already) whose
 * channels do not agree with the N channels that exist, CHAN (VHYP_CHANNEL_INFO,
 * names NUL-terminated): a channel of the same name must be waiting for
 * this cell as its other end, of the same size, with the peer named as
 * that end is, and not read-only at both ends; and the new channels must
 * fit in the free ids.  A rule of the running hypervisor, like
 * cell_check_hyp_uart(): 'config check' (the running system) and 'create'
 * call it.  Returns 0, or -1 with the sentence in *ERR.
 */
int cell_check_channels(const struct vhyp_cell_config *cfg,
			const struct vhyp_channel_info *chan, uint32_t n,
			struct cfg_err *err);

/* config_virtio.c: "blk", "net", "console", "rng" for VHYP_VIRTIO_*, else "unknown" */
const char *virtio_type_name(uint32_t type);

/* A channel's window in the cell: the header page, then the data. */
static inline uint64_t chan_window(const struct vhyp_cell_channel *ch)
{
	return VHYP_CHANNEL_HDR_SIZE + ch->size;
}

/* system.c: a system config (compatible "vhyp,system") into *SYS. */
int system_parse(const void *dtb, size_t len, struct vhyp_system *sys,
		 struct cfg_err *err);

/*
 * system_live.c: the running system from its boot device tree and the
 * contents of /sys/devices/system/cpu/possible and online (CPU lists such
 * as "0-3,5").
 */
int system_from_fdt(const void *dtb, size_t len, const char *possible,
		    const char *online, struct vhyp_system *sys,
		    struct cfg_err *err);
int parse_cpu_list(const char *s, uint32_t *ncpus, uint64_t *mask);

/* Helpers shared by the above. */
#define ULL(v)	((unsigned long long)(v))	/* for %llx in sentences */

static inline bool ranges_overlap(uint64_t a, uint64_t asize, uint64_t b,
				  uint64_t bsize)
{
	return a < b + bsize && b < a + asize;
}

/* format.c: a memory region's access flags as "rwx"/"rw-"/..., in BUF[4]. */
const char *mem_access_str(uint32_t flags, char buf[4]);
/* format.c: a channel end's access: "r" with VHYP_CHAN_READONLY, else "rw" */
const char *chan_access_str(uint32_t flags);
/*
 * format.c: a channel of a cell as "peer pong, ipa 0x50000000, 64 KiB, rw,
 * doorbell INTID 40 (SPI 8)" ("r (the root rw)" with the root's access,
 * "no doorbell" without an interrupt)
 */
const char *chan_str(const struct vhyp_cell_channel *ch, char *buf, size_t len);
/*
 * format.c: a virtio device of a cell as "blk, ipa 0xc000000, INTID 80
 * (SPI 48), backend /srv/disk.img, read-only" (", mac 02:00:00:00:00:01"
 * for net; "backend a pseudo-terminal" for a console without one)
 */
const char *virtio_str(const struct vhyp_cell_virtio *v, char *buf, size_t len);
/* format.c: "02:00:00:00:00:01" in BUF[18] */
const char *mac_str(const uint8_t mac[6], char buf[18]);
/* format.c: "64 MiB", "4 KiB", "1536 MiB", "300 bytes": exact, largest unit */
const char *size_str(uint64_t size, char *buf, size_t len);
/* "0 2 3" with SEP " ": the CPUs of MASK */
const char *cpu_mask_str(uint64_t mask, const char *sep, char *buf, size_t len);

#endif
