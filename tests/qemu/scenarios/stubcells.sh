#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The root may not take EL2 back from under a running cell.  With cell
# hello running (CPU 3), each of the calls that make vhyp leave a root CPU
# is made on a CPU of its own (tests/modules/hvccall.ko), and right after
# it, on that CPU, the root reads the cell's RAM:
#
#   CPU 1  HVC_SET_VECTORS, x1 = Linux's stub vectors (harmless if honoured)
#   CPU 2  HVC_RESET_VECTORS
#   CPU 4  HVC_SOFT_RESTART, x1 = a routine of hvccall's that only returns
#          from EL2 (if honoured, the root ran code of its choice at EL2)
#   CPU 5  VHYP_HC_DISABLE_CPU
#
# Each must be refused (HVC_STUB_ERR for the stub calls, a negative errno
# for vhyp's own) and the read must fault.  Without a cell the same calls
# work as Linux's stub answers them (45-stubcalls.t).  The hypervisor that
# refuses them is not written yet: these tests fail today.

. /lib/vhyp-tests/lib.sh

cfg=$VHYP_TESTS/configs/qemu-virt
STUB_ERR=0xbadca11
RAN=0x50f7e57a

# hvc ARGS...: one call through hvccall.ko; prints what EL2 returned, and
# "probe ok|fault" if there was a probe
hvc() {
	local mark="stubcells: call $*"
	echo "$mark" >/dev/kmsg
	insmod $VHYP_TESTS/hvccall.ko "$@" >/dev/null 2>&1 || { echo "insmod failed"; return 1; }
	rmmod hvccall
	dmesg | sed -n "/$mark\$/,\$p" | sed -n 's/.*hvccall: .* returned \(0x[0-9a-f]*\).*/\1/p; s/.*hvccall: probe 0x[0-9a-f]* \([a-z]*\).*/probe \1/p; s/.*VBAR_EL2 \(0x[0-9a-f]*\).*/vbar \1/p' |
		tr '\n' ' ' | sed 's/ $//'
}
state() { vhypctl stats hello --json | json_get state | tr -d '"'; }

plan 17
dmesg_mark
out=$(hvc fn=1 soft_restart=1 cpu=1)
t_like "no vhyp: HVC_SOFT_RESTART runs hvccall's routine at EL2 (the test works)" "$out" "^$RAN vbar 0x[0-9a-f]+"
stub=${out##* }
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
t_ok "cell hello runs" sh -c "vhypctl create $cfg/hello.dtb && vhypctl load hello $VHYP_TESTS/hello.bin && vhypctl start hello"
ram=$(cell_pa hello 0x40000000)
t_like "debugfs: hello's RAM at $ram" "$ram" '^0x[0-9a-f]+$' || t_abort "no RAM to probe"
t_like "a root CPU reading it after a harmless call (VHYP_HC_NOP) faults" \
	"$(hvc fn=0xc6005603 cpu=1 probe=$ram)" 'probe fault$'

for c in "1 HVC_SET_VECTORS fn=0 a1=$stub" "2 HVC_RESET_VECTORS fn=2" \
	 "4 HVC_SOFT_RESTART fn=1 soft_restart=1" "5 VHYP_HC_DISABLE_CPU fn=0xc6005602"; do
	set -- $c
	cpu=$1 name=$2
	shift 2
	out=$(hvc "$@" cpu=$cpu probe=$ram)
	case $name in
	VHYP_*) want='^0xffffffff[0-9a-f]{8} ' ;;	# a negative errno
	*) want="^$STUB_ERR " ;;
	esac
	t_like "$name on CPU $cpu under a running cell is refused ($out)" "$out" "$want"
	t_like "and CPU $cpu then cannot read the cell's RAM" "$out" 'probe fault$'
done
t_is "hello still runs" "$(state)" running
# on CPU 0, which none of the calls was made on: a CPU that left the
# hypervisor (today) would send the destroy to Linux's stub
t_ok "destroy hello, disable, rmmod" \
	taskset 1 sh -c 'vhypctl destroy hello && vhypctl disable && rmmod vhyp'
dmesg_clean
t_done
