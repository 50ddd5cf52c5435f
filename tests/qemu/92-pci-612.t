#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The story of 90-pci.t (the root's NVMe disk under vhyp) on Debian's 6.12
# kernel, whose MSI domains are per device (ITS-PCI-MSIX-...).  vhyp.ko
# for 6.12 is built as 70-kernel612.t builds it.
#
# Times, QEMU alone: 51 s as a bare run, +4 s to build; with the
# foundation's vhyp the first check's completions are lost (polled by the
# NVMe driver's 30 s timeout), its dd is killed at 60 s, and the scenario
# stops: 131 s.
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/tests/out"
make -C "$top/tests/modules" vhyp-6.12 >"$top/tests/out/build-6.12.log" 2>&1 ||
	echo "# building vhyp.ko for 6.12 failed: see tests/out/build-6.12.log"
exec "$top/tests/qemu/run.sh" --kernel 6.12 --nvme 64M --suffix 6.12 --timeout 240 pci disk
