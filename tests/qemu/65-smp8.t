#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Enable, a short workload and disable with 8 CPUs (Cortex-A57).
exec "$(dirname "$0")/run.sh" --timeout 300 --smp 8 --suffix smp8 root quick
