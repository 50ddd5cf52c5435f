#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make soak': boots scenarios/soak.sh (long; not part of 'make check')
# and writes its summary to tests/out/soak.md.
#
#   tests/qemu/soak.sh [CELLS [ENABLES [RACES]]]
#       (SOAK_CELLS, SOAK_ENABLES, SOAK_RACES; 1000, 200, 1000)
#
# SOAK_TIMEOUT (seconds, 14400 by default) bounds the QEMU run.
here=$(dirname "$0")
out=$here/../out
cells=${1:-${SOAK_CELLS:-1000}}
enables=${2:-${SOAK_ENABLES:-200}}
races=${3:-${SOAK_RACES:-1000}}
mkdir -p "$out"
files=
for c in cell-smp cell-faults; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$here/$c.dts" || exit 1
	files="$files $out/$c.dtb"
done
start=$(date +%s)
VHYP_EXTRA_FILES="$files" "$here/run.sh" --timeout "${SOAK_TIMEOUT:-14400}" soak "$cells" "$enables" "$races"
rc=$?
{
	tr -d '\r' <"$out/soak.log" | sed -n 's/^SOAK-MD: \{0,1\}//p'
	echo
	echo "Host: $(date -u '+%Y-%m-%d %H:%M UTC'), $(($(date +%s) - start)) s wall for the boot;" \
	     "run.sh exit $rc; console in tests/out/soak.log."
} >"$out/soak.md"
cat "$out/soak.md"
exit $rc
