#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The root cell story of issue 2: load vhyp, put the running Linux under
# the hypervisor, check that it is there and still works, take it out
# again and unload, leaving the kernel log clean.
#
#   root [quick]      quick: the short workload both times (for the runs
#                     on many CPU models); otherwise the full one under
#                     vhyp and the short one after disabling

. /lib/vhyp-tests/lib.sh

wl=
[ "${1:-}" = quick ] && wl=--quick
ncpus=$(online_cpus | wc -l)

plan 16
dmesg_mark

t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_is "/dev/vhyp is a character device of mode 0600" \
	"$(stat -c '%F %a' /dev/vhyp)" "character special file 600"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
t_ok "vhypctl info" vhypctl info
json=$(vhypctl info --json)
echo "$json"
t_like 'vhypctl info --json: "enabled": true' "$json" '"enabled":[[:space:]]*true'
t_like 'vhypctl info --json: a version' "$json" '"version":[[:space:]]*"[^"]+"'
t_is "all $ncpus online CPUs are under the hypervisor" \
	"$(echo "$json" | json_get cpus_hyp)" "$ncpus"
t_like "vhypctl console shows the hypervisor's messages" \
	"$(vhypctl console 2>&1)" 'vhyp'

t_ok "workload under vhyp" workload.sh $wl
# The workload took CPU 1 offline and back: it must have come back under
# the hypervisor, not as a bare Linux CPU.
t_is "all $ncpus online CPUs are under the hypervisor after CPU hotplug" \
	"$(vhypctl info --json | json_get cpus_hyp)" "$ncpus"

t_ok "vhypctl disable" vhypctl disable
t_like 'vhypctl info --json after disable: "enabled": false' \
	"$(vhypctl info --json)" '"enabled":[[:space:]]*false'
t_ok "workload after disable" workload.sh --quick
t_ok "rmmod vhyp" rmmod vhyp
t_ok "/dev/vhyp is gone" sh -c '! test -e /dev/vhyp'
dmesg_clean
t_done
