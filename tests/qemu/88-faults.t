#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fault injection (issue 6): every fallible step of enable and of a cell's
# create, load and start fails in turn and unwinds, and so does the
# hypervisor running out of table pages in a start (scenarios/faults.sh).
here=$(dirname "$0")
out=$here/../out
mkdir -p "$out"
dtc -q -I dts -O dtb -o "$out/cell-faults.dtb" "$here/cell-faults.dts" || exit 1
VHYP_EXTRA_FILES="$out/cell-faults.dtb" exec "$here/run.sh" --timeout 360 faults
