#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of 'vhypctl top' (TAP, run by prove) against the fake
# /dev/vhyp (fake_vhyp.so), whose exit counters grow at a known rate
# (FAKE_VHYP_EXIT_RATE) and whose running cells carry a payload report
# (FAKE_VHYP_REPORT): the text and the --json twin show the same cells,
# states, CPUs and figures; the rates are the fake's; refusals and usage
# errors are sentences with their exit codes.  top_calc.t checks the
# arithmetic alone.
set -u

. "$(dirname "$0")/vhypctl-lib.sh"
unit_build tools fake_vhyp.so
unit_need python3

# run_fake ARGS...: against the fake, enabled, 4 CPUs, hello (CPU 3) and
# duo (CPUs 1, 2) running, new created (CPU 0 would be its; it is not
# started), counters growing by (cpu + 1) * (reason + 1) * 1000 a second
run_fake() {
	FAKE_VHYP_ENABLED=${FAKE_VHYP_ENABLED-1} FAKE_VHYP_CPUS=4 \
	FAKE_VHYP_CELLS=${FAKE_VHYP_CELLS-hello:running:8,,duo:running:6} \
	FAKE_VHYP_EXIT_RATE=1000 FAKE_VHYP_REPORT=${FAKE_VHYP_REPORT-7:41216:230400:7000:1000:3} \
		LD_PRELOAD=$FAKE run --device /fake/vhyp "$@"
}
is_error() {
	[ "$rc" = "$1" ] && [ -n "$err" ] && ! grep -qv '^vhypctl: ' <<<"$err"
}

# --- help and usage -----------------------------------------------------
run top --help
ok $([ $rc = 0 ] && has "Usage: vhypctl [GLOBAL OPTIONS] top" "$out" && has "--interval" "$out" &&
     has "--iterations" "$out" && has "--once" "$out"; echo $?) "top --help: its usage and options"
for bad in "--interval 0" "--interval 0.001" "--interval -1" "--interval x" "--interval 3601" \
	   "-n 0" "-n -1" "-n x" "--once extra"; do
	# shellcheck disable=SC2086
	run_fake top $bad
	ok $(is_error 1; echo $?) "top $bad: a usage error (exit 1)"
done

# --- not enabled ----------------------------------------------------------
FAKE_VHYP_ENABLED=0 run_fake top --once
ok $([ $rc = 2 ] && [ -z "$out" ] &&
     [ "$err" = "vhypctl: top: vhyp is not enabled; run 'vhypctl enable' first" ]; echo $?) \
	"top with vhyp not enabled: exit 2, one sentence saying to enable it"
FAKE_VHYP_ENABLED=0 run_fake --json top --once
ok $(is_error 2 && [ -z "$out" ]; echo $?) "top --json with vhyp not enabled: exit 2, no output"

# --- text: two frames ---------------------------------------------------
start=$(date +%s%N)
run_fake top -n 2 -i 0.5
took=$(( ($(date +%s%N) - start) / 1000000 ))
text=$out
ok $([ $rc = 0 ] && [ -z "$err" ] && [ "$(grep -c '^vhyp top, frame' <<<"$out")" = 2 ]; echo $?) \
	"top -n 2: two frames, exit 0"
ok $([ "$took" -ge 700 ] && [ "$took" -lt 3000 ]; echo $?) \
	"top -n 2 -i 0.5: a quarter of a second, then half a second ($took ms)"
ok $(! grep -q $'\033' <<<"$out"; echo $?) "into a pipe: no escape sequences"
ok $(has "vhyp top, frame 2, every 0.5 s: root on CPUs 0, 2 cells on CPUs 1,2,3" "$out"; echo $?) \
	"the title: frame, interval, the root's CPUs and the cells'"
ok $(grep -Eq '^hello +1 +running +3 +[0-9.]+k +[0-9.]+k +41\.2 us +230 us +7 +3$' <<<"$out"; echo $?) \
	"hello's row: id, state, CPU, rates, worst 41.2 us, max 230 us, 7 reports, code 3"
ok $(grep -Eq '^root +- +running +0 +[0-9.]+k +[0-9]+ +- +- +- +-$' <<<"$out"; echo $?) \
	"the root's row: its CPU 0, its rates, no report"
ok $(grep -Eq '^NAME +hvc +smc +psci +sysreg +sgi +dabt +irq +maintenance +serror +other$' <<<"$out"; echo $?) \
	"exits/s by reason: a column per reason of exits.h"

# --- JSON: the same frames as JSON lines ----------------------------------
run_fake --json top -n 2 -i 0.2
ok $([ $rc = 0 ] && [ -z "$err" ] && [ "$(wc -l <<<"$out")" = 2 ]; echo $?) \
	"--json top -n 2: two lines"
cp "$tmp/out" "$tmp/json"
printf '%s\n' "$text" >"$tmp/text"
python3 - "$tmp/json" "$tmp/text" >"$tmp/py" 2>&1 <<'PY'
import json, re, sys
frames = [json.loads(l) for l in open(sys.argv[1])]
text = open(sys.argv[2]).read()
assert [f["frame"] for f in frames] == [1, 2], "frames"
for f in frames:
    root, cells = f["root"], f["cells"]
    assert root["name"] == "root" and root["cpus"] == [0] and root["report"] is None, root
    assert [c["name"] for c in cells] == ["hello", "duo"], cells
    hello, duo = cells
    assert hello["state"] == "running" and hello["cpus"] == [3] and duo["cpus"] == [1, 2]
    assert hello["report"] == {"reports": 7, "worst_ns": 41216, "max_ns": 230400,
                               "samples": 7000, "period_samples": 1000, "code": 3}, hello["report"]
    assert 0.15e9 < f["sample_ns"] < 0.5e9, f["sample_ns"]
    # the fake: CPU n's reason e grows by (n + 1) * (e + 1) * 1000 a second
    for o, cpus in ((root, [0]), (hello, [3]), (duo, [1, 2])):
        names = list(o["exits_per_s"])
        for e, name in enumerate(names):
            want = sum(n + 1 for n in cpus) * (e + 1) * 1000
            got = o["exits_per_s"][name]
            assert abs(got - want) <= 0.05 * want, (o["name"], name, got, want)
        assert abs(o["exits_per_s_total"] - sum(o["exits_per_s"].values())) < 1
        assert o["irqs_per_s"] == o["exits_per_s"]["irq"]
# the text's rows are the JSON's cells, with the same states and CPUs
rows = re.findall(r"^(\S+) +(\S+) +(\S+) +(\S+) +\S+ +\S+ +", text.split("\n\n")[1], re.M)[1:]
assert [(r[0], r[2], r[3]) for r in rows] == \
    [("root", "running", "0"), ("hello", "running", "3"), ("duo", "running", "1,2")], rows
print("ok")
PY
ok $([ "$(cat "$tmp/py")" = ok ]; echo $?) \
	"--json top: the text's cells, states, CPUs and report; the rates the fake's ($(tail -n 1 "$tmp/py"))"

# --- cells without a report, a created one, none at all -----------------
FAKE_VHYP_REPORT= FAKE_VHYP_CELLS=hello:running:8,new run_fake top --once
ok $([ $rc = 0 ] && grep -Eq '^hello +1 +running +3 +[0-9.]+k +[0-9.]+k +- +- +- +-$' <<<"$out" &&
     grep -Eq '^new +2 +created +2 ' <<<"$out"; echo $?) \
	"a cell with no report yet: '-'; a created one has its row"
FAKE_VHYP_CELLS= run_fake --json top --once
ok $([ $rc = 0 ] && python3 -c 'import json,sys; f=json.load(sys.stdin); sys.exit(0 if f["cells"] == [] and f["root"]["cpus"] == [0,1,2,3] else 1)' <"$tmp/out"; echo $?) \
	"no cells: the root on every CPU, cells []"
FAKE_VHYP_REPORT= FAKE_VHYP_CELLS=hello:running:8 run_fake --json top --once
ok $([ $rc = 0 ] && python3 -c 'import json,sys; f=json.load(sys.stdin); sys.exit(0 if f["cells"][0]["report"] is None else 1)' <"$tmp/out"; echo $?) \
	"--json: report null before the first"

# --- stopped by a signal: exit 0, the frame it was on whole
FAKE_VHYP_ENABLED=1 FAKE_VHYP_CPUS=4 FAKE_VHYP_CELLS=hello:running:8 \
	LD_PRELOAD=$FAKE "$V" --device /fake/vhyp top -i 10 >"$tmp/sig.out" 2>"$tmp/sig.err" &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
rc=$? out=$(<"$tmp/sig.out") err=$(<"$tmp/sig.err")
ok $([ $rc = 0 ] && [ -z "$err" ] && [ "$(grep -c '^vhyp top, frame' <<<"$out")" = 1 ] &&
     has "exits/s by reason:" "$out"; echo $?) "SIGTERM while it waits for the next frame: exit 0, no error"

# --- stats and list show the report too ---------------------------------
run_fake stats hello
ok $(has "  payload report: worst 41.2 us over its last period (1000 samples), 230 us since its start; 7 reports, 7000 samples, code 3" "$out"; echo $?) \
	"stats: a line with the payload's report"

echo "1..$ntest"
[ $failed = 0 ]
