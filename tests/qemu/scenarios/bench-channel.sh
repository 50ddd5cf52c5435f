#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The channel benchmark, for tests/bench/run.sh (run.sh --icount; the cell
# configs chan-bell0.dtb, chan-bell1.dtb, chan-root.dtb and the root's
# program chan-root in /lib/vhyp-tests).  Nothing else runs meanwhile:
# under -icount every CPU's instructions advance the one virtual clock.
#
#   - two cells, bell0 (CPU 2) and bell1 (CPU 3), the payload chan-bench
#     over their channel "bell": REPS batches of SAMPLES rings, each
#     typed 'b' on bell0's console;
#   - one cell, chanroot (CPU 1), the same payload, over "lat" and
#     "bulk" with chan-root, pinned to CPU 0 (where the root's doorbell,
#     the virtual maintenance interrupt, is taken): REPS batches of
#     SAMPLES doorbells each way, then REPS times MIB MiB by memcpy() and
#     through the channel.
#
# Each figure, as the payload's and chan-root's 'bench NAME V' lines say:
#
#   TAP: # BENCH <name> <value> ns
#
#   bench-channel [REPS] [SAMPLES] [MIB]     (5, 1000, 64)

. /lib/vhyp-tests/lib.sh

reps=${1:-5}
samples=${2:-1000}
mib=${3:-64}
bin=$VHYP_TESTS

# the cell's 'chan-bench: bench NAME V' lines from line FROM on, as BENCH lines
figures() {	# CELL FROM
	vhypctl console "$1" | tr -d '\r' | tail -n "+$2" |
		sed -n 's/^chan-bench: bench \([a-z0-9_]*\) \([0-9]*\)$/BENCH chan_\1 \2 ns/p' |
		while read -r line; do t_diag "$line"; done
}

plan 9
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"

# bell0 created first: end 0, the one that rings
t_ok "cells bell0 and bell1 with chan-bench" sh -c "
	vhypctl create $bin/chan-bell0.dtb && vhypctl create $bin/chan-bell1.dtb &&
	vhypctl load bell0 $bin/chan-bench.bin && vhypctl load bell1 $bin/chan-bench.bin &&
	vhypctl start bell1 && vhypctl start bell0" || t_abort "the bell cells did not start"
console_wait bell0 1 "chan-bench: ready" 30 && console_wait bell1 1 "chan-bench: ready" 30 ||
	t_abort "chan-bench did not say ready in both bell cells"
n=0 ok=1
while [ $n -lt "$reps" ]; do
	n=$((n + 1))
	from=$(($(vhypctl console bell0 | wc -l) + 1))
	printf b | vhypctl --quiet console bell0 --attach >/dev/null
	console_wait bell0 1 "chan-bench: batch $n:" 120 || { ok=0; break; }
	sleep 1		# its figures follow the batch line
	figures bell0 "$from"
done
vhypctl console bell0 | grep '^chan-bench: \(clock\|batch\)'
vhypctl console bell1 | grep '^chan-bench: clock'
[ $ok = 1 ] && t_pass "$reps batches of rings between two cells" ||
	t_fail "$reps batches of rings between two cells" "no batch $n line on bell0's console"
t_ok "destroy bell0 and bell1" sh -c "vhypctl destroy bell0 && vhypctl destroy bell1"

t_ok "cell chanroot with chan-bench" sh -c "vhypctl create $bin/chan-root.dtb &&
	vhypctl load chanroot $bin/chan-bench.bin && vhypctl start chanroot" ||
	t_abort "the chanroot cell did not start"
console_wait chanroot 1 "chan-bench: ready" 30 || t_abort "chan-bench did not say ready in chanroot"
if taskset -c 0 "$bin/chan-root" "$reps" "$samples" "$mib" >/tmp/chan-root.out; then
	t_pass "chan-root: $reps batches each way, $reps x $mib MiB"
else
	t_fail "chan-root: $reps batches each way, $reps x $mib MiB"
	vhypctl channel list
	vhypctl stats chanroot
	vhypctl console chanroot
fi
while read -r line; do t_diag "$line"; done </tmp/chan-root.out
vhypctl destroy chanroot >/dev/null
t_ok "vhypctl disable" vhypctl disable
dmesg_clean
t_done
