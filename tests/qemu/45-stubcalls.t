#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Linux's hyp-stub calls, vhyp's hypercalls and the panic path while vhyp
# is enabled, then a reboot with vhyp enabled (and its console mirrored to
# the UART): QEMU (-no-reboot) must exit because firmware got the reset,
# not because the guest hung.
here=$(dirname "$0")
log=$here/../out/stubcalls.log
out=$("$here/run.sh" stubcalls)
rc=$?
n=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p')
printf '%s\n' "$out" | grep -v '^1\.\.[0-9]*$'
# sysrq b: emergency_restart(), no reboot notifier, so vhyp is still
# enabled when PSCI SYSTEM_RESET goes out
if grep -q 'sysrq: Resetting' "$log" && ! grep -q 'vhyp: rebooting' "$log"; then
	echo "ok $((n + 1)) - a reboot with vhyp enabled reached firmware"
else
	echo "not ok $((n + 1)) - a reboot with vhyp enabled reached firmware; console in tests/out/stubcalls.log"
	rc=1
fi
# the guest never prints the hypervisor console itself: such a line on the
# serial console came from EL2 (vhypctl enable --uart)
if grep -qE '^vhyp: CPU [0-9]+ \(MPIDR [0-9a-fx]+\) entered' "$log"; then
	echo "ok $((n + 2)) - vhypctl enable --uart mirrors the hypervisor console to the PL011"
else
	echo "not ok $((n + 2)) - vhypctl enable --uart mirrors the hypervisor console to the PL011; console in tests/out/stubcalls.log"
	rc=1
fi
echo "1..$((n + 2))"
exit $rc
