#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The root cell going down or to sleep while vhyp is enabled
# (driver/power.c):
#
#   power reboot   a cell running, then 'reboot -f': the driver's reboot
#                  notifier destroys it and disables vhyp before the
#                  machine restarts.  The host (47-reboot.t) reads the
#                  order of it all on the console.
#   power kexec    a cell running, then kexec of the same kernel with an
#                  initramfs holding this scenario (tests/kexec/kexec-load;
#                  Image and initrd.cpio.gz in /lib/vhyp-tests, put there by
#                  48-kexec.t): the notifier disables vhyp before the
#                  kernel is replaced.  The TAP is the first kernel's; a
#                  second kernel (vhyp.kexec=2 on its command line) prints
#                  at which EL its CPUs started, for the host to read.
#   power sleep    hibernation is refused while vhyp is enabled, suspend
#                  (mem and freeze) while a cell exists: EBUSY, the
#                  driver's sentence, no task frozen.  Otherwise they go
#                  through PREPARE and freeze every task (pm_test=freezer
#                  makes Linux thaw them again there), and vhyp enables and
#                  creates cells again after.

. /lib/vhyp-tests/lib.sh

cfg=$VHYP_TESTS/configs/qemu-virt
mode=${1:-}

state() { vhypctl stats "$1" --json | json_get state | tr -d '"'; }
hello_up() {
	vhypctl --quiet create $cfg/hello.dtb && vhypctl --quiet load hello $VHYP_TESTS/hello.bin &&
		vhypctl --quiet start hello && vhypctl --quiet wait hello --state running --timeout 10
}
says_hello() { sleep 1; vhypctl console hello 2>&1 | grep -q 'Hello from a vhyp cell'; }
cell_cycle() { hello_up && says_hello && vhypctl --quiet destroy hello; }
# mark TEXT / since: the kernel log from the last mark on
mark() {
	_mark="vhyp-power: $*"
	echo "$_mark" >/dev/kmsg
}
since() { dmesg | sed -n "/$_mark\$/,\$p"; }

# to STATE: write STATE to /sys/power/state, saying what the write said
to() {
	if echo "$1" 2>&1 >/sys/power/state; then
		echo "echo $1 > /sys/power/state: done"
	else
		echo "echo $1 > /sys/power/state: refused"
		return 1
	fi
}

FROZEN='Freezing user space processes|Freezing remaining freezable tasks'

case $mode in
reboot)
	plan 6
	dmesg_mark
	t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
	t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
	t_ok "cell hello runs" hello_up
	t_ok "and says hello" says_hello
	t_is "CPU 3 is the cell's" "$(cat /sys/devices/system/cpu/online)" 0-2
	dmesg_clean
	t_done
	echo "vhyp-power: reboot -f with cell hello running"
	reboot -f
	;;

kexec)
	if grep -q 'vhyp\.kexec=2' /proc/cmdline; then
		# the second kernel: what it shows goes to the console for the
		# host (48-kexec.t); the TAP plan was the first kernel's
		dmesg | grep -E 'CPU\(s\) started at|inconsistent modes'
		echo "vhyp-power: the second kernel runs, CPUs online: $(cat /sys/devices/system/cpu/online)"
		exit 0
	fi
	plan 7
	dmesg_mark
	t_like "the first kernel came up at EL2" "$(dmesg)" 'CPU: All CPU\(s\) started at EL2'
	t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
	t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
	t_ok "cell hello runs" hello_up
	t_ok "and says hello" says_hello
	t_ok "kexec-load loads this kernel, with an initramfs of this scenario and vhyp.kexec=2" \
		kexec-load load $VHYP_TESTS/Image $VHYP_TESTS/initrd.cpio.gz \
		"$(cat /proc/cmdline) vhyp.kexec=2" ||
		t_abort "nothing to kexec"
	dmesg_clean
	t_done
	echo "vhyp-power: kexec with cell hello running"
	kexec-load exec
	;;

sleep)
	plan 30
	dmesg_mark
	t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
	t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
	t_like "/sys/power/state offers disk, mem and freeze" "$(cat /sys/power/state)" \
		'freeze.*mem.*disk|disk.*mem.*freeze|freeze mem disk'
	cat /sys/power/mem_sleep
	# an allowed sleep stops after the freezer, for one second, and wakes
	echo freezer >/sys/power/pm_test
	echo 1 >/sys/module/suspend/parameters/pm_test_delay
	ncpus=$(vhypctl info --json | json_get cpus_hyp)

	mark hibernation enabled
	t_like "hibernation with vhyp enabled is refused with EBUSY" "$(to disk 2>&1)" \
		'Device or resource busy'
	t_like "dmesg: the driver's sentence" "$(since)" \
		'vhyp: hibernation refused: vhyp is enabled.*disable it first'
	t_unlike "and no task was frozen" "$(since)" "$FROZEN"
	t_is "every CPU is still under vhyp" "$(vhypctl info --json | json_get cpus_hyp)" "$ncpus"

	t_ok "cell hello runs" hello_up
	for s in mem freeze; do
		mark suspend $s with a cell
		t_like "echo $s with a cell is refused with EBUSY" "$(to $s 2>&1)" \
			'Device or resource busy'
		t_like "dmesg: the driver's sentence" "$(since)" \
			"vhyp: suspend refused: cells exist.*destroy them first"
		t_unlike "and no task was frozen" "$(since)" "$FROZEN"
	done
	t_is "hello still runs" "$(state hello)" running
	t_ok "destroy hello" vhypctl destroy hello

	mark suspend no cell
	t_ok "echo freeze with vhyp enabled and no cell goes through" to freeze
	t_like "every task was frozen (and thawed)" "$(since)" "$FROZEN"
	t_is "every CPU is still under vhyp" "$(vhypctl info --json | json_get cpus_hyp)" "$ncpus"
	t_ok "a cell runs after it" cell_cycle
	mark hibernation enabled, no cell
	t_like "hibernation with vhyp enabled and no cell is refused too" "$(to disk 2>&1)" \
		'Device or resource busy'
	t_unlike "no task was frozen" "$(since)" "$FROZEN"

	t_ok "vhypctl disable" vhypctl disable
	mark hibernation disabled
	t_ok "hibernation with vhyp disabled (module loaded) goes through" to disk
	t_like "every task was frozen (and thawed)" "$(since)" "$FROZEN"
	t_unlike "vhyp said nothing" "$(since)" 'vhyp:'
	t_ok "vhyp enables again after it" vhypctl enable
	t_ok "and runs a cell" cell_cycle
	t_ok "disable and rmmod" sh -c 'vhypctl disable && rmmod vhyp'
	echo none >/sys/power/pm_test
	dmesg_clean
	t_done
	;;

*)
	plan 1
	t_fail "power: unknown mode '$mode' (reboot, kexec or sleep)"
	t_done
	;;
esac
