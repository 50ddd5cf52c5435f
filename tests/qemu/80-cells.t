#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cells (issue 3): lifecycle, two cells beside the root, isolation, cycles.
exec "$(dirname "$0")/run.sh" --timeout 600 cells
