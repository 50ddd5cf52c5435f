#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rmmod and the module's reference to itself: from a successful enable to
# a successful disable vhyp holds one, so rmmod of an enabled vhyp is
# refused at once (a cell running, its reset poll armed, many times over:
# it used to unload it, and could deadlock in the module's exit against
# that poll); disable then rmmod works, also with the poll of a cell just
# destroyed still pending.  A CPU that does not leave at disable (fault
# injection) and a panicked hypervisor keep the reference until a disable
# gets every CPU out.
#
#   unload [ROUNDS]    rmmod attempts with a cell running, and cycles (10)

. /lib/vhyp-tests/lib.sh

rounds=${1:-10}
cfg=$VHYP_TESTS/configs/qemu-virt
knob=/sys/kernel/debug/vhyp

refcnt() { cat /sys/module/vhyp/refcnt 2>/dev/null || echo none; }
loaded() { grep -q '^vhyp ' /proc/modules; }
state() { vhypctl stats hello --json | json_get state | tr -d '"'; }
hello_up() {
	vhypctl --quiet create $cfg/hello.dtb && vhypctl --quiet load hello $VHYP_TESTS/hello.bin &&
		vhypctl --quiet start hello
}

# rmmod_running N: N times, with hello (re)started (and so the reset poll
# armed), rmmod vhyp within 20 s; each must be refused.  An rmmod that
# unloads vhyp (the old behaviour) is counted, and vhyp is brought back for
# the next round; one that hangs ends the loop.
rmmod_running() {
	local i=1 refused=0 unloaded=0 rc
	while [ $i -le "$1" ]; do
		bounded 20 rmmod vhyp >/tmp/rmmod.out 2>&1
		rc=$?
		case $rc in
		0)	unloaded=$((unloaded + 1))
			vhyp_insmod && vhypctl --quiet enable && hello_up ||
				{ echo "round $i: vhyp did not come back"; break; } ;;
		124)	echo "round $i: rmmod hung (the exit path's deadlock)"
			cat /tmp/rmmod.out
			: >/tmp/rmmod.hung
			break ;;
		*)	refused=$((refused + 1)) ;;
		esac
		vhypctl --quiet stop hello && vhypctl --quiet start hello ||
			{ echo "round $i: hello did not restart"; break; }
		i=$((i + 1))
	done
	echo "$refused of $1 refused, $unloaded unloaded; last: $(tail -n 1 /tmp/rmmod.out)"
	[ "$refused" = "$1" ]
}

# cycles N: N times enable, hello started and destroyed, disable, rmmod at
# once (the reset poll armed for hello may still be pending), insmod
cycles() {
	local i=1
	while [ $i -le "$1" ]; do
		vhypctl --quiet enable && hello_up && vhypctl --quiet destroy hello &&
			vhypctl --quiet disable || { echo "cycle $i: vhyp or hello failed"; return 1; }
		bounded 20 rmmod vhyp || { echo "cycle $i: rmmod of a disabled vhyp failed"; return 1; }
		vhyp_insmod test_faults=1 || { echo "cycle $i: insmod failed"; return 1; }
		i=$((i + 1))
	done
}

plan 27
dmesg_mark
t_ok "insmod vhyp.ko test_faults=1" vhyp_insmod test_faults=1 || t_abort "vhyp.ko did not load"
t_is "disabled: no reference to the module" "$(refcnt)" 0
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
t_is "enabled: vhyp holds a reference to itself" "$(refcnt)" 1
t_fails "rmmod of an enabled vhyp is refused" bounded 20 rmmod vhyp
t_like "as in use" "$(cat /tmp/bounded.out)" 'in use|temporarily unavailable'
# (a driver that let it go: load and enable it again, so that the rest runs)
loaded || { vhyp_insmod test_faults=1 && vhypctl --quiet enable; }

t_ok "cell hello created and started" hello_up
t_ok "$rounds rmmods with hello running and its reset poll armed: each refused" \
	rmmod_running "$rounds"
# a module stuck in its exit cannot be loaded again (insmod would wait for ever)
[ ! -f /tmp/rmmod.hung ] || t_abort "rmmod hung in vhyp's exit: nothing more can run in this boot"
t_is "hello still runs" "$(state)" running
t_fails "vhypctl disable with a cell is refused" vhypctl disable
t_ok "destroy hello" vhypctl destroy hello
t_ok "vhypctl disable" vhypctl disable
t_is "disabled: the reference is given back" "$(refcnt)" 0
t_ok "rmmod vhyp, the poll armed for hello maybe still pending" bounded 20 rmmod vhyp
t_ok "insmod vhyp.ko again" vhyp_insmod test_faults=1 || t_abort "vhyp.ko did not load again"
t_ok "$rounds cycles: enable, hello started and destroyed, disable, rmmod at once" \
	cycles "$rounds"

# --- a CPU that does not leave at disable: the memory and the reference stay
t_ok "vhypctl enable" vhypctl enable
echo 1 >$knob/fail_nth
t_fails "disable with a CPU not asked to leave fails" vhypctl disable
echo 0 >$knob/fail_nth
t_like "dmesg names the CPU" "$(dmesg | tail -n 5)" 'CPU [0-9]+ did not leave the hypervisor'
t_is "the reference stays" "$(refcnt)" 1
t_fails "rmmod is refused" bounded 20 rmmod vhyp
t_ok "a second disable gets that CPU out" vhypctl disable
t_is "and gives the reference back" "$(refcnt)" 0

# --- a panicked hypervisor: every CPU has left, the memory waits for disable
vhypctl --quiet enable
insmod $VHYP_TESTS/hvccall.ko fn=0xc6005604 cpu=1 && rmmod hvccall
sleep 1
t_like "after a fault at EL2 the hypervisor is panicked, still enabled" \
	"$(vhypctl info --json)" '"panicked":[[:space:]]*true'
t_fails "rmmod is refused while its memory is not freed" bounded 20 rmmod vhyp
t_ok "vhypctl disable frees it, and rmmod works" sh -c 'vhypctl disable && rmmod vhyp'
dmesg_clean
t_done
