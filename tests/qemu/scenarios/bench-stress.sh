#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The interrupt benchmarks with the root under stress, for tests/bench/run.sh
# stress (run.sh --icount --smp 10 --nvme null:256M).  timer-demo (CPU 9,
# its 50 us period: 'f') and smp-demo (CPUs 7 and 8, a ping every 50 us: 'f')
# run in two cells throughout; for each stressor in turn, the root starts
# it, both histograms are emptied ('r'), SECONDS of virtual time later they
# stop recording ('s'), the stressor is stopped, and both are printed
# ('h', lib/hist.c) as
#
#   TAP: # SHIST <stressor> timer|smp <bucket's lowest ns> <count>
#   TAP: # SMAX <stressor> timer|smp <max ns> <samples>
#
# and what the stressor did meanwhile as TAP: # SDONE <stressor> <text>.
# The stressors, shell functions below, each looping until $stop exists:
#   quiet    nothing: the reference
#   fork     a fork/exec storm, two loops per root CPU
#   mem      memory churn: 32 MiB written to tmpfs, read, removed, per root CPU
#   disk     O_DIRECT reads of the root's NVMe disk (MSI-X, LPIs), 4 KiB
#            and 1 MiB, two loops
#   console  the console of cell 'flood' (hello, CPU 4, which echoes)
#            flooded: 64 KiB at a time in, as much back out
#   cells    cell 'loop' (hello, CPU 3) created, loaded, started, destroyed
#   linux    cell 'linux' (Debian's kernel, CPUs 5 and 6) booted to its
#            userspace and powered off, again and again
#   hotplug  root CPU 2 taken offline and online again
#   poll     vhypctl list and stats of both measured cells, in a loop
#   all      all of them at once
#   traced   all of them at once, with the EL2 trace on (so the C path);
#            what the trace says of the measured CPUs' interrupt exits as
#            SDONE lines: their stay at EL2, how late the latest came in
#   spin1, spin2, spin3   (by name only) 1, 2 or 3 loops that only spin
# The root keeps CPUs 0-2: between their stressors, cells 'loop' and
# 'linux' stay created, not started, their CPUs parked in the hypervisor.
#
#   bench-stress KERNEL [SECONDS [STRESSOR...]]   KERNEL: a file in
#                 /lib/vhyp-tests; SECONDS (6): each stressor's window

. /lib/vhyp-tests/lib.sh

kernel=$VHYP_TESTS/$1
secs=${2:-6}
[ $# -gt 2 ] && shift 2 || set -- quiet fork mem disk console cells linux hotplug poll all
bin=$VHYP_TESTS
stop=/tmp/stress.stop
hcpu=2
rootcpus=3	# 0-2: loops per CPU count these (cells loop and linux give theirs back between cycles)

# type CELL TEXT: TEXT on CELL's console
type_in() { printf '%s' "$2" | timeout 60 vhypctl console "$1" --attach --linger 0.2 >/dev/null 2>&1; }
# histogram CELL DEMO STRESSOR: print the cell's histogram ('h') as SHIST/SMAX lines
# (attach prints the ring's older output first: the Nth "histogram max"
# past those already there ends it)
histogram() {
	local n
	n=$(vhypctl console "$1" 2>/dev/null | grep -c "histogram max")
	printf h | timeout 120 vhypctl console "$1" --attach --linger 5 2>/dev/null | tr -d '\r' |
		awk -v n="$n" '{ print } /histogram max/ && ++k > n { exit }' >/tmp/hist.out
	# the last whole histogram of the output
	awk -v s="$3" -v d="$2" '
		/histogram of/ { n = 0 }
		/: hist [0-9]+ [0-9]+$/ { lo[++n] = $(NF - 1); c[n] = $NF }
		/histogram max/ {
			split(substr($0, index($0, "max ")), m, " ")	# max M ns of N WHAT
			out = ""
			for (i = 1; i <= n; i++)
				out = out "SHIST " s " " d " " lo[i] " " c[i] "\n"
			out = out "SMAX " s " " d " " m[2] " " m[5]
		}
		END { print (out != "" ? out : "SMAX " s " " d " - -") }' /tmp/hist.out |
		while read -r line; do t_diag "$line"; done
}
# done_diag STRESSOR TEXT: what it did (under all: "all STRESSOR: TEXT")
done_diag() {
	case $phase in all | traced) t_diag "SDONE $phase $1: $2" ;; *) t_diag "SDONE $1 $2" ;; esac
}

# ---- the stressors: each loops until $stop exists, then says what it did

stress_quiet() { :; }

# counted_loop NAME STEP COMMANDS: in the background, COMMANDS again and
# again until $stop exists, STEP counted a round; the count into /tmp/NAME
counted_loop() {
	sh -c "j=0; while [ ! -e $stop ]; do $3; j=\$((j + $2)); done; echo \$j >/tmp/$1" &
}

stress_fork() {
	local i=0 n
	n=$((rootcpus * 2))
	while [ $i -lt $n ]; do
		counted_loop fork.$i 2 '/bin/true; /bin/echo >/dev/null'
		i=$((i + 1))
	done
	wait
	done_diag fork "$(cat /tmp/fork.* | awk '{ t += $1 } END { print t }') fork+execs by $n loops"
	rm -f /tmp/fork.*
}

stress_mem() {
	local i=0 n
	n=$rootcpus
	mkdir -p /tmp/churn
	grep -q ' /tmp/churn ' /proc/mounts || mount -t tmpfs -o size=256m tmpfs /tmp/churn
	while [ $i -lt $n ]; do
		counted_loop mem.$i 32 "dd if=/dev/zero of=/tmp/churn/$i bs=1M count=32 2>/dev/null;
			cat /tmp/churn/$i >/dev/null; rm -f /tmp/churn/$i"
		i=$((i + 1))
	done
	wait
	done_diag mem "$(cat /tmp/mem.* | awk '{ t += $1 } END { print t }') MiB written, read and freed by $n loops"
	rm -f /tmp/mem.*
}

stress_disk() {
	local m0
	m0=$(diskio.sh irqsum)
	counted_loop disk.0 1024 'dd if=/dev/nvme0n1 of=/dev/null bs=4096 count=1024 iflag=direct 2>/dev/null'
	counted_loop disk.1 64 'dd if=/dev/nvme0n1 of=/dev/null bs=1M count=64 iflag=direct 2>/dev/null'
	wait
	done_diag disk "$(cat /tmp/disk.0) 4 KiB and $(cat /tmp/disk.1) 1 MiB reads, $(($(diskio.sh irqsum) - m0)) MSIs"
	rm -f /tmp/disk.*
}

stress_console() {
	local j=0
	while [ ! -e $stop ]; do
		# no 'q' in it: that would power hello off
		yes 0123456789abcdefghijklmnoprstuvwxyz | head -c 65536 |
			timeout 60 vhypctl console flood --attach --linger 0.2 >/dev/null 2>&1
		j=$((j + 64))
	done
	done_diag console "$j KiB typed into cell flood, echoed back"
}

stress_cells() {
	local j=0 ok=0
	vhypctl destroy loop >/dev/null
	while [ ! -e $stop ]; do
		vhypctl create "$VHYP_TESTS/stress-loop.dtb" >/dev/null &&
			vhypctl load loop "$bin/hello.bin" >/dev/null &&
			vhypctl start loop >/dev/null && ok=$((ok + 1))
		vhypctl destroy loop >/dev/null 2>&1
		j=$((j + 1))
	done
	vhypctl create "$VHYP_TESTS/stress-loop.dtb" >/dev/null
	done_diag cells "$ok of $j create/load/start/destroy cycles of cell loop"
}

stress_linux() {
	local j=0 ok=0
	vhypctl destroy linux >/dev/null
	while [ ! -e $stop ]; do
		j=$((j + 1))
		vhypctl create "$VHYP_TESTS/stress-linux.dtb" >/dev/null &&
			vhypctl load linux --kernel "$kernel" --initrd "$VHYP_TESTS/linux-cell.cpio.gz" \
				--cmdline "console=ttyAMA0 quiet panic=-1" >/dev/null &&
			vhypctl start linux >/dev/null &&
			console_wait linux 1 "LINUX-CELL: ready" 300 &&
			type_in linux 'off
' &&
			vhypctl wait linux --state stopped --timeout 120 >/dev/null && ok=$((ok + 1))
		vhypctl destroy linux >/dev/null 2>&1
	done
	vhypctl create "$VHYP_TESTS/stress-linux.dtb" >/dev/null
	done_diag linux "$ok of $j boot/poweroff cycles of cell linux"
}

stress_hotplug() {
	local j=0 f=/sys/devices/system/cpu/cpu$hcpu/online
	while [ ! -e $stop ]; do
		echo 0 >$f && echo 1 >$f && j=$((j + 1))
	done
	echo 1 >$f 2>/dev/null
	done_diag hotplug "$j offline/online cycles of root CPU $hcpu"
}

stress_poll() {
	local j=0
	while [ ! -e $stop ]; do
		vhypctl list >/dev/null
		vhypctl stats timer >/dev/null
		vhypctl stats smp >/dev/null
		j=$((j + 1))
	done
	done_diag poll "$j rounds of vhypctl list, stats timer, stats smp"
}

# spinN (not in the default list): N shell loops that only spin, no I/O, no
# interrupt of their own, nothing vhyp takes part in: a control for how
# much of a stressed figure is QEMU's turn-taking between busy vCPUs
spin() {
	local i=0
	while [ $i -lt "$1" ]; do
		sh -c "while [ ! -e $stop ]; do :; done" &
		i=$((i + 1))
	done
	wait
	done_diag "spin$1" "$1 spinning loops"
}
stress_spin1() { spin 1; }
stress_spin2() { spin 2; }
stress_spin3() { spin 3; }

stress_all() {
	local s
	for s in fork mem disk console cells linux hotplug poll; do
		"stress_$s" &
	done
	wait
}

# traced: all of them again, with the EL2 trace recording (every exit takes
# the C path then, so its figures are the C path's), to split each
# interrupt's latency into what passed before it reached EL2 (the
# emulator's turns, or on hardware the GIC's delivery) and its stay there
trace=/sys/kernel/debug/vhyp/trace
stress_traced() {
	mount -t debugfs none /sys/kernel/debug 2>/dev/null
	echo start >$trace
	stress_all
}
# trace_split: per measured CPU, its interrupt exits' stay at EL2 (median
# and max of the ring's last events) and how late the latest one came
trace_split() {
	local cpu what late n med max
	echo stop >$trace
	for cpu in 9 7 8; do
		[ $cpu = 9 ] && what="timer-demo's CPU 9" || what="smp-demo's CPU $cpu"
		late=$(awk -v c=$cpu '$1 == "cpu" && $2 == c && $3 == "events" { print $8 }' $trace)
		awk -v c=$cpu '$1 == "cpu" && $2 == c && $3 == "irq" { print $8 }' $trace |
			sort -n >/tmp/stays
		n=$(wc -l </tmp/stays)
		if [ "$n" -eq 0 ]; then
			t_diag "SDONE traced $what: no interrupt in the trace"
			continue
		fi
		med=$(sed -n "$(((n + 1) / 2))p" /tmp/stays)
		max=$(tail -n 1 /tmp/stays)
		[ $cpu = 9 ] && late="; its latest timer interrupt reached EL2 $late ns after the deadline" ||
			late=
		t_diag "SDONE traced $what: its last $n interrupt exits stayed at EL2 $med ns (median), $max ns at most$late"
	done
}

# measure STRESSOR: the two histograms over SECONDS with it running
measure() {
	local pid t0
	rm -f $stop
	phase=$1
	"stress_$1" &
	pid=$!
	sleep 2			# under way (the Linux cell booting, say)
	type_in timer r
	type_in smp r
	t0=$(uptime_cs)
	sleep "$secs"
	type_in timer s
	type_in smp s
	t_diag "SWINDOW $1 $(( ($(uptime_cs) - t0) * 10 )) ms"
	touch $stop
	wait $pid
	[ "$1" != traced ] || trace_split
	histogram timer timer "$1"
	histogram smp smp "$1"
}

plan 8
t_ok "load Debian's nvme module" kmod_load nvme || t_abort "no nvme driver"
i=0
while [ ! -b /dev/nvme0n1 ] && [ $i -lt 300 ]; do usleep 100000; i=$((i + 1)); done
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
t_ok "timer-demo in cell timer (CPU 9), its 50 us period" sh -c "
	vhypctl create $VHYP_TESTS/stress-timer.dtb && vhypctl load timer $bin/timer-demo.bin &&
	vhypctl start timer" && type_in timer f
t_ok "smp-demo in cell smp (CPUs 7, 8), a ping every 50 us" sh -c "vhypctl create $VHYP_TESTS/stress-smp.dtb &&
	vhypctl load smp $bin/smp-demo.bin && vhypctl start smp" && type_in smp f
t_ok "hello in cell flood (CPU 4), for the console stressor" sh -c "
	vhypctl create $VHYP_TESTS/stress-flood.dtb && vhypctl load flood $bin/hello.bin &&
	vhypctl start flood"
t_ok "cells loop (CPU 3) and linux (CPUs 5, 6) created, not started: the root keeps 0-2" \
	sh -c "vhypctl create $VHYP_TESTS/stress-loop.dtb && vhypctl create $VHYP_TESTS/stress-linux.dtb"
t_diag "the root's CPUs: $(cat /sys/devices/system/cpu/online)"
for s in "$@"; do
	measure "$s"
done
vhypctl destroy timer >/dev/null
vhypctl destroy smp >/dev/null
vhypctl destroy flood >/dev/null
vhypctl destroy loop >/dev/null
vhypctl destroy linux >/dev/null
t_ok "vhypctl disable" vhypctl disable
t_done
