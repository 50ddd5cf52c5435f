#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Channels under attack (issue 14).  chan-a (CPU 3) runs chan-test with
# its doorbells enabled, chan-b (CPU 2) runs timer-demo, the root runs its
# workload; chan-c (CPU 1), hostile:
#   - rings the root through 'shout', then chan-a through 'poke', without
#     a pause, SECS seconds each: the rung end takes a small share of the
#     rings as interrupts (a pending doorbell is one), the root's workload
#     passes, timer-demo keeps reporting, chan-a keeps answering;
#   - runs chaos: its rings of every channel id but its own two, and its
#     queries past them, get what a stranger gets (chaos's own rules: no
#     "WRONG" line);
# then, with chan-a and chan-b gone, CYCLES creates and destroys of chan-c,
# each making and freeing its two channels: no memory of the root or of
# the hypervisor is lost, and vhyp disables cleanly.
#
#   channel-storm [SECS [CYCLES]]     8 s, 200

. /lib/vhyp-tests/lib.sh

secs=${1:-8}
cycles=${2:-200}
cfg=$VHYP_TESTS/extra
bin=$VHYP_TESTS

state() { vhypctl stats "$1" --json | json_get state | tr -d '"'; }
# run CELL PAYLOAD: created, PAYLOAD loaded, started
run() {
	vhypctl --quiet create "$cfg/$1.dtb" && vhypctl --quiet load "$1" "$bin/$2.bin" &&
		vhypctl --quiet start "$1"
}
# cpu_irqs CPU: the hypervisor's count of interrupts taken on CPU
cpu_irqs() {
	vhypctl info --json | awk -v c="$1" '
		/"cpu":/ { gsub(/[^0-9]/, ""); cur = $0 }
		/"irq":/ && cur == c { gsub(/[^0-9]/, ""); print; exit }'
}
# root_doorbells: the root's doorbell interrupts, all CPUs (/proc/interrupts)
root_doorbells() {
	awk '/vhyp-maintenance/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) t += $i }
	     END { print t + 0 }' /proc/interrupts
}
reports() { vhypctl console chan-b 2>&1 | grep -c '^timer-demo: [0-9]* irqs'; }
# storm NAME: chan-c rings NAME for $secs s; sets $rings
storm() {
	local n
	n=$(console_count chan-c "storm $1: ")
	console_cmd chan-c "storm $1 $secs"
	console_wait chan-c $((n + 1)) "storm $1: " $((secs * 3)) || return 1
	vhypctl console chan-c | grep "storm $1: " | tail -n 1
	rings=$(vhypctl console chan-c | grep "storm $1: " | tail -n 1 | awk '{ print $4 }')
	[ "${rings:-0}" -gt 0 ] && vhypctl console chan-c | grep "storm $1: " | tail -n 1 |
		grep -q "(0 refused)"
}
# fewer WHAT RINGS: a tenth of the rings at most, and some
fewer() {
	echo "$1 interrupts for $2 rings"
	[ "$1" -gt 0 ] && [ "$1" -lt $(($2 / 10)) ]
}

plan 25
dmesg_mark
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
mem0=$(free_kb)
used0=$(vhypctl info --json | json_get hyp_mem_used)

t_ok "chan-a runs chan-test" sh -c "vhypctl --quiet create $cfg/chan-a.dtb &&
	vhypctl --quiet load chan-a $bin/chan-test.bin && vhypctl --quiet start chan-a"
t_ok "chan-b runs timer-demo" run chan-b timer-demo
t_ok "chan-c runs chan-test" run chan-c chan-test
console_wait chan-a 1 "chan-test: ready" 20
console_wait chan-c 1 "chan-test: ready" 20

# --- storms, while the root works
(workload.sh --quick >/tmp/workload.log 2>&1; echo $? >/tmp/workload.rc) &
r0=$(reports)
d0=$(root_doorbells) i0=$(cpu_irqs 0)
t_ok "chan-c storms the root through 'shout' for $secs s, none refused" storm shout
d1=$(root_doorbells) i1=$(cpu_irqs 0)
t_ok "the root took its doorbell a tenth of the times it was rung, at most" \
	fewer $((d1 - d0)) "$rings"
t_ok "... and as many interrupts on its CPU 0" fewer $((i1 - i0)) "$rings"
a0=$(vhypctl stats chan-a --json | json_get irq)
t_ok "chan-c storms chan-a through 'poke' for $secs s, none refused" storm poke
a1=$(vhypctl stats chan-a --json | json_get irq)
t_ok "chan-a took interrupts a tenth of the times it was rung, at most" \
	fewer $((a1 - a0)) "$rings"
console_cmd chan-a "state poke"
t_ok "chan-a answers after its storm" console_wait chan-a 1 "state poke: peer up" 10
wait
t_is "the root's workload passed meanwhile" "$(cat /tmp/workload.rc)" 0
cat /tmp/workload.log
r1=$(reports)
t_ok "timer-demo reported every second meanwhile" \
	sh -c "echo '$((r1 - r0)) reports in $((2 * secs)) s'; [ $((r1 - r0)) -ge $((2 * secs - 3)) ]"

# --- chaos, a stranger to the others' channels
t_ok "chan-c destroyed" vhypctl destroy chan-c
t_ok "chan-c runs chaos" run chan-c chaos
sleep 8
out=$(vhypctl console chan-c 2>&1)
echo "$out" | tail -n 4
t_like "chaos found its two channels" "$out" "chaos: 2 channels"
t_unlike "... and no answer to a ring or a query broke its rules" "$out" "WRONG"
t_is "chan-c still runs" "$(state chan-c)" running

# --- create and destroy, channels and all
vhypctl --quiet destroy chan-c
vhypctl --quiet destroy chan-b
vhypctl --quiet destroy chan-a
i=0 bad=0
while [ $i -lt "$cycles" ]; do
	vhypctl --quiet create "$cfg/chan-c.dtb" >/dev/null && vhypctl --quiet destroy chan-c ||
		bad=$((bad + 1))
	i=$((i + 1))
done
t_is "$cycles creates and destroys of chan-c and its two channels" "$bad" 0
t_is "no channel is left" "$(vhypctl channel list)" "no channels"
t_is "the hypervisor's memory in use is as before" \
	"$(vhypctl info --json | json_get hyp_mem_used)" "$used0"
t_ok "the root's memory came back (within 1 %)" mem_back "$mem0" "$(free_kb)" $((mem0 / 100))
t_ok "vhypctl disable" vhypctl disable
t_ok "kernel log clean" dmesg_clean
t_done
