#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo-linux` shows: Debian's stock arm64 kernel (the root's
# own) booting in a two-CPU cell beside the root, its shell answering
# through the cell's console, and its poweroff.  Each command with a
# prompt before it and its output live; stops at the first failure.
#
#   demo-linux KERNEL     a file in /lib/vhyp-tests

. /lib/vhyp-tests/lib.sh

cd /root && cp "$VHYP_KO" $VHYP_TESTS/configs/qemu-virt/linux.dtb . &&
	cp "$VHYP_TESTS/$1" Image && cp $VHYP_TESTS/linux-cell.cpio.gz rootfs.cpio.gz ||
	t_abort "no $VHYP_KO, linux.dtb, $1 or linux-cell.cpio.gz in the initramfs"
# type LINE into the cell's console; show what it answers
type_in() {
	echo
	echo "root@vhyp:~# echo '$1' | vhypctl console linux --attach --linger 3"
	printf '%s\n' "$1" | vhypctl console linux --attach --linger 3
}
wait_for() {	# TEXT: until the cell's console has it (120 s)
	local i=0
	until vhypctl console linux 2>/dev/null | grep -q -- "$1"; do
		i=$((i + 1))
		[ $i -gt 120 ] && return 1
		sleep 1
	done
}

echo
echo "vhyp demo: the root Linux runs on $(online_cpus | wc -l) CPUs; a second Linux,"
echo "the same Debian kernel, will boot in a cell with two of them."
for step in "insmod vhyp.ko" "vhypctl enable" "vhypctl create linux.dtb" \
	    "vhypctl load linux --kernel Image --initrd rootfs.cpio.gz --cmdline quiet" \
	    "vhypctl start linux"; do
	# shellcheck disable=SC2086  # each step is a command line
	t_step $step || t_abort "'$step' failed"
done
wait_for "LINUX-CELL: ready" || t_abort "Linux did not reach its shell in the cell"
t_step vhypctl console linux || t_abort "no console"
type_in "run uname -a; cat /proc/cpuinfo | grep -c processor; cat /proc/interrupts | head -4"
wait_for "LINUX-CELL: done" || t_abort "the cell's shell did not answer"
t_step vhypctl list || t_abort "list failed"
type_in "off"
t_step vhypctl wait linux --state stopped --timeout 60 || t_abort "it did not power off"
for step in "vhypctl destroy linux" "vhypctl disable" "rmmod vhyp"; do
	# shellcheck disable=SC2086
	t_step $step || t_abort "'$step' failed"
done
echo
echo "vhyp demo: done."
t_done
