#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The channel benchmark's scenario (scenarios/bench-channel.sh) as a test,
# small and without -icount, so that make check keeps it working: the
# payload chan-bench between two cells, and in a cell with two channels to
# the root, whose doorbells share a block of 32 INTIDs (the first one's
# enable was once lost to the second one's IGROUPR write), driven by
# tests/bench/chan-root.  The figures it prints mean nothing here: make
# bench's are taken under -icount.
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/tests/out
mkdir -p "$out"
make -C "$top/tests/bench" chan-root >"$out/build-bench.log" 2>&1 ||
	echo "# building tests/bench/chan-root failed: see tests/out/build-bench.log"
files=
for c in chan-bell0 chan-bell1 chan-root; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$top/tests/bench/$c.dts" || exit 1
	files="$files $out/$c.dtb"
done
VHYP_EXTRA_FILES="$files $top/tests/bench/chan-root" \
	exec "$top/tests/qemu/run.sh" --suffix test --timeout 600 bench-channel 1 100 4
