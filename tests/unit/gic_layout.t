#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The redistributor walk and the SGI encoding (hyp/gic_layout.c, built for
# the host under ASan and UBSan): runs gic_layout_test (gic_layout_test.c),
# which prints TAP, then checks that the RK3588 region it walks is the one
# of Debian's rk3588-rock-5b.dtb (skipped without .cache/kernel/6.12).
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! log=$(make -s --no-print-directory -C "$top/tests/unit" gic_layout_test 2>&1); then
	echo "Bail out! cannot build tests/unit/gic_layout_test: $log" | head -n 1
	exit 1
fi
out=$("$top/tests/unit/gic_layout_test")
res=$?
n=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$out")
grep -v '^1\.\.' <<<"$out"
n=$((n + 1))

# the RK3588_GICR_* of gic_layout_test.c against the DTB
src=$top/tests/unit/gic_layout_test.c
base=$(sed -n 's/^#define RK3588_GICR_BASE[[:space:]]*\(0x[0-9a-f]*\)ULL$/\1/p' "$src")
size=$(sed -n 's/^#define RK3588_GICR_SIZE[[:space:]]*\(0x[0-9a-f]*\)ULL$/\1/p' "$src")
dtb=$(ls "$top"/.cache/kernel/6.12/usr/lib/linux-image-*/rockchip/rk3588-rock-5b.dtb 2>/dev/null | head -n 1)
if [ -z "$dtb" ] || ! command -v fdtget >/dev/null; then
	echo "ok $n - RK3588 redistributor region # SKIP no rk3588-rock-5b.dtb or no fdtget"
else
	# reg = <distributor> <redistributors>, 2 address and 2 size cells each
	set -- $(fdtget -t x "$dtb" /interrupt-controller@fe600000 reg)
	want="0x$6 0x$8"
	if [ $# = 8 ] && [ "$(printf '0x%x 0x%x' "$base" "$size")" = "$(printf '0x%x 0x%x' $want)" ]; then
		echo "ok $n - RK3588: the region walked ($base, $size) is rk3588-rock-5b.dtb's"
	else
		echo "not ok $n - RK3588: the region walked ($base, $size) is rk3588-rock-5b.dtb's"
		echo "#   the DTB's reg: $*"
		res=1
	fi
fi
echo "1..$n"
exit $res
