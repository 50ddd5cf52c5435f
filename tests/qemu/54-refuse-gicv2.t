#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A GICv2 machine: enable refuses and says why.
exec "$(dirname "$0")/run.sh" --timeout 120 --gic 2 --cpu cortex-a53 --suffix gicv2 refusal GICv3 'GICv2m'
