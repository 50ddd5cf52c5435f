#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Debian's 6.1 kernel in a two-CPU cell sees the same CPU vulnerabilities
# and mitigations as the root, and SMCCC 1.1 (scenarios/linux-smccc.sh).
here=$(dirname "$0")
top=$here/../..
out=$here/../out
mkdir -p "$out"
. "$here/prep.sh"
prep_linux_cell 6.1
VHYP_EXTRA_FILES="$kernel $out/linux-cell.cpio.gz" \
	exec "$here/run.sh" --timeout 360 linux-smccc "$(basename "$kernel")"
