#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A hostile payload in a cell (issue 6): tools/inmates/chaos throws seeded
# random HVC and SMC calls, accesses to its emulated GIC and PL011 and
# system register accesses at the hypervisor, one seed after another, each
# for a few seconds or until the hypervisor stops the cell (then it is
# started again with the next seed), while timer-demo runs in cell hello
# (CPU 3).  First in cell hello2 (CPU 2), as long as the root's workload
# runs at least, then in cell duo12 (CPUs 1 and 2), whose second CPU
# chaos starts and stops as it goes.  After it: the payload saw no rule broken (no "WRONG"
# line), only the seeds that asked for it were stopped, with a reason, the
# hypervisor has not panicked, the workload passed, timer-demo reported
# every second, the chaos cells are destroyed and their CPUs and memory
# come back, and vhyp disables with a clean kernel log.  Its own report
# (VHYP_HC_CELL_REPORT, chaos/report.c) is among its calls: the payload
# checks that bad arguments are refused (a WRONG line otherwise), the root
# that the valid ones were taken.
#
#   chaos [tidcp=1] [SECONDS [SEED-SECONDS [SEED...]]]
#
# SECONDS of chaos (20: half in each cell, longer in hello2 if the
# workload takes longer), at most SEED-SECONDS a seed (5); the seeds: the
# given ones (in hello2; "1 2f" without), then random ones (printed) until
# the time is up.  A seed "Nf" also makes the
# payload do what may stop the cell: it must then say why.  The seeds that
# found bugs go first in the list, as regressions.  With tidcp=1 (QEMU 8.0
# and later trap IMPDEF registers for EL2) every IMPDEF access must have
# been undefined.  Last, with the cells gone, the root's workload runs on
# the CPUs they had.

. /lib/vhyp-tests/lib.sh

tidcp=0
case ${1:-} in tidcp=*) tidcp=${1#tidcp=}; shift ;; esac
secs=${1:-20}
seed_secs=${2:-5}
[ $# -gt 2 ] && shift 2 && seeds=$* || seeds="1 2f"
cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS
runs=/tmp/chaos.runs

state() { vhypctl stats "$1" --json | json_get state | tr -d '"'; }
console() { vhypctl console "$1" 2>&1 | tr -d '\r'; }
# reports CELL: how many lines of latency figures timer-demo has printed
reports() { console "$1" | grep -c '^timer-demo: [0-9]* irqs'; }
# calls CELL: the chaos payload's last count since its last start
calls() {
	console "$1" | awk '/^chaos: seed\?/ { n = 0 } /^chaos: [0-9]+ calls/ { n = $2 }
			    END { print n + 0 }'
}

# run_seed CELL SEED: chaos with SEED until the cell is stopped or
# seed_secs pass; one line of what happened, in $runs
run_seed() {
	local end st n why
	vhypctl --quiet start "$1" || return 1
	printf '%s\r' "$2" | vhypctl --quiet console "$1" --attach --linger 0.5 >/dev/null 2>&1
	end=$(($(uptime_cs) + seed_secs * 100))
	st=running
	while [ "$st" = running ] && [ "$(uptime_cs)" -lt "$end" ]; do
		sleep 1
		st=$(state "$1")
	done
	n=$(calls "$1")
	if [ "$st" = running ]; then
		vhypctl --quiet stop "$1" || return 1
		why="still running, stopped"
	else
		why="$st: $(vhypctl stats "$1" --json | json_get reason)"
	fi
	echo "$1 seed $2: $n calls, $why" | tee -a $runs
	[ "$st" = running ] || [ "$st" = failed ]
}

# chaos CELL SECONDS SEED...: the seeds, then random ones, until SECONDS
# pass and the root's workload is over
chaos() {
	local cell=$1 t_end=$(($(uptime_cs) + $2 * 100)) s extra
	shift 2
	extra=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
	for s in "$@" $extra $((extra + 1)) $((extra + 2)) $((extra + 3)) $((extra + 4)) \
		 $((extra + 5)) $((extra + 6)) $((extra + 7)) $((extra + 8)) $((extra + 9)); do
		[ "$(uptime_cs)" -lt "$t_end" ] || [ ! -f /tmp/workload.rc ] || break
		run_seed "$cell" "$s" || return 1
	done
	vhypctl stats "$cell" | sed -n '/^exits/,$p'
}

# checks CELL: what its runs must show
checks() {
	local mine
	mine=$(grep "^$1 seed" $runs)
	t_diag "$1: $(echo "$mine" | grep -c .) runs, $(echo "$mine" | grep -c ', failed:')" \
	       "stopped by the hypervisor, $(echo "$mine" | awk '{ n += $4 } END { print n + 0 }') calls"
	t_unlike "$1: every seed made progress (but the fatal ones, which may stop early)" \
		"$(echo "$mine" | grep -v ' seed [0-9]*f:')" ': 0 calls,'
	t_unlike "$1: the payload saw no rule broken" "$(console "$1")" 'WRONG|exception:'
	t_unlike "$1: only the fatal seeds were stopped by the hypervisor" \
		"$(echo "$mine" | grep -v ' seed [0-9]*f:')" ', failed:'
	t_unlike "$1: with a reason" "$mine" ', failed: "?"?$'
	if [ "$tidcp" = 1 ]; then
		t_unlike "$1: IMPDEF registers were undefined every time" "$(console "$1")" \
			'faults, [1-9][0-9]* IMPDEF not undefined'
	fi
}

plan $((34 + 2 * tidcp))
dmesg_mark
: >$runs
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
mem0=$(mem_available_kb)
online0=$(cat /sys/devices/system/cpu/online)

t_ok "timer-demo starts in cell hello (CPU 3)" sh -c \
	"vhypctl create $cfg/hello.dtb && vhypctl load hello $bin/timer-demo.bin && vhypctl start hello"
start=$(($(uptime_cs) / 100))

# --- one CPU, beside the root's workload
t_ok "the chaos payload is loaded into cell hello2 (CPU 2)" sh -c \
	"vhypctl create $cfg/hello2.dtb && vhypctl load hello2 $bin/chaos.bin"
rm -f /tmp/workload.rc
(workload.sh --quick >/tmp/workload.log 2>&1; echo $? >/tmp/workload.rc) &
wl=$!
t_ok "chaos in hello2 for $((secs / 2)) s or the workload's time, seeds $seeds and random ones" \
	chaos hello2 $((secs / 2)) $seeds
checks hello2
fatal_why='access outside what it owns|instruction fetch outside its memory'
fatal_why="$fatal_why|a system register access the hypervisor does not emulate"
if echo "$seeds" | grep -q '[0-9]f'; then
	t_like "a fatal seed was stopped by the hypervisor, for what it did" \
		"$(grep '^hello2 seed [0-9]*f:' $runs)" ", failed: \"($fatal_why)\""
else
	t_skip "a fatal seed was stopped by the hypervisor" "no seed with 'f' given"
fi
wait $wl
cat /tmp/workload.log
t_is "the root's workload beside it passed" "$(cat /tmp/workload.rc)" 0
t_ok "destroy hello2" vhypctl destroy hello2

# --- two CPUs, the second started and stopped by chaos itself
t_ok "the chaos payload is loaded into cell duo12 (CPUs 1, 2)" sh -c \
	"vhypctl create $VHYP_TESTS/cell-smp12.dtb && vhypctl load duo12 $bin/chaos.bin"
t_ok "chaos in duo12 for $((secs / 2)) s, random seeds" chaos duo12 $((secs / 2))
checks duo12
reports=$(vhypctl stats duo12 --json | json_get reports)
t_ok "duo12: its valid reports were taken (${reports:-none} since its last start)" \
	test "${reports:-0}" -gt 0
t_like "chaos started its second CPU" "$(console duo12)" ' calls, seed [0-9]+, [1-9][0-9]* CPU_ON'
t_like "the hypervisor has not panicked" "$(vhypctl info --json)" '"panicked":[[:space:]]*false'
t_unlike "nor said PANIC on its console" "$(vhypctl console 2>&1)" 'PANIC'
echo "the hypervisor's console, last lines:"
vhypctl console 2>&1 | tail -n 12

t_is "hello is still running" "$(state hello)" running
up=$(($(uptime_cs) / 100 - start))
t_ok "timer-demo reported every second of its ${up} s (at least $((up - 5)))" \
	test "$(reports hello)" -ge $((up - 5))
t_unlike "and never missed its timer" "$(console hello)" 'no timer interrupt'

vhypctl --quiet start duo12
sleep 3
t_is "the chaos cell starts once more and runs" "$(state duo12)" running
t_ok "destroy duo12 while chaos runs" vhypctl destroy duo12
t_ok "destroy hello" vhypctl destroy hello
t_is "every CPU is the root's again" "$(cat /sys/devices/system/cpu/online)" "$online0"
t_ok "no memory lost (MemAvailable within 8 MiB)" test $((mem0 - $(mem_available_kb))) -lt 8192
t_ok "the root's workload runs on them" workload.sh --quick
t_ok "vhypctl disable" vhypctl disable
t_ok "rmmod vhyp" rmmod vhyp
dmesg_clean
t_done
