// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated MMIO: a data abort with a valid syndrome (ISV) names the
 * register, the size and the direction; anything else (a load pair, a
 * write-back addressing mode) cannot be emulated and is the caller's to
 * refuse.
 */
#include "hyp.h"
#include "mmio.h"

#define ESR_ISV		BIT(24)
#define ESR_SAS(esr)	(((esr) >> 22) & 3)
#define ESR_SSE		BIT(21)		/* a load that sign-extends */
#define ESR_SRT(esr)	(((esr) >> 16) & 0x1f)
#define ESR_SF		BIT(15)		/* into a 64-bit register: else Wt */
#define ESR_WNR		BIT(6)

bool mmio_decode(struct hyp_regs *regs, u64 esr, u64 off, struct mmio *m)
{
	if (!(esr & ESR_ISV))
		return false;
	m->off = off;
	m->size = 1U << ESR_SAS(esr);
	m->write = esr & ESR_WNR;
	m->rt = ESR_SRT(esr);
	m->sign_extend = esr & ESR_SSE;
	m->wide = esr & ESR_SF;
	m->val = 0;
	if (m->write && m->rt != 31)
		m->val = regs->x[m->rt];
	if (m->size < 8)
		m->val &= (1ULL << (8 * m->size)) - 1;
	return true;
}

/*
 * The read's value into its register as the load would have put it there
 * (LDRSB/LDRSH/LDRSW sign-extend, a W register gets its upper half
 * cleared), and on past the instruction.
 */
void mmio_finish(struct hyp_regs *regs, const struct mmio *m)
{
	unsigned int bits = 8 * m->size;
	u64 v = m->val;

	if (!m->write && m->rt != 31) {
		if (bits < 64) {
			v &= (1ULL << bits) - 1;
			if (m->sign_extend && (v & (1ULL << (bits - 1))))
				v |= ~0ULL << bits;
		}
		if (!m->wide)
			v &= 0xffffffffULL;
		regs->x[m->rt] = v;
	}
	skip_instr(regs);
}
