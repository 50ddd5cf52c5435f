#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The virtio trap path (issue 15): a cell's accesses to its virtio window
# reach a backend in the root and its answers come back; the backend dies
# and comes back; its RAM mapping is revoked at destroy; a cell without
# virtio stays isolated; the real backend refuses hostile queues
# (scenarios/virtio.sh).
here=$(dirname "$0")
top=$(cd "$here/../.." && pwd)
out=$top/tests/out
mkdir -p "$out"
make -C "$top/tests/virtio" >"$out/build-virtio.log" 2>&1 ||
	echo "# building tests/virtio failed: see tests/out/build-virtio.log"
make -C "$top/tests/modules" >"$out/build-modules.log" 2>&1 ||
	echo "# building tests/modules failed: see tests/out/build-modules.log"
dtc -q -I dts -O dtb -o "$out/cell-bare1.dtb" "$here/cell-bare1.dts" || exit 1
extra="$out/cell-bare1.dtb:/lib/vhyp-tests/extra/cell-bare1.dtb"
[ -f "$top/tests/virtio/vio-echo" ] && extra="$extra $top/tests/virtio/vio-echo:/lib/vhyp-tests/vio-echo"
VHYP_EXTRA_FILES="$extra" exec "$here/run.sh" --timeout 300 virtio "$@"
