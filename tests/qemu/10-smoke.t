#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test bed itself: the stock kernel boots the way the vhyp tests need
# it and the workload passes, without vhyp.  If this fails, no other
# result in tests/qemu/ means anything.
exec "$(dirname "$0")/run.sh" --timeout 240 smoke 4
