#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The hypervisor's snprintf (hyp/printf.c, built for the host under ASan
# and UBSan): runs printf_test (printf_test.c), which prints TAP.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! log=$(make -s --no-print-directory -C "$top/tests/unit" printf_test 2>&1); then
	echo "Bail out! cannot build tests/unit/printf_test: $log" | head -n 1
	exit 1
fi
exec "$top/tests/unit/printf_test"
