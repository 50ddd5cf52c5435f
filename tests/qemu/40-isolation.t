#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The root cannot reach the hypervisor's memory while vhyp is enabled, nor
# a running cell's RAM and identity-mapped reserved memory (QEMU's device
# tree with tests/qemu/reserved.dtsi merged in); reserved regions Linux or
# a device uses are refused; scenarios/isolation.sh.
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/tests/out
here=$top/tests/qemu
mkdir -p "$out"
make -C "$top/tests/modules" >"$out/build-modules.log" 2>&1 ||
	echo "# building tests/modules failed: see tests/out/build-modules.log"
dtc -q -I dts -O dtb -o "$out/cell-dma.dtb" "$here/cell-dma.dts" || exit 1
# variants: another cell on CPU 2 with the same region; the refused regions
files=$out/cell-dma.dtb
for v in second:vhyp-dma used:vhyp-used mapped:vhyp-mapped; do
	sed "s/\"vhyp-dma\"/\"${v#*:}\"/; s/\"dma\"/\"dma-${v%%:*}\"/; s/<3>/<2>/" \
		"$here/cell-dma.dts" | dtc -q -I dts -O dtb -o "$out/cell-dma-${v%%:*}.dtb" - ||
		exit 1
	files="$files $out/cell-dma-${v%%:*}.dtb"
done
VHYP_EXTRA_FILES="$files" \
	exec "$here/run.sh" --dt-add "$here/reserved.dtsi" isolation
