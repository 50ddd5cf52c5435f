#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 18 CPUs (run.sh --smp 18 --nvme 64M): QEMU virt numbers CPUs 0-15 at
# MPIDR Aff1 = 0 and puts 16 and 17 at Aff1 = 1 (MPIDR 0x100, 0x101), so
# every place the hypervisor turns a CPU number into an affinity (SGIs,
# redistributors, the ITS's LPI targets) meets a second cluster.  The
# root's NVMe disk under vhyp, its I/O queues' LPIs on CPUs 15, 16 and 17;
# smp-demo's SGI ping-pong in a cell on CPUs 16 and 17, then on 15 and 16
# (across the boundary), beside the root's I/O; Debian's kernel in a cell
# on CPUs 16 and 17, to its shell and powered off.
#
#   smp18 KERNEL [SECONDS] [bare]   KERNEL: a file in /lib/vhyp-tests;
#                          SECONDS: how long smp-demo runs in each cell (10);
#                          bare: without vhyp (what needs it is skipped),
#                          only by hand (see pci.sh)

. /lib/vhyp-tests/lib.sh

kernel=$VHYP_TESTS/$1
secs=${2:-10}
[ "${3:-}" = bare ] && VHYP_BARE=1
under="under vhyp"
[ $VHYP_BARE = 1 ] && under="bare run"
initrd=$VHYP_TESTS/linux-cell.cpio.gz
req=1024	# requests of one "diskio.sh check": 2 MiB written and read, 4 KiB each

cellstat() { vhypctl stats "$1" --json | json_get "$2" | tr -d '"'; }
# waitcount N TEXT SECS: until N lines of the Linux cell's console have TEXT
waitcount() { console_wait linux "$@"; }
send() { printf '%s\n' "$1" | vhypctl console linux --attach --linger 1 >/dev/null 2>&1; }

# smp_demo CELL CONFIG CPUS: smp-demo in a two-CPU cell, checked
smp_demo() {
	local out
	t_vhyp "smp-demo in cell $1 (CPUs $3)" sh -c \
		"vhypctl create $VHYP_TESTS/$2.dtb && vhypctl load $1 $VHYP_TESTS/smp-demo.bin && vhypctl start $1"
	if [ $VHYP_BARE = 1 ]; then
		t_skip "both its CPUs came up and ping-pong SGIs, every ping answered" "bare run: no cell"
		t_skip "no SGI of theirs was refused" "bare run: no cell"
		t_skip "destroy $1" "bare run: no cell"
		return 0
	fi
	sleep "$secs"
	out=$(vhypctl console "$1" 2>&1)
	printf '%s\n' "$out" | tail -n 3 | while IFS= read -r l; do t_diag "  $l"; done
	if printf '%s\n' "$out" | grep -q '^smp-demo: 2 CPUs up' &&
	   printf '%s\n' "$out" | grep -Eq '^smp-demo: cpu 1: [1-9][0-9]* round trips' &&
	   ! printf '%s\n' "$out" | grep -q unanswered; then
		t_pass "both its CPUs came up and ping-pong SGIs, every ping answered"
	else
		t_fail "both its CPUs came up and ping-pong SGIs, every ping answered" \
			"$(printf '%s\n' "$out" | grep smp-demo | tail -n 3)"
	fi
	t_is "no SGI of theirs was refused" "$(cellstat "$1" sgis_denied)" 0
	t_ok "destroy $1" vhypctl destroy "$1"
}

plan 36
dmesg_mark
t_is "18 CPUs online" "$(online_cpus | wc -l)" 18
t_is "CPUs 15, 16, 17 booted at MPIDR 0xf, 0x100, 0x101" \
	"$(dmesg | sed -n 's/.*CPU\(1[5-7]\): Booted secondary processor 0x0*\([0-9a-f]*\) .*/\1=\2/p' | tr '\n' ' ')" \
	"15=f 16=100 17=101 "
t_ok "load Debian's nvme module" kmod_load nvme || t_abort "no nvme driver"
i=0
while [ ! -b /dev/nvme0n1 ] && [ $i -lt 300 ]; do usleep 100000; i=$((i + 1)); done
t_is "the NVMe disk has an admin and 18 I/O queues, MSI-X through the ITS" \
	"$(diskio.sh irqs | awk '$5 ~ /ITS/' | wc -l)" 19
t_ok "before vhyp: 2 MiB written and read back right" diskio.sh check a

t_vhyp "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_vhyp "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
t_vhyp "all 18 CPUs are under the hypervisor" \
	test "$(vhypctl info --json | json_get cpus_hyp)" = 18
n0=$(diskio.sh irqsum)
t_ok "$under: 2 MiB written and read back right" diskio.sh check b ||
	t_abort "the disk does not work $under: no further I/O test can tell anything"
t_grew "one MSI per request at least" "$n0" "$(diskio.sh irqsum)" $req
for c in 15 16 17; do
	q=$(diskio.sh queue $c)
	n0=$(irq_count "$q" $c)
	t_ok "I/O from CPU $c" taskset -c $c diskio.sh -o 8 check a
	t_grew "its queue's MSIs (IRQ $q) come to CPU $c" "$n0" "$(irq_count "$q" $c)" $req
done

# --- SGIs in cells at Aff1 = 1 and across it, beside the root's I/O
t_ok "background I/O starts" diskio.sh loop start
smp_demo duo1617 cell-smp1617 "16, 17"
smp_demo duo1516 cell-smp1516 "15, 16"
t_ok "the root's I/O went on" diskio.sh loop wait 1
t_ok "and saw no error" diskio.sh loop stop

# --- Linux in a cell at Aff1 = 1
t0=$(uptime_cs)
t_vhyp "a Linux cell on CPUs 16 and 17" sh -c "vhypctl create $VHYP_TESTS/cell-linux1617.dtb &&
	vhypctl load linux --kernel $kernel --initrd $initrd --cmdline 'console=ttyAMA0 quiet panic=-1' &&
	vhypctl start linux"
if [ $VHYP_BARE = 1 ]; then
	for d in "reaches its shell" "on both CPUs" "powers off" "destroy it"; do
		t_skip "$d" "bare run: no cell"
	done
else
	t_ok "reaches its shell" waitcount 1 "LINUX-CELL: ready" 240
	t_diag "Linux cell: start to shell in $((($(uptime_cs) - t0) / 100)) s (wall clock, under TCG)"
	t_like "on both CPUs" "$(vhypctl console linux 2>/dev/null)" \
		'LINUX-CELL: userspace up on 2 CPUs'
	send off
	t_ok "powers off" vhypctl wait linux --state stopped --timeout 60
	t_ok "destroy it" vhypctl destroy linux
fi
t_is "every CPU is the root's again" "$(cat /sys/devices/system/cpu/online)" 0-17
t_vhyp "vhypctl disable" vhypctl disable
t_ok "I/O after disable" diskio.sh check a
dmesg_clean
t_done
