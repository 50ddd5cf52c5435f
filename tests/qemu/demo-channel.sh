#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo-channel` runs: boot the stock Debian kernel under QEMU
# (Cortex-A57, 4 CPUs, GICv3), enable vhyp in it and show channels
# (scenarios/demo-channel.sh): a cell streaming telemetry to the root,
# which follows it and sends it commands with 'vhypctl channel', then two
# cells playing ping-pong over a channel between them.  Each command is
# shown after a prompt, with its output, as it happens.  The console also
# goes to tests/out/demo-channel.log.  Exits non-zero if a step failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/qemu/demo-lib.sh"
demo_need demo-channel vhyp.ko tools/vhypctl/vhypctl tools/inmates/channel-demo.bin \
	tools/inmates/ping-pong.bin
demo_boot demo-channel --timeout 900 --append quiet demo-channel
