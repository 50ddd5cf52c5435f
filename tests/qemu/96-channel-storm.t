#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Channels under attack (issue 14): doorbell storms at the root and at a
# cell while the root works and a timer cell reports, chaos in a cell with
# channels of its own, and 200 create/destroy cycles of a cell's channels
# (scenarios/channel-storm.sh).
here=$(dirname "$0")
top=$(cd "$here/../.." && pwd)
out=$top/tests/out
mkdir -p "$out"
extra=
for c in chan-a chan-b chan-c; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$here/$c.dts" || exit 1
	extra="$extra $out/$c.dtb:/lib/vhyp-tests/extra/$c.dtb"
done
VHYP_EXTRA_FILES="$extra" exec "$here/run.sh" --timeout 900 channel-storm "$@"
