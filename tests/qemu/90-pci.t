#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PCIe under vhyp: an NVMe disk of the root, whose MSI-X are LPIs through
# the GIC ITS, reads and writes right data while vhyp runs, through an
# IRQ moved by smp_affinity, CPU hotplug, a cell's life on CPU 3 and 20
# enable/disable cycles, all under I/O (scenarios/pci.sh disk).
exec "$(dirname "$0")/run.sh" --nvme 64M --timeout 240 pci disk
