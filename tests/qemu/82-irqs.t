#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Interrupt partitioning (issue 4) at -smp 4: timer-demo, smp-demo, a
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
# 83-irqs-smp8.t runs this with IRQS_SMP=8
if [ "${IRQS_SMP:-4}" = 4 ]; then
	VHYP_EXTRA_FILES="$files" exec "$here/run.sh" --timeout 600 irqs 30
fi
VHYP_EXTRA_FILES="$files" exec "$here/run.sh" --smp "$IRQS_SMP" --suffix "smp$IRQS_SMP" \
	--timeout 600 irqs 20
