#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The virtio backend (tools/virtio, built for the host under ASan and
# UBSan) over a fake cell: runs vio_test (vio_test.c), which prints TAP.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! log=$(make -s --no-print-directory -C "$top/tests/unit" vio_test 2>&1); then
	echo "Bail out! cannot build tests/unit/vio_test: $log" | head -n 1
	exit 1
fi
exec "$top/tests/unit/vio_test"
