#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` runs: boot the stock Debian kernel under QEMU (Cortex-A57,
# 4 CPUs, GICv3) and, inside it, load vhyp, slide it under the running
# Linux, show it, run a short workload, take it out again and unload it;
# each command is shown after a prompt, with its output, as it happens.
# The console also goes to tests/out/demo.log.  Exits non-zero if a step
# failed or the guest misbehaved.
#
# The kernel boots with "quiet" so that its messages do not bury the demo;
# the log of a failed run still has everything the scenario printed, and
# 20-root.t is the place to debug with the full kernel log.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/qemu/demo-lib.sh"
demo_need demo vhyp.ko tools/vhypctl/vhypctl
demo_boot demo --timeout 600 --append quiet demo
