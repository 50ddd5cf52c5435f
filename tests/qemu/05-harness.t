#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test bed checks itself: each way a scenario can go wrong (a failed
# test, a plan not kept, a scenario cut short, a kernel panic, a hung guest,
# a vhyp.ko that is not there) must come out of run.sh as a "not ok" that
# names the log, with a non-zero exit status, in bounded time.  Six short
# boots, one of them waiting for its 20 s timeout.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
n=0 failed=0

echo "1..12"

# expect DESC RUN-OPTIONS... -- ERE...: run run.sh with the options; ok if
# it exits non-zero and every ERE matches a line of its output.
expect() {
	local desc=$1 opts=() out rc re missing=
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	out=$("$here/run.sh" "${opts[@]}" 2>&1)
	rc=$?
	for re in "$@"; do
		grep -Eq -- "$re" <<<"$out" || missing+=" /$re/"
	done
	n=$((n + 1))
	if [ $rc -ne 0 ] && [ -z "$missing" ]; then
		echo "ok $n - $desc: exit status $rc"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc: exit status $rc${missing:+, no match for$missing}"
		sed 's/^/#   /' <<<"$out"
	fi
}

# within SECS NAME DESC: QEMU ran for less than SECS seconds in the boot
# logged as tests/out/NAME.log (the time run.sh notes at its end: waiting
# for the lock, which other runs may hold for long, does not count).
within() {
	local secs
	secs=$(sed -n 's/^vhyp-run: QEMU exit status [0-9]* after \([0-9]*\) s$/\1/p' \
		"$top/tests/out/$2.log" 2>/dev/null)
	n=$((n + 1))
	if [ -n "$secs" ] && [ "$secs" -lt "$1" ]; then
		echo "ok $n - $3 in $secs s"
	else
		failed=$((failed + 1))
		echo "not ok $n - $3 in ${secs:-?} s, not under $1 s (tests/out/$2.log)"
	fi
}

log='tests/out/harness'
expect "a failed test is reported" --suffix fail harness fail -- \
	'^not ok 2 - a test that fails on purpose$' '^ok 4 - guest finished'
within 120 harness-fail "and QEMU exits on its own"
expect "a plan not kept is reported" --suffix short harness short -- \
	"^not ok 3 - guest planned 3 tests but ran 1; console in $log-short\\.log\$"
within 120 harness-short "and QEMU exits on its own"
expect "a scenario cut short is reported" --suffix cut harness cut -- \
	"^not ok 3 - guest did not finish \\(no VHYP-TESTS-DONE\\); console in $log-cut\\.log\$"
within 120 harness-cut "and QEMU exits on its own"
expect "a kernel panic is reported" --suffix panic harness panic -- \
	"^not ok 3 - guest did not finish .* $log-panic\\.log\$" \
	"^not ok 4 - kernel trouble on the console, see $log-panic\\.log: .*Kernel panic"
within 120 harness-panic "and QEMU exits on its own"
expect "a hung guest is killed and reported" --timeout 20 --suffix hang harness hang -- \
	"^not ok 2 - QEMU timed out after 20 s; console in $log-hang\\.log\$" \
	"^not ok 3 - guest did not finish .* $log-hang\\.log\$"
within 30 harness-hang "and QEMU is killed at the timeout"
expect "a missing vhyp.ko fails the first test and the plan" \
	--vhyp-ko /nonexistent/vhyp.ko --suffix nomodule root -- \
	'^not ok 1 - insmod vhyp.ko$' \
	"^not ok 3 - guest planned 16 tests but ran 1; console in tests/out/root-nomodule\\.log\$"
within 120 root-nomodule "and QEMU exits on its own"

[ $failed -eq 0 ]
