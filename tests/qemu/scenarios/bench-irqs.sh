#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The interrupt benchmarks in cells, for tests/bench/run.sh (under
# -icount): timer-demo's latency from the virtual timer's deadline to its
# handler, and smp-demo's SGI round trip between a cell's two CPUs.  Each
# per-second line after the first two becomes
#
#   TAP: # BENCH <name> <value> ns
#
# and timer-demo's histogram of every latency (its 'h' command)
#
#   TAP: # HIST <bucket's lowest ns> <count>
#
#   bench-irqs [SECONDS]     how long each demo runs (12)

. /lib/vhyp-tests/lib.sh

secs=${1:-12}
cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS

# figures PREFIX NAME: min/avg/max of each reporting line past the first two
figures() {
	vhypctl console "$1" | grep "^$2" | tail -n +3 |
		sed -n 's|.*min/avg/max = \([0-9]*\)/\([0-9]*\)/\([0-9]*\) ns.*|\1 \2 \3|p' |
		while read -r min avg max; do
			t_diag "BENCH $3_min_ns $min ns"
			t_diag "BENCH $3_avg_ns $avg ns"
			t_diag "BENCH $3_max_ns $max ns"
		done
}

plan 6
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
t_ok "timer-demo in a cell" sh -c "vhypctl create $cfg/hello.dtb &&
	vhypctl load hello $bin/timer-demo.bin && vhypctl start hello"
sleep "$secs"
figures hello "timer-demo: [0-9]* irqs" timer
# (typed with a timeout: the demo's per-second lines never let --linger end)
printf h | timeout 3 vhypctl console hello --attach >/dev/null
vhypctl console hello | tr -d '\r' | sed -n 's/^timer-demo: hist \([0-9]*\) \([0-9]*\)$/HIST \1 \2/p' |
	while read -r line; do t_diag "$line"; done
vhypctl destroy hello >/dev/null
t_ok "smp-demo in a two-CPU cell" sh -c "vhypctl create $VHYP_TESTS/cell-smp.dtb &&
	vhypctl load duo $bin/smp-demo.bin && vhypctl start duo"
sleep "$secs"
figures duo "smp-demo: cpu 1:" sgi_rtt
vhypctl destroy duo >/dev/null
t_ok "vhypctl disable" vhypctl disable
dmesg_clean
t_done
