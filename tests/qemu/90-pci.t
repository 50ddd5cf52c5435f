#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PCIe under vhyp: an NVMe disk of the root, whose MSI-X are LPIs through
# the GIC ITS, reads and writes right data while vhyp runs, through an
# IRQ moved by smp_affinity, CPU hotplug, a cell's life on CPU 3 and 20
# enable/disable cycles, all under I/O (scenarios/pci.sh disk).
#
# Times on the 2-core reference machine, QEMU alone: 55 s as a bare run
# (run.sh --nvme 64M pci disk bare: no vhyp); with the foundation's vhyp,
# whose LPIs are broken, the root hangs at the first I/O under vhyp and
# QEMU's timeout ends it: 240 s.
exec "$(dirname "$0")/run.sh" --nvme 64M --timeout 240 pci disk
