#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The virtio trap path (issue 15): cell "vio" (CPUs 2, 3) runs tools/inmates/
# vio-test, which touches its virtio window as its console says; the
# root's tests/virtio/vio-echo is the backend, straight on the driver's
# file.  Cell "bare" (CPU 1) has no virtio device.
#   - the backend reads a reset first, then the cell's writes in order,
#     of every size, also from two CPUs racing on one device through a
#     full ring; reads of every size get its answers, cut to size;
#   - its interrupt reaches the payload; a second open is EBUSY, a cell
#     without devices ENODEV;
#   - the backend killed: a read stalls, the cell stays running; a new
#     backend answers it; with none, the cell still stops and starts;
#   - the cell's RAM maps for the backend both ways, not outside its
#     RAM; destroy revokes the mapping; "bare"'s RAM stays out of the
#     root's reach while "vio"'s is in it;
#   - a hostile root's hypercalls: the lent RAM given to another cell,
#     a consumed count past the head, answers nobody waits for, a device
#     added late: refused; a replay queues nothing twice;
#   - destroy and disable with a backend file open: it reads ENODEV.

. /lib/vhyp-tests/lib.sh

echo=$VHYP_TESTS/vio-echo
log=/tmp/vio.log
pattern=0x1122334455667788

state() { vhypctl stats "$1" --json | json_get state | tr -d '"'; }
# (--no-serve: the backend is vio-echo, or one started by hand)
up() { vhypctl --quiet load "$1" "$VHYP_TESTS/vio-test.bin" && vhypctl --quiet start "$1" --no-serve &&
	console_wait "$1" "$2" "vio-test: ready" 20; }
serve() { "$echo" serve "$id" "$log" & spid=$!; sleep 1; }
killserve() { kill -9 "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; }
# hex64 V: V as vio-test prints it
hex64() { printf '0x%016x' "$1"; }
log_has() { i=0; while ! grep -q -- "$1" "$log"; do i=$((i + 1)); [ $i -gt "$2" ] && return 1; sleep 1; done; }

plan 63
dmesg_mark
[ -x "$echo" ] || t_abort "no $echo in the initramfs: make -C tests/virtio"
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"

id=$("$echo" create vio 12)
t_ok "cell vio with a virtio device created (id $id)" test -n "$id" || t_abort "no cell"
t_ok "vio-test started in it" up vio 1
t_ok "cell bare, without virtio, created and started" sh -c \
	"vhypctl --quiet create $VHYP_TESTS/extra/cell-bare1.dtb && \
	 vhypctl --quiet load bare $VHYP_TESTS/vio-test.bin && vhypctl --quiet start bare"
bare=$(vhypctl stats bare --json | json_get id)

: >"$log"
serve
t_ok "the backend reads the reset of the start first" log_has RESET 5
t_like "a second open is EBUSY" "$("$echo" open "$id")" "busy"
t_like "a cell without virtio devices: ENODEV" "$("$echo" open "$bare")" "No such device"

# --- writes, in order and of every size
console_cmd vio "seq 300"
t_ok "300 writes made" console_wait vio 1 "seq 300 done" 60
log_has "W 0 0x100 4 0x12c" 10
t_is "... and read by the backend in order, each once" \
	"$(grep '^W 0 0x100 4 ' "$log" | awk '{ printf "%d ", $5 }')" \
	"$(seq 1 300 | awk '{ printf "%d ", $1 }')"
console_cmd vio "race 400"
t_ok "two CPUs of vio raced 400 writes each at one device" console_wait vio 1 "race 400 done" 90
log_has "W 0 0x200 8 0x100000190" 10
t_is "... each CPU's in its order, none lost or twice" \
	"$(grep '^W 0 0x200 8 ' "$log" | awk '{ v = $5 + 0; c = int(v / 4294967296);
		if (v % 4294967296 != ++n[c]) bad++ } END { print n[0] + 0, n[1] + 0, bad + 0 }')" \
	"400 400 0"
for s in 1 2 4 8; do console_cmd vio "w 16 $s 255"; done
console_wait vio 1 "w 16 8 done" 10
t_is "writes of 1, 2, 4, 8 bytes arrive with their size" \
	"$(grep '^W 0 0x10 ' "$log" | awk '{ printf "%s:%s ", $4, $5 }')" "1:0xff 2:0xff 4:0xff 8:0xff "

# --- reads of every size: PATTERN ^ OFF, cut to the size
for s in 1 2 4 8; do
	console_cmd vio "r 8 $s"
	want=$(hex64 $(((pattern ^ 8) & (s == 8 ? -1 : (1 << (8 * s)) - 1))))
	t_ok "a read of $s bytes gets $want" console_wait vio 1 "r 8 $s = $want" 10
done

# --- what an access costs (QEMU TCG: the emulation's cost, not a board's)
console_cmd vio "wbench 3000"
t_ok "3000 timed writes" console_wait vio 1 "wbench 3000 in" 60
console_cmd vio "rbench 1000"
t_ok "1000 timed reads, each answered" console_wait vio 1 "rbench 1000 in" 60
vhypctl console vio | grep -E 'bench [0-9]+ in' | while read -r l; do t_diag "$l"; done

# --- the device's interrupt
console_cmd vio "w 112 4 1"
t_ok "the interrupt the backend raised reached the payload" console_wait vio 1 "vio-test: irq 1" 10
console_cmd vio "w 112 4 1"
t_ok "... and the next one too" console_wait vio 1 "vio-test: irq 2" 10

# --- the backend dies in the middle of a read
killserve
console_cmd vio "r 24 4"
sleep 3
t_is "backend killed: the read waits" "$(console_count vio 'r 24 4 =')" 0
t_is "... and the cell still runs" "$(state vio)" running
serve
t_ok "a new backend answers it" console_wait vio 1 "r 24 4 = $(hex64 $(((pattern ^ 24) & 0xffffffff)))" 10
killserve
console_cmd vio "r 32 8"
sleep 2
t_ok "a cell stalled in a read stops (no backend)" bounded 30 vhypctl stop vio
t_is "... stopped" "$(state vio)" stopped
t_ok "... and starts again" up vio 2

# --- the cell's RAM, through the backend's file
console_cmd vio "poke 1082130432 4660"
console_wait vio 1 "poke 1082130432 done" 10
t_like "the backend reads what the cell wrote (mmap)" "$("$echo" peek "$id" 0x40800000 4096)" "0x1234"
"$echo" poke "$id" 0x40801000 4096 0x5678 >/dev/null
console_cmd vio "peek 1082134528"
t_ok "the cell reads what the backend wrote" console_wait vio 1 "peek 1082134528 = $(hex64 0x5678)" 10
t_fails "a mapping past the cell's RAM is refused" "$echo" peek "$id" 0x44000000 4096
t_fails "one that straddles its end is refused" "$echo" peek "$id" 0x43fff000 8192
t_fails "its virtio window does not map" "$echo" peek "$id" 0x0a000000 4096
t_ok "the root's kernel reads vio's RAM (shared for the backend)" probe ok phys=$(cell_pa vio 0x40000000)
t_ok "... but not bare's (no virtio: isolated as before)" probe fault phys=$(cell_pa bare 0x40000000)

# --- a hostile root's hypercalls (tests/modules/hvccall.ko)
hvc() {
	insmod $VHYP_TESTS/hvccall.ko "$@" >/dev/null 2>&1 || return 1
	rmmod hvccall
	dmesg | sed -n 's/.*hvccall: .* returned \(0x[0-9a-f]*\).*/\1/p' | tail -n 1
}
vio_pa=$(cell_pa vio 0x40000000)
vhypctl --quiet stop bare
t_is "the root cannot give vio's (lent) RAM to another cell: CELL_MAP refused" \
	"$(hvc fn=0xc6005611 a1="$bare" a2=0x50000000 a3="$vio_pa" a4=0x1000 a5=3)" \
	0xffffffffffffffff
t_is "VIRTIO_CONSUMED past the head: EINVAL" "$(hvc fn=0xc6005632 a1="$id" a2=0xffffffff)" \
	0xffffffffffffffea
t_is "VIRTIO_ANSWER of a seq no CPU waits for: ENOENT" \
	"$(hvc fn=0xc6005631 a1="$id" a2=0x7fffffff a3=5)" 0xfffffffffffffffe
t_is "VIRTIO_DEV once the cell ran: EBUSY" \
	"$(hvc fn=0xc6005630 a1="$id" a2=1 a3=0x0b000000 a4=150)" 0xfffffffffffffff0
t_is "VIRTIO_IRQ of a cell without devices: ENOENT" "$(hvc fn=0xc6005633 a1="$bare")" \
	0xfffffffffffffffe
t_is "VIRTIO_REPLAY with no read waiting: nothing" "$(hvc fn=0xc6005634 a1="$id")" 0x0
console_cmd vio "r 0 4"
sleep 1
t_is "... nor with one waiting whose record is still queued (never twice)" \
	"$(hvc fn=0xc6005634 a1="$id")" 0x0
t_like "vio still runs, its console answers" "$(state vio)" running

# --- destroy: the mapping revoked, a stalled CPU let go
"$echo" hold "$id" 0x40800000 >/tmp/hold.out & hpid=$!
sleep 1
console_cmd vio "r 40 2"
t_ok "vio destroyed while a read waits and the backend maps its RAM" bounded 30 vhypctl destroy vio
wait "$hpid"
t_is "the backend's mapping was revoked (SIGBUS)" "$(tail -n 1 /tmp/hold.out)" revoked

# --- hostile queues against the real backend (vhypctl serve): vio-test
# drives its rng device's registers and writes descriptors into its RAM
# (numbers in decimal; the queue's rings at 0x40100000, 0x40101000,
# 0x40102000, buffers at 0x40200000)
desc=1074790400 avail=1074794496 used=1074798592 buf=1075838976
# hcmd LINES: the lines to vioh's console, one attach
hcmd() { printf '%s\r' "$@" | vhypctl --quiet console vioh --attach --linger 0.5 >/dev/null 2>&1; }
# status: vioh's device Status register, as the driver reads it
status() {
	hcmd "r 112 4"
	vhypctl console vioh | sed -n 's/^vio-test: r 112 4 = 0x0*\([0-9a-f]*\).*/\1/p' | tail -n 1
}
# drv_up DESC: reset, negotiate VERSION_1, queue 0 of 8 with its table at
# DESC, its rings empty (as a driver zeroes them)
drv_up() {
	hcmd "w 112 4 0" "poke $avail 0" "poke $used 0" "w 112 4 1" "w 112 4 3" "w 36 4 1" "w 32 4 1" "w 36 4 0" "w 32 4 0" \
	     "w 112 4 11" "w 48 4 0" "w 56 4 8" "w 128 4 $1" "w 132 4 0" "w 144 4 $avail" \
	     "w 148 4 0" "w 160 4 $used" "w 164 4 0" "w 68 4 1" "w 112 4 15"
}
# chain ADDR LEN FLAGS NEXT: descriptor 0, made available, the device notified
chain() {
	hcmd "poke $desc $1" "poke $((desc + 8)) $(($2 | $3 << 32 | $4 << 48))" \
	     "poke $avail $((1 << 16))" "w 80 4 0"
	sleep 1		# the notify is posted: the backend looks at the queue after it
}
broken() { case $(status) in *4?) return 0 ;; esac; return 1; }
t_ok "cell vioh (rng at 0x0a000000), vio-test in it" sh -c \
	"id=\$($echo create vioh 12) && [ -n \"\$id\" ]" && up vioh 1
t_ok "the real backend serves it" vhypctl serve vioh --pid-file /tmp/vioh.pid
drv_up $desc
chain $buf 64 2 0
sleep 1
hcmd "peek $used"
t_like "a good chain: 64 random bytes, used idx 1" \
	"$(vhypctl console vioh | grep "peek $used = " | tail -n 1)" '= 0x0*10000$'
t_unlike "... and no reset needed (status $(status))" "$(status)" '4[0-9a-f]$'
drv_up 268435456
t_ok "a queue outside the cell's RAM: the device needs a reset" broken
drv_up $desc
chain 0 16 2 0
t_ok "a descriptor outside the cell's RAM: needs a reset" broken
drv_up $desc
chain $buf 16 3 0
t_ok "a chain that loops: needs a reset" broken
drv_up $desc
chain $buf 4294967295 2 0
t_ok "a 4 GiB length: needs a reset" broken
drv_up $desc
chain 1140850680 16 2 0
t_ok "a buffer straddling the end of its RAM: needs a reset" broken
t_ok "the backend lives through all of it" sh -c 'kill -0 $(cat /tmp/vioh.pid)'
drv_up $desc
chain $buf 64 2 0
t_unlike "after a reset the device works again" "$(status)" '4[0-9a-f]$'
t_ok "the root is untouched: its workload is correct" /lib/vhyp-tests/workload.sh --quick
t_ok "destroy vioh: its backend exits" sh -c \
	'vhypctl destroy vioh && sleep 1 && ! kill -0 $(cat /tmp/vioh.pid) 2>/dev/null'

# --- a backend file kept open across destroy and disable
id=$("$echo" create vio 12)
"$echo" keep "$id" 6 >/tmp/keep.out & kpid=$!
sleep 1
t_ok "bare and vio destroyed, vhyp disabled, a backend file open" sh -c \
	"vhypctl destroy bare && vhypctl destroy vio && vhypctl disable"
wait "$kpid"
t_like "the file polls the end: POLLHUP" "$(cat /tmp/keep.out)" "poll: HUP"
t_like "... and reads it: ENODEV" "$(cat /tmp/keep.out)" "read: No such device"
t_ok "rmmod vhyp" rmmod vhyp
t_ok "kernel log clean" dmesg_clean
t_done
