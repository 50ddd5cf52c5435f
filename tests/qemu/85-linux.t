#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Linux in a cell (issue 5): Debian's 6.1 kernel in a two-CPU cell beside
# the root, driving the RTC passed through, reboot, panic, poweroff, and
# cycles beside a bare-metal cell
# (scenarios/linux.sh).
here=$(dirname "$0")
top=$here/../..
out=$here/../out
series=${LINUX_SERIES:-6.1}
mkdir -p "$out"
. "$here/prep.sh"
prep_linux_cell "$series"
if [ "$series" != 6.1 ]; then
	make -C "$top/tests/modules" "vhyp-$series" >"$out/build-$series.log" 2>&1 ||
		echo "# building vhyp.ko for $series failed: see tests/out/build-$series.log"
fi
for c in cell-bare1 cell-linux-rtc; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$here/$c.dts" || exit 1
done
VHYP_EXTRA_FILES="$kernel $out/linux-cell.cpio.gz $out/cell-bare1.dtb $out/cell-linux-rtc.dtb" \
	exec "$here/run.sh" --kernel "$series" --suffix "$series" --timeout 900 \
	linux "$(basename "$kernel")" "${LINUX_CYCLES:-10}"
