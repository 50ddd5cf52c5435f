#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# EL2 as Linux's own code sees it while vhyp is enabled: the hyp-stub
# calls are answered as the stub answers them (and who takes EL2 back
# gets it), vhyp's hypercalls answer, and the panic path stops the
# hypervisor cleanly: it says why, every CPU leaves, Linux goes on and
# the memory can be freed.  Ends with a reboot while enabled that skips
# the reboot notifiers (sysrq b, as a panic would; 'reboot -f' disables
# vhyp first: 47-reboot.t), which must reach the firmware (PSCI
# SYSTEM_RESET through vhyp's relay).
#
# Calls come from tests/modules/hvccall.ko, in process context on a
# chosen CPU, as kexec calls the stub.

. /lib/vhyp-tests/lib.sh

# hvc ARGS...: one HVC through hvccall.ko; prints what EL2 returned
hvc() {
	insmod $VHYP_TESTS/hvccall.ko "$@" >/dev/null 2>&1 || return 1
	rmmod hvccall
	dmesg | sed -n 's/.*hvccall: .* returned \(0x[0-9a-f]*\).*/\1/p' | tail -n 1
}
cpus_hyp() { vhypctl info --json | json_get cpus_hyp; }

plan 16
dmesg_mark
t_ok "insmod vhyp.ko test_faults=1" vhyp_insmod test_faults=1 ||
	t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
ncpus=$(online_cpus | wc -l)

t_is "an unknown stub call gets HVC_STUB_ERR" "$(hvc fn=4 cpu=1)" 0xbadca11
t_is "HVC_FINALISE_EL2 (switch to VHE) is refused with HVC_STUB_ERR" \
	"$(hvc fn=3 cpu=1)" 0xbadca11
t_is "VHYP_HC_VERSION answers the hypervisor ABI (as the driver reports it)" \
	"$(hvc fn=0xc6005600 cpu=1)" "$(printf '0x%x' "$(vhypctl info --json | json_get hyp_abi)")"
t_is "an unknown vhyp hypercall gets SMCCC NOT_SUPPORTED" \
	"$(hvc fn=0xc60056ff cpu=1)" 0xffffffffffffffff
t_is "a payload's report (VHYP_HC_CELL_REPORT) is a cell's call: NOT_SUPPORTED from the root" \
	"$(hvc fn=0xc6005640 a1=5 a2=1 a3=0 cpu=1)" 0xffffffffffffffff
t_is "HVC_RESET_VECTORS on CPU 2 succeeds" "$(hvc fn=2 cpu=2)" 0x0
t_is "and CPU 2 has left the hypervisor" "$(cpus_hyp)" $((ncpus - 1))
t_is "CPU 2 now talks to the stub again" "$(hvc fn=4 cpu=2)" 0xbadca11

hvc fn=0xc6005604 cpu=1 >/dev/null
sleep 1
json=$(vhypctl info --json)
t_like "a fault at EL2 marks the hypervisor panicked" "$json" '"panicked":[[:space:]]*true'
t_is "every CPU has left it" "$(echo "$json" | json_get cpus_hyp)" 0
t_like "the console says why" "$(vhypctl console)" 'PANIC on CPU 1: exception at EL2'
t_ok "Linux goes on: the workload passes" workload.sh --quick
t_ok "vhypctl disable frees the memory" vhypctl disable
dmesg_clean
t_done
# mirrored to the UART this time: the host finds it in the console log
vhypctl enable --uart >/dev/null
echo "vhyp-stubcalls: rebooting with vhyp enabled"
echo b >/proc/sysrq-trigger
