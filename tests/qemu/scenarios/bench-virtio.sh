#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The virtio benchmark, for tests/bench/run.sh (run.sh --icount --nvme
# null:256M --kmods tun; the 6.1 kernel and the virtio initramfs of
# 98-virtio-linux.t in /lib/vhyp-tests): the root's NVMe disk read by the
# root itself, then by a Linux cell (tools/configs/qemu-virt/linux-virtio.dts)
# through its virtio disk, whose backend is that same NVMe disk; then the
# cell's virtio-net link to the root.  Times are the guests' own clocks
# (/proc/uptime, centiseconds), virtual under -icount.  Each of REPS runs
# reports, as TAP comments:
#
#   BENCH virtio_root_seq_cs <cs for 256 MiB, 1 MiB O_DIRECT reads, the root>
#   BENCH virtio_cell_seq_cs <the same in the cell, from /dev/vda>
#   BENCH virtio_root_4k_cs  <cs for 2048 4 KiB O_DIRECT reads, the root>
#   BENCH virtio_cell_4k_cs  <the same in the cell>
#   BENCH virtio_net_in_cs   <cs for 64 MiB root -> cell, wget in the cell>
#   BENCH virtio_net_out_cs  <cs for 64 MiB cell -> root, wget in the root>
#   BENCH virtio_ping_us     <ping cell -> root, average round trip, us>
#
# The disk is QEMU's null-co driver (reads give zeros at once, no host I/O
# in the way), so random and sequential 4 KiB reads cost the same.
#
#   bench-virtio KERNEL [REPS]      (3)

. /lib/vhyp-tests/lib.sh

kernel=$VHYP_TESTS/$1
reps=${2:-3}
cell=linux-vio
bench() { t_diag "BENCH $*"; }
send() { printf '%s\n' "$1" | vhypctl console $cell --attach --linger 1 >/dev/null 2>&1; }
# cell_value KEY CMD: run CMD in the cell; the number after "KEY " it prints
n=0
cell_value() {
	n=$((n + 1))
	send "run $2; echo DONE-\$((7000 + $n))"
	console_wait $cell 1 "^DONE-$((7000 + n))" 600 || return 1
	vhypctl console $cell 2>/dev/null | tr -d '\r' | sed -n "s/^$1 \([0-9.]*\).*/\1/p" | tail -n 1
}
# span CMD: centiseconds of the root's clock CMD takes
span() {
	local t0
	t0=$(uptime_cs)
	"$@" >/dev/null 2>&1 || return 1
	echo $(($(uptime_cs) - t0))
}
cs='$(cut -d" " -f1 /proc/uptime | tr -d .)'

plan 7
t_ok "load Debian's nvme module" kmod_load nvme || t_abort "no nvme driver"
i=0
while [ ! -b /dev/nvme0n1 ] && [ $i -lt 300 ]; do usleep 100000; i=$((i + 1)); done
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
kmod_load tun || t_abort "no tun module"
mkdir -p /var/lib/vhyp && ln -sf /dev/nvme0n1 /var/lib/vhyp/linux-vio.img
i=0
while [ $i -lt "$reps" ]; do
	bench virtio_root_seq_cs "$(span dd if=/dev/nvme0n1 of=/dev/null bs=1M count=256 iflag=direct)" cs
	bench virtio_root_4k_cs "$(span dd if=/dev/nvme0n1 of=/dev/null bs=4k count=2048 iflag=direct)" cs
	i=$((i + 1))
done

t_ok "a Linux cell whose virtio disk is the root's NVMe disk" sh -c \
	"vhypctl create $VHYP_TESTS/configs/qemu-virt/linux-virtio.dtb &&
	 vhypctl load $cell --kernel $kernel --initrd $VHYP_TESTS/linux-virtio.cpio.gz \
		--cmdline 'console=ttyAMA0 quiet' && vhypctl start $cell"
t_ok "it boots" console_wait $cell 1 "LINUX-CELL: ready" 300
ip link set vhyp-tap0 up; ip addr add 10.99.0.1/24 dev vhyp-tap0
mkdir -p /tmp/www && dd if=/dev/zero of=/tmp/www/big bs=1M count=64 2>/dev/null
httpd -p 10.99.0.1:8080 -h /tmp/www
cell_value up "mount -t tmpfs tmp /tmp; ifconfig eth0 10.99.0.2 netmask 255.255.255.0 up; mkdir -p /tmp/www; dd if=/dev/zero of=/tmp/www/out bs=1M count=64 2>/dev/null; httpd -p 80 -h /tmp/www; echo up 1" >/dev/null
i=0
while [ $i -lt "$reps" ]; do
	bench virtio_cell_seq_cs "$(cell_value t "a=$cs; dd if=/dev/vda of=/dev/null bs=1M count=256 iflag=direct 2>/dev/null; echo t \$(($cs - a))")" cs
	bench virtio_cell_4k_cs "$(cell_value t "a=$cs; dd if=/dev/vda of=/dev/null bs=4k count=2048 iflag=direct 2>/dev/null; echo t \$(($cs - a))")" cs
	bench virtio_net_in_cs "$(cell_value t "a=$cs; wget -q -O /dev/null http://10.99.0.1:8080/big; echo t \$(($cs - a))")" cs
	bench virtio_net_out_cs "$(span wget -q -O /dev/null http://10.99.0.2/out)" cs
	rtt=$(cell_value avg "ping -c 5 10.99.0.1 | sed -n 's|.*= [0-9.]*/\([0-9.]*\)/.*|avg \1|p'")
	bench virtio_ping_us "$(echo "$rtt" | awk '{ printf "%d", $1 * 1000 }')" us
	i=$((i + 1))
done
send off
t_ok "it powers off" vhypctl wait $cell --state stopped --timeout 120
t_ok "destroy it" vhypctl destroy $cell
t_done
