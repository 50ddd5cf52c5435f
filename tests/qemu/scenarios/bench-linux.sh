#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The Linux-cell benchmarks, for tests/bench/run.sh (under -icount): the
# time from 'vhypctl start' to the cell's first userspace output, and a
# CPU-bound and a syscall-heavy workload timed inside the Linux cell and in
# the root before vhyp is enabled.  Reports
#
#   TAP: # BENCH <name> <value> ns
#
#   bench-linux KERNEL [REPS]     KERNEL: a file in /lib/vhyp-tests

. /lib/vhyp-tests/lib.sh

kernel=$VHYP_TESTS/$1
reps=${2:-3}
cfg=$VHYP_TESTS/configs/qemu-virt
cpu='i=0; while [ $i -lt 200000 ]; do i=$((i + 1)); done'
sys='dd if=/dev/zero of=/dev/null bs=1 count=200000 2>/dev/null'

# ns TEXT: the "real SECONDS" line of 'time -p' in TEXT, as ns
ns() { printf '%s\n' "$1" | awk '$1 == "real" { printf "%.0f\n", $2 * 1e9 }' | tail -n 1; }
count() { console_count linux "$1"; }

plan 5
r=0
while [ $r -lt "$reps" ]; do
	r=$((r + 1))
	t_diag "BENCH root_cpu_ns $(ns "$(time -p sh -c "$cpu" 2>&1)") ns"
	t_diag "BENCH root_syscall_ns $(ns "$(time -p sh -c "$sys" 2>&1)") ns"
done
t_ok "insmod vhyp.ko" vhyp_insmod
t_ok "vhypctl enable" vhypctl enable
t_ok "create and load the Linux cell" sh -c "vhypctl create $cfg/linux.dtb &&
	vhypctl load linux --kernel $kernel --initrd $VHYP_TESTS/linux-cell.cpio.gz --cmdline 'console=ttyAMA0 quiet'"
t0=$(uptime_cs)
vhypctl start linux >/dev/null
until [ "$(count 'LINUX-CELL: userspace up')" -ge 1 ]; do usleep 20000; done
t_diag "BENCH linux_boot_to_user_ns $(( ($(uptime_cs) - t0) * 10000000 )) ns"
until [ "$(count 'LINUX-CELL: ready')" -ge 1 ]; do usleep 100000; done
r=0
while [ $r -lt "$reps" ]; do
	r=$((r + 1))
	for w in cpu sys; do
		eval "cmd=\$$w"
		n=$(count 'LINUX-CELL: done')
		printf "run time -p sh -c '%s'\n" "$cmd" | vhypctl console linux --attach --linger 1 >/dev/null 2>&1
		until [ "$(count 'LINUX-CELL: done')" -gt "$n" ]; do usleep 100000; done
		out=$(vhypctl console linux 2>/dev/null | grep '^real' | tail -n 1)
		[ $w = cpu ] && t_diag "BENCH cell_cpu_ns $(ns "$out") ns"
		[ $w = sys ] && t_diag "BENCH cell_syscall_ns $(ns "$out") ns"
	done
done
printf 'off\n' | vhypctl console linux --attach --linger 1 >/dev/null 2>&1
t_ok "it powers off" vhypctl wait linux --state stopped --timeout 120
vhypctl destroy linux >/dev/null
dmesg_clean
t_done
