#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fault injection (issue 6): every fallible step of enable and of a cell's
# create, load and start fails in turn and unwinds (scenarios/faults.sh).
here=$(dirname "$0")
out=$here/../out
mkdir -p "$out"
dtc -q -I dts -O dtb -o "$out/cell-faults.dtb" "$here/cell-faults.dts" || exit 1
VHYP_EXTRA_FILES="$out/cell-faults.dtb" exec "$here/run.sh" --timeout 240 faults
