#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 16's PREEMPT_RT root: Debian's 6.12 RT kernel through the root,
# cell, interrupt and root-doorbell stories in one boot (scenarios/rt.sh),
# which first checks that the kernel is PREEMPT_RT.  vhyp.ko for it is
# built in tests/out/build-6.12-rt (tests/modules/Makefile); a failed
# build is reported as a comment and the guest then fails at insmod.
here=$(dirname "$0")
top=$(cd "$here/../.." && pwd)
out=$top/tests/out
mkdir -p "$out"
make -C "$top/tests/modules" vhyp-6.12-rt >"$out/build-6.12-rt.log" 2>&1 ||
	echo "# building vhyp.ko for 6.12-rt failed: see tests/out/build-6.12-rt.log"
make -C "$top/tests/hostile" >"$out/build-hostile.log" 2>&1 ||
	echo "# building tests/hostile failed: see tests/out/build-hostile.log"
for c in cell-rtc cell-smp12 chan-a; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$here/$c.dts" || exit 1
done
extra="$out/cell-rtc.dtb $out/cell-smp12.dtb $out/chan-a.dtb:/lib/vhyp-tests/extra/chan-a.dtb"
VHYP_EXTRA_FILES="$extra" exec "$here/run.sh" --kernel 6.12-rt --suffix 6.12-rt \
	--timeout 300 rt "$@"
