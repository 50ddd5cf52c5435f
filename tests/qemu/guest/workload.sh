#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A root-cell workload whose every result is checked, so that a hypervisor
# that corrupts memory, loses interrupts or breaks CPU hotplug makes it fail
# rather than merely run slower.
#
#   workload.sh [--quick]
#
# Exits 0 when every check passed, 1 otherwise, and prints one line per
# check.  Under QEMU TCG with 4 vCPUs on a 2-core host the full run takes
# about 30 s and --quick about 10 s (see tests/README.md).
#
# Checks:
#   data     ~128 MiB (--quick: ~32 MiB) of deterministic data written to
#            tmpfs, its SHA-256 against a constant computed on the host
#   ipi      one SHA-256 of the same data pinned on every online CPU, all
#            at once: the scheduler, TLB shootdowns and wake-ups send IPIs
#            between all CPUs; every sum must match
#   fork     500 (--quick: 100) fork+exec of /bin/true, and shell pipelines
#            with known results
#   timer    "sleep 1" pinned on every online CPU at once, each measured
#            with /proc/uptime: at least 1 s and under 5 s (correctness of
#            the timer interrupts, not performance)
#   hotplug  CPU 1 offline, a job on the others, CPU 1 online again and a
#            job pinned on it; /sys/devices/system/cpu/online is checked at
#            each step (skipped with a single CPU)
#
# The data is "block N" followed by the first MiB of `seq 1 170000`, for N
# from 1 to the block count.  Its sums were computed on the host with the
# same commands (GNU seq and busybox seq print integers alike):
#   seq 1 170000 | head -c 1048576 >blk
#   for i in $(seq 1 128); do echo "block $i"; cat blk; done | sha256sum

BLOCK_SUM=a7a14d0926bda540030fd4c43a64aa0c8a343f5cd735e34b45150c4b0b7a528e
SUM_128=a03614aabc4b0eef96b93e07eb7f00e4cefd8919574c0a997c3f4c594354954b
SUM_32=08e2acdc4a726e7ce7599fef3f9f93130162f84e493b4b5692575023441bf89b

blocks=128 forks=500 want=$SUM_128
[ "${1:-}" = --quick ] && blocks=32 forks=100 want=$SUM_32

dir=/tmp/workload.$$
failed=0
mkdir -p "$dir" || exit 1
trap 'rm -rf "$dir"' EXIT

pass() { echo "workload: ok   $*"; }
fail() { echo "workload: FAIL $*"; failed=1; }

uptime_cs() {
	local up
	read -r up _ </proc/uptime
	echo "${up%.*}${up#*.}" | sed 's/^0*\(.\)/\1/'
}

online_cpus() {
	tr ',' '\n' </sys/devices/system/cpu/online |
		awk -F- '{ for (c = $1; c <= ($2 == "" ? $1 : $2); c++) print c }'
}

# sum_of FILE: just the hex digest.
sum_of() {
	sha256sum "$1" | cut -d' ' -f1
}

# pinned_sums CPUS...: hash the data on each given CPU at once; wait for
# every job on its own, so that one lost job is noticed and named.
pinned_sums() {
	local c pids= rc=0 got
	for c in "$@"; do
		taskset -c "$c" sha256sum "$dir/data" >"$dir/sum.$c" 2>&1 &
		pids="$pids $!:$c"
	done
	for p in $pids; do
		wait "${p%:*}" || { fail "ipi: job on CPU ${p#*:} exited with $?"; rc=1; continue; }
		got=$(cut -d' ' -f1 "$dir/sum.${p#*:}")
		[ "$got" = "$want" ] || { fail "ipi: CPU ${p#*:} computed $got"; rc=1; }
	done
	return $rc
}

# lap NAME: how long the section NAME took, for spotting slowdowns.
lap() {
	local now
	now=$(uptime_cs)
	echo "workload: time $1 $(((now - lap0) / 100)).$(((now - lap0) % 100 / 10)) s"
	lap0=$now
}

t0=$(uptime_cs)
lap0=$t0
cpus=$(online_cpus | tr '\n' ' ' | sed 's/ $//')
echo "workload: $blocks MiB of data, $forks forks, online CPUs: $cpus"

# --- data ---
seq 1 170000 | head -c 1048576 >"$dir/block"
got=$(sum_of "$dir/block")
[ "$got" = "$BLOCK_SUM" ] || fail "data: the 1 MiB block sums to $got, want $BLOCK_SUM"
i=1
while [ $i -le $blocks ]; do
	echo "block $i"
	cat "$dir/block"
	i=$((i + 1))
done >"$dir/data"
got=$(sum_of "$dir/data")
if [ "$got" = "$want" ]; then
	pass "data: sha256 of $(wc -c <"$dir/data") bytes"
else
	fail "data: sha256 is $got, want $want"
fi
lap data

# --- ipi ---
# shellcheck disable=SC2086  # one argument per CPU
pinned_sums $cpus && pass "ipi: sha256 pinned on CPUs $cpus at once"
lap ipi

# --- fork ---
i=0 n=0
while [ $i -lt $forks ]; do
	/bin/true && n=$((n + 1))
	i=$((i + 1))
done
[ $n -eq $forks ] && pass "fork: $n x /bin/true" || fail "fork: $n of $forks /bin/true succeeded"
got=$(seq 1 1000 | awk '{ s += $1 } END { print s }')
[ "$got" = 500500 ] && pass "fork: seq | awk sum" || fail "fork: seq | awk sum gave '$got'"
got=$(seq 1 20000 | sort -rn | uniq | head -n 1)
[ "$got" = 20000 ] && pass "fork: seq | sort | uniq | head" || fail "fork: pipeline gave '$got'"
lap fork

# --- timer ---
for c in $cpus; do
	taskset -c "$c" sh -c '
		read -r a _ </proc/uptime; sleep 1; read -r b _ </proc/uptime
		echo "$a $b"' >"$dir/sleep.$c" 2>&1 &
done
wait
for c in $cpus; do
	# centiseconds, in awk: /proc/uptime has two decimals
	cs=$(awk '{ printf "%d", ($2 - $1) * 100 + 0.5 }' "$dir/sleep.$c")
	if [ -n "$cs" ] && [ "$cs" -ge 100 ] && [ "$cs" -lt 500 ]; then
		pass "timer: sleep 1 on CPU $c took ${cs}0 ms"
	else
		fail "timer: sleep 1 on CPU $c took '${cs}'0 ms ($(cat "$dir/sleep.$c"))"
	fi
done
lap timer

# --- hotplug ---
online=/sys/devices/system/cpu/online
cpu1=/sys/devices/system/cpu/cpu1/online
before=$(cat $online)
if [ ! -w $cpu1 ] || [ "$(cat $cpu1)" != 1 ]; then
	echo "workload: skip hotplug: CPU 1 is absent, offline or cannot be unplugged"
elif ! echo 0 >$cpu1; then
	fail "hotplug: CPU 1 refused to go offline"
else
	if online_cpus | grep -qx 1; then
		fail "hotplug: CPU 1 still listed in $online ($(cat $online))"
	else
		pass "hotplug: CPU 1 offline ($(cat $online))"
	fi
	rest=$(online_cpus | tr '\n' ' ' | sed 's/ $//')
	# shellcheck disable=SC2086
	pinned_sums $rest && pass "hotplug: sha256 on CPUs $rest while CPU 1 is offline"
	if ! echo 1 >$cpu1; then
		fail "hotplug: CPU 1 refused to come back online"
	elif [ "$(cat $online)" != "$before" ]; then
		fail "hotplug: online CPUs are $(cat $online), want $before"
	else
		got=$(taskset -c 1 sha256sum "$dir/block" | cut -d' ' -f1)
		if [ "$got" = "$BLOCK_SUM" ]; then
			pass "hotplug: CPU 1 back online ($before) and runs a pinned job"
		else
			fail "hotplug: job pinned on CPU 1 after onlining gave '$got'"
		fi
	fi
fi
lap hotplug

t1=$(uptime_cs)
secs=$(((t1 - t0) / 100))
if [ $failed -eq 0 ]; then
	echo "workload: all checks passed in $secs s"
else
	echo "workload: FAILED (after $secs s)"
fi
exit $failed
