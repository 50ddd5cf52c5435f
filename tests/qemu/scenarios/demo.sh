#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` shows: each command with a prompt before it and its
# output live.  Stops at the first step that fails.

. /lib/vhyp-tests/lib.sh

# Work where a user would: home, with the module, a cell config and a
# payload next to them.
cd /root && cp "$VHYP_KO" $VHYP_TESTS/configs/qemu-virt/hello.dtb $VHYP_TESTS/hello.bin . ||
	t_abort "no $VHYP_KO, hello.dtb or hello.bin in the initramfs"
echo
echo "vhyp demo: Linux is running on $(online_cpus | wc -l) CPUs; vhyp will slide under it,"
echo "then carve a cell out of it for a bare-metal payload."
for step in "insmod vhyp.ko" "vhypctl enable" "vhypctl info" \
	    "workload.sh --quick" "vhypctl config check hello.dtb" \
	    "vhypctl create hello.dtb" "vhypctl load hello hello.bin" \
	    "vhypctl start hello" "sleep 1" "vhypctl console hello" "vhypctl list" \
	    "vhypctl stats hello" "vhypctl stop hello" "vhypctl start hello" \
	    "vhypctl destroy hello" "vhypctl console" "vhypctl disable" \
	    "rmmod vhyp"; do
	# shellcheck disable=SC2086  # each step is a command line
	t_step $step || t_abort "'$step' failed"
done
echo
echo "vhyp demo: done."
t_done
