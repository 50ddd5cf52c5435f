#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo-channel` shows: channels (Documentation/channels.md).
# First a cell, 'telemetry' (tools/inmates/channel-demo), streams a tick a
# second to the root, which follows it with 'vhypctl channel telemetry
# --attach' and talks to it over the same channel; then two cells, 'ping'
# and 'pong' (tools/inmates/ping-pong), play over a channel of their own
# while the root lists the channels, and pong is stopped and started again
# under ping's feet.  Each command with a prompt before it and its output
# live; stops at the first step that fails.

. /lib/vhyp-tests/lib.sh

cfgs=$VHYP_TESTS/configs/qemu-virt
cd /root && cp "$VHYP_KO" "$cfgs/channel-demo.dtb" "$cfgs/ping.dtb" "$cfgs/pong.dtb" \
	"$VHYP_TESTS/channel-demo.bin" "$VHYP_TESTS/ping-pong.bin" . ||
	t_abort "no $VHYP_KO, channel-demo.dtb, ping.dtb, pong.dtb, channel-demo.bin or ping-pong.bin in the initramfs"

# steps CMD...: each a command line shown and run as t_step does, in order
steps() {
	for step in "$@"; do
		# shellcheck disable=SC2086  # each step is a command line
		t_step $step || t_abort "'$step' failed"
	done
}

# shown CMDLINE: as t_step, for a command line with a pipe or a redirection
shown() {
	echo
	echo "root@vhyp:~# $1"
	if sh -c "$1"; then
		t_pass "$1"
	else
		t_fail "$1"
		t_abort "'$1' failed"
	fi
}

# cell_line CELL TEXT: until CELL's console has a line with TEXT (60 s)
cell_line() {
	console_wait "$1" 1 "$2" 60 || t_abort "cell $1 never said '$2'"
}

echo
echo "vhyp demo: channels.  A cell will stream telemetry to the root over shared"
echo "memory with a doorbell each way, and answer the root's commands; then two"
echo "cells will play ping-pong over a channel between them."
steps "insmod vhyp.ko" "vhypctl enable" "vhypctl create channel-demo.dtb" \
      "vhypctl load telemetry channel-demo.bin" "vhypctl start telemetry"
cell_line telemetry "channel-demo: channel telemetry"
steps "vhypctl channel list" "vhypctl console telemetry"

# Its MMU as chan_find() left it (channels.md, "Caches"): SCTLR_EL1 with M
# (bit 0) and C (bit 2) set, and its stage 1 maps the window's data Normal
# write-back (PAR_EL1 after AT S1E1R: F, bit 0, clear; ATTR, bits 63:56,
# 0xff).  Coherent with the root's caches on a real board; TCG has none.
mmu=$(vhypctl console telemetry | tr -d '\r' | grep -m1 'channel-demo: SCTLR_EL1 ')
sctlr=$(echo "$mmu" | sed -n 's/.*SCTLR_EL1 0x\([0-9a-f]\{16\}\),.*/\1/p')
par=$(echo "$mmu" | sed -n 's/.*PAR_EL1 of its data 0x\([0-9a-f]\{16\}\)$/\1/p')
t_is "the cell's MMU and D-cache are on once it found its channel (SCTLR_EL1 0x$sctlr: M, C)" \
	$((0x$(echo "${sctlr:-0000000000000000}" | cut -c9-16) & 5)) 5
t_like "its window's data is Normal write-back in its stage 1 (PAR_EL1 0x$par)" \
	"$par" '^ff[0-9a-f]{13}[02468ace]$'

# Ticks as they come, and three commands typed in between; --attach ends
# once the input has ended and the cell has read it and gone quiet.
talk="(sleep 3; echo 'set 42'; sleep 2; echo get; sleep 2; echo hello) |"
talk="$talk vhypctl channel telemetry --attach"
shown "$talk 2>&1 | tee /tmp/attach.out"
out=$(cat /tmp/attach.out)
t_like "the cell's ticks reach the root as they come" "$out" '^tick [0-9]+ t=[0-9]+$'
t_like "set 42 is answered" "$out" '^ok set 42$'
t_like "get answers what was set" "$out" '^value 42$'
t_like "a line that is no command is refused" "$out" "^error: unknown command 'hello'"
shown "echo 'set 7' | vhypctl channel telemetry --send --timeout 10"
cell_line telemetry "got 'set 7' -> 'ok set 7'"
shown "vhypctl console telemetry | tail -n 6"

# Two cells: ping is created first, so it is end 0 of 'link' and sends.
steps "vhypctl create ping.dtb" "vhypctl create pong.dtb" \
      "vhypctl load ping ping-pong.bin" "vhypctl load pong ping-pong.bin" \
      "vhypctl start ping" "vhypctl start pong"
cell_line ping "ping-pong: 100 round trips"
steps "vhypctl channel list"
shown "vhypctl channel list --json | grep -E '\"(name|cell|peer_state|doorbells)\"'"
shown "vhypctl console ping | tail -n 4"
shown "vhypctl console pong | tail -n 4"

# pong goes away and comes back: ping says so and plays on.
steps "vhypctl stop pong"
cell_line ping "ping-pong: my peer is gone"
steps "vhypctl channel list" "vhypctl start pong"
cell_line ping "ping-pong: my peer started again: resuming"
i=0
until vhypctl console ping | awk '/started again/ { f = 1 } f && /round trips/ { n++ }
				 END { exit !n }'; do
	i=$((i + 1))
	[ $i -gt 60 ] && t_abort "ping did not play on after pong came back"
	sleep 1
done
t_pass "ping plays on after pong came back"
shown "vhypctl console ping | tail -n 6"
steps "vhypctl channel list"

steps "vhypctl destroy ping" "vhypctl destroy pong" "vhypctl destroy telemetry" \
      "vhypctl channel list" "vhypctl disable" "rmmod vhyp"
echo
echo "vhyp demo: done."
t_done
