#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cells (issue 3): lifecycle, two cells beside the root, isolation, reset
# and power-off from inside, a refused config, and cycles.
here=$(dirname "$0")
out=$here/../out
mkdir -p "$out"
for c in cell-all-cpus cell-smp; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$here/$c.dts" || exit 1
done
VHYP_EXTRA_FILES="$out/cell-all-cpus.dtb $out/cell-smp.dtb" \
	exec "$here/run.sh" --timeout 600 cells
