#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The root cell cannot touch the hypervisor's memory while vhyp is enabled:
# tests/modules/memprobe.ko reads or writes a physical address through the
# kernel's linear map with the *_nofault accessors, and its load fails with
# EFAULT when the access faults.  A page of ordinary RAM must stay
# readable, and the hypervisor's memory readable again after disable.

. /lib/vhyp-tests/lib.sh

plan 33
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

# --- a running cell's memory: its RAM and its identity-mapped reserved region
send() { printf '%s' "$2" | vhypctl console "$1" --attach --linger 1 2>&1; }
verdict() { dmesg | grep 'memprobe: ' | tail -n 1; }
dma=0x7e000000
online0=$(cat /sys/devices/system/cpu/online)

t_ok "create a cell with RAM and the no-map region vhyp-dma" \
	vhypctl create $VHYP_TESTS/cell-dma.dtb
t_ok "start the isolation payload in it" \
	sh -c "vhypctl load dma $VHYP_TESTS/isolation.bin && vhypctl start dma"
cat /sys/kernel/debug/vhyp/memory
ram=$(cell_pa dma 0x40100000)
t_like "debugfs vhyp/memory: the RAM's run and the region at its own address" \
	"$ram $(cell_pa dma $dma)" "^0x[0-9a-f]+ $dma\$"
t_like "the cell writes its RAM" "$(send dma w0000000040100000)" 'wrote -> 0x0000000040100000'
t_like "and its reserved region" "$(send dma w000000007e000000)" 'wrote -> 0x000000007e000000'
t_ok "running: the root reading the cell's RAM faults" probe fault phys=$ram
t_ok "running: the root writing the cell's RAM faults" probe fault phys=$ram write=1
t_ok "running: the root reading the cell's reserved region faults" \
	probe fault phys=$dma remap=1
t_ok "running: the root writing it faults" probe fault phys=$dma remap=1 write=1
t_like "the cell still reads its own pattern in RAM" "$(send dma r0000000040100000)" \
	'read -> 0x5a5a5a5a5a5a5a5a'
t_like "and in its reserved region" "$(send dma r000000007e000000)" 'read -> 0x5a5a5a5a5a5a5a5a'
t_like "a second cell may not have vhyp-dma: vhypctl names the owner" \
	"$(echo $(vhypctl create $VHYP_TESTS/cell-dma-second.dtb 2>&1; echo "exit $?"))" \
	"reserved-memory region dma at 0x7e000000 is cell dma's already.*exit [1-9]"
t_fails "a region a device of the root's uses (memory-region) is refused" \
	vhypctl create $VHYP_TESTS/cell-dma-used.dtb
t_like "with a sentence naming the user" "$(dmesg | tail -n 5)" \
	"region 1 is /reserved-memory/vhyp-used@7e400000, which the root's /vhyp-dma-user uses"
t_fails "a reservation without no-map (Linux's RAM) is refused" \
	vhypctl create $VHYP_TESTS/cell-dma-mapped.dtb
t_like "with a sentence" "$(dmesg | tail -n 5)" "is Linux's RAM, not a no-map reserved range"
t_is "the refusals changed nothing" "$(cat /sys/class/misc/vhyp/cells)" "1 dma running"
t_ok "destroy the cell" vhypctl destroy dma
t_is "its CPU is back" "$(cat /sys/devices/system/cpu/online)" "$online0"
t_ok "destroyed: the reserved region reads again" probe ok phys=$dma remap=1
t_like "and holds nothing of the cell" "$(verdict)" 'ok \(0x0000000000000000\)'

t_ok "vhypctl disable" vhypctl disable
t_ok "disabled: the hypervisor's old memory reads again" probe ok phys=$base
t_ok "rmmod vhyp" rmmod vhyp
dmesg_clean
t_done
