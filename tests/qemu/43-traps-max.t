#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cell's side of scenarios/traps.sh on QEMU's 'max' CPU, which has
# what Cortex-A57 lacks: SVE, SME, RAS, LORegions and, with mte=on,
# allocation tags.  A cell must not see them in its ID registers, and
# their registers must read as zero.  Then the EL2 stack overflow test
# hook, which leaves the hypervisor panicked (last): the CPU that
# overflowed must come back to Linux.  The kernel stays at EL1
# (id_aa64mmfr1.vh=0); pauth-impdef=on as in 64-cpu-max.t.
here=$(dirname "$0")
top=$here/../..
out=$top/tests/out
mkdir -p "$out"
. "$here/prep.sh"
prep_traps
VHYP_EXTRA_FILES="$out/cell-pmu.dtb" \
	exec "$here/run.sh" --timeout 150 --cpu max,pauth-impdef=on --machine-opt mte=on \
	--append id_aa64mmfr1.vh=0 --suffix max traps tidcp=$tidcp features=lor,ras,mte \
	cell pmu stack
