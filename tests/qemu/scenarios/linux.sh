#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Linux in a cell (issue 5) through the documented CLI: Debian's stock
# arm64 kernel (the one the root runs) boots in a two-CPU cell with an
# initramfs of its own (tests/linux-cell), both CPUs up, its script's
# output checked through vhypctl console, a command typed into its
# console; the PL031 RTC passed through (cell-linux-rtc.dts), described by
# the device tree vhypctl builds, driven by the cell's rtc-pl031 (time
# and alarm interrupt); reboot from inside restarts it, a kernel panic inside leaves
# the root and the hypervisor untouched, poweroff ends it stopped.  The
# root's workload runs while it boots.  Then a Linux cell, a bare-metal
# cell and the root at once: CYCLES create/boot/poweroff/destroy cycles
# of the Linux cell, nothing leaked.
#
#   linux KERNEL [CYCLES]    KERNEL: a file in /lib/vhyp-tests; CYCLES (10)

. /lib/vhyp-tests/lib.sh

kernel=$VHYP_TESTS/$1
cycles=${2:-10}
cfg=$VHYP_TESTS/configs/qemu-virt
initrd=$VHYP_TESTS/linux-cell.cpio.gz
cmdline="console=ttyAMA0 quiet panic=-1"

# count TEXT: lines of the cell's console with TEXT
count() { console_count linux "$1"; }
# waitcount N TEXT: until N lines have TEXT (90 s)
waitcount() { console_wait linux "$1" "$2" 90; }
send() { printf '%s\n' "$1" | vhypctl console linux --attach --linger 1 >/dev/null 2>&1; }
boot() {
	vhypctl create $cfg/linux.dtb &&
	vhypctl load linux --kernel "$kernel" --initrd "$initrd" --cmdline "$cmdline" &&
	vhypctl start linux
}

plan 37
dmesg_mark
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
online0=$(cat /sys/devices/system/cpu/online)
mem0=$(free_kb)	# with the per-CPU free lists, where 6.12 keeps freed blocks

t_ok "create the Linux cell (CPUs 2, 3, 256 MiB, the RTC)" vhypctl create $VHYP_TESTS/cell-linux-rtc.dtb
t_ok "load $1 with an initramfs and a command line" \
	vhypctl load linux --kernel "$kernel" --initrd "$initrd" --cmdline "$cmdline"
t_ok "start it" vhypctl start linux
t_ok "the root's workload is correct while it boots" /lib/vhyp-tests/workload.sh --quick
t_ok "Linux reaches its userspace" waitcount 1 "LINUX-CELL: ready"
out=$(vhypctl console linux 2>/dev/null)
kver=$(uname -r | sed 's/[.+]/\\&/g')
t_like "on both CPUs, the root's own kernel" "$out" \
	"LINUX-CELL: userspace up on 2 CPUs, kernel $kver"
t_like "its script ran on both CPUs at once, with the right sums" "$out" \
	'LINUX-CELL: sums 1999000 3998000'
t_like "its timer works, both CPUs online" "$out" 'LINUX-CELL: slept 1 s, online CPUs 0-1'
# the RTC: its driver's name, its date, and an alarm 2 s ahead (its SPI)
rtc=/sys/class/rtc/rtc0
rtc_cmds="cat $rtc/name; echo rtc date: \$(cat $rtc/date); echo +2 >$rtc/wakealarm; sleep 3"
rtc_cmds="$rtc_cmds; awk '/rtc-pl031/ { print \"rtc irqs:\", \$2 + \$3 }' /proc/interrupts"
send "run grep -c ^processor /proc/cpuinfo; grep -E 'arch_timer|IPI0' /proc/interrupts; echo sve: \$(grep -cw sve /proc/cpuinfo); $rtc_cmds"
t_ok "a command typed into its console runs" waitcount 1 "LINUX-CELL: done"
out=$(vhypctl console linux 2>/dev/null)
t_like "its timer and IPIs count on both CPUs" "$out" 'arch_timer'
t_like "it is not told of SVE (hidden from cells: -cpu max has it)" "$out" '^sve: 0'
t_like "its rtc-pl031 probed the passed-through RTC, from the node vhypctl built" "$out" \
	'^rtc-pl031 9010000\.pl031'
t_like "and reads the date from it" "$out" "^rtc date: $(date -u +%Y-)"
t_like "its alarm's SPI reaches the cell's Linux" "$out" '^rtc irqs: [1-9]'
# its channel to the root: the binding's nodes, and the header page in the window
dt=/proc/device-tree/vhyp-channels/tolinux
send "run echo peer: \$(cat $dt/vhyp,peer); echo compatible: \$(cat $dt/compatible); ls /proc/device-tree/reserved-memory; echo magic: \$(devmem 0x60000000 32)"
t_ok "a second command runs" waitcount 2 "LINUX-CELL: done"
out=$(vhypctl console linux 2>/dev/null)
t_like "its channel is in its device tree: /vhyp-channels/tolinux, peer root" "$out" '^peer: root'
t_like "... compatible vhyp,channel" "$out" '^compatible: vhyp,channel'
t_like "... its window a reserved-memory node" "$out" 'channel@60000000'
t_like "... where the header page says CHAN" "$out" '^magic: 0x4E414843'
t_like "the root sees the Linux cell up at the channel's other end" "$(vhypctl channel list)" \
	'end 1: root .* peer up'


send reboot
t_ok "reboot from inside: it boots again" waitcount 2 "LINUX-CELL: ready"
t_is "started twice" "$(vhypctl stats linux --json | json_get starts)" 2
send crash
t_ok "a kernel panic inside" waitcount 1 "Kernel panic"
t_ok "restarts it (panic=-1)" waitcount 3 "LINUX-CELL: ready"
t_ok "and leaves the root's workload correct" /lib/vhyp-tests/workload.sh --quick
t_like "and the hypervisor running" "$(vhypctl info)" 'enabled'
send off
t_ok "poweroff from inside: the cell ends stopped" vhypctl wait linux --state stopped --timeout 60
t_ok "destroy it" vhypctl destroy linux

# --- Linux, a bare-metal cell and the root at once
t_ok "a bare-metal cell on CPU 1" sh -c "vhypctl create $VHYP_TESTS/cell-bare1.dtb &&
	vhypctl load bare $VHYP_TESTS/hello.bin && vhypctl start bare"
ok=0 n=0
while [ $n -lt "$cycles" ]; do
	n=$((n + 1))
	boot >/dev/null && waitcount 1 "LINUX-CELL: ready" && send off &&
		vhypctl wait linux --state stopped --timeout 60 >/dev/null &&
		vhypctl destroy linux >/dev/null && ok=$((ok + 1))
	vhypctl destroy linux >/dev/null 2>&1
done
t_is "$cycles create/boot/poweroff/destroy cycles of Linux beside it" "$ok" "$cycles"
t_like "the bare-metal cell still echoes" \
	"$(printf 'ping' | vhypctl console bare --attach --linger 1 2>&1)" 'ping'
t_ok "destroy it" vhypctl destroy bare
t_is "the root has all its CPUs again" "$(cat /sys/devices/system/cpu/online)" "$online0"
t_ok "no memory lost (within 16 MiB)" mem_back "$mem0" "$(free_kb)" 16384
dmesg_clean
t_done
