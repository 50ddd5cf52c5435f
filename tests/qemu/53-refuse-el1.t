#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No EL2 at all (virtualization=off): enable refuses and says why.
exec "$(dirname "$0")/run.sh" --timeout 120 --virt off --suffix el1 refusal EL2 'All CPU\(s\) started at EL1'
