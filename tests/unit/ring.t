#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The channel ring protocol (tools/channel/vhyp_ring.c, built for the host
# under ASan and UBSan): runs ring_test (ring_test.c), which prints TAP.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! log=$(make -s --no-print-directory -C "$top/tests/unit" ring_test 2>&1); then
	echo "Bail out! cannot build tests/unit/ring_test: $log" | head -n 1
	exit 1
fi
exec "$top/tests/unit/ring_test"
