#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A cell powering itself off or resetting while the root holds the
# hypervisor's cell lock (scenarios/stoprace.sh): 100 cycles.  'make
# soak' runs 1000.
exec "$(dirname "$0")/run.sh" --timeout 400 stoprace "${STOPRACE_CYCLES:-100}"
