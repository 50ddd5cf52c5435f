#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a cell's traps hide and keep, the root's firmware calls, SErrors
# and a CPU that never entered the hypervisor (scenarios/traps.sh), on
# Cortex-A57, booted with maxcpus=3: CPU 3 is offline at enable.
here=$(dirname "$0")
top=$here/../..
out=$top/tests/out
mkdir -p "$out"
make -C "$top/tests/modules" >"$out/build-modules.log" 2>&1 ||
	echo "# building tests/modules failed: see tests/out/build-modules.log"
dtc -q -I dts -O dtb -o "$out/cell-pmu.dtb" "$here/cell-pmu.dts" || exit 1
# QEMU traps IMPDEF registers for EL2 (HCR_EL2.TIDCP) from 8.0 on
qemu=$(qemu-system-aarch64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
tidcp=0
[ "${qemu:-0}" -ge 8 ] && tidcp=1
VHYP_EXTRA_FILES="$out/cell-pmu.dtb" \
	exec "$here/run.sh" --timeout 400 --append maxcpus=3 traps tidcp=$tidcp \
	maxcpus firmware cell pmu park serror smc_allow online3
