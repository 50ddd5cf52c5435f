#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of 'vhypctl channel' and of libvhypchan under it (TAP, run by
# prove), against the fake /dev/vhyp: its channels (fake_channel.c) map a
# window like the driver's, and behind the root's end a thread plays the
# cell with the real ring protocol, so that bytes make the whole trip.
# Usage errors; 'list' as text and JSON; each refusal's sentence; --send
# of 1 MiB arriving whole through a 64 KiB channel, with the data mapped
# with the header and on its own; --attach answered, told of the peer
# going and coming back, quiet with --quiet; a root that only reads.
set -u

. "$(dirname "$0")/vhypctl-lib.sh"
unit_build tools fake_vhyp.so

export FAKE_VHYP_ENABLED=1
export FAKE_VHYP_CHANNELS="telemetry:65536:telem:root,,link:8192:ping:pong+r,watch:65536:eye:root+r"
export FAKE_VHYP_CELLS="telem:running,ping:running,pong:running,eye:running"
run_fake() {
	LD_PRELOAD=$FAKE run --device /fake/vhyp "$@"
}
# an error: exit code RC and every stderr line a "vhypctl: " sentence
is_error() {
	[ "$rc" = "$1" ] && [ -n "$err" ] && ! grep -qv '^vhypctl: ' <<<"$err"
}
# run_in INPUT ARGS...: run_fake with INPUT on standard input
run_in() {
	local input=$1
	shift
	LD_PRELOAD=$FAKE timeout 20 "$V" --device /fake/vhyp "$@" <<<"$input" \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
}

# --- usage ------------------------------------------------------------------
run channel --help
ok $([ $rc = 0 ] && has "channel list | CHANNEL --attach" "$out"; echo $?) "channel --help"
run channel
ok $(is_error 1 && has "say 'list', or name a channel" "$err"; echo $?) "no argument"
run channel telemetry
ok $(is_error 1 && has "--attach or --send" "$err"; echo $?) "a channel without what to do"
run channel telemetry --attach --send
ok $(is_error 1 && has "exclude each other" "$err"; echo $?) "--attach with --send"
run channel telemetry --attach --timeout 3
ok $(is_error 1 && has "--timeout applies to --send only" "$err"; echo $?) "--timeout without --send"
run channel telemetry --send --linger 1
ok $(is_error 1 && has "--linger applies to --attach only" "$err"; echo $?) "--linger without --attach"
run channel telemetry --send --timeout -1
ok $(is_error 1 && has "--timeout '-1'" "$err"; echo $?) "a negative --timeout"
run channel telemetry --attach --json
ok $(is_error 1 && has "--json applies to 'channel list' only" "$err"; echo $?) "--json with --attach"
run channel list extra
ok $(is_error 1 && has "unexpected argument 'extra'" "$err"; echo $?) "an extra argument"
run --device /nonexistent channel list
ok $(is_error 2 && has "insmod" "$err"; echo $?) "list without a driver: exit 2, insmod advice"

# --- list ---------------------------------------------------------------------
run_fake channel list
ok $([ $rc = 0 ] && [ -z "$err" ] &&
     has "telemetry (id 1): 64 KiB of data, 0 open files of the root" "$out" &&
     has "link (id 3): 8 KiB of data" "$out" &&
     grep -q '^  end 1: cell pong .* attached .* ro  irq 43 .* peer up .* doorbells 31  events 32$' \
	<<<"$out" &&
     grep -q '^  end 1: root .* rw  no irq .* peer up' <<<"$out"; echo $?) \
	"list: a paragraph per channel, a line per end"
run_fake channel list --json
python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [c["name"] for c in d] == ["telemetry", "link", "watch"], d
assert list(d[0]) == ["id", "name", "bytes", "open_files", "ends"], list(d[0])
e = d[0]["ends"]
assert list(e[0]) == ["end", "root", "cell", "cell_id", "attached", "access", "ipa", "irq",
                      "peer_state", "doorbells", "events"], list(e[0])
assert e[1]["root"] is True and e[1]["cell"] == "root" and e[1]["cell_id"] is None
assert e[0]["cell"] == "telem" and e[0]["cell_id"] == 1 and e[0]["irq"] == 41
assert d[1]["ends"][1]["access"] == "ro" and d[1]["bytes"] == 8192
assert d[2]["ends"][0]["peer_state"] == "up"
PY
res=$?
out=$(cat "$tmp/py") err=
ok $res "list --json: the documented fields"
FAKE_VHYP_ENABLED=0 run_fake channel list
ok $([ $rc = 0 ] && [ "$out" = "no channels (vhyp is not enabled)" ]; echo $?) \
	"list with vhyp not enabled"
FAKE_VHYP_ENABLED=0 run_fake channel list --json
ok $([ $rc = 0 ] && [ "$out" = "[]" ]; echo $?) "list --json with vhyp not enabled: []"
FAKE_VHYP_FAIL=CHANNEL_INFO:EIO run_fake channel list
ok $(is_error 2 && has "VHYP_CHANNEL_INFO" "$err"; echo $?) "list: a failing VHYP_CHANNEL_INFO"

# --- refusals -----------------------------------------------------------------
run_in "x" channel nope --send
ok $(is_error 2 && has "there is no channel nope" "$err" && has "channel list" "$err"; echo $?) \
	"no such channel"
run_in "x" channel link --send
ok $(is_error 2 && has "the root is not an end of it (its ends are cells ping and pong)" "$err"; echo $?) \
	"the root is not an end of it"
FAKE_VHYP_FAIL=CHANNEL_OPEN:ENOTCONN run_in "x" channel telemetry --send
ok $(is_error 2 && has "vhyp is not enabled: run 'vhypctl enable' first" "$err"; echo $?) \
	"vhyp not enabled"
FAKE_VHYP_FAIL=CHANNEL_OPEN:ENOTTY run_in "x" channel telemetry --attach
ok $(is_error 3 && has "ioctl ABI" "$err"; echo $?) "a driver that does not know the request: exit 3"
FAKE_VHYP_PEER=gone run_in "x" channel telemetry --send
ok $(is_error 2 && has "cell telem is gone" "$err"; echo $?) "the peer is gone"
FAKE_VHYP_PEER=none run_in "x" channel telemetry --send --timeout 0.2
ok $(is_error 2 && has "did not start reading it within 0.2 s (it has not started)" "$err"; echo $?) \
	"a peer that never starts: the timeout"
head -c 300000 /dev/urandom >"$tmp/in"
FAKE_VHYP_PEER=stuck LD_PRELOAD=$FAKE "$V" --device /fake/vhyp channel telemetry --send -t 0.3 \
	<"$tmp/in" >"$tmp/out" 2>"$tmp/err"
rc=$? out=$(<"$tmp/out") err=$(<"$tmp/err")
ok $(is_error 2 && has "did not make room for the rest of the input within 0.3 s" "$err" &&
     has "after 16384 bytes" "$err"; echo $?) "a peer that reads nothing: the timeout, after a ring (16 KiB)"
run_in "x" channel watch --send
ok $(is_error 2 && has "the root only reads it" "$err"; echo $?) "a channel the root only reads"

# --- the bytes' whole trip ----------------------------------------------------------
head -c 1048576 /dev/urandom >"$tmp/in"
for map in whole split; do
	rm -f "$tmp/peer"
	FAKE_VHYP_MAP=$map FAKE_VHYP_PEER_OUT=$tmp/peer LD_PRELOAD=$FAKE "$V" --device /fake/vhyp \
		channel telemetry --send <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
	rc=$? out=$(<"$tmp/out") err=$(<"$tmp/err")
	ok $([ $rc = 0 ] && [ -z "$out$err" ] && cmp -s "$tmp/in" "$tmp/peer"; echo $?) \
		"--send: 1 MiB through 64 KiB arrives whole (window mapped $map)"
done
rm -f "$tmp/peer"
FAKE_VHYP_PEER_OUT=$tmp/peer LD_PRELOAD=$FAKE timeout 60 "$V" --device /fake/vhyp --quiet \
	channel telemetry --attach <"$tmp/in" >/dev/null 2>"$tmp/err"
rc=$? out= err=$(<"$tmp/err")
ok $([ $rc = 0 ] && [ -z "$err" ] && cmp -s "$tmp/in" "$tmp/peer"; echo $?) \
	"--attach: 1 MiB of input, paced by a 16 KiB ring, reaches the peer whole"
run_in $'set 42\nget' channel telemetry --attach
ok $([ $rc = 0 ] && [ "$out" = $'echo: set 42\necho: get' ] &&
     [ "$err" = "vhypctl: attached to channel telemetry, end 1; cell telem is up. The end of the input or Ctrl-C detaches." ];
     echo $?) "--attach: the peer's answers, then exit 0 once it read all and went quiet"
run_in $'a\nb' --quiet channel telemetry --attach
ok $([ $rc = 0 ] && [ "$out" = $'echo: a\necho: b' ] && [ -z "$err" ]; echo $?) \
	"--attach --quiet: no sentences"
( sleep 1; echo back ) | FAKE_VHYP_PEER=bounce LD_PRELOAD=$FAKE timeout 20 "$V" \
	--device /fake/vhyp channel telemetry --attach >"$tmp/out" 2>"$tmp/err"
rc=$? out=$(<"$tmp/out") err=$(<"$tmp/err")
ok $([ $rc = 0 ] && [ "$out" = "echo: back" ] &&
     has "vhypctl: channel telemetry: cell telem is gone (stopped, failed, reset or destroyed)." "$err" &&
     has "vhypctl: channel telemetry: cell telem started again: what it had not read was dropped." \
	"$err"; echo $?) "--attach: the peer going and coming back, each a sentence; then its answer"
FAKE_VHYP_PEER=ticks LD_PRELOAD=$FAKE "$V" --device /fake/vhyp channel watch --attach \
	</dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
rc=$? out=$(<"$tmp/out") err=$(<"$tmp/err")
ok $([ $rc = 0 ] && grep -q '^tick 3$' <<<"$out" && has "standard input is not sent" "$err"; echo $?) \
	"--attach to a channel the root only reads: prints until SIGINT, exit 0"

echo "1..$ntest"
[ $failed = 0 ]
