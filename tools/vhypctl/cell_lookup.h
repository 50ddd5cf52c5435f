/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl: what the cell verbs share (cell_lookup.c): finding a cell by
 * the name or id the user typed, and the names of states and exit reasons
 * as text and JSON show them.
 */
#ifndef VHYPCTL_CELL_LOOKUP_H
#define VHYPCTL_CELL_LOOKUP_H

#include <vhyp/status.h>

#include "vhypctl.h"

/* Not a state of the driver's: the cell does not exist (any more). */
#define CELL_GONE	(~0u)

/* "created", "running", ... for VHYP_CELL_*, "gone" for CELL_GONE */
const char *cell_state_name(uint32_t state);
/* the VHYP_CELL_* (or CELL_GONE) named NAME, or false */
bool cell_state_parse(const char *name, uint32_t *state);
/* "created, running, stopped, failed, reset, gone" for sentences */
extern const char cell_state_names[];

/* The names of VHYP_EXIT_LIST (uapi/vhyp/exits.h), by enum vhyp_exit_reason. */
extern const char *const cell_exit_names[VHYP_EXIT_NR];

/*
 * Find the cell the user called CELL: a name, or a number 1..VHYP_MAX_CELLS
 * taken as an id.  Fills *info.  Returns 0, ENOENT if there is no such
 * cell, or the errno of a VHYP_CELL_INFO that failed otherwise (ENOTCONN:
 * vhyp is not enabled).
 */
int cell_find(struct vhyp_dev *d, const char *cell, struct vhyp_cell_info *info);

/*
 * The same, reporting failures: "no cell NAME" (exit 2) or the errno's
 * advice.  Returns an exit code.
 */
int cell_lookup(struct vhyp_dev *d, const char *cell, struct vhyp_cell_info *info);

/*
 * For verbs that take one CELL and no option: parse the command line, open
 * the device and look the cell up.  On EXIT_OK the device is open (the
 * caller closes it); otherwise it is closed and the error was told.
 */
int cell_arg_open(const struct verb *v, int argc, char **argv, struct vhyp_dev *d,
		  struct vhyp_cell_info *info);
/* The same after the caller parsed its own options: the one CELL at optind. */
int cell_operand_open(const struct verb *v, int argc, char **argv, struct vhyp_dev *d,
		      struct vhyp_cell_info *info);

/*
 * The cells there are, in id order (VHYP_CELL_INFO of 1..VHYP_MAX_CELLS,
 * ENOENT: a free slot), *N of them; none while vhyp is not enabled, or
 * from the moment it was disabled.  Returns an exit code, the failure told.
 */
int cells_read(struct vhyp_dev *d, struct vhyp_cell_info cells[VHYP_MAX_CELLS],
	       unsigned int *n);

/*
 * VHYP_GET_CPU_STATS of every CPU of MASK (Linux numbers, below 64) into
 * ST[0..*N), in CPU order.  Returns an exit code, the failure told.
 */
int cpu_stats_read(struct vhyp_dev *d, uint64_t mask, struct vhyp_cpu_stats st[64],
		   unsigned int *n);

/* CLOCK_BOOTTIME in ns, the clock of the driver's *_ns fields */
uint64_t boottime_ns(void);
/* How long the cell has been running, 0 unless it is */
uint64_t cell_uptime_ns(const struct vhyp_cell_info *info);
/* "45s", "3m 05s", "2h 03m 05s", "4d 02h 03m" */
const char *duration_str(uint64_t ns, char *buf, size_t len);

/* The cell's name as the driver gives it, NUL-terminated whatever it sent */
const char *cell_name(const struct vhyp_cell_info *info, char buf[VHYP_CELL_NAME_LEN + 1]);

/*
 * The fields 'list --json' and 'stats --json' share, into the open object
 * of J (Documentation/vhypctl.md).
 */
void cell_json_fields(struct json *j, const struct vhyp_cell_info *info);
/*
 * "report": its payload's report (VHYP_HC_CELL_REPORT) into the open
 * object of J: null before the first, else reports, worst_ns, max_ns,
 * samples, period_samples, code.  cell_json_fields() writes it.
 */
void cell_report_json(struct json *j, const struct vhyp_cell_report *r);
/* "INDENTpayload report: worst 12.3 us over its last period, ..."; nothing before the first */
void cell_report_line(const struct vhyp_cell_report *r, const char *indent);
/* "INDENTfailed on CPU 2: REASON (ESR 0x.., FAR 0x.., PC 0x..)" */
void cell_failure_line(const struct vhyp_cell_info *info, const char *indent);

/*
 * cell_channels.c: a cell's channels, from its config and the driver's
 * channels (Documentation/vhypctl.md, list and stats).
 */
struct chan_list {
	struct vhyp_channel_info chan[VHYP_MAX_CHANNELS];
	uint32_t n;
	bool read;		/* read already (once for all cells) */
};

/* "none", "up", "gone", "restarted" for VHYP_PEER_* */
const char *peer_state_name(uint32_t state);
/* A channel of a config: name, peer, ipa, size, flags, access, peer_access, irq */
void chan_json_fields(struct json *j, const struct vhyp_cell_channel *ch);
/*
 * The config of the cell INFO into *CFG, for its channels and virtio
 * devices, and the
 * driver's channels into *LIST (zeroed before the first cell) if the cell
 * has some and they were not read yet.  A cell destroyed meanwhile has
 * none.  Returns an exit code, the failure told.
 */
int cell_chans_read(struct vhyp_dev *d, const struct vhyp_cell_info *info,
		    struct vhyp_cell_config *cfg, struct chan_list *list);
/*
 * "channels": [...] into the open object of J: each channel of CFG, its
 * config's fields and its id (null: the driver has no such channel for
 * cell ID); with COUNTERS, how the cell's end sees it: peer_state,
 * doorbells, events (null: not found).
 */
void cell_chans_json(struct json *j, const struct vhyp_cell_config *cfg,
		     const struct chan_list *list, uint32_t id, bool counters);
/* One line per channel: "  channel NAME: ...; id N, peer up, 3 doorbells, 5 events" */
void cell_chans_text(const struct vhyp_cell_config *cfg, const struct chan_list *list,
		     uint32_t id);

/*
 * cell_virtio.c: a cell's virtio devices, from its config
 * (Documentation/vhypctl.md, config check, list and stats).
 */
struct vhyp_cell_config;
/*
 * "virtio": [...] (name, type, type_name, ipa, irq, flags, read_only, mac,
 * backend) and "root_shares_ram" into the open object of J
 */
void virtio_json(struct json *j, const struct vhyp_cell_config *cfg);
/* "INDENTvirtio: root shares its RAM (blk disk, net net0)"; nothing without devices */
void virtio_list_line(const struct vhyp_cell_config *cfg, const char *indent);
/* One line per device, "  virtio NAME: ...", then the note on the cell's RAM */
void virtio_text(const struct vhyp_cell_config *cfg);

#endif
