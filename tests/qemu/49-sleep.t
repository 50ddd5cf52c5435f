#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hibernation refused while vhyp is enabled, suspend while a cell exists,
# both allowed otherwise (up to the freezer: pm_test); scenarios/power.sh.
exec "$(dirname "$0")/run.sh" --suffix sleep power sleep
