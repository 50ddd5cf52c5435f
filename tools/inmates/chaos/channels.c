// SPDX-License-Identifier: GPL-2.0
/*
 * chaos and channels: the two vhyp hypercalls open to a cell.  At the
 * start it asks for its own channels (VHYP_HC_CHANNEL_QUERY 0, 1, ..);
 * from then on its random calls ring any channel id and query any index,
 * and the answers must be the ones an end and a stranger get: a ring of
 * its own channel 0 (rung) or -ENOTCONN (the peer does not run), of any
 * other -ENOENT, exactly as for an id that does not exist; a query of one
 * of its indices what the first query said, of any other -ENOENT with no
 * register changed.  As an SMC, both are refused like any call.
 */
#include <vhyp/hypercall.h>
#include "chaos.h"

#define ENOENT		2
#define ENOTCONN	107
#define MAX_OWN		8

static unsigned int nr_own;
static uint64_t own[MAX_OWN][5];	/* x1..x5 of the query of each */

void smccc_hvc(uint64_t *a);

void chan_discover(void)
{
	uint64_t a[18];
	unsigned int i;

	for (nr_own = 0; nr_own < MAX_OWN; nr_own++) {
		for (i = 0; i < 18; i++)
			a[i] = 0;
		a[0] = VHYP_HC_CHANNEL_QUERY;
		a[1] = nr_own;
		smccc_hvc(a);
		if (a[0])
			break;
		for (i = 0; i < 5; i++)
			own[nr_own][i] = a[1 + i];
	}
	puts("chaos: ");
	put_dec(nr_own);
	puts(" channels\n");
}

/* Arguments that hit: its own ids and indices, their neighbours, any channel id. */
void chan_arguments(uint64_t *a)
{
	if ((uint32_t)a[0] == (uint32_t)VHYP_HC_CHANNEL_RING && rnd() % 2)
		a[1] = nr_own && rnd() % 2 ? own[rnd() % nr_own][0] : rnd() % 18;
	if ((uint32_t)a[0] == (uint32_t)VHYP_HC_CHANNEL_QUERY && rnd() % 2)
		a[1] = rnd() % (MAX_OWN + 2);
}

static int is_own(uint64_t id)
{
	unsigned int i;

	for (i = 0; i < nr_own; i++)
		if (own[i][0] == id)
			return 1;
	return 0;
}

/*
 * The rules of a ring or a query sent as an HVC: 1 if SENT was one (its
 * registers are checked here too), 0 to leave it to the others.
 */
int chan_rules(const uint64_t *sent, const uint64_t *got)
{
	uint32_t fn = sent[0];
	unsigned int i, from = 1;

	if (fn == (uint32_t)VHYP_HC_CHANNEL_RING) {
		if (is_own(sent[1]) ? got[0] && got[0] != (uint64_t)-ENOTCONN :
				      got[0] != (uint64_t)-ENOENT)
			wrong("a channel ring answered wrong", sent[1], got[0]);
	} else if (fn == (uint32_t)VHYP_HC_CHANNEL_QUERY) {
		if (sent[1] < nr_own) {
			if (got[0])
				wrong("a query of its own channel failed", sent[1], got[0]);
			for (i = 0; i < 5; i++)
				if (got[1 + i] != own[sent[1]][i])
					wrong("a query of its channel changed", i + 1, got[1 + i]);
			from = 6;
		} else if (got[0] != (uint64_t)-ENOENT) {
			wrong("a query past its channels not -ENOENT", sent[1], got[0]);
		}
	} else {
		return 0;
	}
	for (i = from; i < 18; i++)
		if (got[i] != sent[i])
			wrong("a channel call changed a register", i, got[i]);
	return 1;
}
