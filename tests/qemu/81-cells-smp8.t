#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cells story again on 8 CPUs: two cells and a cell of two CPUs
# beside a root of six (the cycles kept short: 80-cells.t runs 50).
here=$(dirname "$0")
out=$here/../out
mkdir -p "$out"
for c in cell-all-cpus cell-smp; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$here/$c.dts" || exit 1
done
VHYP_EXTRA_FILES="$out/cell-all-cpus.dtb $out/cell-smp.dtb" \
	exec "$here/run.sh" --smp 8 --suffix smp8 --timeout 600 cells 5
