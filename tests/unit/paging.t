#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The translation tables (hyp/paging.c, built for the host under ASan and
# UBSan): runs paging_test (paging_test.c), which prints TAP.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! log=$(make -s --no-print-directory -C "$top/tests/unit" paging_test 2>&1); then
	echo "Bail out! cannot build tests/unit/paging_test: $log" | head -n 1
	exit 1
fi
exec "$top/tests/unit/paging_test"
