#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 18 CPUs, 16 and 17 at MPIDR Aff1 = 1: the root's NVMe disk under vhyp
# with its LPIs on CPUs 15-17, smp-demo in cells on CPUs 16, 17 and on
# 15, 16, and Debian's 6.1 kernel in a cell on CPUs 16, 17
# (scenarios/smp18.sh).
#
# Times, QEMU alone: 30 s as a bare run (no vhyp: what needs it skipped);
# 76 s for the cells' part under vhyp (the Linux cell: 35 s from start to
# its shell); with the foundation's vhyp the first check under vhyp loses
# its completions, its dd is killed at 60 s and the scenario stops: 140 s.
here=$(dirname "$0")
top=$here/../..
out=$here/../out
mkdir -p "$out"
. "$here/prep.sh"
prep_linux_cell 6.1
files="$kernel $out/linux-cell.cpio.gz"
for c in cell-smp1617 cell-smp1516 cell-linux1617; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$here/$c.dts" || exit 1
	files="$files $out/$c.dtb"
done
VHYP_EXTRA_FILES="$files" exec "$here/run.sh" --smp 18 --nvme 64M --timeout 300 \
	smp18 "$(basename "$kernel")" 10
