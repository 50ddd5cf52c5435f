#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of vhypctl (TAP, run by prove): usage, help, exit codes and
# error sentences without a driver, then every verb against a fake
# /dev/vhyp (fake_vhyp.so, an LD_PRELOAD stand-in for the driver).
set -u

. "$(dirname "$0")/vhypctl-lib.sh"
unit_build tools fake_vhyp.so

# run_fake ARGS...: the same against the fake driver at /fake/vhyp
run_fake() {
	LD_PRELOAD=$FAKE run --device /fake/vhyp "$@"
}

# an error: exit code RC and every stderr line a "vhypctl: " sentence
is_error() {
	[ "$rc" = "$1" ] && [ -n "$err" ] && ! grep -qv '^vhypctl: ' <<<"$err"
}
parses() { python3 -m json.tool <<<"$out" >/dev/null 2>&1; }

verbs=(enable disable info console bench config version help)
exit_names=$(sed -n 's/.*X(VHYP_EXIT_[A-Z_]*,[[:space:]]*"\([a-z]*\)").*/\1/p' \
	     "$top/uapi/vhyp/exits.h")
version=$(sed -n 's/.*VHYP_VERSION_STRING[[:space:]]*"\(.*\)".*/\1/p' \
	  "$top/uapi/vhyp/version.h")
abi=$(sed -n 's/^#define VHYP_IOCTL_ABI[[:space:]]*\([0-9]*\).*/\1/p' "$top/uapi/vhyp/version.h")
other_abi=$((abi + 1))	# a driver of another ioctl ABI

# --- help ---------------------------------------------------------------
for verb in "${verbs[@]}"; do
	run "$verb" --help
	ok $([ $rc = 0 ] && has "Usage: vhypctl [GLOBAL OPTIONS] $verb" "$out" &&
	     has "Exit codes:" "$out" && [ -z "$err" ]; echo $?) "$verb --help exits 0 with its usage"
	help_out=$out
	run help "$verb"
	ok $([ $rc = 0 ] && [ "$out" = "$help_out" ]; echo $?) "help $verb is $verb --help"
done
run help
res=0
for verb in "${verbs[@]}"; do
	grep -q "^  $verb " <<<"$out" || res=1
done
ok $([ $rc = 0 ] && [ $res = 0 ]; echo $?) "help lists every verb"
run --help
ok $([ $rc = 0 ] && has "Exit codes:" "$out" && has "  3  ABI mismatch" "$out"; echo $?) \
	"--help shows the exit codes"
run --version
ok $([ $rc = 0 ] && has "vhypctl $version" "$out"; echo $?) "--version prints $version"

# --- usage errors: exit 1 and a sentence --------------------------------
run bogus
ok $(is_error 1 && has "unknown verb 'bogus'" "$err"; echo $?) "unknown verb"
run
ok $(is_error 1 && has "Try 'vhypctl --help'." "$err"; echo $?) "no verb"
run --bogus info
ok $(is_error 1 && has "unknown option '--bogus'" "$err"; echo $?) "unknown global option"
run info --bogus
ok $(is_error 1 && has "Try 'vhypctl info --help'." "$err"; echo $?) "unknown verb option"
run info -z
ok $(is_error 1 && has "'-z'" "$err"; echo $?) "unknown short option"
run --json=yes info
ok $(is_error 1 && has "takes no argument" "$err"; echo $?) "argument to a flag"
run info --device
ok $(is_error 1 && has "needs an argument" "$err"; echo $?) "missing option argument"
for verb in enable disable info version; do
	run "$verb" extra
	ok $(is_error 1 && has "unexpected argument 'extra'. Try 'vhypctl $verb --help'." "$err"; echo $?) \
		"$verb with an extra argument"
done
# console's one argument is a cell (tests/unit/cells.t)
run console hello extra
ok $(is_error 1 && has "unexpected argument 'extra'. Try 'vhypctl console --help'." "$err"; echo $?) \
	"console with an extra argument"
run bench
ok $(is_error 1 && has "hypercall" "$err"; echo $?) "bench without a benchmark"
run bench nothing
ok $(is_error 1 && has "unknown benchmark 'nothing'" "$err"; echo $?) "unknown benchmark"
run bench hypercall extra
ok $(is_error 1; echo $?) "bench with an extra argument"
for iters in 0 -1 10000001 12x ""; do
	run bench hypercall --iterations "$iters"
	ok $(is_error 1 && has "--iterations" "$err"; echo $?) "bench --iterations '$iters'"
done
run enable --uart=serial
ok $(is_error 1 && has "'serial'" "$err"; echo $?) "enable --uart with a bad address"
run console --json
ok $(is_error 1 && has "--json" "$err"; echo $?) "console --json is refused"

# --- no driver: exit 2 with advice ---------------------------------------
for args in info enable disable console "bench hypercall"; do
	run --device /nonexistent $args
	ok $(is_error 2 && has "insmod vhyp.ko" "$err" && has "/nonexistent" "$err"; echo $?) \
		"$args without a device: exit 2, insmod advice"
done
run info --device=/nonexistent
ok $(is_error 2 && has "insmod" "$err"; echo $?) "--device after the verb"
run --device /dev/null info
ok $([ $rc = 2 ] || [ $rc = 3 ]; echo $?) "a device that is not vhyp: exit 2 or 3"
ok $(has "ABI" "$err" && has "ENOTTY" "$err" && ! grep -qv '^vhypctl: ' <<<"$err"; echo $?) \
	"a device that is not vhyp: ABI advice"
run --device /nonexistent version --json
ok $([ $rc = 0 ] && parses && has "\"vhypctl\": \"$version\"" "$out" && [ -z "$err" ]; echo $?) \
	"version --json without a driver is valid JSON with vhypctl's version"
run --device /nonexistent version
ok $([ $rc = 0 ] && has "vhypctl $version" "$out" && has "not available" "$out"; echo $?) \
	"version without a driver"
run --quiet --device /nonexistent version
ok $([ $rc = 0 ] && [ "$out" = "vhypctl $version (ioctl ABI $abi)" ]; echo $?) \
	"version --quiet without a driver prints only vhypctl's"

# --- the fake driver ---------------------------------------------------------
run_fake info
res=0
for e in $exit_names; do has "$e" "$out" || res=1; done
ok $([ $rc = 0 ] && [ $res = 0 ] && has "disabled" "$out" && has "2048 KiB at 0x48000000" "$out"; echo $?) \
	"info: state, memory and every exit reason"

FAKE_VHYP_ENABLED=1 FAKE_VHYP_CPUS=3 run_fake info --json
ok $([ $rc = 0 ] && parses; echo $?) "info --json is valid JSON"
python3 - "$tmp/out" $exit_names >"$tmp/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = sys.argv[2:]
top = ["enabled", "panicked", "version", "ioctl_abi", "hyp_abi", "cpus_possible",
       "cpus_online", "cpus_hyp", "gic_lrs", "hyp_mem_base", "hyp_mem_size",
       "hyp_mem_used", "enabled_ns", "kick_sgi", "uart_base", "smc_refused", "cpus"]
assert list(d) == top, list(d)
assert d["enabled"] is True and d["panicked"] is False
assert d["hyp_mem_base"] == 0x48000000 and d["cpus_hyp"] == 3
assert len(d["cpus"]) == 3
for i, c in enumerate(d["cpus"]):
    assert list(c) == ["cpu", "online", "hyp", "mpidr", "exits"], list(c)
    assert c["cpu"] == i and c["online"] is True and c["hyp"] is True
    assert list(c["exits"]) == names, list(c["exits"])
    assert c["exits"]["hvc"] == (i + 1) * 1000003
PY
res=$?
out=$(cat "$tmp/py") err=
ok $res "info --json has the documented fields and the exits of uapi/vhyp/exits.h"

FAKE_VHYP_PANICKED=1 run_fake info
ok $([ $rc = 0 ] && has "PANICKED" "$out"; echo $?) "info shows a panic"

: >"$tmp/log"
FAKE_VHYP_LOG=$tmp/log run_fake enable
ok $([ $rc = 0 ] && [ "$out" = "vhyp enabled on 2 CPUs (2048 KiB of hypervisor memory at 0x48000000)" ]; echo $?) \
	"enable reports CPUs and memory"
FAKE_VHYP_LOG=$tmp/log run_fake enable --uart
FAKE_VHYP_LOG=$tmp/log run_fake enable --uart=0x9000000
out=$(cat "$tmp/log") err=
ok $([ "$out" = $'enable flags=0 uart=0x0\nenable flags=1 uart=0x0\nenable flags=1 uart=0x9000000' ]; echo $?) \
	"enable passes --uart[=ADDR] on"
run_fake --quiet enable
ok $([ $rc = 0 ] && [ -z "$out" ] && [ -z "$err" ]; echo $?) "enable --quiet prints nothing"
run_fake enable --json
ok $([ $rc = 0 ] && parses && has '"ok": true' "$out"; echo $?) "enable --json"

# each refusal of VHYP_ENABLE with its advice (uapi/vhyp/ioctl.h)
while read -r fail want; do
	FAKE_VHYP_FAIL=$fail run_fake enable
	ok $(is_error 2 && has "$want" "$err"; echo $?) "$fail: advice names '$want'"
done <<'EOF_ADVICE'
ENABLE:ENODEV EL2
ENABLE:ENODEV virtualization=on
ENABLE:EBUSY kvm-arm.mode=none
ENABLE:EOPNOTSUPP id_aa64mmfr1.vh=0
ENABLE:ENXIO GICv3
ENABLE:ENOENT dmesg
ENABLE:ERANGE 48-bit
ENABLE:EADDRNOTAVAIL --uart=ADDR
ENABLE:ENOMEM memory
ENABLE:EIO vhypctl console
ENABLE:EPERM CAP_SYS_ADMIN
OPEN:EACCES root
OPEN:ENOENT insmod
EOF_ADVICE
FAKE_VHYP_ENABLED=1 run_fake enable
ok $(is_error 2 && has "already enabled" "$err"; echo $?) "enable twice"
run_fake disable
ok $(is_error 2 && has "already disabled" "$err"; echo $?) "disable twice"
FAKE_VHYP_ENABLED=1 FAKE_VHYP_FAIL=DISABLE:EBUSY run_fake disable
ok $(is_error 2 && has "did not leave" "$err"; echo $?) "disable: a CPU did not leave"
FAKE_VHYP_ENABLED=1 run_fake disable
ok $([ $rc = 0 ] && [ "$out" = "vhyp disabled" ]; echo $?) "disable"
FAKE_VHYP_ENABLED=1 run_fake disable --json
ok $([ $rc = 0 ] && parses && has '"ok": true' "$out"; echo $?) "disable --json"

# ABI mismatch: exit 3
FAKE_VHYP_FAIL=GET_INFO:ENOTTY run_fake info
ok $(is_error 3 && has "ABI" "$err"; echo $?) "ENOTTY from the driver: exit 3, ABI advice"
FAKE_VHYP_FAIL=CPU_STATS:EINVAL run_fake info
ok $(is_error 3 && has "VHYP_GET_CPU_STATS" "$err"; echo $?) "EINVAL from the driver: exit 3"
FAKE_VHYP_ABI=$other_abi run_fake info
ok $(is_error 3 && has "ABI $other_abi" "$err" && [ -z "$out" ]; echo $?) "another ioctl ABI is refused"
FAKE_VHYP_ABI=$other_abi run_fake version
ok $(is_error 3 && has "vhypctl $version" "$out" && has "ioctl ABI $other_abi" "$out"; echo $?) \
	"version shows both sides of an ABI mismatch"
FAKE_VHYP_VERSION=$'1.0 "q" \\ \t\x01\xff' run_fake version --json
python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d["driver"]["version"] != "1.0 \"q\" \\ \t\x01\ufffd")' <<<"$out"
ok $? "version --json escapes the driver's string"

# console
text=$'hypervisor: started\ncpu 0: up\nlast line without newline'
FAKE_VHYP_CONSOLE=$text run_fake console
ok $([ $rc = 0 ] && [ "$out" = "$text" ] && [ -z "$err" ]; echo $?) "console prints the ring"
FAKE_VHYP_CONSOLE=$text FAKE_VHYP_LOST=42 run_fake console
ok $([ $rc = 0 ] && [ "$out" = "$text" ] &&
     [ "$err" = "vhypctl: 42 bytes of the console were overwritten before they could be read" ]; echo $?) \
	"console says how much was lost"
for sig in INT TERM; do
	FAKE_VHYP_CONSOLE=$text LD_PRELOAD=$FAKE "$V" --device /fake/vhyp console -f \
		>"$tmp/out" 2>"$tmp/err" &
	pid=$!
	# output comes after the handlers are set: wait for it (5 s at most)
	for i in $(seq 50); do
		[ "$(cat "$tmp/out")" = "$text" ] && break
		sleep 0.1
	done
	sleep 0.2	# a few polls more: following must not end by itself
	kill -$sig $pid
	wait $pid
	rc=$? out=$(cat "$tmp/out") err=$(cat "$tmp/err")
	ok $([ $rc = 0 ] && [ "$out" = "$text" ]; echo $?) "console -f stops on SIG$sig with exit 0"
done
FAKE_VHYP_FAIL=CONSOLE_READ:EIO run_fake console
ok $(is_error 2 && has "VHYP_CONSOLE_READ" "$err"; echo $?) "console read failure"

# bench
: >"$tmp/log"
FAKE_VHYP_ENABLED=1 FAKE_VHYP_LOG=$tmp/log run_fake bench hypercall
ok $([ $rc = 0 ] && has "160.0 ns" "$out" && has "iterations=100000" "$(cat "$tmp/log")"; echo $?) \
	"bench hypercall: 100000 iterations by default, ns per round trip"
FAKE_VHYP_ENABLED=1 run_fake --json bench hypercall -n 1000
python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(not (d["iterations"] == 1000 and d["ticks"] == 10000 and d["freq"] == 62500000 and d["ns_per_iteration"] == 160.0))' <<<"$out"
ok $? "bench --json"
run_fake bench hypercall
ok $(is_error 2 && has "vhypctl enable" "$err"; echo $?) "bench needs vhyp enabled"

echo "1..$ntest"
[ $failed = 0 ]
