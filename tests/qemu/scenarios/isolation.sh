#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The root cell cannot touch the hypervisor's memory while vhyp is enabled:
# tests/modules/memprobe.ko reads or writes a physical address through the
# kernel's linear map with the *_nofault accessors, and its load fails with
# EFAULT when the access faults.  A page of ordinary RAM must stay
# readable, and the hypervisor's memory readable again after disable.

. /lib/vhyp-tests/lib.sh

MEMPROBE=$VHYP_TESTS/memprobe.ko
_probes=0

# probe WANT [PARAM...]: load memprobe with PARAMs (none: a page of its
# own); succeed if its verdict, the "memprobe:" line it logged, ends in
# WANT (ok or fault) and insmod agreed (loaded for ok, refused for fault).
# Only the lines after our own mark count, so that an insmod that failed
# before memprobe ran cannot pass on an older verdict.
probe() {
	local want=$1 mark rc verdict
	shift
	_probes=$((_probes + 1))
	mark="isolation: probe $_probes"
	echo "$mark" >/dev/kmsg
	insmod "$MEMPROBE" "$@"
	rc=$?
	grep -q '^memprobe ' /proc/modules && rmmod memprobe
	verdict=$(dmesg | sed -n "/$mark\$/,\$p" | grep 'memprobe: ' | tail -n 1)
	echo "insmod exit status $rc, verdict: ${verdict:-none}"
	case $want:$rc in
	ok:0|fault:[1-9]*) ;;
	*) return 1 ;;
	esac
	echo "$verdict" | grep -Eq "memprobe: (read|write) 0x[0-9a-f]+ $want"
}

plan 12
dmesg_mark

t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
json=$(vhypctl info --json)
echo "$json"
base=$(echo "$json" | json_get hyp_mem_base)
size=$(echo "$json" | json_get hyp_mem_size)
t_like "vhypctl info --json: hyp_mem_base and hyp_mem_size are numbers ($base, $size)" \
	"$base $size" '^[1-9][0-9]* [1-9][0-9]*$' ||
	t_abort "no hypervisor memory range to probe"
last=$((base + size - 8))
t_ok "memprobe.ko is in the initramfs" test -f "$MEMPROBE" ||
	t_abort "build it with make -C tests/modules"

t_ok "enabled: a page of ordinary RAM reads" probe ok
t_ok "enabled: reading the hypervisor's first bytes faults" probe fault phys=$base
t_ok "enabled: writing the hypervisor's first bytes faults" probe fault phys=$base write=1
t_ok "enabled: reading the hypervisor's last bytes faults" probe fault phys=$last

t_ok "vhypctl disable" vhypctl disable
t_ok "disabled: the hypervisor's old memory reads again" probe ok phys=$base
t_ok "rmmod vhyp" rmmod vhyp
dmesg_clean
t_done
