#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Disk I/O whose every byte is checked, for the PCIe tests: an NVMe disk
# (run.sh --nvme) raises its completions as MSI-X, which the GIC ITS turns
# into LPIs; a hypervisor that loses, misroutes or duplicates them makes
# these fail or time out rather than merely run slower.
#
#   diskio.sh [options] check [a|b]   write pattern a (default) or b with
#                             O_DIRECT, read it back with O_DIRECT, compare
#                             its SHA-256 with the constant below
#   diskio.sh [options] loop start    the same, a then b then a ..., in the
#                             background until "loop stop"
#   diskio.sh loop status     "passes N errors E" so far
#   diskio.sh loop wait N     wait until N more passes have ended (at most
#                             the timeout); exit 1 if they did not
#   diskio.sh loop stop       stop it, wait for its pass to end (at most
#                             the timeout), print its tally; exit 0 if it
#                             ended, ran at least one pass and saw no error
#   diskio.sh irqs            the disk's MSIs: one line per interrupt,
#                             "IRQ NAME TOTAL CPU0,CPU1,... CHIP HWIRQ"
#                             (counts of every possible CPU; the chip,
#                             ITS-MSI on 6.1, ITS-PCI-MSIX-DEVICE on 6.12,
#                             and the number in that MSI domain)
#   diskio.sh irqsum [NAME]   the sum of those (of those whose name is NAME)
#   diskio.sh queue CPU       the IRQ of the I/O queue whose completions go
#                             to CPU (the managed IRQ whose affinity is
#                             just CPU: one queue per CPU here)
#
# Options (before the command):
#   -d DEV    the disk (/dev/nvme0n1)
#   -s MIB    the pattern's size: 1, 2, 4, 8 or 16 MiB (2)
#   -o MIB    where on the disk it goes, in MiB (0; the loop: 32)
#   -b BYTES  the block size of each dd request (4096: one request, one
#             completion, one MSI per 4 KiB)
#   -t SECS   time limit of each dd, and of "loop wait" and "loop stop" (60)
#
# Each dd runs under "timeout -s KILL": an I/O whose completion never
# arrives ends the command, not the test (a task in uninterruptible sleep
# dies only when the I/O ends; NVMe's own timeout, 30 s, polls the queue
# then).  Exit status 0 when every check passed, 1 otherwise, 2 for a
# usage error; one line per check, "diskio: ok ..." or "diskio: FAIL ...".
#
# Pattern P (a or b) of N MiB is, for i from 1 to N, the first MiB of
# "P block i" and a newline followed by the first MiB of `seq 1 170000`.
# Every MiB is different, and so are a and b, so that a read that returns
# stale data, another block's or another pass's, is caught.  The sums were
# computed on the host with the same commands:
#   seq 1 170000 | head -c 1048576 >blk
#   for i in $(seq 1 N); do { echo "P block $i"; cat blk; } | head -c 1048576; done | sha256sum

BLOCK_SUM=a7a14d0926bda540030fd4c43a64aa0c8a343f5cd735e34b45150c4b0b7a528e

# want P N: the SHA-256 of pattern P of N MiB
want() {
	case $1$2 in
	a1)  echo 7846009e2d0469232b7be619ca2be85fbf11d6478be28a2fb59acfc176c1b844 ;;
	a2)  echo 1e9831ba24ad0935cd2f562810dc58f0cf182aedc013c9b29a1759ef103025a2 ;;
	a4)  echo 436ea783568bbbe23d85e6f58a2e8bba90f2fceebea2c704cc076b16818616a6 ;;
	a8)  echo 53220ce85503a725a37744a4ce766981cadff67556ab0fb6c33f81cd86dc84d2 ;;
	a16) echo 4d11a38cf3a1622c5a68b4a4dea7d25f54fed2958cdccdb1da336e18db70ad99 ;;
	b1)  echo 7f952c65501219b5cd456dead9c489ed7afd71602ab7a163f9f6571b4707f552 ;;
	b2)  echo d31c04f8c038702bc0eb4990b1e48141ebd7c9ebe1a4903d9afa577762c5568f ;;
	b4)  echo e9729f877a88453091148a1f39161fce80770517adc3c1b36bf4a1908c134121 ;;
	b8)  echo 93ffc2498e9c5519952978d5102e697fc831ab0192309ee2bdeb7bab03528153 ;;
	b16) echo 0b640ec5e5c272e830a3315803f67811a7101e0c327e0eb5e27eb2f1d48ea732 ;;
	esac
}

dev=/dev/nvme0n1 mib=2 off= bs=4096 limit=60
dir=/tmp/diskio
loopdir=$dir/loop

usage() { echo "usage: diskio.sh [-d DEV] [-s MIB] [-o MIB] [-b BYTES] [-t SECS] check [a|b] | loop start|status|wait N|stop | irqs | irqsum [NAME] | queue CPU"; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	-d) dev=$2; shift 2 ;;
	-s) mib=$2; shift 2 ;;
	-o) off=$2; shift 2 ;;
	-b) bs=$2; shift 2 ;;
	-t) limit=$2; shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage

sum_of() { sha256sum "$1" | cut -d' ' -f1; }

# pattern P: make (once) $dir/P.MIB, the pattern, and check it
pattern() {
	local p=$1 f=$dir/$1.$mib i got
	[ -f "$f" ] && { echo "$f"; return 0; }
	mkdir -p "$dir"
	if [ ! -f "$dir/block" ]; then
		seq 1 170000 | head -c 1048576 >"$dir/block.tmp"
		got=$(sum_of "$dir/block.tmp")
		[ "$got" = "$BLOCK_SUM" ] || { echo "diskio: FAIL the 1 MiB block sums to $got" >&2; return 1; }
		mv "$dir/block.tmp" "$dir/block"
	fi
	i=1
	while [ $i -le "$mib" ]; do
		{ echo "$p block $i"; cat "$dir/block"; } | head -c 1048576
		i=$((i + 1))
	done >"$f.tmp"
	got=$(sum_of "$f.tmp")
	[ "$got" = "$(want "$p" "$mib")" ] ||
		{ echo "diskio: FAIL pattern $p of $mib MiB sums to $got here" >&2; rm -f "$f.tmp"; return 1; }
	mv "$f.tmp" "$f"
	echo "$f"
}

# check P: one write and read-back of pattern P; one line saying how it went
check() {
	local p=$1 f n blocks t0 t1 got rc out=$dir/read.$$
	[ -n "$(want "$p" "$mib")" ] || { echo "diskio: no known sum for pattern '$p' of $mib MiB"; return 2; }
	[ -b "$dev" ] || { echo "diskio: FAIL no block device $dev"; return 1; }
	f=$(pattern "$p") || return 1
	blocks=$((mib * 1048576 / bs))
	t0=$(uptime_cs)
	timeout -s KILL "$limit" dd if="$f" of="$dev" bs="$bs" seek=$((off * 1048576 / bs)) \
		count=$blocks oflag=direct 2>"$out.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "diskio: FAIL write of $p ($mib MiB at $off MiB) exited with $rc$([ $rc = 137 ] && echo ", killed after $limit s"): $(tail -n 1 "$out.err")"
		rm -f "$out" "$out.err"
		return 1
	fi
	timeout -s KILL "$limit" dd if="$dev" of="$out" bs="$bs" skip=$((off * 1048576 / bs)) \
		count=$blocks iflag=direct 2>"$out.err"
	rc=$?
	t1=$(uptime_cs)
	if [ $rc -ne 0 ]; then
		echo "diskio: FAIL read of $p ($mib MiB at $off MiB) exited with $rc$([ $rc = 137 ] && echo ", killed after $limit s"): $(tail -n 1 "$out.err")"
		rm -f "$out" "$out.err"
		return 1
	fi
	got=$(sum_of "$out")
	rm -f "$out" "$out.err"
	if [ "$got" != "$(want "$p" "$mib")" ]; then
		echo "diskio: FAIL pattern $p read back from $off MiB sums to $got, want $(want "$p" "$mib")"
		return 1
	fi
	echo "diskio: ok   pattern $p, $mib MiB at $off MiB, $((2 * blocks)) requests of $bs bytes, read back right in $(((t1 - t0) / 100)).$(((t1 - t0) % 100 / 10)) s"
}

uptime_cs() {
	local up
	read -r up _ </proc/uptime
	echo "${up%.*}${up#*.}" | sed 's/^0*\(.\)/\1/'
}

# irqs: the disk's interrupts, "IRQ NAME TOTAL PER-CPU CHIP HWIRQ".  From
# /sys/kernel/irq/, not /proc/interrupts: that has no column for an
# offline CPU, so its sums would drop while a CPU is unplugged.
irqs() {
	local d
	for d in /sys/kernel/irq/*; do
		grep -q nvme "$d/actions" 2>/dev/null || continue
		echo "${d##*/} $(cat "$d/actions") $(cat "$d/per_cpu_count") $(cat "$d/chip_name") $(cat "$d/hwirq")"
	done | awk '{ n = split($3, c, ","); t = 0; for (i = 1; i <= n; i++) t += c[i]
		      print $1, $2, t, $3, $4, $5 }' | sort -n
}

loop_run() {
	local p=a n=0 e=0
	echo 0 >"$loopdir/passes"
	echo 0 >"$loopdir/errors"
	while [ ! -f "$loopdir/stop" ]; do
		if ! check "$p" >>"$loopdir/log" 2>&1; then
			e=$((e + 1))
			echo "$e" >"$loopdir/errors"
		fi
		n=$((n + 1))
		echo "$n" >"$loopdir/passes"
		[ $p = a ] && p=b || p=a
	done
	touch "$loopdir/done"
}

cmd=$1
shift
case $cmd in
check)
	[ -n "$off" ] || off=0
	check "${1:-a}"
	;;
loop)
	[ -n "$off" ] || off=32
	case ${1:-} in
	start)
		[ -d "$loopdir" ] && [ ! -f "$loopdir/done" ] && { echo "diskio: a loop runs already"; exit 1; }
		rm -rf "$loopdir"
		mkdir -p "$loopdir"
		# make the patterns first: a failure here is no I/O error
		pattern a >/dev/null && pattern b >/dev/null || exit 1
		# in a subshell: ash would pass its saved copies of our stdout
		# (a t_ok FIFO) to a function run in the background, and the
		# reader would wait for the loop to end
		( loop_run ) </dev/null >/dev/null 2>&1 &
		echo $! >"$loopdir/pid"
		echo "diskio: loop started (pid $!): $mib MiB at $off MiB, patterns a and b in turn"
		;;
	status)
		echo "passes $(cat "$loopdir/passes" 2>/dev/null || echo 0) errors $(cat "$loopdir/errors" 2>/dev/null || echo 0)"
		;;
	wait)
		[ -n "${2:-}" ] || usage
		n0=$(cat "$loopdir/passes" 2>/dev/null || echo 0)
		i=0
		while [ "$(cat "$loopdir/passes" 2>/dev/null || echo 0)" -lt $((n0 + $2)) ]; do
			[ -f "$loopdir/done" ] && { echo "diskio: the loop is not running"; exit 1; }
			i=$((i + 1))
			[ $i -gt $((limit * 10)) ] && { echo "diskio: FAIL not $2 loop passes in $limit s ($(sh "$0" loop status))"; exit 1; }
			usleep 100000
		done
		;;
	stop)
		[ -d "$loopdir" ] || { echo "diskio: no loop was started"; exit 1; }
		touch "$loopdir/stop"
		i=0
		while [ ! -f "$loopdir/done" ]; do
			i=$((i + 1))
			if [ $i -gt $((limit * 10)) ]; then
				echo "diskio: FAIL the loop's pass did not end within $limit s of stop (an I/O hangs)"
				tail -n 5 "$loopdir/log" 2>/dev/null
				exit 1
			fi
			usleep 100000
		done
		n=$(cat "$loopdir/passes") e=$(cat "$loopdir/errors")
		grep FAIL "$loopdir/log" | head -n 10
		echo "diskio: loop: $n passes ($(grep -c '^diskio: ok' "$loopdir/log") right), $e errors"
		[ "$e" = 0 ] && [ "$n" -ge 1 ]
		;;
	*)	usage ;;
	esac
	;;
irqs)
	irqs
	;;
irqsum)
	irqs | awk -v n="${1:-}" 'n == "" || $2 == n { t += $3 } END { print t + 0 }'
	;;
queue)
	[ -n "${1:-}" ] || usage
	irqs | while read -r irq name _; do
		[ "$name" = nvme0q0 ] && continue
		[ "$(cat "/proc/irq/$irq/smp_affinity_list")" = "$1" ] && { echo "$irq"; break; }
	done
	;;
*)	usage ;;
esac
