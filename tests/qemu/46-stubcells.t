#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Linux's hyp-stub calls and vhyp's disable call, from a root CPU while a
# cell runs, must be refused, and the cell's RAM must stay out of that
# CPU's reach after them; scenarios/stubcells.sh.  Waits for the
# hypervisor's fix: fails today.
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/tests/out"
make -C "$top/tests/modules" >"$top/tests/out/build-modules.log" 2>&1 ||
	echo "# building tests/modules failed: see tests/out/build-modules.log"
exec "$top/tests/qemu/run.sh" --smp 6 --timeout 240 stubcells
