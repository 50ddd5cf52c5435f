#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Enable, a short workload and disable on a Cortex-A76, a CPU with VHE,
# with the kernel kept at EL1 by id_aa64mmfr1.vh=0.
exec "$(dirname "$0")/run.sh" --timeout 240 --cpu cortex-a76 --append id_aa64mmfr1.vh=0 --suffix a76 root quick
