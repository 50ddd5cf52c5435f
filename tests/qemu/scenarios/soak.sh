#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Soak (issue 6; 'make soak', not part of 'make check'): CELLS
# create/load/start/stop/destroy cycles of four cells of different CPUs,
# sizes and payloads in turn, while the root checks SHA-256 sums in a
# loop; RACES cycles of a cell powering itself off or resetting while the
# root types into its console and another cell's (guest/stoprace.sh: it
# must never stay running with its CPU parked); then ENABLES
# enable/disable cycles.  Reports leaks (free memory,
# MemAvailable, the hypervisor's memory in use, cells/VMIDs left), kernel
# warnings, and the median and worst cycle time; the lines that start
# with "SOAK-MD: " are the summary that 'make soak' writes to
# tests/out/soak.md.
#
#   soak [CELLS [ENABLES [RACES]]]      (1000, 200 and 1000)

. /lib/vhyp-tests/lib.sh

cells=${1:-1000}
enables=${2:-200}
races=${3:-1000}
cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS
SLACK_KB=2048		# a leak of 2 kB a cycle shows after 1000 cycles

# The mix, one a cycle in turn: config, cell name, payload, what it prints.
kind() {
	case $(($1 % 4)) in
	0) echo "$cfg/hello.dtb hello hello.bin Hello.from.a.vhyp.cell" ;;	# CPU 3, 64 MiB
	1) echo "$cfg/hello2.dtb hello2 timer-demo.bin timer-demo:.virtual.timer" ;;	# CPU 2
	2) echo "$VHYP_TESTS/cell-smp.dtb duo smp-demo.bin smp-demo:.2.CPUs.up" ;;	# 2, 3
	3) echo "$VHYP_TESTS/cell-faults.dtb faults hello.bin Hello.from.a.vhyp.cell" ;;	# 2+2 MiB
	esac
}

# cycle I: one cell's whole life; its output must show within 10 s
cycle() {
	local i=0
	set -- $(kind "$1")
	vhypctl --quiet create "$1" && vhypctl --quiet load "$2" "$bin/$3" &&
		vhypctl --quiet start "$2" || return 1
	until vhypctl console "$2" 2>/dev/null | grep -q "$4"; do
		i=$((i + 1))
		[ $i -le 100 ] || { echo "cell $2 did not print '$4'"; vhypctl destroy "$2"; return 1; }
		usleep 100000
	done
	vhypctl --quiet stop "$2" && vhypctl --quiet destroy "$2"
}

# the first of each kind allocates what stays (split root tables): measure from there
warm_up() {
	local k
	for k in 0 1 2 3; do cycle $k || return 1; done
}

# kernel log problems since the last call (the log is cleared: 1000
# cycles would overrun the ring and lose any mark)
dmesg_bad() {
	dmesg -c | grep -E "$DMESG_BAD" >>/tmp/soak.bad
	true
}

# the root's work beside the cycles: one sum, again and again, checked
root_work() {
	local want
	want=$(sha256sum </tmp/soak.dat)
	while [ ! -f /tmp/soak.stop ]; do
		if [ "$(sha256sum </tmp/soak.dat)" = "$want" ]; then echo ok; else echo BAD; fi
	done >/tmp/soak.work
}

# median and worst of the centisecond times in FILE, in seconds
spread() {
	sort -n "$1" | awk '{ t[NR] = $1 } END {
		printf "median %.2f s, worst %.2f s (%d cycles)", t[int((NR + 1) / 2)] / 100, t[NR] / 100, NR }'
}

hyp_used() { vhypctl info --json | json_get hyp_mem_used; }
md() { echo "SOAK-MD: $*"; }

plan 18
dmesg -n 1		# the console is slow under TCG: the log is read with dmesg
dmesg -c >/dev/null
: >/tmp/soak.bad
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
t_ok "warm-up: one cycle of each cell" warm_up
dd if=/dev/urandom of=/tmp/soak.dat bs=1M count=8 2>/dev/null
t_ok "the root's workload before" workload.sh --quick
free0=$(free_kb) avail0=$(mem_available_kb) used0=$(hyp_used) t0=$(uptime_cs)
root_work &

i=0 bad=0
: >/tmp/soak.times
while [ $i -lt "$cells" ]; do
	c0=$(uptime_cs)
	cycle $i || { bad=$((bad + 1)); echo "cycle $i ($(kind $i)) failed"; }
	echo $(($(uptime_cs) - c0)) >>/tmp/soak.times
	i=$((i + 1))
	[ $((i % 50)) != 0 ] || { dmesg_bad; echo "soak: $i cycles, $bad failed"; }
done
touch /tmp/soak.stop
wait
dmesg_bad
t_is "$cells cell cycles (hello, timer-demo, smp-demo, a small two-region cell)" "$bad" 0
t1=$(uptime_cs)
cell_times=$(spread /tmp/soak.times)
passes=$(grep -c ok /tmp/soak.work) fails=$(grep -c BAD /tmp/soak.work)
t_is "the root's sums beside them: $passes, all right" "$fails" 0
free1=$(free_kb) avail1=$(mem_available_kb) used1=$(hyp_used)
t_ok "free memory back after the cell cycles" mem_back "$free0" "$free1" $SLACK_KB
t_is "the hypervisor's memory in use is back" "$used1" "$used0"
left=$(wc -l </sys/class/misc/vhyp/cells)
t_is "no cells (VMIDs) left" "$left" 0
t_ok "the root's workload after" workload.sh --quick

# cells that stop themselves while the root holds the cell lock
r0=$(uptime_cs)
t_ok "a cell to stop, beside one that echoes" sh -c \
	"vhypctl create $cfg/hello.dtb && vhypctl load hello $bin/hello.bin &&
	 vhypctl start hello && vhypctl create $cfg/hello2.dtb &&
	 vhypctl load hello2 $bin/isolation.bin"
stoprace.sh hello2 hello "$races" >/tmp/soak.race 2>&1
tail -n 20 /tmp/soak.race
race=$(sed -n 's/^stoprace: \([0-9]* cycles .*\)/\1/p' /tmp/soak.race | tail -n 1)
t_like "$races times a cell powered off or reset itself while the root typed into it" \
	"$race" ' 0 cells left running without CPUs, 0 ended otherwise$'
vhypctl destroy hello2
vhypctl destroy hello
r1=$(uptime_cs)
t_ok "vhypctl disable" vhypctl disable

efree0=$(free_kb) i=0 ebad=0
: >/tmp/soak.etimes
while [ $i -lt "$enables" ]; do
	c0=$(uptime_cs)
	vhypctl --quiet enable && vhypctl --quiet disable || ebad=$((ebad + 1))
	echo $(($(uptime_cs) - c0)) >>/tmp/soak.etimes
	i=$((i + 1))
	[ $((i % 50)) != 0 ] || dmesg_bad
done
dmesg_bad
t_is "$enables enable/disable cycles" "$ebad" 0
efree1=$(free_kb)
t_ok "free memory back after them" mem_back "$efree0" "$efree1" $SLACK_KB
t_is "no kernel warnings all along" "$(wc -l </tmp/soak.bad)" 0
head -n 20 /tmp/soak.bad
t_ok "rmmod vhyp" rmmod vhyp
t_ok "the root's workload at the end" workload.sh --quick

md "# vhyp soak"
md ""
md "QEMU TCG, $(online_cpus | wc -l) CPUs, Linux $(uname -r)."
md ""
md "| what | result |"
md "|---|---|"
md "| cell cycles (create, load, start, output seen, stop, destroy) | $cells, $bad failed; $(((t1 - t0) / 100)) s |"
md "| cell cycle time | $cell_times |"
md "| root's SHA-256 loop beside them | $passes sums, $fails wrong |"
md "| free memory (MemFree + per-CPU lists) | $free0 -> $free1 kB ($((free1 - free0)) kB) |"
md "| MemAvailable | $avail0 -> $avail1 kB ($((avail1 - avail0)) kB) |"
md "| hypervisor memory in use | $used0 -> $used1 bytes |"
md "| cells (VMIDs) in use after | $left |"
md "| cells powering off or resetting themselves while the root types into them | ${race:-none}; $(((r1 - r0) / 100)) s |"
md "| enable/disable cycles | $enables, $ebad failed; $(spread /tmp/soak.etimes) |"
md "| free memory over them | $efree0 -> $efree1 kB ($((efree1 - efree0)) kB) |"
md "| kernel log: WARNING, BUG, Oops, ... | $(wc -l </tmp/soak.bad) lines |"
t_done
