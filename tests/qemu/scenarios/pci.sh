#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PCIe devices of the root under vhyp: their MSI-X go through the GIC ITS
# as LPIs (INTID 8192 and up), which the hypervisor must leave working
# while it runs, across CPU hotplug, cells and enable/disable.
#
#   pci disk [bare]    (run.sh --nvme 64M) the NVMe disk: data written and
#                      read back with O_DIRECT, checked against known sums
#                      (guest/diskio.sh); its MSIs counted; the admin
#                      queue's IRQ moved by smp_affinity (the I/O queues'
#                      are managed: the kernel refuses); CPUs 1 and 3
#                      unplugged and back under I/O; a cell's whole life
#                      on CPU 3 beside I/O; 20 enable/disable cycles under
#                      I/O; disable, rmmod, a clean log
#   pci net [bare]     (run.sh --nic) the virtio-net NIC on QEMU's user
#                      network: DHCP, ping of the host side under vhyp and
#                      across a disable and an enable, its MSIs counted
#
# bare: the same without vhyp (the steps that need it are skipped), to
# show that the test bed itself passes; only typed by hand:
#   tests/qemu/run.sh --nvme 64M --suffix bare pci disk bare
# No .t file passes it.

. /lib/vhyp-tests/lib.sh

mode=${1:-disk}
[ "${2:-}" = bare ] && VHYP_BARE=1
cfg=$VHYP_TESTS/configs/qemu-virt
under="under vhyp"
[ $VHYP_BARE = 1 ] && under="bare run"

cpus_hyp() { vhypctl info --json | json_get cpus_hyp; }
# irq_named NAME: the Linux IRQ number of the interrupt NAME
irq_named() { diskio.sh irqs | awk -v n="$1" '$2 == n { print $1 }'; }
show_irqs() { diskio.sh irqs | while IFS= read -r l; do t_diag "  $l"; done; }
cpu_set() {	# cpu_set N 0|1
	echo "$2" >"/sys/devices/system/cpu/cpu$1/online" &&
		[ "$(cat "/sys/devices/system/cpu/cpu$1/online")" = "$2" ]
}
# rescan: the controller rescans its namespaces: Identify commands on the
# admin queue, whose completions raise nvme0q0; wait until they did
rescan() {
	local n0 i=0
	n0=$(irq_count "$adm")
	echo 1 >/sys/class/nvme/nvme0/rescan_controller || return 1
	while [ "$(irq_count "$adm")" = "$n0" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "no admin-queue interrupt within 10 s of a rescan"; return 1; }
		usleep 100000
	done
}

disk() {
	local req=1024 adm q1 n0 n1 c0 c1 i bad
	plan 54
	dmesg_mark
	t_ok "load Debian's nvme module (and its dependencies)" kmod_load nvme ||
		t_abort "no nvme driver"
	i=0
	while [ ! -b /dev/nvme0n1 ] && [ $i -lt 300 ]; do usleep 100000; i=$((i + 1)); done
	t_ok "the NVMe disk is /dev/nvme0n1" test -b /dev/nvme0n1 || t_abort "no disk"
	show_irqs
	t_like "its interrupts are MSI-X through the GIC ITS: an admin and 4 I/O queues" \
		"$(diskio.sh irqs | awk '$5 ~ /ITS/ { print $2 }' | tr '\n' ' ')" \
		'^nvme0q0 nvme0q1 nvme0q2 nvme0q3 nvme0q4 $'
	adm=$(irq_named nvme0q0)
	t_ok "before vhyp: 2 MiB written and read back right (the test bed works)" \
		diskio.sh check a

	t_vhyp "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
	t_vhyp "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"

	# --- I/O under vhyp: every request's completion is an MSI, an LPI
	n0=$(diskio.sh irqsum)
	if ! t_ok "$under: 2 MiB written and read back right" diskio.sh check b; then
		t_diag "the disk does not work under vhyp; the NVMe driver says:"
		dmesg | grep -i nvme | tail -n 5 | while IFS= read -r l; do t_diag "  $l"; done
		show_irqs
		t_abort "no further I/O test can tell anything"
	fi
	n1=$(diskio.sh irqsum)
	t_grew "one MSI per request at least: 2 x 512 requests of 4 KiB" "$n0" "$n1" $req
	t_ok "8 MiB with 64 KiB requests" diskio.sh -s 8 -b 65536 check a
	show_irqs

	# --- the admin queue's IRQ is not managed: it can be moved
	t_is "nvme0q0 (the admin queue) may go to any CPU" \
		"$(cat /proc/irq/$adm/smp_affinity_list)" "0-3"
	t_ok "move it to CPU 1 (/proc/irq/$adm/smp_affinity_list)" \
		sh -c "echo 1 >/proc/irq/$adm/smp_affinity_list"
	t_is "its effective affinity is CPU 1" "$(cat /proc/irq/$adm/effective_affinity_list)" 1
	c0=$(irq_count "$adm" 1)
	t_ok "a rescan's admin commands complete (nvme0q0 fires)" rescan
	t_grew "on CPU 1" "$c0" "$(irq_count "$adm" 1)" 1
	# the I/O queues' IRQs are managed (one per CPU, spread by the
	# kernel): it refuses to move them, with EIO
	q1=$(irq_named nvme0q1)
	t_fails "nvme0q1's IRQ is managed: moving it is refused" \
		sh -c "echo 2 >/proc/irq/$q1/smp_affinity_list"
	t_diag "the I/O queues' IRQs are managed (kernel-affine): not moved; their CPUs:"
	for i in 1 2 3 4; do
		q=$(irq_named nvme0q$i)
		t_diag "  nvme0q$i: IRQ $q on CPU $(cat /proc/irq/$q/smp_affinity_list)"
	done
	t_ok "I/O goes on after the move" diskio.sh check a

	# --- CPU hotplug of root CPUs under I/O
	t_ok "background I/O starts" diskio.sh loop start
	t_ok "it runs" diskio.sh loop wait 1
	for c in 1 3; do
		q=$(diskio.sh queue $c)
		t_ok "CPU $c offline under I/O" cpu_set $c 0
		# the admin queue's IRQ, set to CPU 1 above, leaves it (the
		# kernel breaks the affinity), and its ITS mapping moves
		t_ok "I/O goes on without CPU $c" diskio.sh loop wait 2
		t_ok "admin commands complete without CPU $c" rescan
		t_ok "CPU $c online again" cpu_set $c 1
		n0=$(irq_count "$q" $c)
		t_ok "I/O from CPU $c" taskset -c $c diskio.sh -o 8 check b
		t_grew "its queue's MSIs (IRQ $q) come to CPU $c again" "$n0" "$(irq_count "$q" $c)" $req
	done
	t_vhyp "all 4 CPUs are under the hypervisor after hotplug" test "$(cpus_hyp)" = 4
	t_ok "the background I/O saw no error" diskio.sh loop stop

	# --- a cell's whole life on CPU 3 beside the root's I/O
	t_ok "background I/O starts again" diskio.sh loop start
	t_vhyp "create hello (CPU 3) under I/O" vhypctl create $cfg/hello.dtb
	t_vhyp "load hello.bin" vhypctl load hello $VHYP_TESTS/hello.bin
	t_vhyp "start it" vhypctl start hello
	if [ $VHYP_BARE = 0 ]; then
		sleep 1
		t_like "it says hello" "$(vhypctl console hello 2>&1)" 'Hello from a vhyp cell'
	else
		t_skip "it says hello" "bare run: no cell"
	fi
	t_ok "I/O goes on beside the cell" diskio.sh loop wait 2
	t_vhyp "stop it" vhypctl stop hello
	t_vhyp "destroy it" vhypctl destroy hello
	t_is "CPU 3 is the root's again" "$(cat /sys/devices/system/cpu/online)" 0-3
	q=$(diskio.sh queue 3)
	n0=$(irq_count "$q" 3)
	t_ok "I/O from CPU 3" taskset -c 3 diskio.sh -o 8 check a
	t_grew "its queue's MSIs (IRQ $q) come to CPU 3" "$n0" "$(irq_count "$q" 3)" $req
	t_ok "the background I/O saw no error" diskio.sh loop stop

	# --- enable and disable under I/O: the ITS's state is the root's
	# all along, whoever runs at EL2
	t_vhyp "vhypctl disable" vhypctl disable
	t_ok "background I/O starts again" diskio.sh loop start
	i=0 bad=
	while [ $i -lt 20 ]; do
		i=$((i + 1))
		if [ $VHYP_BARE = 0 ]; then
			vhypctl --quiet enable || { bad="enable $i failed"; break; }
		fi
		diskio.sh loop wait 1 >/dev/null || { bad="no I/O pass in cycle $i, enabled"; break; }
		if [ $VHYP_BARE = 0 ]; then
			vhypctl --quiet disable || { bad="disable $i failed"; break; }
		fi
		diskio.sh loop wait 1 >/dev/null || { bad="no I/O pass in cycle $i, disabled"; break; }
	done
	if [ -z "$bad" ]; then
		t_pass "20 enable/disable cycles, an I/O pass ended in each half"
	else
		t_fail "20 enable/disable cycles, an I/O pass ended in each half" "$bad; $(diskio.sh loop status)"
	fi
	t_ok "every pass's data was right" diskio.sh loop stop

	t_vhyp "vhypctl enable" vhypctl enable
	t_ok "I/O $under after the cycles" diskio.sh -s 8 check b
	t_vhyp "vhypctl disable" vhypctl disable
	t_ok "I/O after disable" diskio.sh check a
	t_vhyp "rmmod vhyp" rmmod vhyp
	show_irqs
	dmesg_clean
	t_done
}

# irqs_of PATTERN: "IRQ NAME TOTAL CHIP" of the interrupts whose action
# matches PATTERN
irqs_of() {
	local d
	for d in /sys/kernel/irq/*; do
		grep -q "$1" "$d/actions" 2>/dev/null || continue
		echo "${d##*/} $(cat "$d/actions") $(tr ',' '\n' <"$d/per_cpu_count" |
			awk '{ t += $1 } END { print t }') $(cat "$d/chip_name")"
	done | sort -n
}
rx_msis() { irqs_of virtio | awk '$2 ~ /input/ { t += $3 } END { print t + 0 }'; }
# pings N: N pings of the host side, 4 a second; all must be answered
pings() {
	local out
	out=$(timeout 60 ping -c "$1" -i 0.25 -w $(($1 + 20)) 10.0.2.2 2>&1)
	echo "$out" | tail -n 3
	echo "$out" | grep -q "^$1 packets transmitted, $1 packets received"
}
# dhcp: a lease from QEMU's DHCP server, its address set on eth0
dhcp() {
	cat >/tmp/udhcpc.sh <<-'EOS'
	#!/bin/sh
	[ "$1" = bound ] || exit 0
	ip addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" dev "$interface"
	echo "lease $ip/${mask:-24} from $serverid"
	EOS
	chmod +x /tmp/udhcpc.sh
	timeout 30 udhcpc -i eth0 -n -q -t 5 -T 2 -s /tmp/udhcpc.sh &&
		ip addr show dev eth0 | grep -q 'inet 10\.0\.2\.15/24'
}

net() {
	local i n0 n1
	plan 18
	dmesg_mark
	t_ok "load Debian's virtio_pci and virtio_net modules" kmod_load virtio_pci virtio_net ||
		t_abort "no virtio-net driver"
	i=0
	while [ ! -d /sys/class/net/eth0 ] && [ $i -lt 100 ]; do usleep 100000; i=$((i + 1)); done
	t_ok "the NIC is eth0" test -d /sys/class/net/eth0 || t_abort "no eth0"
	irqs_of virtio | while IFS= read -r l; do t_diag "  $l"; done
	t_like "its queues' interrupts are MSI-X through the GIC ITS" \
		"$(irqs_of virtio | awk '$4 ~ /ITS/ { print $2 }' | tr '\n' ' ')" \
		'virtio0-input\.0 virtio0-output\.0'
	t_ok "eth0 up" ip link set eth0 up
	t_ok "before vhyp: a DHCP lease, 10.0.2.15/24" dhcp
	t_ok "before vhyp: 10 pings of 10.0.2.2 answered (the test bed works)" pings 10

	t_vhyp "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
	t_vhyp "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
	n0=$(rx_msis)
	t_ok "$under: 20 pings of 10.0.2.2, all answered" pings 20
	n1=$(rx_msis)
	t_grew "the receive queue's MSIs, one per two replies at least" "$n0" "$n1" 10
	t_ok "$under: a DHCP lease again" dhcp

	# pings while vhyp leaves and comes back
	timeout 60 ping -c 40 -i 0.25 -w 50 10.0.2.2 >/tmp/ping.out 2>&1 &
	i=$!
	sleep 3
	t_vhyp "vhypctl disable under pings" vhypctl disable
	sleep 3
	t_vhyp "vhypctl enable under pings" vhypctl enable
	wait $i
	tail -n 3 /tmp/ping.out
	t_like "40 pings across the disable and the enable, all answered" \
		"$(cat /tmp/ping.out)" '^40 packets transmitted, 40 packets received'
	t_vhyp "vhypctl disable" vhypctl disable
	t_ok "after disable: 10 pings answered" pings 10
	t_vhyp "rmmod vhyp" rmmod vhyp
	irqs_of virtio | while IFS= read -r l; do t_diag "  $l"; done
	dmesg_clean
	t_done
}

case $mode in
disk|net) $mode ;;
*) plan 1; t_fail "pci: unknown mode '$mode' (disk or net)"; t_done ;;
esac
