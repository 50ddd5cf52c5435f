#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel runs at EL2 itself (VHE): enable refuses and says what to do.
# pauth-impdef=on: QEMU's architected pointer authentication (QARMA) doubles
# the boot time under TCG, and has nothing to do with what is tested.
exec "$(dirname "$0")/run.sh" --timeout 120 --cpu max,pauth-impdef=on --suffix vhe refusal id_aa64mmfr1.vh=0 'detected: Virtualization Host Extensions'
