/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhypctl: the state of one cell-config parse, shared by config.c (one
 * function per node kind) and config_rules.c (the rules between nodes and
 * against the system).  It remembers which node each entry of the flat
 * struct came from, so that a rule broken between two entries can name
 * both nodes.
 */
#ifndef VHYPCTL_CONFIG_PRIV_H
#define VHYPCTL_CONFIG_PRIV_H

#include "config.h"
#include "dt.h"

struct cell_parse {
	const struct dt *dt;
	const struct vhyp_system *sys;		/* NULL: no machine to check against */
	struct vhyp_cell_config *cfg;
	int mem_node[VHYP_CELL_MAX_MEM];
	bool mem_resolved[VHYP_CELL_MAX_MEM];	/* ipa and size known */
	int dev_node[VHYP_CELL_MAX_DEV];
	int irq_node[VHYP_CELL_MAX_IRQS];	/* the device giving irqs[i] */
	int console_node;			/* -1: none */
	int chan_node[VHYP_CELL_MAX_CHANNELS];
	int virtio_node[VHYP_CELL_MAX_VIRTIO];
	unsigned int schema;			/* the file's vhyp,schema-version */
};

#define STR_(x)	#x
#define STR(x)	STR_(x)		/* a limit such as VHYP_CELL_MAX_DEV in a sentence */

/* config.c */
extern const char valid_chars[];	/* of names, for sentences */
int check_range(const struct cell_parse *p, int node, const char *prop,
		uint64_t base, uint64_t size, struct cfg_err *err);
/* NODE's ipa and size, each one u64 if given (*HAS_IPA, *HAS_SIZE), else 0 */
int read_ipa_size(struct cell_parse *p, int node, uint64_t *ipa, int *has_ipa,
		  uint64_t *size, int *has_size, struct cfg_err *err);

/*
 * config.c: the SPIs of NODE's interrupts (3-cell GIC specifiers) as
 * INTIDs, at most MAX; and an INTID that no device of the cell has yet.
 */
int parse_spis(struct cell_parse *p, int node, uint32_t *intids,
	       unsigned int max, unsigned int *count, struct cfg_err *err);
int check_spi_free(struct cell_parse *p, int node, uint32_t intid,
		   struct cfg_err *err);
/*
 * config.c: each child of PARENT through PARSE, at most MAX (*COUNT of
 * them so far: PARSE counts), PARENT holding nothing else; HOLDS and
 * TOO_MANY complete the sentences of a property of PARENT and of a child
 * too many.
 */
int parse_children(struct cell_parse *p, int parent, const char *holds,
		   const uint32_t *count, uint32_t max, const char *too_many,
		   int (*parse)(struct cell_parse *p, int node, struct cfg_err *err),
		   struct cfg_err *err);

/* config_memory.c: /memory and its regions */
int parse_memory(struct cell_parse *p, struct cfg_err *err);

/* config_channels.c: /channels and its channels (schema 2) */
int parse_channels(struct cell_parse *p, struct cfg_err *err);

/* config_virtio.c: /virtio and its devices (schema 3) */
int parse_virtio(struct cell_parse *p, struct cfg_err *err);

#endif
