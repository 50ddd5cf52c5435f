#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Enabling and disabling, loading and unloading, 20 times each: nothing
# may leak (MemAvailable comes back to within 1 %) and the kernel log stays
# clean.  Leaks of the hypervisor's memory are the ones we look for: at a
# few MiB per enable, 20 cycles show well above the noise.

. /lib/vhyp-tests/lib.sh

CYCLES=20

enable_cycles() {
	local i=1
	while [ $i -le $CYCLES ]; do
		vhypctl --quiet enable || { echo "enable $i of $CYCLES failed"; return 1; }
		vhypctl --quiet disable || { echo "disable $i of $CYCLES failed"; return 1; }
		i=$((i + 1))
	done
}

module_cycles() {
	local i=1
	while [ $i -le $CYCLES ]; do
		vhyp_insmod || { echo "insmod $i of $CYCLES failed"; return 1; }
		rmmod vhyp || { echo "rmmod $i of $CYCLES failed"; return 1; }
		i=$((i + 1))
	done
}

# within_1pct BEFORE AFTER: AFTER has not dropped by more than 1 %
within_1pct() {
	mem_back "$1" "$2" $(($1 / 100))
}

plan 9
dmesg_mark

t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
# The first enable allocates what stays allocated while the module is
# loaded (if anything); measure from after it.
t_ok "warm-up enable and disable" sh -c 'vhypctl enable && vhypctl disable'
before=$(settled_kb)
t_ok "$CYCLES enable/disable cycles" enable_cycles
after=$(settled_kb)
t_ok "MemAvailable within 1 % after $CYCLES enable/disable cycles ($before -> $after kB)" \
	within_1pct "$before" "$after"
t_like 'vhypctl info --json: "enabled": false' \
	"$(vhypctl info --json)" '"enabled":[[:space:]]*false'
t_ok "rmmod vhyp" rmmod vhyp

before=$(settled_kb)
t_ok "$CYCLES insmod/rmmod cycles" module_cycles
after=$(settled_kb)
t_ok "MemAvailable within 1 % after $CYCLES insmod/rmmod cycles ($before -> $after kB)" \
	within_1pct "$before" "$after"
dmesg_clean
t_done
