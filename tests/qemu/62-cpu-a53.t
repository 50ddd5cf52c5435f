#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Enable, a short workload and disable on a Cortex-A53.
exec "$(dirname "$0")/run.sh" --timeout 240 --cpu cortex-a53 --suffix a53 root quick
