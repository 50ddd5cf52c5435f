#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod of an enabled vhyp is refused (its reference to itself), with a
# cell running and its reset poll armed, again and again; disable then
# rmmod works, also with that poll still pending; a CPU that does not
# leave, and a panicked hypervisor, keep the reference until a disable
# succeeds; scenarios/unload.sh.
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/tests/out"
make -C "$top/tests/modules" >"$top/tests/out/build-modules.log" 2>&1 ||
	echo "# building tests/modules failed: see tests/out/build-modules.log"
exec "$top/tests/qemu/run.sh" --timeout 240 unload
