#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The EL2 trace (debugfs vhyp/trace, issue 16) and the interrupt fast path,
# under -icount, where a latency is an instruction count and repeats:
# timer-demo in a cell reports the same latency before the trace was ever
# started and after it stopped (the fast path: the trace costs nothing when
# off), a larger one while it records (every exit takes the C path then);
# the rings hold the timer's interrupts on the cell's CPU with how late
# each was, the root's exits on its CPUs, nothing more once stopped; and
# the file refuses what it does not understand.  (Averages and maxima are
# not compared: under -icount QEMU runs the CPUs in turn, and whatever the
# root's CPUs run delays the cell's interrupt before it reaches EL2 at all,
# as the trace's lateness shows.)
#
#   trace

. /lib/vhyp-tests/lib.sh

cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS
T=/sys/kernel/debug/vhyp/trace

reports() { vhypctl console hello | grep -c '^timer-demo: [0-9]* irqs'; }
# window: two more of timer-demo's per-second reports; the last one's "min avg max"
window() {
	n=$(reports) i=0
	while [ "$(reports)" -lt $((n + 2)) ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	vhypctl console hello | grep '^timer-demo: [0-9]* irqs' | tail -n 1 |
		sed -n 's|.*min/avg/max = \([0-9]*\)/\([0-9]*\)/\([0-9]*\) ns.*|\1 \2 \3|p'
}
# summary CPU FIELD: a field of CPU's summary line in the trace
summary() { awk -v c="$1" -v f="$2" '$1 == "cpu" && $2 == c && $3 == "events" {
	for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }' "$T"; }

plan 18
dmesg_mark
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
mount -t debugfs none /sys/kernel/debug 2>/dev/null
t_is "the trace is off at enable: no events on any CPU" \
	"$(grep -c '^cpu [0-9]* events 0 ' "$T")" "$(grep -c '^cpu [0-9]* events' "$T")"

t_ok "timer-demo starts in cell hello (CPU 3)" sh -c \
	"vhypctl create $cfg/hello.dtb && vhypctl load hello $bin/timer-demo.bin && vhypctl start hello"
set -- $(window)
off_min=${1:-0}
t_diag "trace never started: timer latency min/avg/max $*"
t_ok "timer-demo reports its latency" [ "$off_min" -gt 0 ]

t_ok "echo start > trace" sh -c "echo start > $T"
set -- $(window)
t_diag "trace on: timer latency min/avg/max $*"
t_ok "while it records, the timer takes the C path: slower ($1 > $off_min ns)" \
	[ "${1:-0}" -gt "$off_min" ]
irq27=$(grep -c '^cpu 3 irq 27 at [0-9]* stay [0-9]* late [0-9]*$' "$T")
t_ok "the cell's CPU has its timer's interrupts, each with its lateness ($irq27)" \
	[ "$irq27" -gt 100 ]
late=$(summary 3 max_late_ns) stay=$(summary 3 max_stay_ns)
t_diag "cpu 3: longest stay at EL2 $stay ns, latest timer $late ns"
t_ok "its summary has the latest timer interrupt and the longest stay" \
	[ "${late:-0}" -gt 0 -a "${stay:-0}" -gt 0 -a "${stay:-0}" -lt 1000000 ]
t_ok "the root's CPUs have their exits too" grep -q '^cpu [012] \(irq\|trap\) ' "$T"

t_ok "echo stop > trace" sh -c "echo stop > $T"
n0=$(summary 3 events)
set -- $(window)
t_diag "trace stopped: timer latency min/avg/max $*"
t_is "stopped, nothing more is recorded" "$(summary 3 events)" "$n0"
t_is "and the fast path is back: the same minimum as before the trace" "${1:-0}" "$off_min"

t_fails "a word the trace does not know is refused" sh -c "echo bogus > $T"
vhypctl destroy hello >/dev/null
t_ok "vhypctl disable" vhypctl disable
t_like "disabled, the trace says so" "$(cat "$T")" '^# vhyp is not enabled'
t_fails "and cannot be started" sh -c "echo start > $T"
dmesg_clean
t_done
