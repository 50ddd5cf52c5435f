#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a cell's traps hide and keep, the root's firmware calls, SErrors
# and a CPU that never entered the hypervisor (scenarios/traps.sh), on
# Cortex-A57, booted with maxcpus=3: CPU 3 is offline at enable.
here=$(dirname "$0")
top=$here/../..
out=$top/tests/out
mkdir -p "$out"
. "$here/prep.sh"
prep_traps
VHYP_EXTRA_FILES="$out/cell-pmu.dtb" \
	exec "$here/run.sh" --timeout 400 --append maxcpus=3 traps tidcp=$tidcp \
	maxcpus firmware cell pmu park serror smc_allow online3 scrub
