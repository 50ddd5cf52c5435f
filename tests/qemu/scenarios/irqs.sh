#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Interrupt partitioning (issue 4) through the documented CLI: timer-demo
# in one cell while a hostile payload in another attacks the GIC (others'
# SPIs in the distributor, its own redistributor, a redistributor not its
# own, SGIs at root CPUs and beyond, by target list and broadcast); the
# root's timers and IPIs (its workload) and the other cell's output are
# checked after.  (The root's PL011 raises no interrupt under QEMU even
# without vhyp: Linux never needs its TX interrupt there, so its count
# proves nothing.)  Then a passed-through device's SPI (the PL031 RTC's alarm)
# reaches its cell, smp-demo ping-pongs SGIs between a cell's two CPUs,
# and the config rules for interrupts are refused with their sentences.
# With timer-demo and smp-demo running, 'vhypctl top' and its --json twin
# (issue 16) show the same cells, the latency each payload reported
# (VHYP_HC_CELL_REPORT), timer-demo's interrupts; its figures stay while
# it is stopped and start from none when it starts again.
#
#   irqs [SECONDS]     how long timer-demo and smp-demo run (30)

. /lib/vhyp-tests/lib.sh

secs=${1:-30}
cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS

console() { vhypctl console "$1" 2>&1; }
send() { printf '%s' "$2" | vhypctl console "$1" --attach --linger 1 2>&1; }
# irqs TEXT: the /proc/interrupts rows containing TEXT, all CPUs, summed
irqs() {
	awk -v n="$1" 'index($0, n) { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) t += $i }
		       END { print t + 0 }' /proc/interrupts
}
hexval() { printf '%d' "$(sed -n "s/.*$1 -> \(0x[0-9a-f]*\).*/\1/p" | tail -n 1)"; }
# the owners and states of the last frame of 'vhypctl top' ($ttext) and of
# its --json twin ($tjson), "NAME STATE" a line
top_text_rows() {
	printf '%s\n' "$ttext" | awk '/^vhyp top, frame/ { n = 0 } /^NAME +ID +STATE/ { f = 1; next }
		/^$/ { f = 0 } f { row[++n] = $1 " " $3 } END { for (i = 1; i <= n; i++) print row[i] }'
}
top_json_rows() {
	printf '%s\n' "$tjson" | tail -n 1 |
		grep -oE '"name": "[^"]*",("id": [0-9]+,)?"state": "[^"]*"' |
		sed -E 's/^"name": "([^"]*)".*"state": "([^"]*)"$/\1 \2/'
}
# top_field CELL FIELD: CELL's FIELD in the last frame of $tjson
top_field() { printf '%s\n' "$tjson" | tail -n 1 | sed "s/.*\"name\": \"$1\"//" | json_get "$2"; }
# at_least A B: A >= B, as numbers with decimals
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 >= b + 0) }'; }

plan 56
dmesg_mark
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
mem0=$(mem_available_kb)

# --- timer-demo in 'hello' (CPU 3), beside the root
t_ok "timer-demo starts in cell hello (CPU 3)" cell_up hello \
	$cfg/hello.dtb $bin/timer-demo.bin
start=$(($(uptime_cs) / 100))
sleep 3
t_like "it programs the virtual timer" "$(console hello)" '^timer-demo: virtual timer every [0-9]+ us'
t_like "and reports latency every second" "$(console hello)" \
	'^timer-demo: [0-9]+ irqs, latency min/avg/max = [0-9]+/[0-9]+/[0-9]+ ns'

# --- the hostile payload in 'hello2' (CPU 2)
t_ok "the isolation payload starts in cell hello2 (CPU 2)" cell_up \
	hello2 $cfg/hello2.dtb $bin/isolation.bin
sleep 1
out=$(send hello2 y)
t_is "its distributor reports 64 INTIDs: 32 + its console's SPI" \
	"$(($(printf '%s\n' "$out" | hexval 'gicd typer') & 0x1f))" 1
t_is "its one redistributor: virtual CPU 0, Last" "$(printf '%s\n' "$out" | hexval 'gicr typer')" 16
t_is "the distributor's ID is the real one (GICv3)" \
	"$((($(printf '%s\n' "$out" | hexval 'gicd pidr2') >> 4) & 15))" 3
timer0=$(irqs arch_timer) resched0=$(irqs Rescheduling) call0=$(irqs "Function call")
demo0=$(timer_reports hello)
grep -E 'CPU|pl011|arch_timer|IPI[01]' /proc/interrupts | while IFS= read -r l; do t_diag "$l"; done

out=$(send hello2 g)
t_like "all others' SPIs disabled, triggered, activated, rerouted: it reads back nothing" \
	"$out" "gicd others' spis read back -> 0x0+$"
t_like "and the hypervisor counted the refusals" "$(cell_stat hello2 irqs_denied)" '^[1-9][0-9]*$'
out=$(send hello2 i)
t_like "SGIs 0..15 at Aff0 0..15, another cluster, broadcast, group 0 and 1" "$out" 'sgis sent'
t_like "were dropped and counted" "$(cell_stat hello2 sgis_denied)" '^[1-9][0-9]*$'
out=$(send hello2 k)
t_like "it can switch off all of its own SGIs and PPIs, but the hypervisor's" \
	"$out" 'gicr own isenabler0 -> 0x0+$'
t_like "and still answers on its console" "$(send hello2 v)" 'psci version -> 0x0+10001'

t_ok "the root's workload (timers, IPIs on all CPUs, hotplug) is correct" \
	/lib/vhyp-tests/workload.sh --quick
t_ok "the root's timer interrupts went on" test "$(irqs arch_timer)" -gt "$timer0"
t_ok "its IPIs too" test "$(($(irqs Rescheduling) + $(irqs "Function call")))" -gt \
	"$((resched0 + call0))"
sleep 2
t_ok "timer-demo in hello kept reporting its interrupts" test "$(timer_reports hello)" -gt "$demo0"
console hello | tail -n 3 | while IFS= read -r l; do t_diag "$l"; done

t_ok "hello2 stops: the hypervisor's kick SGI survived" vhypctl stop hello2
t_is "it is stopped" "$(cell_stat hello2 state)" stopped
vhypctl start hello2 >/dev/null
sleep 1
send hello2 w00000000080d0180 >/dev/null
t_ok "a write to a redistributor not its own stops it" vhypctl wait hello2 --state failed --timeout 10
t_like "with the reason" "$(vhypctl list)" 'access outside what it owns'
t_ok "destroy hello2" vhypctl destroy hello2

# --- a passed-through device's interrupt: the RTC's alarm, SPI 2
t_ok "a cell with the PL031 RTC and its SPI 2 (CPU 2)" cell_up \
	rtc $VHYP_TESTS/cell-rtc.dtb $bin/isolation.bin
sleep 1
# the alarm is set for the RTC's next second, up to 1 s away: linger past it
t_like "the RTC alarm's SPI reaches the cell through the GIC" \
	"$(printf a | vhypctl console rtc --attach --linger 4 2>&1)" \
	'rtc alarm irq -> 0x0+22$'
t_like "its console's receive interrupt (a virtual SPI) comes too" "$(send rtc ux)" \
	'uart rx irq -> 0x0+78$'
t_like "the root cannot have it too" \
	"$(vhypctl create $VHYP_TESTS/cell-rtc2.dtb 2>&1)" 'SPI 2 \(INTID 34\) is cell rtc.s already'
t_like "nor an SPI beyond its GIC" "$(vhypctl create $VHYP_TESTS/cell-spi-big.dtb 2>&1)" \
	'SPI 300 \(INTID 332\) does not exist: the GIC of this machine has 224 SPIs'
t_like "nor a PPI" "$(vhypctl create $VHYP_TESTS/cell-ppi.dtb 2>&1)" \
	'interrupts <1 11 4> is a PPI, private to each CPU'
t_is "nothing changed: the same two cells" "$(vhypctl list --json | grep -c '"name"')" 2
t_ok "destroy rtc" vhypctl destroy rtc

# --- smp-demo: SGIs between the two CPUs of 'duo12' (1 and 2), beside timer-demo
t_ok "smp-demo starts in cell duo12 (CPUs 1, 2)" cell_up \
	duo12 $VHYP_TESTS/cell-smp12.dtb $bin/smp-demo.bin
sleep "$secs"
out=$(console duo12)
t_like "both its CPUs came up" "$out" '^smp-demo: 2 CPUs up'
t_like "and ping-pong SGIs" "$out" '^smp-demo: cpu 1: [0-9]+ round trips, rtt min/avg/max = [0-9]+/[0-9]+/[0-9]+ ns'
t_unlike "every ping was answered" "$out" 'unanswered'
t_is "no SGI of theirs was refused" "$(cell_stat duo12 sgis_denied)" 0
printf '%s\n' "$out" | tail -n 3 | while IFS= read -r l; do t_diag "$l"; done

# --- timer-demo ran through all of it: a report a second
up=$(($(uptime_cs) / 100 - start))
t_ok "timer-demo reported every second of its ${up} s (at least $((up - 5)))" \
	test "$(timer_reports hello)" -ge $((up - 5))
t_unlike "and never missed its timer" "$(console hello)" 'no timer interrupt'

# --- vhypctl top and its --json twin, with both demos reporting
ttext=$(vhypctl top -n 2 2>&1)
printf '%s\n' "$ttext" | tail -n 12 | while IFS= read -r l; do t_diag "$l"; done
t_is "vhypctl top -n 2: two frames" "$(printf '%s\n' "$ttext" | grep -c '^vhyp top, frame')" 2
tjson=$(vhypctl --json top -n 2 2>&1)
t_is "vhypctl --json top -n 2: two JSON lines" "$(printf '%s\n' "$tjson" | grep -c '^{"frame": ')" 2
t_is "the text and the JSON: the same owners in the same states" "$(top_text_rows)" "$(top_json_rows)"
t_is "the root, hello and duo12, running" "$(top_json_rows | tr '\n' ,)" \
	"root running,hello running,duo12 running,"
worst=$(top_field hello worst_ns)
t_ok "timer-demo's worst latency of a second is reported: ${worst:-none} ns (more than 0, under 1 s)" \
	sh -c "[ '${worst:-0}' -gt 0 ] && [ '${worst:-0}' -lt 1000000000 ]"
t_like "the very figure timer-demo printed for that second" "$(console hello)" \
	"^timer-demo: [0-9]+ irqs, latency min/avg/max = [0-9]+/[0-9]+/${worst:-x} ns"
t_ok "its maximum since its start is no less ($(top_field hello max_ns) ns)" \
	at_least "$(top_field hello max_ns)" "${worst:-x}"
t_ok "hello takes timer-demo's 1000 interrupts a second: $(top_field hello irqs_per_s) irqs/s" \
	at_least "$(top_field hello irqs_per_s)" 200
t_ok "and exits for them: $(top_field hello exits_per_s_total) exits/s" \
	at_least "$(top_field hello exits_per_s_total)" 200
t_ok "smp-demo in duo12 reports its worst round trip: $(top_field duo12 worst_ns) ns" \
	at_least "$(top_field duo12 worst_ns)" 1
t_like "the text shows hello's worst latency, not '-'" "$ttext" \
	'^hello +[0-9]+ +running +3 +[0-9.]+[kMG]? +[0-9.]+[kMG]? +[0-9.]+ (ns|us|ms|s) '
# the figures belong to one run of the payload
vhypctl --quiet stop hello
n=$(cell_stat hello reports)
t_ok "hello stopped keeps its figures (${n:-none} reports)" test "${n:-0}" -gt 5
vhypctl --quiet start hello
sleep 2
m=$(cell_stat hello reports)
t_ok "started again, it starts from none: ${m:-none} reports after 2 s" test "${m:-0}" -le 4
t_ok "destroy duo12 and hello" sh -c "vhypctl destroy duo12 && vhypctl destroy hello"

t_is "every CPU is the root's again" "$(cat /sys/devices/system/cpu/online)" "0-$(($(nproc --all) - 1))"
t_ok "no memory lost (MemAvailable within 8 MiB)" test $((mem0 - $(mem_available_kb))) -lt 8192
dmesg_clean
t_done
