#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 2's story (20-root.t) on Debian's 6.12 kernel.  vhyp.ko for 6.12 is
# built apart from the repository's own (6.1) build, in
# tests/out/build-6.12, by tests/modules/Makefile; a failed build is
# reported as a comment and the guest then fails at insmod, with the log to
# read.
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/tests/out"
make -C "$top/tests/modules" vhyp-6.12 >"$top/tests/out/build-6.12.log" 2>&1 ||
	echo "# building vhyp.ko for 6.12 failed: see tests/out/build-6.12.log"
exec "$top/tests/qemu/run.sh" --kernel 6.12 --suffix 6.12 root
