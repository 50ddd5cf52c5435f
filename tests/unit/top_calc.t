#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vhypctl top's rates and figures (tools/vhypctl/top_calc.c, under ASan
# and UBSan): runs top_test (top_test.c), which prints TAP.  top.t checks
# the verb itself against the fake driver.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! log=$(make -s --no-print-directory -C "$top/tests/unit" top_test 2>&1); then
	echo "Bail out! cannot build tests/unit/top_test: $log" | head -n 1
	exit 1
fi
exec "$top/tests/unit/top_test"
