#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Linux in a cell on Debian's 6.12 kernel (root and cell): the story of
# 85-linux.t with 3 cycles.
LINUX_SERIES=6.12 LINUX_CYCLES=3 exec "$(dirname "$0")/85-linux.t"
