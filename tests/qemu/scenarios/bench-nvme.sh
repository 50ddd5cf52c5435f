#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The NVMe benchmark, for tests/bench/run.sh (run.sh --icount --nvme
# null:64M; inscount in /lib/vhyp-tests): READS 4 KiB O_DIRECT reads in a
# row from the disk, pinned to CPU 1, REPS times with vhyp disabled, then
# REPS times enabled.  Each run reports
#
#   TAP: # BENCH nvme_STATE_ns <virtual ns the reads took> ns
#   TAP: # BENCH nvme_STATE_insns <instructions all CPUs executed> insns
#   TAP: # BENCH nvme_STATE_msis <the disk's MSIs taken> irqs
#   TAP: # BENCH nvme_STATE_irqs <all interrupts taken, IPIs included> irqs
#
# and, before them, REPS idle seconds (sleep 1) in the same state, the
# machine's background (timer ticks and the like), which grows with the
# virtual time a run takes:
#
#   TAP: # BENCH nvme_STATE_idle_ns <virtual ns> ns
#   TAP: # BENCH nvme_STATE_idle_insns <instructions all CPUs executed> insns
#
# STATE is off or on.  The disabled runs come first, so that their figures
# are there even if the disk stops under vhyp; each dd runs under a time
# limit.  Instructions are counted by inscount (tests/bench/inscount.c,
# which says why they, and not the time, are the exact figure here).
#
#   bench-nvme [REPS] [READS]     (5, 4096)

. /lib/vhyp-tests/lib.sh

reps=${1:-5}
reads=${2:-4096}
bench() { t_diag "BENCH $*"; }
# all interrupts so far, on the online CPUs (all of them here)
allirqs() {
	awk 'NR > 1 { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) t += $i } END { print t + 0 }' \
		/proc/interrupts
}

# run STATE: one run of the reads, its four figures
run() {
	local m0 a0 out rc
	m0=$(diskio.sh irqsum) a0=$(allirqs)
	out=$(inscount -c 0 timeout -s KILL 60 taskset -c 1 \
		dd if=/dev/nvme0n1 of=/dev/null bs=4096 count="$reads" iflag=direct 2>&1)
	rc=$?
	echo "$out"
	[ $rc = 0 ] || return 1
	set -- $(echo "$out" | sed -n 's/^inscount: instructions \([0-9]*\) ns \([0-9]*\)$/\1 \2/p')
	[ $# = 2 ] || return 1
	bench "nvme_${state}_ns" "$2" ns
	bench "nvme_${state}_insns" "$1" insns
	bench "nvme_${state}_msis" $(($(diskio.sh irqsum) - m0)) irqs
	bench "nvme_${state}_irqs" $(($(allirqs) - a0)) irqs
}

# idle: one idle second, its instructions
idle() {
	set -- $(inscount -c 0 sleep 1 2>&1 |
		 sed -n 's/^inscount: instructions \([0-9]*\) ns \([0-9]*\)$/\1 \2/p')
	[ $# = 2 ] || return 1
	bench "nvme_${state}_idle_ns" "$2" ns
	bench "nvme_${state}_idle_insns" "$1" insns
}

# runs DESC: REPS runs, one test (not t_ok: its output would be indented,
# and the host reads the BENCH lines whole)
runs() {
	local n=0
	while [ $n -lt "$reps" ]; do
		idle || { t_fail "$1" "idle second $((n + 1)) not counted"; return 1; }
		n=$((n + 1))
	done
	n=0
	while [ $n -lt "$reps" ]; do
		run || { t_fail "$1" "run $((n + 1)) failed"; return 1; }
		n=$((n + 1))
	done
	t_pass "$1"
}

plan 6
t_ok "load Debian's nvme module" kmod_load nvme || t_abort "no nvme driver"
i=0
while [ ! -b /dev/nvme0n1 ] && [ $i -lt 300 ]; do usleep 100000; i=$((i + 1)); done
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
state=off
run >/dev/null		# warm-up: the code paths, the block layer's first allocations
runs "$reps x $reads reads, vhyp disabled"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
state=on
runs "$reps x $reads reads, vhyp enabled"
t_ok "vhypctl disable" vhypctl disable
t_done
