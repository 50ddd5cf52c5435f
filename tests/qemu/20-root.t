#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 2's story: insmod, enable, info, the workload under vhyp, the
# console, disable, the workload again, rmmod, a clean kernel log.
exec "$(dirname "$0")/run.sh" root
