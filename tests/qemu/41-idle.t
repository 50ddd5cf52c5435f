#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The root with PSCI idle states (QEMU's device tree plus
# tests/qemu/idle-states.dtsi, on a secure=on machine: see that file):
# cpuidle's CPU_SUSPEND calls go through vhyp's relay, the hypervisor
# prints nothing per suspend, timers stay on time, the workload, a cell and
# CPU hotplug beside them, disable and rmmod clean, then power-downs that
# lose the CPU's state (test_powerdown=1) resumed silently; scenarios/idle.sh.
here=$(dirname "$0")
exec "$here/run.sh" --secure --dt-add "$here/idle-states.dtsi" idle
