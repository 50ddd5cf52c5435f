#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PCIe under vhyp: a virtio-net NIC of the root, whose MSI-X are LPIs
# through the GIC ITS, on QEMU's user network: DHCP and pings of the host
# side while vhyp runs and across a disable and an enable (scenarios/pci.sh
# net).
exec "$(dirname "$0")/run.sh" --nic --suffix nic --timeout 120 pci net
