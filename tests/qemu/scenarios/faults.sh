#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fault injection (issue 6): every fallible step of 'vhypctl enable' and of
# a cell's create, load and start is failed in turn through the driver's
# knob /sys/kernel/debug/vhyp/fail_nth (driver/fault_inject.c): for
# N = 1, 2, ... until the operation gets through without reaching step N.
# Each failed run must exit non-zero with a sentence and leave everything
# as it was: enabled or not, the cells, the online CPUs, the hypervisor's
# memory in use, and the root's free memory (free_kb, within MEM_SLACK_KB).  The steps include CPU hotplug refusing to give up a CPU
# and a CPU that never parks in the hypervisor (the wait times out), on
# the first and on the second CPU of the cell.  Then the hypervisor itself
# runs out of table pages at each point of a start in turn (test_faults=1,
# VHYP_TEST_POOL_FAIL): the start fails with a sentence and the root can
# still read every page of the cell's RAM (memprobe.ko).  After the
# sweeps, free memory must be back, the kernel log clean and vhyp still
# work.

. /lib/vhyp-tests/lib.sh

knob=/sys/kernel/debug/vhyp
cell=$VHYP_TESTS/cell-faults.dtb
# free_kb moves by up to ~400 kB a run (slab, CPU hotplug); a leak of the
# hypervisor's memory or a cell's RAM loses 2 MiB or more at once
MEM_SLACK_KB=1536

pool_used() { vhypctl info --json | json_get hyp_mem_used; }

# What a failed operation must not change: cell_state, and the memory the
# hypervisor uses (a cell keeps its stage-2 tables until it is destroyed,
# so a failed start may leave some there: the sweep of start checks only
# cell_state, and pool use is checked after the destroy).
cell_state() {
	echo "enabled=$(cat /sys/class/misc/vhyp/enabled)" \
	     "cells=[$(tr '\n' ';' </sys/class/misc/vhyp/cells)]" \
	     "online=$(cat /sys/devices/system/cpu/online)"
}
state() { echo "$(cell_state) hyp_mem_used=$(pool_used)"; }

# sweep NAME STATE CMD...: run CMD with step 1, 2, ... armed to fail, until
# a run does not get that far; that last run must succeed.  One test for
# all.  The steps that failed are in /tmp/steps.NAME, one a line.
sweep() {
	local name=$1 statefn=$2 n=1 before after rc left step msg bad= free0 freed
	shift 2
	: >"/tmp/steps.$name"
	before=$($statefn)
	while :; do
		free0=$(free_kb)
		echo "$n" >$knob/fail_nth
		"$@" >/tmp/sweep.out 2>&1
		rc=$?
		left=$(cat $knob/fail_nth)
		echo 0 >$knob/fail_nth
		[ "$left" = 0 ] || break		# step N never came
		step=$(cat $knob/fail_last)
		echo "$step" >>"/tmp/steps.$name"
		msg=$(grep '^vhypctl: cannot .*\.$' /tmp/sweep.out)
		after=$($statefn)
		freed=$(($(free_kb) - free0))
		echo "$name, step $n ($step): exit $rc, free memory $freed kB: $msg"
		if [ "$rc" = 0 ] || [ -z "$msg" ] || [ "$after" != "$before" ] ||
		   [ "$freed" -lt -$MEM_SLACK_KB ]; then
			bad="$bad step $n"
			t_diag "$name, step $n ($step): exit $rc, free memory $freed kB, $(tail -n 1 /tmp/sweep.out)"
			t_diag "  state before: $before"
			t_diag "  state after:  $after"
		fi
		n=$((n + 1))
		[ $n -le 100 ] || { bad="$bad (more than 100 steps?)"; break; }
	done
	[ "$rc" = 0 ] || { bad="$bad (the run past the last step: exit $rc)"; cat /tmp/sweep.out; }
	if [ -z "$bad" ]; then
		t_pass "$name: each of its $((n - 1)) fallible steps fails with a sentence, nothing changed; then it works"
	else
		t_fail "$name: its fallible steps failed badly:$bad"
	fi
}

# hits NAME TEXT: how many of the failed steps of sweep NAME mention TEXT
hits() { grep -c "$2" "/tmp/steps.$1"; }

# run_cell CONFIG NAME: create, load hello.bin, start; it says hello; destroy
run_cell() {
	vhypctl create "$1" && vhypctl load "$2" "$VHYP_TESTS/hello.bin" &&
		vhypctl start "$2" && sleep 1 &&
		vhypctl console "$2" | grep 'Hello from a vhyp cell' &&
		vhypctl destroy "$2"
}

plan 23
dmesg_mark
t_ok "insmod vhyp.ko test_faults=1" vhyp_insmod test_faults=1 || t_abort "vhyp.ko did not load"
t_ok "the knob is there: $knob/fail_nth" test -w $knob/fail_nth ||
	t_abort "no fault injection knob (debugfs not mounted?)"

# --- enable; the first one may allocate what stays while the module is loaded
t_ok "warm-up: enable and disable" sh -c 'vhypctl enable && vhypctl disable'
mem0=$(free_kb)
sweep enable state vhypctl enable
t_ok "vhypctl disable" vhypctl disable
t_ok "free memory back after the enable sweep" mem_back "$mem0" "$(free_kb)" $MEM_SLACK_KB

# --- a cell's create, load and start
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
# --- the hypervisor out of table pages in the middle of a start: each step
# that takes one fails in turn (test_faults: VHYP_TEST_POOL_FAIL); the start
# fails with a sentence, and every page of the cell's RAM is the root's
# again.  First after the enable, while the root's stage 2 is still in big
# blocks: a start takes two pages, one to split the root's block around the
# cell's RAM (its failure leaves the root as it was), one for the cell's
# table (its failure must give back what was taken)
pool_fail() {	# N: the N-th table page the hypervisor takes from now fails
	insmod $VHYP_TESTS/hvccall.ko fn=0xc6005604 a1=3 a2="$1" >/dev/null 2>&1 &&
		rmmod hvccall
}
# root_reaches CELL: the first and last page of each of CELL's RAM runs read
root_reaches() {
	local name region ipa pa size
	# shellcheck disable=SC2034  # the columns we skip
	while read -r name region ipa pa size; do
		[ "$name" = "$1" ] || continue
		for a in $((pa)) $((pa + size - 4096)); do
			insmod $VHYP_TESTS/memprobe.ko phys=$(printf '0x%x' $a) >/dev/null 2>&1 ||
				{ echo "the root cannot read 0x$(printf %x $a)"; return 1; }
			rmmod memprobe
		done
	done </sys/kernel/debug/vhyp/memory
}
pool_sweep() {
	local n=1 hit=0 bad=
	vhypctl create "$cell" >/dev/null && vhypctl load faults "$VHYP_TESTS/hello.bin" >/dev/null ||
		{ echo "no cell to start"; return 1; }
	while [ $n -le 60 ]; do
		pool_fail "$n" || { echo "test_faults is off"; return 1; }
		if vhypctl start faults >/tmp/pool.out 2>&1; then
			pool_fail 0
			break		# past the last page a start takes
		fi
		hit=$((hit + 1))
		echo "table page $n: $(tail -n 1 /tmp/pool.out)"
		grep -q '^vhypctl: cannot .*\.$' /tmp/pool.out || bad="$bad $n:no-sentence"
		root_reaches faults || bad="$bad $n:root"
		[ "$(vhypctl info --json | json_get panicked)" = false ] || bad="$bad $n:panic"
		n=$((n + 1))
	done
	echo "$hit starts failed for lack of a table page"
	sleep 1
	vhypctl console faults | grep -q 'Hello from a vhyp cell' || bad="$bad then-no-hello"
	vhypctl destroy faults >/dev/null || bad="$bad destroy"
	[ "$hit" -ge 2 ] && [ -z "$bad" ] || { echo "failed:$bad"; return 1; }
}
t_ok "a start without the table pages it needs fails with a sentence, the root keeps every page" \
	pool_sweep

# the root's stage 2 stays split where a cell's device and redistributors
# were (tables the next cell reuses): start from there
t_ok "warm-up: the cell runs, and is destroyed" run_cell "$cell" faults
online0=$(cat /sys/devices/system/cpu/online)
pool0=$(pool_used)
mem0=$(free_kb)
sweep create state vhypctl create "$cell"
t_is "CPU hotplug refusing was among them, on both CPUs" "$(hits create remove_cpu)" 2
t_is "so was a CPU that never parks (the wait timed out), on both" "$(hits create parking)" 2
sweep load state vhypctl load faults "$VHYP_TESTS/hello.bin"
sweep start cell_state vhypctl start faults
sleep 1
t_like "the cell runs after all" "$(vhypctl console faults 2>&1)" 'Hello from a vhyp cell'
t_ok "destroy it" vhypctl destroy faults
t_ok "free memory back after the cell sweeps" mem_back "$mem0" "$(free_kb)" $MEM_SLACK_KB
t_is "the hypervisor's memory in use is back" "$(pool_used)" "$pool0"
t_is "the same CPUs online" "$(cat /sys/devices/system/cpu/online)" "$online0"

# --- and vhyp still works
t_ok "a cell runs: hello" run_cell "$VHYP_TESTS/configs/qemu-virt/hello.dtb" hello
t_ok "vhypctl disable" vhypctl disable
t_ok "rmmod vhyp" rmmod vhyp
dmesg_clean
t_done
