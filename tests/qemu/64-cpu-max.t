#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Enable, a short workload and disable on QEMU's 'max' CPU (every feature
# QEMU has), with the kernel kept at EL1 by id_aa64mmfr1.vh=0.
# pauth-impdef=on: QEMU's architected pointer authentication (QARMA) doubles
# the boot time under TCG, and has nothing to do with what is tested.
exec "$(dirname "$0")/run.sh" --timeout 240 --cpu max,pauth-impdef=on --append id_aa64mmfr1.vh=0 --suffix max root quick
