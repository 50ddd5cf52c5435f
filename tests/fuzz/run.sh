#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the fuzz targets (tests/fuzz/Makefile) and run each in turn, one
# process at a time, printing TAP for prove:
#
#   1. the targets build;
#   then for each TARGET:
#   - it replays every file of tests/fuzz/corpus/TARGET/ (the seeds) and
#     tests/fuzz/regressions/TARGET/ (inputs that once crashed) without a
#     crash;
#   - it fuzzes for FUZZ_TIME seconds (default 60) without a crash, from
#     the seeds and what earlier runs found (tests/out/fuzz/corpus/TARGET/).
#
# and last, as TAP comments, a table: executions, executions per second,
# new inputs and corpus size per target.  A crashing input is saved as
# tests/out/fuzz/crashes/TARGET/crash-SHA1 (or leak-, timeout-, oom-), the
# fuzzer's output in tests/out/fuzz/TARGET.log; the exit status is then
# non-zero.  Replay one by hand with tests/out/fuzz/bin/TARGET FILE.
#
#   tests/fuzz/run.sh [TARGET...]        all targets by default
#   FUZZ_TIME=600 tests/fuzz/run.sh driver
#
# 'make fuzz' runs it; tests/unit/fuzz.t runs it with FUZZ_TIME 10 as a
# smoke test in 'make check'.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/tests/out/fuzz
time=${FUZZ_TIME:-60}
n=0
failed=0
summary=()

tap() {	# tap OK|"not ok" DESCRIPTION
	n=$((n + 1))
	echo "$1 $n - $2"
	[ "$1" = ok ] || failed=$((failed + 1))
}

# stat NAME LOG: libFuzzer's final statistic NAME (-print_final_stats=1)
stat() {
	sed -n "s/^stat::$1: *//p" "$2" | tail -n 1
}

case $time in
'' | *[!0-9]* | 0)
	echo "Bail out! FUZZ_TIME='$time' is not a number of seconds: give 1 or more (60 by default)"
	exit 1 ;;
esac
if ! log=$(make -s --no-print-directory -C "$top/tests/fuzz" 2>&1); then
	why=$(echo "$log" | grep -m1 -iE 'error|not found' || echo "$log" | tail -n 1)
	echo "Bail out! the fuzz targets do not build (make -C tests/fuzz): $why (clang and libclang-rt-14-dev come with 'make setup')"
	exit 1
fi
tap ok "the fuzz targets build (clang -fsanitize=fuzzer,address,undefined)"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || read -ra targets < <(make -s --no-print-directory -C "$top/tests/fuzz" print-targets)

for t in "${targets[@]}"; do
	bin=$out/bin/$t
	if [ ! -x "$bin" ]; then
		tap "not ok" "$t: no such fuzz target (tests/fuzz/Makefile has: $(make -s -C "$top/tests/fuzz" print-targets))"
		continue
	fi
	crashes=$out/crashes/$t
	work=$out/corpus/$t
	mkdir -p "$crashes" "$work"
	opts=(-artifact_prefix="$crashes/" -timeout=10 -print_final_stats=1)

	mapfile -t inputs < <(find "$top/tests/fuzz/corpus/$t" "$top/tests/fuzz/regressions/$t" \
		-type f 2>/dev/null | sort)
	if [ ${#inputs[@]} -eq 0 ]; then
		tap "not ok" "$t: replay: no seeds in tests/fuzz/corpus/$t"
	elif "$bin" "${opts[@]}" "${inputs[@]}" > "$out/$t-replay.log" 2>&1; then
		tap ok "$t: replays its ${#inputs[@]} seeds and regression inputs"
	else
		tap "not ok" "$t: replay of its seeds and regression inputs crashed: $(grep -m1 -a 'Test unit written to\|^fuzz:' "$out/$t-replay.log"); see tests/out/fuzz/$t-replay.log"
	fi

	start=$SECONDS
	"$bin" "${opts[@]}" -max_total_time="$time" "$work" "$top/tests/fuzz/corpus/$t" \
		> "$out/$t.log" 2>&1
	rc=$?
	secs=$((SECONDS - start))
	execs=$(stat number_of_executed_units "$out/$t.log")
	new=$(stat new_units_added "$out/$t.log")
	rate=$(( ${execs:-0} / (secs > 0 ? secs : 1) ))
	size=$(find "$work" -type f | wc -l)
	if [ $rc -eq 0 ]; then
		tap ok "$t: $secs s of fuzzing, ${execs:-?} executions ($rate/s), no crash"
		summary+=("$(printf '%-12s %5s s %12s %8s/s %6s %7s   ok' "$t" "$secs" "${execs:-?}" "$rate" "${new:-?}" "$size")")
	else
		art=$(grep -a -m1 -o 'Test unit written to .*' "$out/$t.log")
		tap "not ok" "$t: crashed after $secs s (exit $rc): $(grep -a -m1 '^fuzz:\|ERROR: \|runtime error' "$out/$t.log"); ${art:-no input saved}; log tests/out/fuzz/$t.log"
		summary+=("$(printf '%-12s %5s s %12s %8s/s %6s %7s   CRASH' "$t" "$secs" "${execs:-?}" "$rate" "${new:-?}" "$size")")
	fi
done

echo "1..$n"
echo "# target       time   executions     rate    new  corpus"
for line in "${summary[@]}"; do
	echo "# $line"
done
if [ $failed -gt 0 ]; then
	echo "# $failed failed: crashing inputs are in tests/out/fuzz/crashes/"
	exit 1
fi
