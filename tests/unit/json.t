#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vhypctl's JSON writer: runs json_test (json_test.c), which prints TAP.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! log=$(make -s --no-print-directory -C "$top/tests/unit" json_test 2>&1); then
	echo "Bail out! cannot build tests/unit/json_test: $log" | head -n 1
	exit 1
fi
exec "$top/tests/unit/json_test"
