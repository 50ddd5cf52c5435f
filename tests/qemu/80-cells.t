#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cells (issue 3): lifecycle, two cells beside the root, isolation, reset
# and power-off from inside, a refused config, and cycles.
here=$(dirname "$0")
dtb=$here/../out/cell-all-cpus.dtb
mkdir -p "${dtb%/*}"
dtc -q -I dts -O dtb -o "$dtb" "$here/cell-all-cpus.dts" || exit 1
VHYP_EXTRA_FILES="$dtb" exec "$here/run.sh" --timeout 600 cells
