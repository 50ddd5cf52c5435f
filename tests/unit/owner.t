#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who has a CPU (hyp/owner.c, built for the host under ASan and
# UBSan): runs owner_test (owner_test.c), which prints TAP.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! log=$(make -s --no-print-directory -C "$top/tests/unit" owner_test 2>&1); then
	echo "Bail out! cannot build tests/unit/owner_test: $log" | head -n 1
	exit 1
fi
exec "$top/tests/unit/owner_test"
