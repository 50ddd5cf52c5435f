#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Virtio devices of a Linux cell, served by the root's backend (issue 15),
# through the documented CLI: Debian's stock kernel (the root's) boots in
# a cell (tools/configs/qemu-virt/linux-virtio.dts, as shipped) with its
# root filesystem on a virtio
# disk image, its modules from its initramfs.  What it writes to the disk
# is still there, checksum for checksum, after a reboot; a tap link to the
# root answers ping and carries MIB MiB each way (busybox httpd and wget
# at both ends, sha256sum at both); the virtio console and the entropy
# source work; the backend killed in the middle of the cell's disk reads
# is started again and the reads finish with the right data, the cell and
# the root none the worse.
#
#   virtio-linux KERNEL [MIB]    KERNEL: a file in /lib/vhyp-tests; MIB (64)

. /lib/vhyp-tests/lib.sh

kernel=$VHYP_TESTS/$1
mib=${2:-64}
initrd=$VHYP_TESTS/linux-virtio.cpio.gz
cmdline="console=ttyAMA0 root=/dev/vda quiet panic=-1"
pty=/run/vhyp/linux-vio.hvc.pty
pidfile=/run/vhyp-serve-linux-vio.pid
disk=/var/lib/vhyp/linux-vio.img
cell=linux-vio

# waitcount N TEXT: until N lines of the cell's console have TEXT (120 s)
waitcount() { console_wait $cell "$1" "$2" 120; }
send() { printf '%s\n' "$1" | vhypctl console $cell --attach --linger 1 >/dev/null 2>&1; }
# cell_send CMD: run CMD in the cell, between two markers of its own
# (computed in the cell: the console echoes what is typed); sets $mark
# (the count is kept in a file: cell runs in command substitutions)
echo 1000 >/tmp/virtio-mark
cell_send() {
	mark=$(($(cat /tmp/virtio-mark) + 1))
	echo $mark >/tmp/virtio-mark
	send "run echo BEGIN-\$(($mark)); $1; echo END-\$(($mark))"
}
# cell_wait [SECS]: wait for the last command's end; print its output
cell_wait() {
	mark=$(cat /tmp/virtio-mark)
	console_wait $cell 1 "^END-$mark" "${1:-120}" || { echo "cell: command $mark did not finish"; stall_diag; }
	vhypctl console $cell 2>/dev/null | tr -d '\r' | sed -n "/^BEGIN-$mark\$/,/^END-$mark\$/p"
}
# stall_diag: what the cell, its backend and the hypervisor are doing (TAP comments)
stall_diag() {
	{ vhypctl console $cell | tail -n 6; echo "backend: $(pidof vhypctl)"
	  vhypctl stats $cell --json | tr -d ' \n' | head -c 1500; echo; sleep 2
	  vhypctl stats $cell --json | tr -d ' \n' | head -c 1500; echo
	  cat /sys/kernel/debug/vhyp/virtio; sleep 1; cat /sys/kernel/debug/vhyp/virtio
	  for p in $(pidof vhypctl); do echo "$p: $(grep State /proc/$p/status) $(cat /proc/$p/wchan)"
		cat /proc/$p/stack; done
	  grep -E 'vhyp|CPU' /proc/interrupts; kill -USR1 $(pidof vhypctl); sleep 1
	  tail -n 14 /var/log/messages; } 2>&1 |
		while IFS= read -r l; do t_diag "$l"; done >&2
}
# cell CMD [SECS]: both
cell() { cell_send "$1"; cell_wait "$2"; }
# value KEY TEXT: what follows "KEY " on TEXT's last line that has it
value() { printf '%s\n' "$2" | sed -n "s/^$1 \([^ ]*\).*/\1/p" | tail -n 1; }

plan 34
dmesg_mark
mkdir -p /var/log && syslogd -O /var/log/messages	# the backend logs there
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
kmod_load tun || t_abort "the root has no tun module"
online0=$(cat /sys/devices/system/cpu/online)
mem0=$(free_kb)	# with the per-CPU free lists, where 6.12 keeps freed blocks
mkdir -p /var/lib/vhyp && cp $VHYP_TESTS/vdisk.img $disk

t_ok "create the Linux cell with a virtio disk, net, console and rng" \
	vhypctl create $VHYP_TESTS/configs/qemu-virt/linux-virtio.dtb
t_like "vhypctl list says the root's backend shares its RAM" "$(vhypctl list)" 'virtio'
t_ok "load $1 with its initramfs (virtio modules) and root=/dev/vda" \
	vhypctl load $cell --kernel "$kernel" --initrd "$initrd" --cmdline "$cmdline"
t_ok "start it: the backend starts with it" vhypctl start $cell
t_ok "its root filesystem is the virtio disk" waitcount 1 "LINUX-CELL: root filesystem on /dev/vda"
t_ok "it reaches its userspace there" waitcount 1 "LINUX-CELL: ready" || stall_diag
vhypctl console $cell 2>/dev/null | grep -v '^\[' | head -n 40 | while IFS= read -r l; do t_diag "$l"; done
t_ok "a backend serves it" pidof vhypctl
cell "dmesg | grep -i -E 'virtio|vd[a-z]|ext4|blk'" | while IFS= read -r l; do t_diag "$l"; done

# --- the disk: written, synced, read again after a reboot
out=$(cell "dd if=/dev/urandom of=/data bs=1M count=8 2>/dev/null; sync; echo sum \$(sha256sum </data)")
sum=$(value sum "$out")
t_like "the cell writes 8 MiB to its disk" "$sum" '^[0-9a-f]{64}$'
send reboot
if ! t_ok "it reboots" waitcount 2 "LINUX-CELL: ready"; then
	{ vhypctl console $cell | tail -n 8; echo "backend: $(pidof vhypctl)"
	  vhypctl stats $cell --json; tail -n 5 /var/log/messages; } 2>&1 |
		while IFS= read -r l; do t_diag "$l"; done
fi
out=$(cell "echo sum \$(sha256sum </data)")
t_is "the file is on the disk after the reboot, every byte" "$(value sum "$out")" "$sum"

# --- the network: a tap link to the root
ip link set vhyp-tap0 up 2>/dev/null; ip addr add 10.99.0.1/24 dev vhyp-tap0 2>/dev/null
out=$(cell "ifconfig eth0 10.99.0.2 netmask 255.255.255.0 up && ping -c 3 -W 5 10.99.0.1 | tail -n 2")
t_like "the cell's virtio-net reaches the root (ping)" "$out" ' 0% packet loss'
t_ok "the root pings the cell" ping -c 3 -W 5 10.99.0.2
mkdir -p /tmp/www
dd if=/dev/urandom of=/tmp/www/big bs=1M count="$mib" 2>/dev/null
rsum=$(sha256sum </tmp/www/big | cut -d' ' -f1)
httpd -p 10.99.0.1:8080 -h /tmp/www
out=$(cell "mount -t tmpfs tmp /tmp; wget -q -O /tmp/in http://10.99.0.1:8080/big && echo got \$(sha256sum </tmp/in); rm -f /tmp/in" 600)
t_is "$mib MiB root to cell over virtio-net, every byte" "$(value got "$out")" "$rsum"
rm -f /tmp/www/big
out=$(cell "mkdir -p /tmp/www && dd if=/dev/urandom of=/tmp/www/out bs=1M count=$mib 2>/dev/null && cp /www/index.html /tmp/www/ && httpd -p 80 -h /tmp/www && echo made \$(sha256sum </tmp/www/out)" 300)
csum=$(value made "$out")
got=$(wget -q -O - http://10.99.0.2/out | sha256sum | cut -d' ' -f1)
t_is "$mib MiB cell to root, every byte" "$got" "$csum"
t_like "the index page of the cell's own disk" "$(wget -q -O - http://10.99.0.2/index.html 2>&1)" \
	'^vhyp: served by'

# --- the console and the entropy source
t_ok "the backend made the virtio console's terminal" test -e "$pty"
out=$(cell "ls /dev/hvc0 && (head -n 1 /dev/hvc0 >/tmp/line &) ; sleep 1; echo to-root >/dev/hvc0")
t_like "the cell has /dev/hvc0" "$out" '^/dev/hvc0'
echo from-root >"$pty"
got=$(timeout 5 head -n 1 "$pty" | tr -d '\r')
t_is "what it writes there comes out of the root's terminal" "$got" to-root
out=$(cell "sleep 1; echo line \$(cat /tmp/line)")
t_is "and what the root writes comes in" "$(value line "$out")" from-root
out=$(cell "echo rng \$(cat /sys/class/misc/hw_random/rng_current); echo bytes \$(dd if=/dev/hwrng bs=32 count=1 2>/dev/null | sha256sum)")
t_like "its hwrng is virtio-rng" "$(value rng "$out")" '^virtio_rng'
t_like "and gives bytes" "$(value bytes "$out")" '^[0-9a-f]{64}$'

# --- the backend killed while the cell reads its disk, then started again
cell_send "echo 3 >/proc/sys/vm/drop_caches; echo reread \$(sha256sum </data)"
# the backend vhypctl start forked (not a console attach of cell_send's)
pid=
for p in $(pidof vhypctl); do grep -q start /proc/$p/cmdline 2>/dev/null && pid=$p; done
sleep 0.3
kill -9 $pid 2>/dev/null
sleep 0.5
# gone, or a zombie until its new parent reaps it
t_ok "the backend is killed" sh -c "[ -n '$pid' ] && ! grep -qs '^State:.*[RSD]' /proc/$pid/status"
sleep 2
t_is "the cell is still running (its I/O waits)" \
	"$(vhypctl stats $cell --json | json_get state | tr -d '"')" running
t_ok "the root is untouched: its workload is correct" /lib/vhyp-tests/workload.sh --quick
t_ok "vhypctl serve starts a new backend" vhypctl serve $cell --pid-file "$pidfile"
out=$(cell_wait)
t_like "the cell's reads finish" "$out" "^END-$mark"
t_is "with the right data" "$(value reread "$out")" "$sum"

send off
t_ok "poweroff from inside: the cell ends stopped" vhypctl wait $cell --state stopped --timeout 60
t_ok "destroy it: the backend goes too" sh -c "vhypctl destroy $cell && sleep 1 && ! pidof vhypctl"
rm -f $disk
t_is "the root has all its CPUs again" "$(cat /sys/devices/system/cpu/online)" "$online0"
t_ok "no memory lost (within 16 MiB)" mem_back "$mem0" "$(free_kb)" 16384
dmesg_clean
t_done
