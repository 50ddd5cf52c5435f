#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Interrupt partitioning (issue 4) at -smp 8: the same story with the root on six CPUs: timer-demo, smp-demo, a
# passed-through device's SPI, GIC attacks from a cell, interrupt config
# rules (scenarios/irqs.sh).
here=$(dirname "$0")
out=$here/../out
mkdir -p "$out"
files=
for c in cell-smp12 cell-rtc cell-rtc2 cell-spi-big cell-ppi; do
	dtc -q -I dts -O dtb -o "$out/$c.dtb" "$here/$c.dts" || exit 1
	files="$files $out/$c.dtb"
done
VHYP_EXTRA_FILES="$files" exec "$here/run.sh" --smp 8 --suffix smp8 --timeout 600 irqs 20
