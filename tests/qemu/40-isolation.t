#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The root cell cannot read or write the hypervisor's memory while vhyp is
# enabled (tests/modules/memprobe.ko probes it).  make check does not build
# the test modules, so this does; a failed build is reported as a comment
# and the guest then fails on the missing module, with the log to read.
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/tests/out"
make -C "$top/tests/modules" >"$top/tests/out/build-modules.log" 2>&1 ||
	echo "# building tests/modules failed: see tests/out/build-modules.log"
exec "$top/tests/qemu/run.sh" isolation
