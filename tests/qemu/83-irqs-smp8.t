#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Interrupt partitioning (issue 4) at -smp 8: the story of 82-irqs.t with
# the root on six CPUs (scenarios/irqs.sh).
IRQS_SMP=8 exec "$(dirname "$0")/82-irqs.t"
