#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A scenario that goes wrong on purpose, in one of the ways a real one can,
# for 05-harness.t to check that run.sh reports each as a failure naming
# the log, and never hangs.
#
#   harness MODE
#     fail    a test fails; the run otherwise ends properly
#     short   plans 3 tests, runs 1 and says it is done
#     cut     plans 3 tests, runs 1 and stops without t_done
#     panic   the kernel panics (sysrq c) after the first test
#     hang    the guest never ends (QEMU must be killed at the timeout)

. /lib/vhyp-tests/lib.sh

case ${1:-} in
fail)
	plan 2
	t_pass "a test that passes"
	t_fail "a test that fails on purpose" "as asked"
	t_done
	;;
short)
	plan 3
	t_pass "the only test of three"
	t_done
	;;
cut)
	plan 3
	t_pass "the only test of three"
	exit 0
	;;
panic)
	plan 2
	t_pass "the test before the panic"
	echo c >/proc/sysrq-trigger
	;;
hang)
	plan 2
	t_pass "the test before the hang"
	while :; do sleep 3600; done
	;;
*)
	t_abort "unknown mode '${1:-}'"
	;;
esac
