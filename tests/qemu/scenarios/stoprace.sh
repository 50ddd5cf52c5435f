#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Cells that stop themselves while the root holds the hypervisor's cell
# lock (issue 13): the isolation payload in hello2 (CPU 2) powers off or
# resets after a random delay, CYCLES times, while the root types into its
# console and into hello's (CPU 3) without a pause (one hypercall under
# the cell lock per byte; guest/stoprace.sh).  Each time the cell must end
# stopped, or run again after a reset, never stay "running" with its CPU
# parked.  Then hello still echoes, the hypervisor has not panicked, both
# cells are destroyed, the CPUs come back and the root's workload passes.
#
#   stoprace [CYCLES]     (100)

. /lib/vhyp-tests/lib.sh

cycles=${1:-100}
cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS

plan 13
dmesg_mark
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
online0=$(cat /sys/devices/system/cpu/online)
t_ok "hello echoes in a cell on CPU 3" sh -c \
	"vhypctl create $cfg/hello.dtb && vhypctl load hello $bin/hello.bin && vhypctl start hello"
t_ok "the isolation payload is loaded into hello2 (CPU 2)" sh -c \
	"vhypctl create $cfg/hello2.dtb && vhypctl load hello2 $bin/isolation.bin"
start=$(uptime_cs)
t_ok "$cycles times, hello2 powers off or resets itself while the root types into both" \
	stoprace.sh hello2 hello "$cycles"
t_diag "the cycles took $((($(uptime_cs) - start) / 100)) s"
t_like "hello still echoes" \
	"$(printf 'still-here' | vhypctl console hello --attach --linger 1 2>&1)" 'still-here'
t_like "the hypervisor has not panicked" "$(vhypctl info --json)" '"panicked":[[:space:]]*false'
t_ok "destroy both" sh -c "vhypctl destroy hello2 && vhypctl destroy hello"
t_is "every CPU is the root's again" "$(cat /sys/devices/system/cpu/online)" "$online0"
t_ok "the root's workload passes" workload.sh --quick
t_ok "vhypctl disable" vhypctl disable
t_ok "rmmod vhyp" rmmod vhyp
dmesg_clean
t_done
