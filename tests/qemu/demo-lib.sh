# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154  # $top: the sourcing script sets it
#
# Sourced by the scripts behind `make demo`, `make demo-linux` and `make
# demo-channel`: what each does around its scenario, written once.  Each
# sets $top (the tree) first.
#
#   demo_need NAME FILE...   exit 1, naming them, if FILEs (relative to
#                            the tree) are not built
#   demo_boot NAME OPTION... boot scenarios/NAME.sh with run.sh OPTIONs,
#                            the console live and in tests/out/NAME.log,
#                            say how it went, exit with its status

demo_need() {
	local name=$1 f missing=
	shift
	for f; do
		[ -f "$top/$f" ] || missing+=" $f"
	done
	if [ -n "$missing" ]; then
		echo "$name: not built:$missing; run make first" >&2
		exit 1
	fi
}

demo_boot() {
	local name=$1 rc
	shift
	echo "$name: booting Linux under QEMU (TCG, this takes a few seconds)..."
	"$top/tests/qemu/run.sh" --live "$@"
	rc=$?
	echo
	if [ $rc -eq 0 ]; then
		echo "$name: all steps passed (console in tests/out/$name.log)"
	else
		echo "$name: FAILED (console in tests/out/$name.log)"
	fi
	exit $rc
}
