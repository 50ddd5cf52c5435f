#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The foundation's benchmark, run by tests/bench/run.sh under -icount (so
# that virtual time counts instructions).  Each figure is printed as
#   TAP: # BENCH <name> <value> <unit>
# for the host to collect; the tests only check that each step worked.
#
#   bench-root [REPS] [cells]   REPS: repetitions of each measurement (5);
#                               cells: the cell figures alone (a few
#                               minutes, to measure a change to them)

. /lib/vhyp-tests/lib.sh

reps=${1:-5}
only=${2:-}
bench() { t_diag "BENCH $*"; }
# busybox date has no %N; adjtimex shows the time to the microsecond
now_ns() {
	adjtimex | awk '/tv_sec/ { s = $2 } /tv_usec/ { u = $2 } END { printf "%d%06d000\n", s, u }'
}

# A root workload that is CPU-bound with a few syscalls: checksums over a
# file in tmpfs and a loop of process creations.
dd if=/dev/zero bs=1M count=16 2>/dev/null | tr '\0' 'v' > /tmp/bench.dat
workload() {
	sha256sum /tmp/bench.dat >/dev/null
	i=0
	while [ $i -lt 40 ]; do /bin/true; i=$((i + 1)); done
}

if [ "$only" = cells ]; then plan 3; else plan 7; fi
t_ok "insmod vhyp.ko" insmod /lib/vhyp-tests/vhyp.ko

if [ "$only" != cells ]; then
n=0 ok=1
while [ $n -lt "$reps" ]; do
	e=$(vhypctl --json enable) || ok=0
	bench enable_ns "$(echo "$e" | json_get elapsed_ns)" ns
	d=$(vhypctl --json disable) || ok=0
	bench disable_ns "$(echo "$d" | json_get elapsed_ns)" ns
	n=$((n + 1))
done
[ $ok = 1 ] && t_pass "enable and disable $reps times" || t_fail "enable and disable $reps times"

t_ok "enable for the hypercall benchmark" vhypctl --quiet enable
n=0 ok=1
while [ $n -lt "$reps" ]; do
	b=$(vhypctl --json bench hypercall --iterations 100000) || ok=0
	bench hypercall_ns "$(echo "$b" | json_get ns_per_iteration)" ns
	n=$((n + 1))
done
[ $ok = 1 ] && t_pass "hypercall benchmark" || t_fail "hypercall benchmark"

# The workload alternately without and with the hypervisor, so that drift
# (caches, page cache) hits both alike.
vhypctl --quiet disable
workload
n=0 ok=1
while [ $n -lt "$reps" ]; do
	t0=$(now_ns); workload; t1=$(now_ns)
	bench workload_off_ns $((t1 - t0)) ns
	vhypctl --quiet enable || ok=0
	t0=$(now_ns); workload; t1=$(now_ns)
	bench workload_on_ns $((t1 - t0)) ns
	vhypctl --quiet disable || ok=0
	n=$((n + 1))
done
[ $ok = 1 ] && t_pass "root workload with and without vhyp" ||
	t_fail "root workload with and without vhyp"
fi

# Cells: each step through vhypctl, as a user runs it (the CLI's own start
# included), for a 64 MiB cell; and the create of a 1 GiB one.
cfg=$VHYP_TESTS/configs/qemu-virt
timed() {	# timed NAME CMD...: run CMD, report its time as BENCH NAME
	local name=$1 t0 t1
	shift
	t0=$(now_ns); "$@" >/dev/null || return 1; t1=$(now_ns)
	bench "$name" $((t1 - t0)) ns
}
vhypctl --quiet enable
# what timing costs by itself (the clock is read by a pipeline of two
# processes): an empty command, timed the same way, for run.sh to subtract
n=0
while [ $n -lt "$reps" ]; do
	timed timing_overhead_ns :
	n=$((n + 1))
done
n=0 ok=1
while [ $n -lt "$reps" ]; do
	timed cell_create_ns vhypctl create $cfg/hello.dtb &&
	timed cell_load_ns vhypctl load hello $VHYP_TESTS/hello.bin@0x40000000 &&
	timed cell_start_ns vhypctl start hello &&
	timed cell_destroy_ns vhypctl destroy hello || ok=0
	n=$((n + 1))
done
[ $ok = 1 ] && t_pass "64 MiB cell: create, load, start, destroy" ||
	t_fail "64 MiB cell: create, load, start, destroy"
n=0 ok=1
while [ $n -lt "$reps" ]; do
	timed cell_create_1g_ns vhypctl create $VHYP_TESTS/cell-1g.dtb &&
	vhypctl --quiet destroy big || ok=0
	n=$((n + 1))
done
[ $ok = 1 ] && t_pass "1 GiB cell: create" || t_fail "1 GiB cell: create"
vhypctl --quiet disable
t_done
