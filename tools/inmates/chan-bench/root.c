// SPDX-License-Identifier: GPL-2.0
/*
 * chan-bench with the root as its peer (tests/bench/chan-root.c drives
 * it), over two channels:
 *
 *   "lat"   raw (protocol.h): the root's doorbell, its handler's entry on
 *           CNTVCT.  LAT_R2C: the latency from the root's t_ring, written
 *           back, and a ring to say so.  LAT_C2R: the virtual timer set
 *           'gap' ticks ahead, long enough for the root to be asleep in
 *           poll() again; its handler writes CNTVCT and rings the root.
 *   "bulk"  the ring protocol: the doorbell's handler reads all there is,
 *           64 KiB at a time (and drops it), counts the bytes and its own
 *           time, then rings the root, whose vhyp_channel_send() waits
 *           for room.
 *
 * Everything happens in the handlers; between them the cell sleeps in WFI.
 */
#include "inmate.h"
#include "chan-bench.h"
#include "protocol.h"

static struct chan lat, bulk;
static volatile struct lat_data *ld;
static uint64_t c2r_seq;
static char sink[65536];

static void lat_doorbell(struct chan *c)
{
	uint64_t now = timer_now();
	uint64_t seq = __atomic_load_n(&ld->root.seq, __ATOMIC_ACQUIRE);

	if (seq == ld->cell.seq || seq == c2r_seq)
		return;			/* nothing new: a ring of an earlier request */
	if (ld->root.cmd == LAT_R2C) {
		ld->cell.lat = now - ld->root.t_ring;
		__atomic_store_n(&ld->cell.seq, seq, __ATOMIC_RELEASE);
		chan_ring(c);
	} else if (ld->root.cmd == LAT_C2R) {
		c2r_seq = seq;
		timer_set_deadline(now + ld->root.gap);
		timer_start();
	}
}

static void timer_irq(unsigned int intid)
{
	(void)intid;
	timer_stop();
	ld->cell.t_ring = timer_now();
	__atomic_store_n(&ld->cell.seq, c2r_seq, __ATOMIC_RELEASE);
	chan_ring(&lat);
}

static void bulk_doorbell(struct chan *c)
{
	uint64_t t0 = timer_now(), got = 0;
	size_t n;

	while ((n = chan_read(c, sink, sizeof(sink))))
		got += n;
	if (!got)
		return;
	ld->cell.bulk_ticks += timer_now() - t0;
	ld->cell.bulk_bytes += got;
	chan_ring(c);			/* room: the root's send may go on */
}

void root_main(void)
{
	if (chan_find_raw("lat", &lat) || chan_find("bulk", &bulk))
		return;
	ld = lat.data;
	irq_set_handler(TIMER_VIRT_PPI, timer_irq);
	gic_enable_irq(TIMER_VIRT_PPI);
	if (chan_irq_enable(&lat, lat_doorbell) || chan_irq_enable(&bulk, bulk_doorbell))
		return;
	__atomic_store_n(&ld->cell.ready, LAT_READY, __ATOMIC_RELEASE);
	irq_enable();
	puts("chan-bench: ready, end ");
	put_dec(lat.hdr->end);
	puts(" of channel lat, end ");
	put_dec(bulk.hdr->end);
	puts(" of channel bulk: the root drives\n");
	for (;;)
		wfi();
}
