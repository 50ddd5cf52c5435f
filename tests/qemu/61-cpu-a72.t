#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Enable, a short workload and disable on a Cortex-A72.
exec "$(dirname "$0")/run.sh" --timeout 240 --cpu cortex-a72 --suffix a72 root quick
