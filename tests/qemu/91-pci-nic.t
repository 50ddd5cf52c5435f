#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PCIe under vhyp: a virtio-net NIC of the root, whose MSI-X are LPIs
# through the GIC ITS, on QEMU's user network: DHCP and pings of the host
# side while vhyp runs and across a disable and an enable (scenarios/pci.sh
# net).
#
# Times, QEMU alone: 27 s as a bare run (run.sh --nic pci net bare); with
# the foundation's vhyp the root hangs at the first ping under vhyp and the
# timeout ends it: 120 s.
exec "$(dirname "$0")/run.sh" --nic --suffix nic --timeout 120 pci net
