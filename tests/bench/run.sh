#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: the benchmarks, in QEMU (cortex-a57, 4 CPUs, GICv3) under
# -icount shift=0,sleep=off, where one virtual nanosecond is one executed
# instruction, so the figures repeat from run to run and from machine to
# machine.  Prints a table (median and spread of each figure) and writes
# it to bench/results.md and into README.md (between its bench markers),
# and timer-demo's latency histogram, cell against bare machine, to
# bench/latency.png (gnuplot).  The interrupt figures (timer-demo's latency,
# smp-demo's SGI round trip) are taken in cells and on the bare machine;
# the Linux-cell ones (boot to userspace, a CPU-bound and a syscall-heavy
# workload) in a cell running Debian's kernel and in the root before vhyp
# is enabled.  The NVMe ones (4 KiB reads from the root's NVMe disk, whose
# MSI-X are LPIs, and what one interrupt delivered to the root costs while
# vhyp is enabled) with vhyp disabled and enabled.  The channel ones (a
# doorbell's latency cell -> cell, cell -> root and root -> cell, and the
# ring protocol's throughput root -> cell against memcpy()) with cells of
# the payload chan-bench and the root's tests/bench/chan-root.
#
# The virtio ones (a Linux cell's virtio disk against the root reading the
# same disk itself, its virtio-net link to the root) with Debian's 6.1
# kernel in the cell (scenarios/bench-virtio.sh).
#
# The stress ones (timer-demo's latency and smp-demo's SGI round trip, each
# over 10^5 samples, min/median/99.99 %/max, with the root quiet and then
# under each stressor of scenarios/bench-stress.sh and all at once), on the
# root kernel series of VHYP_BENCH_KERNEL (6.1; several, space-separated,
# e.g. "6.1 6.12-rt", give a set of columns each).
#
#   tests/bench/run.sh [REPS] [core|nvme|channel|virtio|stress]
#
# core: the first tables alone (vhypctl, hypercall, root workload, the
# interrupts quiet in a cell and on the bare machine, Linux in a cell, and
# the cell-against-bare panel of latency.png); the sections' tables in
# bench/results.md stay as they were.
#
# nvme, channel, virtio, stress: that section alone (about two minutes, one;
# stress: see stress_section): its table
# replaces the one in bench/results.md (between its bench:nvme or
# bench:channel markers, added at the end if absent) and README.md; the
# other figures stay as they were.  The section's table is written even
# when its run fails (the disk stops under vhyp, say), with what was
# measured; run.sh then exits 1.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
reps=5 only=
for a in "$@"; do
	case $a in
	core|nvme|channel|virtio|stress)	only=$a ;;
	''|*[!0-9]*)	echo "usage: tests/bench/run.sh [REPS] [core|nvme|channel|virtio|stress]" >&2; exit 2 ;;
	*)		reps=$a ;;
	esac
done
log=$top/tests/out/bench-root.log
bench=$top/bench
table=$bench/results.md
mkdir -p "$bench"

# name [LOG] -> sorted values; median, min, max
stats() {
	grep -a "TAP: # BENCH $1 " "${2:-$log}" | awk '{ print $5 }' | sort -n |
		awk '{ v[NR] = $1 } END {
			if (!NR) { print "- - -"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m, v[1], v[NR] }'
}

# section_put BLOCK BEGIN END: the table's section between its markers
# BEGIN and END becomes BLOCK (which has them too), or BLOCK is added at
# the table's end; BLOCK is removed.
section_put() {
	if grep -qxF "$2" "$table" 2>/dev/null; then
		awk -v blk="$1" -v b="$2" -v e="$3" '
			$0 == b { while ((getline l < blk) > 0) print l; skip = 1; next }
			$0 == e { skip = 0; next }
			!skip' "$table" >"$table.new" && mv "$table.new" "$table"
	else
		{ [ ! -s "$table" ] || echo; cat "$1"; } >>"$table"
	fi
	rm -f "$1"
}

# The NVMe section (scenarios/bench-nvme.sh): READS 4 KiB O_DIRECT reads
# in a row on CPU 1, REPS runs with vhyp disabled, then REPS enabled.  The
# disk is QEMU's nvme on the null-co driver (run.sh --nvme null:64M):
# reads give zeros at once, no host I/O thread in the way.  Figures:
#   - reads per second of virtual time (the guest's clock), as asked of a
#     disk; but when every vCPU waits for the device, -icount moves the
#     clock on to the next timer deadline, so this one varies with when
#     the host's main loop completed each request (by 2x between runs);
#   - instructions per read, all CPUs together, from INST_RETIRED, which
#     QEMU counts exactly under -icount and without those jumps
#     (tests/bench/inscount.c): steady to a few percent;
#   - the same less the machine's background: the instructions an idle
#     second takes in that state (timer ticks, RCU, ...), per virtual ns,
#     times the run's virtual time.  The warps make a run's virtual time,
#     and so its background, vary; what is left is the reads' own work;
#   - the cost of one MSI delivered to the root while enabled: (reads'
#     own instructions enabled - disabled) / the disk's MSIs enabled.
#     Under vhyp every physical interrupt of the root is taken at EL2 and
#     injected (HCR_EL2.IMO); nothing else of a read traps (the doorbell
#     is the root's own MMIO), so the difference is the interrupts' cost
#     (the timer ticks' is in the background).
nvme_begin='<!-- bench:nvme:start -->'
nvme_end='<!-- bench:nvme:end -->'
nvme_failed=
nvme_section() {
	local nlog=$top/tests/out/bench-nvme.log reads=4096 block
	local offns offmin offmax onns onmin onmax offi offimin offimax oni onimin onimax
	local offm onm offq onq offbi offbn onbi onbn
	make -s -C "$top/tests/bench" || { nvme_failed="tests/bench/inscount did not build"; return 0; }
	VHYP_EXTRA_FILES="$top/tests/bench/inscount" \
		"$top/tests/qemu/run.sh" --icount --nvme null:64M --timeout 300 \
		bench-nvme "$reps" "$reads" || nvme_failed="the NVMe benchmark run failed"
	read -r offns offmin offmax < <(stats nvme_off_ns "$nlog")
	read -r onns onmin onmax < <(stats nvme_on_ns "$nlog")
	read -r offi offimin offimax < <(stats nvme_off_insns "$nlog")
	read -r oni onimin onimax < <(stats nvme_on_insns "$nlog")
	read -r offm _ _ < <(stats nvme_off_msis "$nlog")
	read -r onm _ _ < <(stats nvme_on_msis "$nlog")
	read -r offq _ _ < <(stats nvme_off_irqs "$nlog")
	read -r onq _ _ < <(stats nvme_on_irqs "$nlog")
	read -r offbi _ _ < <(stats nvme_off_idle_insns "$nlog")
	read -r offbn _ _ < <(stats nvme_off_idle_ns "$nlog")
	read -r onbi _ _ < <(stats nvme_on_idle_insns "$nlog")
	read -r onbn _ _ < <(stats nvme_on_idle_ns "$nlog")
	block=$(mktemp)
	awk -v r="$reads" -v reps="$reps" -v b="$nvme_begin" -v e="$nvme_end" \
	    -v fn="$offns" -v fnl="$offmax" -v fnh="$offmin" -v nn="$onns" -v nnl="$onmax" -v nnh="$onmin" \
	    -v fi="$offi" -v fil="$offimin" -v fih="$offimax" -v ni="$oni" -v nil="$onimin" -v nih="$onimax" \
	    -v fm="$offm" -v nm="$onm" -v fq="$offq" -v nq="$onq" \
	    -v fbi="$offbi" -v fbn="$offbn" -v nbi="$onbi" -v nbn="$onbn" '
	function ok(x) { return x != "-" && x != "" }
	function rate(ns) { return sprintf("%.0f", r * 1e9 / ns) }
	BEGIN {
		print b
		print "| NVMe disk, 4 KiB O_DIRECT reads (" r " in a row on CPU 1; median of " reps " runs, spread) | vhyp disabled | vhyp enabled | enabled vs disabled |"
		print "|---|---|---|---|"
		f = ok(fn) ? rate(fn) " (" rate(fnl) "–" rate(fnh) ")" : "—"
		n = ok(nn) ? rate(nn) " (" rate(nnl) "–" rate(nnh) ")" : "—"
		x = ok(fn) && ok(nn) ? sprintf("%.2fx", fn / nn) : "—"
		print "| reads per second of virtual time (the guest clock) | " f " | " n " | " x " |"
		f = ok(fi) ? sprintf("%.0f (%.0f–%.0f)", fi / r, fil / r, fih / r) : "—"
		n = ok(ni) ? sprintf("%.0f (%.0f–%.0f)", ni / r, nil / r, nih / r) : "—"
		x = ok(fi) && ok(ni) ? sprintf("%+.1f %%", (ni / fi - 1) * 100) : "—"
		print "| instructions per read, all CPUs (INST_RETIRED) | " f " | " n " | " x " |"
		f = ok(fi) ? sprintf("%.0f", 1e9 * r / fi) : "—"
		n = ok(ni) ? sprintf("%.0f", 1e9 * r / ni) : "—"
		x = ok(fi) && ok(ni) ? sprintf("%.3fx", fi / ni) : "—"
		print "| reads per second if instructions were all (10^9 / instructions per read) | " f " | " n " | " x " |"
		f = ok(fq) ? sprintf("%.2f (%.2f)", fq / r, fm / r) : "—"
		n = ok(nq) ? sprintf("%.2f (%.2f)", nq / r, nm / r) : "—"
		print "| interrupts taken per read (of which the disk'"'"'s MSIs) | " f " | " n " | |"
		bf = ok(fbi) && ok(fbn) && fbn > 0 && ok(fi) && ok(fn)
		bn = ok(nbi) && ok(nbn) && nbn > 0 && ok(ni) && ok(nn)
		af = bf ? fi - fbi / fbn * fn : 0
		an = bn ? ni - nbi / nbn * nn : 0
		f = bf ? sprintf("%.0f (%.0f per idle ms)", af / r, fbi / fbn * 1e6) : "—"
		n = bn ? sprintf("%.0f (%.0f per idle ms)", an / r, nbi / nbn * 1e6) : "—"
		x = bf && bn ? sprintf("%+.1f %%", (an / af - 1) * 100) : "—"
		print "| instructions per read less the idle background (its rate) | " f " | " n " | " x " |"
		n = bf && bn && ok(nm) && nm > 0 ? sprintf("%.0f", (an - af) / nm) : "—"
		print "| one MSI delivered to the root while enabled (instructions) | | " n " | |"
		print ""
		print "The disk is QEMU'"'"'s nvme on its null-co driver: requests end at once, with no"
		print "host I/O thread in the way. Virtual time still includes the jumps -icount"
		print "makes to the next timer deadline while every CPU waits for the device, which"
		print "depend on the host: hence its spread. Instructions (all CPUs, counted by QEMU"
		print "under -icount, tests/bench/inscount.c) do not, but the machine'"'"'s background"
		print "(timer ticks and the like) grows with the virtual time a run takes: it is"
		print "taken out at the rate an idle second shows in the same state. An MSI'"'"'s cost"
		print "is (the reads'"'"' own instructions enabled - disabled) / the disk'"'"'s MSIs, the"
		print "root'"'"'s interrupts all being taken at EL2 under vhyp."
		if (!ok(nn))
			print "No enabled figure: the enabled runs did not complete (tests/out/bench-nvme.log)."
		print e
	}' >"$block"
	section_put "$block" "$nvme_begin" "$nvme_end"
}

# The channel section (scenarios/bench-channel.sh): cells of the payload
# chan-bench (tools/inmates/chan-bench) and the root's chan-root
# (tests/bench/chan-root.c), nothing else running meanwhile.  Figures:
#   - cell -> cell: two cells on CPUs 2 and 3 over the 4 KiB channel
#     'bell'.  End 0 rings (VHYP_HC_CHANNEL_RING); end 1's doorbell
#     handler notes the time from just before the hypercall to its entry,
#     and its main loop rings back, end 0's handler noting the same: REPS
#     batches of CHAN_SAMPLES rings each way, 100 us apart, the rung cell
#     asleep in WFI.  The clock is the cycle counter (the cells have
#     'pmu;'), one count a virtual ns under -icount, whose origin each cell
#     finds against CNTVCT so that the two CPUs agree to the ns (CNTVCT
#     alone moves in 16 ns steps).  Both directions together; also the
#     round trip, which holds end 1's return from its handler and EOI, and
#     the ringer's hypercall alone (its part of the latency).  QEMU runs
#     the CPUs in turn in one thread, and a ringer keeps the turn until it
#     sleeps: both ends sleep right after ringing, so that the figure is
#     the doorbell's path, not the ringer's other work;
#   - cell -> root: the cell (CPU 1) writes CNTVCT into the raw channel
#     'lat' and rings, 1 ms after chan-root asked it to; chan-root, pinned
#     to CPU 0 (where the root's doorbell, the virtual maintenance
#     interrupt, is taken) and blocked in poll() on the channel's file,
#     reads CNTVCT as poll() returns;
#   - root -> cell: chan-root writes CNTVCT into 'lat' and rings by
#     write() on the file, 1 ms after the last; the cell's doorbell handler
#     reads CNTVCT first thing.  Both root figures in 16 ns steps, REPS
#     batches of CHAN_SAMPLES;
#   - throughput root -> cell: CHAN_MIB MiB from one 1 MiB buffer by
#     vhyp_channel_send() through the 1 MiB channel 'bulk' (a 256 KiB
#     ring each way), until the cell has read all, the cell reading all
#     there is on each doorbell into a buffer of its own and ringing back
#     when it has made room; against memcpy() of as many bytes into a
#     1 MiB buffer by chan-root, alternately, REPS times each.  Under
#     -icount the one clock counts the instructions of every CPU, the
#     root's copy into the ring and the cell's out of it one after the
#     other, where hardware runs them side by side: a reader that copied
#     as cheaply as memcpy() would halve the rate by itself.  The table
#     gives the cell's share of the time.
CHAN_SAMPLES=1000 CHAN_MIB=64
# batches NAME LOG -> of its batches' min, median and max: the median of the
# medians, the least min, the largest max
batches() {
	local med min max
	read -r med _ _ < <(stats "chan_$1_median_ns" "$2")
	read -r _ min _ < <(stats "chan_$1_min_ns" "$2")
	read -r _ _ max < <(stats "chan_$1_max_ns" "$2")
	echo "$med $min $max"
}
chan_begin='<!-- bench:channel:start -->'
chan_end='<!-- bench:channel:end -->'
chan_failed=
channel_section() {
	local clog=$top/tests/out/bench-channel.log f files='' block
	local cp cpmin cpmax sd sdmin sdmax sc
	make -s -C "$top/tests/bench" || { chan_failed="tests/bench/chan-root did not build"; return 0; }
	for f in chan-bell0 chan-bell1 chan-root; do
		dtc -q -I dts -O dtb -o "$top/tests/out/$f.dtb" "$top/tests/bench/$f.dts"
		files+=" $top/tests/out/$f.dtb"
	done
	VHYP_EXTRA_FILES="$files $top/tests/bench/chan-root" \
		"$top/tests/qemu/run.sh" --icount --timeout 600 \
		bench-channel "$reps" "$CHAN_SAMPLES" "$CHAN_MIB" || chan_failed="the channel benchmark run failed"
	read -r cp cpmin cpmax < <(stats chan_memcpy_ns "$clog")
	read -r sd sdmin sdmax < <(stats chan_send_ns "$clog")
	read -r sc _ _ < <(stats chan_send_cell_ns "$clog")
	block=$(mktemp)
	awk -v b="$chan_begin" -v e="$chan_end" -v reps="$reps" -v s="$CHAN_SAMPLES" -v mib="$CHAN_MIB" \
	    -v c="$(batches c2c "$clog")" -v rt="$(batches c2c_rtt "$clog")" \
	    -v hv="$(batches c2c_hvc "$clog")" -v cr="$(batches c2r "$clog")" \
	    -v rc="$(batches r2c "$clog")" -v cp="$cp $cpmax $cpmin" -v sd="$sd $sdmax $sdmin" \
	    -v sc="$sc" '
	function ok(x) { return x != "-" && x != "" }
	function lat(name, v,   a) {
		split(v, a, " ")
		if (!ok(a[1]))
			print "| " name " | — | |"
		else
			printf "| %s | %.0f | %.0f–%.0f |\n", name, a[1], a[2], a[3]
	}
	# MiB/s of virtual time: median run, then slowest–fastest
	function rate(v,   a) {
		split(v, a, " ")
		return ok(a[1]) ? sprintf("%.0f (%.0f–%.0f)", mib * 1e9 / a[1], mib * 1e9 / a[2], mib * 1e9 / a[3]) : "—"
	}
	BEGIN {
		split(cp, p, " "); split(sd, q, " ")
		print b
		print "| channels: doorbell latency (ns = instructions; median of " reps " batches of " s ", spread min–max of all) | median | spread (min–max) |"
		print "|---|---|---|"
		lat("cell → cell: ring hypercall to the peer cell'"'"'s handler, both ways", c)
		lat("… of which the ringer'"'"'s hypercall, to its return", hv)
		lat("cell → cell → cell: round trip, the answering handler'"'"'s EOI in it", rt)
		lat("cell → root: the cell'"'"'s ring to poll() returning in a root process (16 ns steps)", cr)
		lat("root → cell: write() on the channel'"'"'s file to the cell'"'"'s handler (16 ns steps)", rc)
		print ""
		print "| channels: throughput root → cell, " mib " MiB in 1 MiB pieces (MiB/s of virtual time; median of " reps ", slowest–fastest) | ring protocol, 1 MiB channel | memcpy() in the root | ratio |"
		print "|---|---|---|---|"
		x = ok(p[1]) && ok(q[1]) ? sprintf("%.0f %%", p[1] / q[1] * 100) : "—"
		print "| MiB/s | " rate(sd) " | " rate(cp) " | " x " |"
		x = ok(sc) && ok(q[1]) ? sprintf("%.0f %%", sc / q[1] * 100) : "—"
		print "| the cell'"'"'s doorbell handler reading, share of the channel'"'"'s time | " x " | | |"
		print ""
		split(c, cc, " "); split(hv, hh, " ")
		if (ok(cc[1]) && ok(hh[1])) {
			printf "Issue 14 aims at a cell → cell doorbell under 1 µs of virtual time:\n%s.\n",
				(cc[1] < 1000 ? "met" : sprintf("missed, by %.0f ns (%.0f %%)", cc[1] - 1000, (cc[1] / 1000 - 1) * 100))
			printf "Of its %.0f ns, %.0f are the ringer'"'"'s hypercall (its kick of the other CPU\n", cc[1], hh[1]
			printf "included) and %.0f the rung CPU'"'"'s: its exit to the hypervisor for the kick,\n", cc[1] - hh[1]
			print "the injection, the return to the cell, the vector and the payload"
			print "library'"'"'s dispatch to the handler."
		}
		if (ok(p[1]) && ok(q[1]) && ok(sc)) {
			printf "It aims at root ↔ cell throughput of at least half of memcpy()'"'"'s:\n%s.\n",
				(p[1] / q[1] >= 0.5 ? "met" : sprintf("missed, at %.0f %% of it", p[1] / q[1] * 100))
			printf "Per MiB the root spent %.0f µs (memcpy() alone: %.0f), the cell'"'"'s handler\n",
				(q[1] - sc) / mib / 1e3, p[1] / mib / 1e3
			printf "%.0f, copying with the payload library'"'"'s memcpy(), 64 bytes a step (LDP/STP pairs).\n", sc / mib / 1e3
		}
		print "Under -icount QEMU runs the CPUs one after the other and its clock counts"
		print "the instructions of all: the root'"'"'s copy into the ring and the cell'"'"'s out"
		print "of it follow each other, where hardware runs them side by side, so that"
		print "a reader as cheap as memcpy() would make the rate half of memcpy()'"'"'s by"
		print "itself. The cell → cell figures are timed by the cells'"'"' cycle counters,"
		print "whose origins are found against the counter (tests/bench/run.sh says"
		print "how); the root'"'"'s by the counter alone."
		if (!ok(q[1]) || !ok(cc[1]))
			print "Figures missing: the run did not complete (tests/out/bench-channel.log)."
		print e
	}' >"$block"
	section_put "$block" "$chan_begin" "$chan_end"
}

# The virtio section (scenarios/bench-virtio.sh): the root's NVMe disk
# (null-co, 256 MiB) read by the root, then by a Linux cell through its
# virtio disk backed by that disk; the cell's virtio-net link.  The guests'
# clocks (centiseconds of virtual time), median of REPS runs.
vio_begin='<!-- bench:virtio:start -->'
vio_end='<!-- bench:virtio:end -->'
vio_failed=
virtio_section() {
	local vlog=$top/tests/out/bench-virtio.log kernel block
	kernel=$(ls "$top"/.cache/kernel/6.1/boot/vmlinuz-* 2>/dev/null | head -n 1)
	"$top/tests/linux-cell/mkinitrd.sh" --kernel 6.1 \
		--kmods virtio_mmio,virtio_blk,virtio_net,virtio_console,virtio-rng,crc32c_generic,ext4 \
		"$top/tests/out/linux-virtio-6.1.cpio.gz" || { vio_failed="no initramfs"; return 0; }
	VHYP_EXTRA_FILES="$kernel $top/tests/out/linux-virtio-6.1.cpio.gz:/lib/vhyp-tests/linux-virtio.cpio.gz" \
		"$top/tests/qemu/run.sh" --icount --nvme null:256M --kmods tun --timeout 1800 \
		bench-virtio "$(basename "$kernel")" "$reps" || vio_failed="the virtio benchmark run failed"
	block=$(mktemp)
	awk -v b="$vio_begin" -v e="$vio_end" -v reps="$reps" \
	    -v rs="$(stats virtio_root_seq_cs "$vlog")" -v cs="$(stats virtio_cell_seq_cs "$vlog")" \
	    -v r4="$(stats virtio_root_4k_cs "$vlog")" -v c4="$(stats virtio_cell_4k_cs "$vlog")" \
	    -v ni="$(stats virtio_net_in_cs "$vlog")" -v no="$(stats virtio_net_out_cs "$vlog")" \
	    -v pg="$(stats virtio_ping_us "$vlog")" '
	function ok(x) { return x != "-" && x != "" && x > 0 }
	function med(v,   a) { split(v, a, " "); return a[1] }
	BEGIN {
		print b
		print "| virtio (Linux 6.1 in a cell; virtual time, median of " reps " runs) | the root, its own disk | the cell, virtio | cell vs root |"
		print "|---|---|---|---|"
		r = med(rs); c = med(cs)
		printf "| sequential read, 256 MiB in 1 MiB O_DIRECT reads (MiB/s) | %s | %s | %s |\n",
			ok(r) ? sprintf("%.0f", 256 * 100 / r) : "—", ok(c) ? sprintf("%.0f", 256 * 100 / c) : "—",
			ok(r) && ok(c) ? sprintf("%.0f %%", r / c * 100) : "—"
		r = med(r4); c = med(c4)
		printf "| 4 KiB O_DIRECT reads per second (2048 in a row) | %s | %s | %s |\n",
			ok(r) ? sprintf("%.0f", 2048 * 100 / r) : "—", ok(c) ? sprintf("%.0f", 2048 * 100 / c) : "—",
			ok(r) && ok(c) ? sprintf("%.0f %%", r / c * 100) : "—"
		c = med(c4)
		printf "| one 4 KiB read in the cell, QueueNotify to its used-buffer interrupt and back (µs) | | %s | |\n",
			ok(c) ? sprintf("%.0f", c * 1e4 / 2048) : "—"
		i = med(ni); o = med(no); p = med(pg)
		printf "| virtio-net, 64 MiB root → cell (MiB/s) | | %s | |\n", ok(i) ? sprintf("%.1f", 64 * 100 / i) : "—"
		printf "| virtio-net, 64 MiB cell → root (MiB/s) | | %s | |\n", ok(o) ? sprintf("%.1f", 64 * 100 / o) : "—"
		printf "| ping cell → root, average round trip (µs) | | %s | |\n", ok(p) ? p : "—"
		print ""
		print "The disk is QEMU'"'"'s null-co driver behind the root'"'"'s NVMe controller: reads give"
		print "zeros at once, so what is measured is each path'"'"'s own cost; random and"
		print "sequential 4 KiB reads cost the same.  Times are the guests'"'"' /proc/uptime"
		print "(centiseconds) under -icount.  Issue 15 aims at the cell'"'"'s disk reads at 80 %"
		print "of the root'"'"'s or more, and one notification round trip under 20 µs; the 4 KiB"
		print "figure above is a whole block request, notification included."
		print e
	}' >"$block"
	section_put "$block" "$vio_begin" "$vio_end"
}

# The stress section (scenarios/bench-stress.sh, run.sh --smp 10 --nvme
# null:256M, under the same -icount): timer-demo (its period 50 us) and
# smp-demo (a ping every 50 us, 'f' to each) in cells of their own,
# STRESS_SECS (6) of virtual time per stressor (10^5 deadlines of
# timer-demo's; smp-demo's pings wait for the last answer, so that it gets
# fewer when its round trips grow), the root quiet, then
# under each stressor alone, then all at once.  Each demo's histogram
# (lib/hist.c: 16 ns buckets to 16 us, then buckets twice as wide each, and
# the exact max) gives min, median, 99.99th percentile and max.  The raw
# histograms stay in tests/out/stress-SERIES/STRESSOR-DEMO.hist ("lowest
# ns of the bucket, count"), the console in tests/out/bench-stress-SERIES.log.
# STRESS_SECS and STRESSORS (a subset, in that order) shorten it for trying.
# VHYP_BENCH_KERNEL: the root's kernel series, one set of columns each (a
# series other than 6.1 needs make -C tests/modules vhyp-SERIES first).
# Figures are virtual time, and under -icount QEMU runs the vCPUs in turn
# in one thread: a cell's interrupt whose deadline passes while a busy root
# CPU has the turn waits for the end of that CPU's turn.  That wait is
# the emulator's, in every stressed figure; the table says so.
STRESS_SECS=${STRESS_SECS:-6}
STRESSORS=${STRESSORS:-quiet fork mem disk console cells linux hotplug poll all traced}
stress_begin='<!-- bench:stress:start -->'
stress_end='<!-- bench:stress:end -->'
stress_failed=
stress_wall=
# stress_split LOG DIR: the log's SHIST/SMAX lines into DIR/STRESSOR-DEMO.hist
# and DIR/STRESSOR-DEMO.max
stress_split() {
	rm -rf "$2" && mkdir -p "$2"
	grep -a "TAP: # SHIST " "$1" | awk -v d="$2" '{ print $6, $7 > (d "/" $4 "-" $5 ".hist") }'
	grep -a "TAP: # SMAX " "$1" | awk -v d="$2" '{ print $6, $7 > (d "/" $4 "-" $5 ".max") }'
}
# stress_figures DIR STRESSOR DEMO -> "min median p99.99 max samples", or "- - - - -"
stress_figures() {
	local h=$1/$2-$3.hist m=$1/$2-$3.max
	[ -s "$h" ] || { echo "- - - - -"; return; }
	sort -n "$h" | awk -v mx="$(cat "$m" 2>/dev/null)" '
		{ lo[NR] = $1; c[NR] = $2; n += $2 }
		END {
			split(mx, x, " ")
			for (i = 1; i <= NR; i++) {
				t += c[i]
				if (med == "" && t >= n * 0.5) med = lo[i]
				if (p == "" && t >= n * 0.9999) p = lo[i]
			}
			# samples: in the histogram, N/COUNT when lines were lost
			print lo[1], edge(med), edge(p), (x[1] != "" ? x[1] : "-"), (x[2] == "" || x[2] == n ? n : n "/" x[2]) }
		# past the linear 16 ns buckets (16384 ns), a bucket twice as wide
		# as the last: its lowest ns, which the figure is at or above
		function edge(v) { return v >= 16384 ? "≥" v : v }'
}
# stress_runs: the QEMU runs, a series each
stress_runs() {
	local series kernel slog files f
	make -s -C "$top/tools/inmates" || { stress_failed="the payloads did not build"; return 0; }
	"$top/tests/linux-cell/mkinitrd.sh" "$top/tests/out/linux-cell.cpio.gz" ||
		{ stress_failed="no initramfs for the Linux cell"; return 0; }
	files=
	for f in stress-timer stress-smp stress-flood stress-loop stress-linux; do
		dtc -q -I dts -O dtb -o "$top/tests/out/$f.dtb" "$top/tests/bench/$f.dts"
		files+=" $top/tests/out/$f.dtb"
	done
	for series in ${VHYP_BENCH_KERNEL:-6.1}; do
		kernel=$(ls "$top"/.cache/kernel/"$series"/boot/vmlinuz-* 2>/dev/null | head -n 1)
		if [ -z "$kernel" ]; then
			stress_failed+="no kernel $series in .cache (tools/setup.sh $series); "
			continue
		fi
		slog=$top/tests/out/bench-stress-$series.log
		VHYP_EXTRA_FILES="$files $kernel $top/tests/out/linux-cell.cpio.gz" \
			"$top/tests/qemu/run.sh" --icount --smp 10 --nvme null:256M --kernel "$series" \
			--suffix "$series" --timeout 5400 \
			bench-stress "$(basename "$kernel")" "$STRESS_SECS" $STRESSORS ||
			stress_failed+="the stress run on $series failed; "
	done
}
# stress_section: the runs (none with STRESS_REUSE=1: the table and the plot
# made again from the consoles of the last), the table, latency.png
stress_section() {
	local series dir block t0=$SECONDS wall
	[ -n "${STRESS_REUSE:-}" ] || stress_runs
	for series in ${VHYP_BENCH_KERNEL:-6.1}; do
		stress_split "$top/tests/out/bench-stress-$series.log" "$top/tests/out/stress-$series"
	done
	stress_wall=$((SECONDS - t0))
	block=$(mktemp)
	{
		echo "$stress_begin"
		for series in ${VHYP_BENCH_KERNEL:-6.1}; do
			dir=$top/tests/out/stress-$series
			echo "| root ($series kernel) under | timer-demo: deadline → handler, min / median / 99.99 % / max (ns) | samples | smp-demo: SGI round trip, min / median / 99.99 % / max (ns) | samples | Jailhouse, same QEMU (timer) |"
			echo "|---|---|---|---|---|---|"
			for st in $STRESSORS; do
				read -r tmin tmed tp tmax tn < <(stress_figures "$dir" "$st" timer)
				read -r smin smed sp smax sn < <(stress_figures "$dir" "$st" smp)
				j=
				[ "$st" != quiet ] || j="241–258"
				echo "| $st | $tmin / $tmed / $tp / $tmax | $tn | $smin / $smed / $sp / $smax | $sn | $j |"
			done
			echo
			grep -a "TAP: # SDONE " "$top/tests/out/bench-stress-$series.log" 2>/dev/null |
				sed 's/.*TAP: # SDONE \([a-z]*\) \(.*\)/- \1: \2/' | tr -d '\r'
			echo
		done
		cat <<-'EOT'
		ns are virtual (QEMU -icount shift=0: one ns per instruction of any CPU),
		QEMU virt at -smp 10: the root on CPUs 0-2, timer-demo on 9 (its period
		50 us), smp-demo on 7 and 8 (a ping every 50 us), both throughout; each
		row's figures are from STRESS_SECS s of virtual time with the stressor
		running (tests/qemu/scenarios/bench-stress.sh says what each does; the
		list above, what it did in that time). Medians and percentiles are the
		lowest ns of their histogram bucket: 16 ns (one counter tick) to 16 µs,
		then buckets twice as wide each; max is exact. The Jailhouse figure
		is timer to handler with the root quiet, measured once in the same QEMU
		and quoted.
		
		timer-demo's deadlines do not move when one is late (each is the last
		plus the period), so one stall of S ns gives S / 50 us samples spread
		over 0..S, as cyclictest without skipping would: a few stalls make the
		median of a row. smp-demo sends its next ping only after the answer
		(or its 200 ms timeout), so that it gets fewer samples where round
		trips are long.

		Under -icount QEMU (7.2) runs all vCPUs in turn on one host thread
		(accel/tcg/tcg-accel-ops-rr.c): each round, every runnable vCPU gets a
		budget of (virtual time to the machine's next timer deadline) /
		(number of vCPUs) instructions, and an interrupt raised for a vCPU is
		taken when its turn comes. A cell's deadline passing while busy root
		CPUs hold the turn waits for their budgets; with the cell's own next
		deadline not yet set, the machine's next one may be the root's tick,
		4 ms away (HZ=250). Part of every stressed figure is that wait, the
		emulator's and not the hypervisor's. The traced row tells them
		apart: all stressors again with the EL2 trace on (every exit then
		takes the C path, so its own latencies are the C path's); its
		notes above give, per measured CPU, how long its interrupt exits
		stayed at EL2 (vhyp's part) and how late the latest timer
		interrupt reached EL2 at all (the emulator's turns; on hardware,
		the GIC's delivery). The raw histograms are kept in
		tests/out/stress-SERIES/. The histograms: [latency.png](latency.png).
		EOT
		for series in ${VHYP_BENCH_KERNEL:-6.1}; do
			wall=$(sed -n 's/^vhyp-run: QEMU exit status .* after \([0-9]*\) s$/\1/p' \
				"$top/tests/out/bench-stress-$series.log" 2>/dev/null)
			[ -z "$wall" ] || echo "The $series run took $((wall / 60)) min of wall time (QEMU's, on a shared 2-core x86-64 host)."
		done
		[ -z "$stress_failed" ] || echo "Incomplete: $stress_failed(tests/out/bench-stress-*.log)."
		echo "$stress_end"
	} | sed "s/STRESS_SECS s/$STRESS_SECS s/" >"$block"
	section_put "$block" "$stress_begin" "$stress_end"
	latency_plot
}

# bench/latency.png: timer-demo's histogram in a cell against the bare
# machine (the interrupt figures), and a panel per stressor of the stress
# section, each demo's CCDF (the share of samples at or beyond a latency,
# log-log) under it and quiet; whichever of them has its data.
latency_plot() {
	local series=${VHYP_BENCH_KERNEL:-6.1} dir panels=0 st d plots rows
	series=${series%% *}
	dir=$top/tests/out/stress-$series
	# DIR/STRESSOR-DEMO.ccdf: "ns share" from the histogram
	for st in $STRESSORS; do
		for d in timer smp; do
			[ -s "$dir/$st-$d.hist" ] || continue
			sort -n "$dir/$st-$d.hist" | awk '{ lo[NR] = $1; c[NR] = $2; n += $2 }
				END { t = n; for (i = 1; i <= NR; i++) { print lo[i], t / n; t -= c[i] } }' \
				>"$dir/$st-$d.ccdf"
		done
		[ -s "$dir/$st-timer.ccdf" ] && panels=$((panels + 1))
	done
	[ -s "$bench/latency-cell.dat" ] && [ -s "$bench/latency-bare.dat" ] && panels=$((panels + 1))
	[ $panels -gt 0 ] || { echo "bench: no histogram to draw: no latency.png" >&2; return 0; }
	rows=$(((panels + 2) / 3))
	{
		echo "set terminal pngcairo size 1500,$((rows * 420))"
		echo "set output '$bench/latency.png'"
		echo "set multiplot layout $rows,3 title 'vhyp: interrupt latency (QEMU -icount: ns = instructions of all CPUs)'"
		echo "set logscale xy; set grid; set key top right font ',8'"
		if [ -s "$bench/latency-cell.dat" ] && [ -s "$bench/latency-bare.dat" ]; then
			echo "set title 'timer-demo, every interrupt: cell vs bare machine'"
			echo "set xlabel 'latency (ns)'; set ylabel 'interrupts'; set xrange [8:32768]; set yrange [0.5:*]"
			echo "plot '$bench/latency-bare.dat' using (\$1 + 8):2 with impulses lw 4 title 'bare machine', \\"
			echo "     '$bench/latency-cell.dat' using (\$1 + 8):2 with impulses lw 4 title 'in a vhyp cell'"
		fi
		echo "set xrange [16:3e7]; set yrange [1e-6:1.5]; set format x '10^{%L}'; set format y '10^{%L}'"
		echo "set ylabel 'share of samples ≥ x'; set xlabel 'latency (ns)'"
		for st in $STRESSORS; do
			[ -s "$dir/$st-timer.ccdf" ] || continue
			echo "set title 'root ($series): $st'"
			plots="'$dir/$st-timer.ccdf' using (\$1 + 8):2 with steps lw 2 lc rgb '#c00000' title 'timer-demo'"
			[ -s "$dir/$st-smp.ccdf" ] &&
				plots+=", '$dir/$st-smp.ccdf' using (\$1 + 8):2 with steps lw 2 lc rgb '#0060c0' title 'smp-demo SGI rtt'"
			if [ "$st" != quiet ] && [ -s "$dir/quiet-timer.ccdf" ]; then
				plots+=", '$dir/quiet-timer.ccdf' using (\$1 + 8):2 with steps dt 2 lc rgb '#c08080' title 'timer, quiet'"
				[ -s "$dir/quiet-smp.ccdf" ] &&
					plots+=", '$dir/quiet-smp.ccdf' using (\$1 + 8):2 with steps dt 2 lc rgb '#80a0c0' title 'smp, quiet'"
			fi
			echo "plot $plots"
		done
		echo "unset multiplot"
	} | gnuplot || echo "bench: gnuplot failed: no latency.png" >&2
}

# The README shows the latest table, between its two bench markers.
readme_sync() {
	local readme=$top/README.md
	if grep -q '^<!-- bench:start -->$' "$readme" && grep -q '^<!-- bench:end -->$' "$readme"; then
		awk -v t="$table" '
			/^<!-- bench:start -->$/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
			/^<!-- bench:end -->$/ { skip = 0 }
			!skip' "$readme" >"$readme.new" && mv "$readme.new" "$readme"
	fi
}

# What a section's failed run leaves to say; 1 if any did.
sections_failed() {
	[ -z "$nvme_failed" ] || echo "bench: $nvme_failed; console in tests/out/bench-nvme.log" >&2
	[ -z "$chan_failed" ] || echo "bench: $chan_failed; console in tests/out/bench-channel.log" >&2
	[ -z "$vio_failed" ] || echo "bench: $vio_failed; console in tests/out/bench-virtio.log" >&2
	[ -z "$stress_failed" ] || echo "bench: ${stress_failed%; }; consoles in tests/out/bench-stress-*.log" >&2
	[ -n "$nvme_failed$chan_failed$vio_failed$stress_failed" ]
}

if [ -n "$only" ] && [ "$only" != core ]; then
	"${only}_section"
	readme_sync
	cat "$table"
	[ "$only" != stress ] || echo "bench: the stress section took $stress_wall s of wall time"
	echo "bench: the $only table in ${table#"$top"/} and README.md written"
	sections_failed && exit 1
	exit 0
fi

dtc -q -I dts -O dtb -o "$top/tests/out/cell-1g.dtb" "$top/tests/bench/cell-1g.dts"
VHYP_EXTRA_FILES="$top/tests/out/cell-1g.dtb" \
	"$top/tests/qemu/run.sh" --icount --timeout 1800 bench-root "$reps" || {
	echo "bench: the benchmark run failed; console in ${log#"$top"/}" >&2
	exit 1
}

# Interrupts: timer-demo and smp-demo in cells, then on the bare machine.
irqlog=$top/tests/out/bench-irqs.log
barelog=$top/tests/out/bench-bare.log
dtc -q -I dts -O dtb -o "$top/tests/out/cell-smp.dtb" "$top/tests/qemu/cell-smp.dts"
VHYP_EXTRA_FILES="$top/tests/out/cell-smp.dtb" \
	"$top/tests/qemu/run.sh" --icount --timeout 900 bench-irqs 12 || {
	echo "bench: the interrupt benchmark failed; console in ${irqlog#"$top"/}" >&2
	exit 1
}
# the same lines as bench-irqs.sh makes of a cell's console, for the bare
# runs; timer-demo's histogram ('h', typed near the end) as HIST lines
figures() {	# PREFIX BENCHNAME < console
	grep "^$1" | tail -n +3 |
		sed -n "s|.*min/avg/max = \([0-9]*\)/\([0-9]*\)/\([0-9]*\) ns.*|TAP: # BENCH $2_min_ns \1 ns\nTAP: # BENCH $2_avg_ns \2 ns\nTAP: # BENCH $2_max_ns \3 ns|p"
}
bare_timer=$top/tests/out/bench-bare-timer.log
"$top/tests/bench/baremetal.sh" --icount --input h timer-demo 10 >"$bare_timer"
{
	figures "timer-demo: [0-9]* irqs" timer <"$bare_timer"
	sed -n 's/^timer-demo: hist \([0-9]*\) \([0-9]*\)$/TAP: # HIST \1 \2/p' "$bare_timer"
	"$top/tests/bench/baremetal.sh" --icount smp-demo 10 | figures "smp-demo: cpu 1:" sgi_rtt
} >"$barelog"

# Linux in a cell: boot to userspace, workloads in the cell and in the bare root.
linuxlog=$top/tests/out/bench-linux.log
kernel=$(ls "$top"/.cache/kernel/6.1/boot/vmlinuz-* | head -n 1)
"$top/tests/linux-cell/mkinitrd.sh" "$top/tests/out/linux-cell.cpio.gz"
VHYP_EXTRA_FILES="$kernel $top/tests/out/linux-cell.cpio.gz" \
	"$top/tests/qemu/run.sh" --icount --timeout 1800 bench-linux "$(basename "$kernel")" "$reps" || {
	echo "bench: the Linux-cell benchmark failed; console in ${linuxlog#"$top"/}" >&2
	exit 1
}

read -r en enmin enmax < <(stats enable_ns)
read -r dn dnmin dnmax < <(stats disable_ns)
read -r hc hcmin hcmax < <(stats hypercall_ns)
read -r off offmin offmax < <(stats workload_off_ns)
read -r on onmin onmax < <(stats workload_on_ns)
# whole vhypctl commands, less what timing an empty command costs
read -r ov _ _ < <(stats timing_overhead_ns)
net() {	# NAME -> median, min, max less the overhead
	stats "$1" | awk -v o="$ov" '{ print $1 - o, $2 - o, $3 - o }'
}
read -r cc ccmin ccmax < <(net cell_create_ns)
read -r cl clmin clmax < <(net cell_load_ns)
read -r cs csmin csmax < <(net cell_start_ns)
read -r cd cdmin cdmax < <(net cell_destroy_ns)
read -r cg cgmin cgmax < <(net cell_create_1g_ns)
read -r lb _ _ < <(stats linux_boot_to_user_ns "$linuxlog")
read -r rc _ _ < <(stats root_cpu_ns "$linuxlog")
read -r lc _ _ < <(stats cell_cpu_ns "$linuxlog")
read -r rs _ _ < <(stats root_syscall_ns "$linuxlog")
read -r ls _ _ < <(stats cell_syscall_ns "$linuxlog")
for what in timer sgi_rtt; do
	for w in min avg max; do
		read -r "c_${what}_$w" _ _ < <(stats "${what}_${w}_ns" "$irqlog")
		read -r "b_${what}_$w" _ _ < <(stats "${what}_${w}_ns" "$barelog")
	done
done

# Jailhouse, measured in this same QEMU (cortex-a57, 4 CPUs, -icount
# shift=0,sleep=off, Debian 6.1), patched to load on a stock kernel: the
# peer to beat, from the project's brief.  Not measured here.
jh() {
	case $1 in
	enable) echo "3.4" ;; disable) echo "1.7" ;; create) echo "32.6" ;;
	load) echo "1.6" ;; start) echo "1.7" ;; destroy) echo "41.6" ;;
	timer) echo "241–258 ns" ;; *) echo "" ;;
	esac
}
row() {	# NAME SCALE DECIMALS MEDIAN MIN MAX [JAILHOUSE]
	awk -v n="$1" -v s="$2" -v d="$3" -v a="$4" -v b="$5" -v c="$6" -v j="${7:-}" 'BEGIN {
		f = "%." d "f"
		printf "| %s | " f " | " f "–" f " | %s |\n", n, a / s, b / s, c / s, j }'
}

{
	echo "| figure (QEMU virt, cortex-a57, 4 CPUs, -icount shift=0) | median | spread (min–max) | Jailhouse, same QEMU |"
	echo "|---|---|---|---|"
	row "vhypctl enable (ms)" 1e6 2 "$en" "$enmin" "$enmax" "$(jh enable)"
	row "vhypctl disable (ms)" 1e6 2 "$dn" "$dnmin" "$dnmax" "$(jh disable)"
	row "empty hypercall round trip (ns = instructions)" 1 0 "$hc" "$hcmin" "$hcmax"
	row "root workload, vhyp disabled (ms)" 1e6 1 "$off" "$offmin" "$offmax"
	row "root workload, vhyp enabled (ms)" 1e6 1 "$on" "$onmin" "$onmax"
	awk -v a="$on" -v b="$off" 'BEGIN { printf "| root workload slowdown (enabled / disabled - 1) | %+.2f %% | | |\n", (a/b - 1) * 100 }'
	row "vhypctl create, 64 MiB cell (ms)" 1e6 2 "$cc" "$ccmin" "$ccmax" "$(jh create)"
	row "vhypctl load (hello.bin) (ms)" 1e6 2 "$cl" "$clmin" "$clmax" "$(jh load)"
	row "vhypctl start (ms)" 1e6 2 "$cs" "$csmin" "$csmax" "$(jh start)"
	awk -v a="$cc" -v b="$cl" -v c="$cs" 'BEGIN { printf "| create + load + start, 64 MiB (ms) | %.2f | | 35.9 |\n", (a+b+c)/1e6 }'
	row "vhypctl destroy, 64 MiB cell (ms)" 1e6 2 "$cd" "$cdmin" "$cdmax" "$(jh destroy)"
	row "vhypctl create, 1 GiB cell (ms)" 1e6 2 "$cg" "$cgmin" "$cgmax"
	echo
	echo "| interrupts (ns = instructions; medians of per-second min/avg/max) | in a cell | bare machine | ratio of averages | Jailhouse, same QEMU |"
	echo "|---|---|---|---|---|"
	echo "| timer-demo: virtual timer deadline to handler, min/avg/max | $c_timer_min/$c_timer_avg/$c_timer_max | $b_timer_min/$b_timer_avg/$b_timer_max | $(awk -v a="$c_timer_avg" -v b="$b_timer_avg" 'BEGIN { printf "%.1fx", a / b }') | $(jh timer) |"
	echo "| smp-demo: SGI round trip between two CPUs, min/avg/max | $c_sgi_rtt_min/$c_sgi_rtt_avg/$c_sgi_rtt_max | $b_sgi_rtt_min/$b_sgi_rtt_avg/$b_sgi_rtt_max | $(awk -v a="$c_sgi_rtt_avg" -v b="$b_sgi_rtt_avg" 'BEGIN { printf "%.1fx", a / b }') | |"
	echo
	echo "| Linux (Debian 6.1) in a two-CPU cell | in the cell | in the root, vhyp not enabled | ratio |"
	echo "|---|---|---|---|"
	awk -v a="$lb" 'BEGIN { printf "| vhypctl start to its first userspace output (ms) | %.0f | | |\n", a / 1e6 }'
	awk -v a="$lc" -v b="$rc" 'BEGIN { printf "| CPU-bound: a shell loop of 200000 steps (ms) | %.0f | %.0f | %.3f |\n", a / 1e6, b / 1e6, a / b }'
	awk -v a="$ls" -v b="$rs" 'BEGIN { printf "| syscall-heavy: dd bs=1 count=200000, 400000 syscalls (ms) | %.0f | %.0f | %.3f |\n", a / 1e6, b / 1e6, a / b }'
	echo
	awk -v o="$ov" 'BEGIN { printf "The vhypctl create, load, start and destroy figures are whole commands (the\nprocess start included), less the %.2f ms that timing an empty command costs\nin the same way (the clock is read by a pipeline of two processes).\n", o / 1e6 }'
	echo "$reps repetitions of each vhypctl and Linux figure; the interrupt figures are"
	echo "medians over 10 one-second reports. The bare machine: the same payloads"
	echo "booted by QEMU directly (tests/bench/baremetal.sh). The counter runs at"
	echo "62.5 MHz: latencies are multiples of 16 ns. Jailhouse's figures were measured"
	echo "once in the same QEMU setup and are quoted, not measured by this script."
	echo "The latency histogram: [latency.png](latency.png)."
} >"$table.core"
# the sections' tables, from their first marker on, stay after it until redone
{
	cat "$table.core"
	if [ "$only" = core ] && [ -f "$table" ]; then
		echo
		sed -n '/^<!-- bench:[a-z]*:start -->$/,$p' "$table"
	fi
} >"$table.new" && mv "$table.new" "$table" && rm -f "$table.core"

# The histogram of every timer interrupt's latency, cell against bare machine.
hist() {	# LOG -> "ns count" lines
	grep -a "TAP: # HIST " "$1" | awk '{ print $4, $5 }'
}
hist "$irqlog" >"$bench/latency-cell.dat"
hist "$barelog" >"$bench/latency-bare.dat"
latency_plot

if [ "$only" != core ]; then
	nvme_section
	channel_section
	virtio_section
	stress_section
fi
readme_sync
cat "$table"
echo "bench: ${table#"$top"/}, ${bench#"$top"/}/latency.png and README.md written"
sections_failed && exit 1
exit 0
