/* SPDX-License-Identifier: GPL-2.0 */
/* An emulated MMIO access, decoded from a data abort's syndrome (mmio.c). */
#ifndef _VHYP_MMIO_H
#define _VHYP_MMIO_H

#include <linux/types.h>
#include "cpu.h"

struct mmio {
	u64 off;		/* from the emulated device's base */
	u64 val;		/* written, or to be read */
	unsigned int size;	/* 1, 2, 4 or 8 bytes */
	bool write;
	bool sign_extend;	/* the load sign-extends (ESR.SSE) */
	bool wide;		/* into an X register (ESR.SF), else a W one */
	unsigned int rt;
};

bool mmio_decode(struct hyp_regs *regs, u64 esr, u64 off, struct mmio *m);
void mmio_finish(struct hyp_regs *regs, const struct mmio *m);

#endif
