#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The test bed itself, on the stock kernel without vhyp: the kernel came up
# the way the vhyp tests need it (hyp stub at EL2, every CPU online), the
# guest helpers work, and the workload passes.  When this fails, every
# other scenario's result means nothing.
#
#   smoke [NCPUS]     NCPUS: the CPUs QEMU was given (checked if set)

. /lib/vhyp-tests/lib.sh

plan 8

t_is "proc, sysfs, devtmpfs, debugfs and tmpfs are mounted" \
	"$(awk '{ print $3 ":" $2 }' /proc/mounts | grep -cxE 'proc:/proc|sysfs:/sys|devtmpfs:/dev|debugfs:/sys/kernel/debug|tmpfs:/tmp')" 5
if [ -n "${1:-}" ]; then
	t_is "all $1 CPUs online" "$(online_cpus | wc -l)" "$1"
else
	t_skip "all CPUs online" "CPU count not given"
fi
t_like "CPUs started at EL2 (hyp stub, KVM off)" "$(dmesg)" 'All CPU\(s\) started at EL2'

# The helpers that the vhyp scenarios lean on, checked on known input.
json='{"enabled": true, "version": "0.1.0", "hyp_mem_base": 1107296256, "cpus": [{"cpu":0, "hyp": false}]}'
t_is "json_get reads booleans, numbers and strings" \
	"$(echo "$json" | json_get enabled) $(echo "$json" | json_get hyp_mem_base) $(echo "$json" | json_get version) $(echo "$json" | json_get hyp)" \
	'true 1107296256 "0.1.0" false'
t_like "mem_available_kb is a number of kB" "$(mem_available_kb)" '^[0-9]+$'
t_is "the extra files and helpers are in /lib/vhyp-tests" \
	"$(ls /lib/vhyp-tests/lib.sh /lib/vhyp-tests/workload.sh 2>&1 | wc -l)" 2

dmesg_mark
t_ok "workload on the stock kernel" workload.sh
dmesg_clean
t_done
