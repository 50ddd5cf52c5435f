#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cell's side of scenarios/traps.sh on QEMU's 'max' CPU, which has
# what Cortex-A57 lacks: SVE, SME, RAS, LORegions and, with mte=on,
# allocation tags.  A cell must not see them in its ID registers, and
# their registers must read as zero.  Then the EL2 stack overflow test
# hook, which leaves the hypervisor panicked: while the CPU that
# overflowed does not come back, the guest cannot power off and the boot
# ends at its timeout (150 s; ~40 s otherwise).  The kernel stays at EL1
# (id_aa64mmfr1.vh=0); pauth-impdef=on as in 64-cpu-max.t.
here=$(dirname "$0")
top=$here/../..
out=$top/tests/out
mkdir -p "$out"
make -C "$top/tests/modules" >"$out/build-modules.log" 2>&1 ||
	echo "# building tests/modules failed: see tests/out/build-modules.log"
dtc -q -I dts -O dtb -o "$out/cell-pmu.dtb" "$here/cell-pmu.dts" || exit 1
qemu=$(qemu-system-aarch64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
tidcp=0
[ "${qemu:-0}" -ge 8 ] && tidcp=1
VHYP_EXTRA_FILES="$out/cell-pmu.dtb" \
	exec "$here/run.sh" --timeout 150 --cpu max,pauth-impdef=on --machine-opt mte=on \
	--append id_aa64mmfr1.vh=0 --suffix max traps tidcp=$tidcp features=lor,ras,mte \
	cell pmu stack
