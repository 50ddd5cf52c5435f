# SPDX-License-Identifier: GPL-2.0
#
# TAP for the tests/unit scripts that check files and builds (those that
# run vhypctl use vhypctl-lib.sh).  Sourced after set -u; gives
#   $tmp               a scratch directory, removed on exit
#   ok RESULT NAME     RESULT 0 passes; on failure $tmp/log is shown (its
#                      last $log_lines lines, if the script sets that)
#   skip NAME REASON   a test that cannot run here, as a TAP SKIP
#   tap_end            the plan; its status is 1 if any test failed

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ntest=0
failed=0

ok() {
	ntest=$((ntest + 1))
	if [ "$1" = 0 ]; then
		echo "ok $ntest - $2"
		return 0
	fi
	failed=$((failed + 1))
	echo "not ok $ntest - $2"
	if [ -n "${log_lines:-}" ]; then
		tail -n "$log_lines" "$tmp/log" | sed 's/^/#   /'
	else
		sed 's/^/#   /' "$tmp/log"
	fi
}

skip() {
	ntest=$((ntest + 1))
	echo "ok $ntest - $1 # SKIP $2"
}

tap_end() {
	echo "1..$ntest"
	[ $failed = 0 ]
}
