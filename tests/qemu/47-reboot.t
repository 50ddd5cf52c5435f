#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'reboot -f' with a cell running (scenarios/power.sh reboot): the driver's
# reboot notifier destroys the cell and disables vhyp before the kernel
# says it restarts, and the restart reaches the firmware (QEMU, with
# -no-reboot, exits by itself: run.sh's first test).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/console-lib.sh"
console_begin "$here/../out/power-reboot.log" --suffix reboot power reboot
console_check "the notifier destroyed the cell and disabled vhyp, then the kernel restarted" \
	"vhyp-power: reboot -f with cell hello running" \
	"vhyp: cell 'hello' destroyed" "vhyp: disabled" \
	"vhyp: rebooting: cells destroyed and the hypervisor disabled" \
	"reboot: Restarting system"
console_end
