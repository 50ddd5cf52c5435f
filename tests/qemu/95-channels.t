#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Channels (issue 14): transfers cell to cell and with the root, every
# byte checked; the peer destroyed and back in the middle; a third cell
# refused; the root's kernel kept out; pages zeroed (scenarios/channels.sh).
here=$(dirname "$0")
top=$(cd "$here/../.." && pwd)
out=$top/tests/out
mkdir -p "$out"
make -C "$top/tests/hostile" >"$out/build-hostile.log" 2>&1 ||
	echo "# building tests/hostile failed: see tests/out/build-hostile.log"
make -C "$top/tests/modules" >"$out/build-modules.log" 2>&1 ||
	echo "# building tests/modules failed: see tests/out/build-modules.log"
extra=
for c in chan-a chan-b chan-c chan-x; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$here/$c.dts" || exit 1
	extra="$extra $out/$c.dtb:/lib/vhyp-tests/extra/$c.dtb"
done
VHYP_EXTRA_FILES="$extra" exec "$here/run.sh" --timeout 900 channels "$@"
