#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Hostile callers (issue 6): tests/hostile/ioctl-fuzz throws boundary and
# random ioctls at /dev/vhyp as root while the cell 'hello' runs, then
# every ioctl as uid 65534, then two shell loops create and destroy the
# same cell at once.  After all that the cell still runs and echoes, the
# hypervisor has not panicked, the root's workload passes, and vhyp
# disables and unloads with a clean kernel log.  Last, before disabling,
# a cell config whose RAM page count overflows 32 bits.
#
#   hostile [ITERATIONS] [RACE-SECONDS]     random ioctls (2000), race (10 s)

. /lib/vhyp-tests/lib.sh

iterations=${1:-2000}
race_secs=${2:-10}
cfg=$VHYP_TESTS/configs/qemu-virt
fuzz=$VHYP_TESTS/ioctl-fuzz

send() { printf '%s' "$2" | vhypctl console "$1" --attach --linger 1 2>&1; }
state() { vhypctl stats "$1" --json | json_get state | tr -d '"'; }

# race_loop N: create and destroy hello2 until the deadline; counts in /tmp/race.N
race_loop() {
	local ok=0 refused=0 bad=0 rc
	while [ "$(uptime_cs)" -lt "$race_end" ]; do
		for step in "create $cfg/hello2.dtb" "destroy hello2"; do
			vhypctl --quiet $step >/dev/null 2>&1
			rc=$?
			case $rc in
			0) ok=$((ok + 1)) ;;
			1|2) refused=$((refused + 1)) ;;	# no such cell, refused
			*) bad=$((bad + 1)); echo "vhypctl $step: exit status $rc" ;;
			esac
		done
	done
	echo "$ok $refused $bad" >/tmp/race.$1
}

race() {
	local a b c p1 p2 ok=0 refused=0 bad=0
	race_end=$(($(uptime_cs) + race_secs * 100))
	race_loop 1 &
	p1=$!
	race_loop 2 &
	p2=$!
	wait $p1 $p2	# not a bare wait: t_ok has a job of its own
	for f in /tmp/race.1 /tmp/race.2; do
		read -r a b c <"$f"
		ok=$((ok + a)) refused=$((refused + b)) bad=$((bad + c))
	done
	vhypctl --quiet destroy hello2 >/dev/null 2>&1
	echo "$race_secs s: $ok calls done, $refused refused, $bad failed otherwise"
	[ "$bad" = 0 ] && [ "$ok" -gt 0 ]
}

plan 22
dmesg_mark
[ -x "$fuzz" ] || t_diag "no $fuzz in the initramfs: make -C tests/hostile"
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
online0=$(cat /sys/devices/system/cpu/online)
t_ok "create, load and start hello" sh -c "vhypctl create $cfg/hello.dtb &&
	vhypctl load hello $VHYP_TESTS/hello.bin && vhypctl start hello &&
	vhypctl wait hello --state running --timeout 10" || t_abort "no cell to aim at"
t_like "hello echoes" "$(send hello 'before-fuzz')" 'before-fuzz'

# --- as root
t_ok "ioctl-fuzz as root: boundary cases and $iterations random calls" \
	bounded 240 "$fuzz" -n "$iterations"
t_is "hello is still running" "$(state hello)" running
t_like "and still echoes" "$(send hello 'after-fuzz')" 'after-fuzz'

# --- as nobody
t_like "/dev/vhyp is 0600 root" "$(ls -l /dev/vhyp)" '^crw-------[^ ]* +[0-9]+ +(root|0) +(root|0) '
t_ok "ioctl-fuzz --unprivileged: open and every ioctl refused to uid 65534" \
	bounded 30 "$fuzz" --unprivileged

# --- two creators and destroyers of one cell at once
online1=$(cat /sys/devices/system/cpu/online)
t_ok "create/destroy of hello2 in two loops at once" race
t_is "then only hello is left, running" "$(cat /sys/class/misc/vhyp/cells)" "1 hello running"
t_is "and Linux has hello2's CPU back" "$(cat /sys/devices/system/cpu/online)" "$online1"
t_like "hello still echoes" "$(send hello 'after-race')" 'after-race'

# --- the root is unharmed
t_like "the hypervisor has not panicked" "$(vhypctl info --json)" '"panicked":[[:space:]]*false'
t_ok "the root's workload" workload.sh --quick
t_ok "destroy hello" vhypctl destroy hello
t_is "no cell left, every CPU Linux's" \
	"$(cat /sys/class/misc/vhyp/cells)-$(cat /sys/devices/system/cpu/online)" "-$online0"

# --- a cell whose RAM size overflows a 32-bit page count
t_ok "a cell of 2^32 pages of RAM is refused" bounded 30 "$fuzz" --ram-overflow 2
t_like "vhypctl info: enabled, not panicked" "$(bounded 10 vhypctl info --json)" \
	'"panicked":[[:space:]]*false'
t_ok "vhypctl disable" bounded 20 vhypctl disable
t_ok "rmmod vhyp" bounded 20 rmmod vhyp
dmesg_clean
t_done
