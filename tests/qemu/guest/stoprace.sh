#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A cell stops itself while the root holds the hypervisor's cell lock,
# CYCLES times: the root types into the console of CELL (the isolation
# payload) without a pause, one hypercall a byte (VHYP_HC_CELL_INPUT,
# under the cell lock), and what it types is the payload's command to
# power off ('d') or, one cycle in four, to reset ('D') after a random
# delay of up to 50 ms; so the cell stops itself in the middle of the
# typing, started again as soon as it is stopped.  Meanwhile the root also
# types into OTHER's console (vhypctl console).  Each cycle must end with
# the cell stopped or started once more, never "running" with its CPUs
# parked in the hypervisor.
#
#   stoprace.sh CELL OTHER CYCLES
#
# CELL exists with tools/inmates/isolation loaded; OTHER runs and reads
# its console (hello echoes).  CELL's input goes through hvccall.ko,
# a byte a hypercall as the driver makes them, but as fast as the root
# can: the driver waits for room in a stopped cell's receive FIFO (up to
# 2 s a byte) holding its own lock, which would hold up every vhypctl
# command of the cycles.  The typing has the root's first CPU, the cycles
# the next one.  Output: a line per cycle that went wrong, a progress line
# every 50 cycles, then
#   stoprace: N cycles (O off, R reset): S cells left running without CPUs, F ended otherwise
# Exits 0 when S and F are 0.  A cell left running without its CPUs is
# stopped by the root, so that the next cycle can go on; after five, the
# loop ends there (each costs its 5 s wait).

cell=$1 other=$2 cycles=$3
stop=/tmp/stoprace.stop.$$
cmd=/tmp/stoprace.cmd.$$
HC_CELL_INPUT=0xc6005616

stats() { vhypctl stats "$cell" --json | tr -d ' \n'; }
state() { stats | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p'; }
starts() { stats | sed -n 's/.*"starts":\([0-9]*\).*/\1/p'; }
# its CPUs, and how many of them run under the hypervisor (not parked)
cpus() { stats | sed -n 's/.*"cpus":\[\([0-9,]*\)\].*/\1/p' | tr ',' ' '; }
running_cpus() {
	local json c n=0
	json=$(vhypctl info --json | tr -d ' \n')
	for c in $(cpus); do
		case $json in *"\"cpu\":$c,\"online\":false,\"hyp\":true"*) n=$((n + 1)) ;; esac
	done
	echo $n
}
# until stopped or started more than N times, within 5 s: "stopped", "reset"
ended() {
	local i=0 json n
	while [ $i -lt 50 ]; do
		json=$(stats)
		case $json in *'"state":"stopped"'*) echo stopped; return 0 ;; esac
		n=${json#*\"starts\":}
		[ "${n%%[!0-9]*}" -le "$1" ] || { echo reset; return 0; }
		usleep 100000
		i=$((i + 1))
	done
	return 1
}
# typer CELL: type into its console until told to stop, 256 bytes a
# vhypctl (the driver holds its lock while the cell makes room for them)
typer() {
	while [ ! -f $stop ]; do
		yes . | head -c 256 | vhypctl console "$1" --attach --linger 0 >/dev/null 2>&1
	done
}
# hammer ID CPU: the byte in $cmd into cell ID's console, 5000 hypercalls a load
hammer() {
	while [ ! -f $stop ]; do
		insmod /lib/vhyp-tests/hvccall.ko fn=$HC_CELL_INPUT a1="$1" a2="$(cat $cmd)" \
			cpu="$2" repeat=5000 2>/dev/null && rmmod hvccall
	done
}

[ $# -eq 3 ] || { echo "usage: stoprace.sh CELL OTHER CYCLES"; exit 2; }
id=$(stats | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
[ -n "$id" ] || { echo "stoprace: no cell $cell"; exit 2; }
[ -f /lib/vhyp-tests/hvccall.ko ] || { echo "stoprace: no hvccall.ko"; exit 2; }
rm -f $stop
echo 100 >$cmd		# 'd'
set -- $(tr ',' '\n' </sys/devices/system/cpu/online |
	 awk -F- '{ for (c = $1; c <= ($2 == "" ? $1 : $2); c++) print c }')
hammer "$id" "$1" &
[ $# -lt 2 ] || taskset -p -c "$1" $! >/dev/null
typer "$other" &
[ $# -lt 2 ] || taskset -p -c "$1" $! >/dev/null
[ $# -lt 2 ] || taskset -p -c "$2" $$ >/dev/null

i=0 off=0 reset=0 stuck=0 other_end=0 t0=$(cut -d. -f1 /proc/uptime)
while [ $i -lt "$cycles" ]; do
	[ $((i % 50)) != 0 ] || [ $i = 0 ] ||
		echo "stoprace: $i cycles, $stuck stuck, $other_end otherwise, $(($(cut -d. -f1 /proc/uptime) - t0)) s"
	i=$((i + 1))
	# what the typing says from now on (the load under way finishes its own)
	if [ $((i % 4)) = 0 ]; then echo 68 >$cmd; else echo 100 >$cmd; fi	# 'D', 'd'
	# (after a reset the driver starts it again by itself)
	case $(state) in
	running|reset) ;;
	*)	vhypctl --quiet start "$cell" 2>/dev/null || [ "$(state)" = running ] || {
			echo "stoprace: cycle $i: $cell did not start"
			other_end=$((other_end + 1))
			continue
		} ;;
	esac
	n0=$(starts)
	case $(ended "$n0") in
	stopped) off=$((off + 1)); continue ;;
	reset)	 reset=$((reset + 1)); continue ;;
	esac
	st=$(state)
	if [ "$st" = running ] && [ "$(running_cpus)" = 0 ]; then
		echo "stoprace: cycle $i: $cell is running, its CPUs $(cpus) parked"
		stuck=$((stuck + 1))
		[ $stuck -lt 5 ] || { echo "stoprace: 5 cells stuck so, no more cycles"; break; }
	else
		echo "stoprace: cycle $i: $cell is $st 5 s after its start $n0, starts $(starts)"
		other_end=$((other_end + 1))
	fi
	vhypctl --quiet stop "$cell" 2>/dev/null
done

touch $stop
wait
rm -f $stop $cmd
echo "stoprace: $i cycles ($off off, $reset reset):" \
     "$stuck cells left running without CPUs, $other_end ended otherwise"
[ $stuck = 0 ] && [ $other_end = 0 ]
