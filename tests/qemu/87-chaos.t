#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A hostile payload in a cell (issue 6): tools/inmates/chaos throws seeded
# random calls and accesses at the hypervisor beside timer-demo in another
# cell and the root's workload, first from one CPU, then from two
# (scenarios/chaos.sh).  Every run's seed is in the log: "run.sh chaos 20
# 5 SEED" (a cell-smp12.dtb in the initramfs, as below) runs it again.
here=$(dirname "$0")
out=$here/../out
mkdir -p "$out"
dtc -q -I dts -O dtb -o "$out/cell-smp12.dtb" "$here/cell-smp12.dts" || exit 1
# QEMU traps IMPDEF registers for EL2 (HCR_EL2.TIDCP) from 8.0 on
qemu=$(qemu-system-aarch64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
tidcp=0
[ "${qemu:-0}" -ge 8 ] && tidcp=1
VHYP_EXTRA_FILES="$out/cell-smp12.dtb" exec "$here/run.sh" --timeout 240 chaos tidcp=$tidcp
