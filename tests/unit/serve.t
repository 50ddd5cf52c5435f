#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vhypctl serve and start's backend, against the fake driver
# (fake_vhyp.so, FAKE_VHYP_VIRTIO): the argument errors, the sentences for
# a cell without virtio devices, one served already, a disk or tap that
# cannot be opened; a backend that serves until its cell is gone (the
# fake's file reads as end of file) in the foreground and in the
# background, and start refusing to start a cell whose backend fails.
# The backend's work on the queues: vio.t.
set -u
. "$(dirname "$0")/vhypctl-lib.sh"
unit_build tools fake_vhyp.so

run_fake() {
	: >"$tmp/log"
	FAKE_VHYP_ENABLED=${FAKE_VHYP_ENABLED-1} FAKE_VHYP_CPUS=4 FAKE_VHYP_LOG=$tmp/log \
		LD_PRELOAD=$FAKE run --device /fake/vhyp "$@"
	log=$(<"$tmp/log")
}
is_error() {
	[ "$rc" = "$1" ] && [ -n "$err" ] && ! grep -qv '^vhypctl: ' <<<"$err"
}

export FAKE_VHYP_CELLS='hello:created:8'

run_fake serve
ok $(is_error 1 && has "serve: no cell given" "$err"; echo $?) "serve without a cell: usage error"
run_fake serve hello extra
ok $(is_error 1 && has "unexpected argument 'extra'" "$err"; echo $?) "serve with two cells: usage error"
run_fake serve hello --json
ok $(is_error 1 && has "--json is not supported by this verb" "$err"; echo $?) "serve --json: usage error"
run_fake serve hello --pid-file
ok $(is_error 1 && has "needs an argument" "$err"; echo $?) "--pid-file without a file: usage error"
run_fake serve nosuch
ok $(is_error 2 && has "no cell nosuch" "$err"; echo $?) "serve an unknown cell: exit 2"
run_fake serve hello
ok $(is_error 2 && has "cell hello has no virtio devices" "$err"; echo $?) \
	"serve a cell without virtio devices: exit 2, says so"

export FAKE_VHYP_VIRTIO=rng:rng
FAKE_VHYP_FAIL=VIRTIO_OPEN:EBUSY run_fake serve hello
ok $(is_error 2 && has "VHYP_VIRTIO_OPEN" "$err" && has "Another backend serves cell hello already" "$err"; echo $?) \
	"a cell served already: EBUSY, another backend serves it"
FAKE_VHYP_VIRTIO=disk:blk:/nonexistent/disk.img run_fake serve hello
ok $(is_error 2 && has "cannot open /nonexistent/disk.img, the disk of blk device disk: No such file or directory (create it" "$err"; echo $?) \
	"a missing disk: the sentence names the device and the path"
FAKE_VHYP_VIRTIO=eth:net:averyveryverylongname run_fake serve hello
ok $(is_error 2 && has "net device eth needs the name of a tap interface (1 to 15 characters)" "$err"; echo $?) \
	"a tap name too long: the sentence names the device"
FAKE_VHYP_VIRTIO=disk:blk:/dev/null/x run_fake serve hello
ok $(is_error 2 && has "the disk of blk device disk" "$err"; echo $?) "a disk path through a file: refused"

run_fake serve hello --foreground --pid-file "$tmp/pid"
ok $([ $rc = 0 ] && has "serving 1 virtio device of cell hello" "$err" &&
     has "cell hello is gone: the backend exits" "$err" && [ ! -e "$tmp/pid" ]; echo $?) \
	"serve --foreground: serves until the cell is gone, exit 0, pid file removed"
truncate -s 1M "$tmp/disk.img"
echo log >"$tmp/con.log"
FAKE_VHYP_VIRTIO="disk:blk:$tmp/disk.img,ro:blk+ro:$tmp/disk.img,con:console:$tmp/con.log,rng:rng" \
	run_fake serve hello -f
ok $([ $rc = 0 ] && has "serving 4 virtio devices of cell hello" "$err"; echo $?) \
	"serve a disk, a read-only disk, a console to a file and an rng"
run_fake serve hello --pid-file "$tmp/pid2"
ok $([ $rc = 0 ] && [ "$out" = "serving the virtio devices of cell hello in the background" ] &&
     [ -z "$err" ]; echo $?) "serve: the background, once ready"
for i in 1 2 3 4 5 6 7 8 9 10; do [ -e "$tmp/pid2" ] || break; sleep 0.1; done
ok $([ ! -e "$tmp/pid2" ]; echo $?) "the daemon exits when its cell is gone, its pid file removed"
run_fake serve hello --pid-file /nonexistent/dir/pid
ok $(is_error 2 && has "cannot write the pid file /nonexistent/dir/pid" "$err"; echo $?) \
	"serve: a pid file that cannot be written: exit 2, says so"

FAKE_VHYP_VIRTIO=disk:blk:/nonexistent/disk.img run_fake start hello
ok $(is_error 2 && has "the disk of blk device disk" "$err" && ! has "start id=1" "$log"; echo $?) \
	"start: a backend that cannot open its disk: the cell is not started"
FAKE_VHYP_VIRTIO=disk:blk:/nonexistent/disk.img run_fake start hello --no-serve
ok $([ $rc = 0 ] && [ "$out" = "cell hello started" ]; echo $?) "start --no-serve: no backend"
FAKE_VHYP_FAIL=VIRTIO_OPEN:EBUSY run_fake start hello
ok $([ $rc = 0 ] && [ "$out" = "cell hello started" ]; echo $?) "start of a cell served already"
run_fake --json start hello
ok $([ $rc = 0 ] && python3 -c 'import json,sys; json.loads(sys.argv[1])' "$out"; echo $?) \
	"start --json of a cell with virtio devices: only the JSON on stdout"

echo "1..$ntest"
[ "$failed" = 0 ]
