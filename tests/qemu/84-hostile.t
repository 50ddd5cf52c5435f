#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile callers (issue 6): random and boundary ioctls as root and as
# nobody, concurrent create/destroy of one cell (scenarios/hostile.sh).
# make check builds tests/hostile; so does this, for a run on its own.
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/tests/out"
make -C "$top/tests/hostile" >"$top/tests/out/build-hostile.log" 2>&1 ||
	echo "# building tests/hostile failed: see tests/out/build-hostile.log"
exec "$top/tests/qemu/run.sh" hostile
