# SPDX-License-Identifier: GPL-2.0
#
# What the host tests of vhypctl share; each sources it after 'set -u'.
# The tree's paths, a scratch directory ($tmp, removed on exit), building
# what a test needs, skipping without a tool, and TAP that shows under a
# failed test the exit code, stdout, stderr and the fake driver's log
# ($tmp/log) of the last command.
#
#   unit_build TARGET...   make them in tests/unit, or bail out
#   unit_need TOOL...      skip the whole file when one is not installed
#   run ARGS...            vhypctl ARGS: stdout, stderr, exit code into out, err, rc
#   ok RESULT NAME...      one test: RESULT 0 passes
#   has TEXT IN            IN contains TEXT, literally
# The file ends with: echo "1..$ntest"; [ "$failed" = 0 ]

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
unit=$top/tests/unit
V=$top/tools/vhypctl/vhypctl-host
FAKE=$unit/fake_vhyp.so
CFG=$top/tools/configs/qemu-virt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ntest=0
failed=0
rc= out= err=

unit_build() {
	if ! make -s --no-print-directory -C "$unit" "$@" >"$tmp/make.log" 2>&1; then
		echo "Bail out! make -C tests/unit $* failed: $(tail -n 3 "$tmp/make.log" | tr '\n' ' ')"
		exit 1
	fi
}

unit_need() {
	local t

	for t in "$@"; do
		if ! command -v "$t" >/dev/null; then
			echo "1..0 # SKIP $t is not installed (tools/setup.sh installs it)"
			exit 0
		fi
	done
}

ok() {
	local res=$1; shift
	ntest=$((ntest + 1))
	if [ "$res" = 0 ]; then
		echo "ok $ntest - $*"
		return
	fi
	failed=$((failed + 1))
	echo "not ok $ntest - $*"
	echo "#   exit code: $rc"
	sed 's/^/#   stdout: /' <<<"$out" | head -n 30
	sed 's/^/#   stderr: /' <<<"$err"
	[ -s "$tmp/log" ] && sed 's/^/#   log: /' "$tmp/log" | cut -c 1-160
	return 0
}

run() {
	"$V" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(<"$tmp/out")	# no cat: some tests run with PATH=/nonexistent
	err=$(<"$tmp/err")
}

has() { grep -qF -- "$1" <<<"$2"; }
