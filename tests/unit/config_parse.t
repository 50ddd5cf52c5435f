#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vhypctl's config parsers called directly on buffers: runs
# config_parse_test (config_parse_test.c, config_fuzz.c), which prints TAP.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! log=$(make -s --no-print-directory -C "$top/tests/unit" config_parse_test 2>&1); then
	echo "Bail out! cannot build tests/unit/config_parse_test: $log" | head -n 1
	exit 1
fi
exec "$top/tests/unit/config_parse_test"
