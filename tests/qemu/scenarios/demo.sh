#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` shows: each command with a prompt before it and its
# output live.  Stops at the first step that fails.

. /lib/vhyp-tests/lib.sh

# Work where a user would: home, with the module next to them.
cd /root && cp "$VHYP_KO" . || t_abort "no $VHYP_KO in the initramfs"
echo
echo "vhyp demo: Linux is running on $(online_cpus | wc -l) CPUs; vhyp will slide under it."
for step in "insmod vhyp.ko" "vhypctl enable" "vhypctl info" \
	    "workload.sh --quick" "vhypctl console" "vhypctl disable" \
	    "rmmod vhyp"; do
	# shellcheck disable=SC2086  # each step is a command line
	t_step $step || t_abort "'$step' failed"
done
echo
echo "vhyp demo: done."
t_done
