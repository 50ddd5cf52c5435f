#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The root with PSCI idle states, as on real boards (41-idle.t boots QEMU's
# device tree plus tests/qemu/idle-states.dtsi on a secure=on machine; see
# that file): cpuidle's CPU_SUSPEND calls go through vhyp's PSCI relay
# thousands of times, and the root must keep its interrupts and timers,
# the hypervisor must print nothing per suspend, and a cell, CPU hotplug,
# disable and rmmod must work beside them.
#
#   idle [SECONDS]    length of each idle window (5)
#
# Last, the same with test_powerdown=1: vhyp treats each power-down that
# QEMU's firmware returns from as a real one (the CPU's GIC interface and
# EL2 state lost, a restart at vhyp's entry point), so the resume path
# boards take thousands of times a second runs here too.
#
# Idle entries are counted per CPU from cpuidle's sysfs: the retention
# state's usage, and the power-down state's usage plus rejected.  QEMU 7.2
# answers CPU_SUSPEND with a WFI that returns success, even for a
# power-down state, and Linux counts a power-down suspend that returns as
# "rejected" (the CPU was idle all the same); a hypervisor that really
# powers the CPU down and resumes it at Linux's entry point makes it
# "usage".  Each window's table is in the log, and the power-down
# state's split is a TAP comment.

. /lib/vhyp-tests/lib.sh

secs=${1:-5}
cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS
sysc=/sys/devices/system/cpu
MIN=20		# idle entries per CPU and window: 20 to 40 a second are seen
tmp=/tmp/idle.$$
mkdir -p $tmp

# state_dir CPU NAME: CPU's cpuidle state directory whose name is NAME
state_dir() {
	local d
	for d in $sysc/cpu$1/cpuidle/state*; do
		[ "$(cat "$d/name" 2>/dev/null)" = "$2" ] && { echo "$d"; return 0; }
	done
	echo /nonexistent
	return 1
}

# psci_exits: "CPU COUNT" per CPU, vhyp's psci exit counter (none while
# vhyp is not loaded or not enabled)
psci_exits() {
	vhypctl info --json 2>/dev/null |
		grep -o '"cpu":[[:space:]]*[0-9]*\|"psci":[[:space:]]*[0-9]*' |
		awk -F: '/cpu/ { c = $2 + 0 } /psci/ { print c, $2 + 0 }'
}

# counts CPUS FILES: "CPU RETENTION SLEEP-USAGE SLEEP-REJECTED" per CPU,
# FILES being those three counters of each CPU in turn; one cat, so that
# all are read within a few milliseconds
counts() {
	# shellcheck disable=SC2086  # lists
	cat $2 | awk -v cpus="$1" 'BEGIN { n = split(cpus, c, " ") }
		{ v[NR] = $1 }
		END { for (i = 1; i <= n; i++) print c[i], v[3 * i - 2], v[3 * i - 1], v[3 * i] }'
}

# snap FILE: "CPU RETENTION SLEEP-USAGE SLEEP-REJECTED PSCI" per online CPU,
# the PSCI count read between two readings of the others: FILE.1 and
# FILE.2 hold them (vhypctl takes a while under TCG, and a CPU goes idle
# dozens of times a second)
snap() {
	local c r s cpus files=
	cpus=$(online_cpus | tr '\n' ' ')
	for c in $cpus; do
		r=$(state_dir "$c" cpu-retention)
		s=$(state_dir "$c" cpu-sleep)
		files="$files $r/usage $s/usage $s/rejected"
	done
	counts "$cpus" "$files" >"$1.1"
	psci_exits >$tmp/psci
	counts "$cpus" "$files" >"$1.2"
	awk -v pf=$tmp/psci 'FILENAME == pf { p[$1] = $2; next } { print $0, p[$1] + 0 }' $tmp/psci "$1.1" >"$1"
}

# window SECS: leave the root idle for SECS s; $tmp/delta gets, per CPU
# online at both ends (shown in the log):
#   CPU RETENTION SLEEP-USAGE SLEEP-REJECTED PSCI LOW HIGH
# the first four what the counters grew by, and LOW and HIGH the fewest
# and most idle entries there can have been between the two PSCI readings
window() {
	snap $tmp/a
	sleep "$1"
	snap $tmp/b
	awk 'FILENAME ~ /a$/ { for (i = 2; i <= 5; i++) a[$1, i] = $i; seen[$1] = 1; next }
	     FILENAME ~ /a.1$/ { a1[$1] = $2 + $3 + $4; next }
	     FILENAME ~ /a.2$/ { a2[$1] = $2 + $3 + $4; next }
	     FILENAME ~ /b.1$/ { b1[$1] = $2 + $3 + $4; next }
	     FILENAME ~ /b.2$/ { b2[$1] = $2 + $3 + $4; next }
	     seen[$1] { print $1, $2 - a[$1, 2], $3 - a[$1, 3], $4 - a[$1, 4], $5 - a[$1, 5],
			      b1[$1] - a2[$1], b2[$1] - a1[$1] }' \
		$tmp/a $tmp/a.1 $tmp/a.2 $tmp/b.1 $tmp/b.2 $tmp/b >$tmp/delta
	echo "idle $1 s: cpu retention sleep-usage sleep-rejected psci low high"
	sed 's/^/  /' $tmp/delta
}

# entered CPUS: every CPU in CPUS (a list) entered PSCI idle states at
# least MIN times in the last window, the power-down state included
entered() {
	local c
	for c in $1; do
		awk -v c="$c" -v min=$MIN '
			$1 == c { found = 1; n = $2 + $3 + $4
				  printf "CPU %s: %d retention, %d power-down (%d usage, %d rejected)\n",
					 c, $2, $3 + $4, $3, $4
				  if ($2 + $3 + $4 < min || $3 + $4 < min / 4) bad = 1 }
			END { if (!found) print "CPU " c ": not online at both ends"
			      exit !found || bad }' $tmp/delta || return 1
	done
}

# relayed CPUS: on every CPU in CPUS, vhyp's psci counter grew by as
# many as the idle entries (between LOW and HIGH, and 2 of slack: vhyp
# counts a suspend when it begins, cpuidle when it ends): every
# CPU_SUSPEND went through the relay, and nothing else did
relayed() {
	local c
	for c in $1; do
		awk -v c="$c" -v min=$MIN '
			$1 == c { found = 1
				  printf "CPU %s: %d PSCI calls relayed, %d to %d idle entries\n",
					 c, $5, $6, $7
				  if ($5 < min || $5 < $6 - 2 || $5 > $7 + 2) bad = 1 }
			END { exit !found || bad }' $tmp/delta || return 1
	done
}

# timely: on every online CPU at once, "sleep 1" then ten "usleep 100000",
# timed with /proc/uptime: 2 s at least, under 4 s (a wake-up lost in a
# power-down state would take longer, or forever)
timely() {
	local c cs bad=0 pids=
	for c in $(online_cpus); do
		taskset -c "$c" sh -c '
			read -r a _ </proc/uptime; sleep 1
			i=0; while [ $i -lt 10 ]; do usleep 100000; i=$((i + 1)); done
			read -r b _ </proc/uptime; echo "$a $b"' >$tmp/sleep.$c 2>&1 &
		pids="$pids $!"
	done
	# not a bare wait: t_ok's output reader is a job of this shell too
	for c in $pids; do wait "$c"; done
	for c in $(online_cpus); do
		cs=$(awk '{ printf "%d", ($2 - $1) * 100 + 0.5 }' $tmp/sleep.$c)
		echo "CPU $c: 2 s of sleeps took ${cs}0 ms"
		[ -n "$cs" ] && [ "$cs" -ge 200 ] && [ "$cs" -lt 400 ] || bad=1
	done
	return $bad
}

# both CPUS: entered and relayed
both() { entered "$1" && relayed "$1"; }

# resumed CPUS: every CPU in CPUS came back from the power-down state at
# Linux's entry point (usage) at least MIN / 4 times, and more often than
# by a return from the call (rejected): with test_powerdown=1 vhyp treats
# QEMU's returning power-down as a real one and resumes the CPU as firmware
# would; the call returns only when an interrupt was pending already
resumed() {
	local c
	for c in $1; do
		awk -v c="$c" -v min=$MIN '
			$1 == c { found = 1
				  printf "CPU %s: %d power-downs resumed at the entry point, %d returned\n",
					 c, $3, $4
				  if ($3 < min / 4 || $4 >= $3) bad = 1 }
			END { exit !found || bad }' $tmp/delta || return 1
	done
}

resumed_relayed() { resumed "$1" && relayed "$1"; }

# console_window SECS: an idle window while the hypervisor console is
# followed; $tmp/lines gets how many lines it grew by
console_window() {
	local follower l0
	vhypctl console -f >$tmp/console 2>&1 &
	follower=$!
	sleep 1
	l0=$(wc -l <$tmp/console)
	window "$1"
	echo $(($(wc -l <$tmp/console) - l0)) >$tmp/lines
	sed -n "$((l0 + 1)),\$p" $tmp/console | sed 's/^/  new console line: /'
	kill $follower 2>/dev/null
	wait $follower 2>/dev/null
}

# split: a TAP comment on how the power-down state's entries came back
split() {
	t_diag "power-down state in the last window: $(awk '{ u += $3; r += $4 }
		END { printf "%d returned at Linux'"'"'s entry point (usage), %d returned from the call (rejected)", u, r }' $tmp/delta)"
}

cpus_hyp() { vhypctl info --json | json_get cpus_hyp; }
all=$(online_cpus | tr '\n' ' ')
ncpus=$(online_cpus | wc -l)

plan 46
dmesg_mark

# --- the device tree's states, without vhyp
t_is "cpuidle driver is psci_idle" "$(cat $sysc/cpuidle/current_driver 2>&1)" psci_idle
t_ok "every CPU has the states cpu-retention and cpu-sleep" sh -c "
	for c in $all; do
		ls -d $sysc/cpu\$c/cpuidle/state* >/dev/null || exit 1
		grep -H . $sysc/cpu\$c/cpuidle/state*/name
		grep -qx cpu-retention $sysc/cpu\$c/cpuidle/state*/name || exit 1
		grep -qx cpu-sleep $sysc/cpu\$c/cpuidle/state*/name || exit 1
	done"
tl=$(cat /proc/timer_list)
echo "$tl" | grep -E 'Broadcast|bc_hrtimer|tick_broadcast|event_handler'
t_like "the local timers stop in cpu-sleep: a broadcast device stands in (/proc/timer_list)" \
	"$tl" 'Clock Event Device: bc_hrtimer'
t_unlike "and every CPU's local timer is marked for broadcast (tick_broadcast_mask)" \
	"$(echo "$tl" | grep '^tick_broadcast_mask:')" ': 0*$'
window "$secs"
t_ok "without vhyp: every CPU enters the idle states, cpu-sleep included" entered "$all"
split
t_ok "without vhyp: sleeps are on time on every CPU" timely

# --- under vhyp, idle
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
vhypctl console -f >$tmp/console 2>&1 &
follower=$!
sleep 1
lines0=$(wc -l <$tmp/console)
window "$secs"
lines1=$(wc -l <$tmp/console)
t_ok "under vhyp: every CPU keeps entering the idle states, cpu-sleep included" entered "$all"
split
t_ok "and every idle entry is a PSCI call relayed by vhyp, on every CPU" relayed "$all"
n=$(awk '{ n += $2 + $3 + $4 } END { print n + 0 }' $tmp/delta)
sed -n "$((lines0 + 1)),\$p" $tmp/console | sed 's/^/  new console line: /'
t_ok "the hypervisor console grew by $((lines1 - lines0)) lines during $n suspends (at most 2)" \
	test $((lines1 - lines0)) -le 2 -a "$n" -ge $((MIN * ncpus))
kill $follower 2>/dev/null
wait $follower 2>/dev/null
t_ok "under vhyp: sleeps are on time on every CPU" timely
t_ok "workload under vhyp" workload.sh
t_is "all $ncpus CPUs are under the hypervisor after the workload" "$(cpus_hyp)" "$ncpus"

# --- a cell beside the idle root
t_ok "create hello (CPU 3)" vhypctl create $cfg/hello.dtb
t_ok "load and start hello" sh -c "vhypctl load hello $bin/hello.bin && vhypctl start hello &&
	vhypctl wait hello --state running --timeout 10"
rest=$(online_cpus | tr '\n' ' ')
window "$secs"
t_ok "while hello runs: CPUs $rest enter the idle states" entered "$rest"
t_ok "through vhyp" relayed "$rest"
t_like "hello says hello" "$(vhypctl console hello 2>&1)" 'Hello from a vhyp cell'
t_like "and echoes" "$(printf 'idle-echo' | vhypctl console hello --attach --linger 1 2>&1)" \
	'idle-echo'
t_ok "timers of the root on time beside the cell" timely
t_ok "destroy hello" vhypctl destroy hello
t_is "CPU 3 is Linux's again" "$(cat $sysc/cpu3/online)" 1
window "$secs"
t_ok "CPU 3 enters the idle states again, through vhyp" both 3
t_is "all $ncpus CPUs are under the hypervisor" "$(cpus_hyp)" "$ncpus"

# --- CPU hotplug while idle states are in use
t_ok "CPU 2 offline" sh -c "echo 0 >$sysc/cpu2/online"
rest=$(online_cpus | tr '\n' ' ')
window 2
t_ok "without CPU 2: CPUs $rest enter the idle states through vhyp" both "$rest"
t_ok "CPU 2 online" sh -c "echo 1 >$sysc/cpu2/online"
window "$secs"
t_ok "CPU 2 back: every CPU enters the idle states" entered "$all"
t_ok "through vhyp" relayed "$all"
t_is "all $ncpus CPUs are under the hypervisor after hotplug" "$(cpus_hyp)" "$ncpus"
t_ok "sleeps on time on every CPU after hotplug" timely

# --- out again
t_ok "vhypctl disable" vhypctl disable
window 2
t_ok "after disable: every CPU enters the idle states" entered "$all"
t_ok "and sleeps are on time" timely
t_ok "rmmod vhyp" rmmod vhyp
t_ok "/dev/vhyp is gone" sh -c '! test -e /dev/vhyp'

# --- power-downs that lose the CPU's state: the resume path, as on a board
t_ok "insmod vhyp.ko test_powerdown=1" vhyp_insmod test_powerdown=1 ||
	t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
console_window "$secs"
split
t_ok "every CPU's power-downs resume at Linux's entry point, through vhyp" \
	resumed_relayed "$all"
n=$(awk '{ n += $3 } END { print n + 0 }' $tmp/delta)
t_ok "the hypervisor console grew by $(cat $tmp/lines) lines during $n resumes (at most 2)" \
	test "$(cat $tmp/lines)" -le 2 -a "$n" -ge $((MIN * ncpus / 4))
t_ok "sleeps on time across power-downs" timely
t_ok "workload across power-downs" workload.sh --quick
t_ok "vhypctl disable" vhypctl disable
t_ok "rmmod vhyp" rmmod vhyp
dmesg_clean
rm -rf $tmp
t_done
