#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A machine vhyp cannot run on: `vhypctl enable` must refuse with exit
# status 2 and a message on stderr that carries the advice, and leave
# everything as it was.
#
#   refusal ADVICE [SETUP]
#     ADVICE  text the message must contain (e.g. kvm-arm.mode=none)
#     SETUP   extended regex the kernel log must match, to be sure that
#             QEMU and the kernel set up the refusal we meant to test

. /lib/vhyp-tests/lib.sh

advice=$1
setup=${2:-}

plan 7
dmesg_mark

if [ -n "$setup" ]; then
	t_like "set-up: kernel log matches /$setup/" "$(dmesg)" "$setup"
else
	t_skip "set-up" "no regex given"
fi
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"

vhypctl enable >/tmp/enable.out 2>/tmp/enable.err
rc=$?
sed 's/^/  stdout| /' /tmp/enable.out
sed 's/^/  stderr| /' /tmp/enable.err
t_is "vhypctl enable is refused with exit status 2" "$rc" 2
# the advice is a fixed string: escape what ERE would read as special
t_like "its message on stderr mentions $advice" "$(cat /tmp/enable.err)" \
	"$(printf '%s' "$advice" | sed 's/[].[^$*+?(){}|\\]/\\&/g')"
t_like 'vhypctl info --json: "enabled": false' \
	"$(vhypctl info --json)" '"enabled":[[:space:]]*false'
t_ok "rmmod vhyp" rmmod vhyp
dmesg_clean
t_done
