#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo-linux` shows: Debian's stock arm64 kernel (the root's
# own) booting in a two-CPU cell beside the root, with its root file
# system on a virtio disk and a virtio network link to the root, both
# served by the root's backend (vhypctl serve, started by vhypctl start);
# its shell answering through the cell's console, its httpd answering
# wget from the root, and its poweroff.  Each command with a prompt before
# it and its output live; stops at the first failure.
#
#   demo-linux KERNEL     a file in /lib/vhyp-tests

. /lib/vhyp-tests/lib.sh

cd /root && cp "$VHYP_KO" $VHYP_TESTS/configs/qemu-virt/linux-virtio.dtb . &&
	cp "$VHYP_TESTS/$1" Image && cp $VHYP_TESTS/linux-virtio.cpio.gz initrd.cpio.gz &&
	mkdir -p /var/lib/vhyp && cp $VHYP_TESTS/vdisk.img /var/lib/vhyp/linux-vio.img ||
	t_abort "no $VHYP_KO, linux-virtio.dtb, $1, linux-virtio.cpio.gz or vdisk.img in the initramfs"
kmod_load tun >/dev/null || t_abort "no tun module for the cell's network link"
cell=linux-vio
# type LINE into the cell's console; show what it answers
type_in() {
	echo
	echo "root@vhyp:~# echo '$1' | vhypctl console $cell --attach --linger 3"
	printf '%s\n' "$1" | vhypctl console $cell --attach --linger 3
}
wait_for() {	# TEXT: until the cell's console has it (120 s)
	local i=0
	until vhypctl console $cell 2>/dev/null | grep -q -- "$1"; do
		i=$((i + 1))
		[ $i -gt 120 ] && return 1
		sleep 1
	done
}

echo
echo "vhyp demo: the root Linux runs on $(online_cpus | wc -l) CPUs; a second Linux,"
echo "the same Debian kernel, will boot in a cell with two of them, its root"
echo "file system on a virtio disk (an image file of the root's)."
for step in "insmod vhyp.ko" "vhypctl enable" "vhypctl create linux-virtio.dtb"; do
	# shellcheck disable=SC2086  # each step is a command line
	t_step $step || t_abort "'$step' failed"
done
t_step vhypctl load $cell --kernel Image --initrd initrd.cpio.gz --cmdline "root=/dev/vda quiet" ||
	t_abort "'vhypctl load' failed"
t_step vhypctl start $cell || t_abort "'vhypctl start' failed"
wait_for "LINUX-CELL: ready" || t_abort "Linux did not reach its shell in the cell"
t_step vhypctl console $cell || t_abort "no console"
type_in "run uname -a; grep -c processor /proc/cpuinfo; mount | grep ' / '; grep virtio /proc/interrupts"
wait_for "LINUX-CELL: done" || t_abort "the cell's shell did not answer"
t_step vhypctl list || t_abort "list failed"
echo
echo "vhyp demo: a network link between the root and the cell (tap vhyp-tap0)"
t_step ip addr add 10.0.7.1/24 dev vhyp-tap0 || t_abort "no tap interface vhyp-tap0"
type_in "run ifconfig eth0 10.0.7.2 netmask 255.255.255.0 up; httpd -h /www; echo httpd up"
wait_for "httpd up" || t_abort "the cell's httpd did not start"
t_step wget -q -O - http://10.0.7.2/index.html || t_abort "the cell's httpd did not answer"
type_in "off"
t_step vhypctl wait $cell --state stopped --timeout 60 || t_abort "it did not power off"
for step in "vhypctl destroy $cell" "vhypctl disable" "rmmod vhyp"; do
	# shellcheck disable=SC2086
	t_step $step || t_abort "'$step' failed"
done
echo
echo "vhyp demo: done."
t_done
