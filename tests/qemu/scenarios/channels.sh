#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Channels (issue 14), in cells chan-a (CPU 3) and chan-b (CPU 2), both
# running tools/inmates/chan-test, and the root's tests/hostile/chan-xfer:
#   - both ends see the channel (vhypctl channel list, the payloads);
#   - the root's kernel cannot read a cell-to-cell channel's pages, and
#     can read its own channel's;
#   - MIB MiB (256) cell to cell, and half of it root to cell and cell to
#     root, every byte checked against the test stream at the other end;
#   - the peer destroyed in the middle of a transfer: the survivor sees
#     it gone, keeps running and reading its window, sees it come back
#     (restarted, generation 2), and the next transfer is whole;
#   - a third cell naming the channel is refused, and nothing changes;
#   - once both ends are destroyed the channel is gone, its pages zeroed
#     and back with the root's allocator, and vhyp disables cleanly.
#
#   channels [MIB]

. /lib/vhyp-tests/lib.sh

mib=${1:-256}
cfg=$VHYP_TESTS/extra
bin=$VHYP_TESTS
xfer=$VHYP_TESTS/chan-xfer

state() { vhypctl stats "$1" --json | json_get state | tr -d '"'; }
# chan_pa NAME: the physical address of the start of channel NAME's data
chan_pa() { cell_pa "channel:$1" 0; }
# up CELL: created, loaded with chan-test, started, and ready
up() {
	vhypctl --quiet create "$cfg/$1.dtb" && vhypctl --quiet load "$1" "$bin/chan-test.bin" &&
		vhypctl --quiet start "$1" && console_wait "$1" 1 "chan-test: ready" 20
}
# transfer SECS FROM TO LINE-FROM LINE-TO WANT: LINE-TO in TO first (its
# reader), then LINE-FROM in FROM; until TO's console has WANT
transfer() {
	console_cmd "$3" "$5"
	console_cmd "$2" "$4"
	console_wait "$3" 1 "$6" "$1"
}

plan 38
dmesg_mark
[ -x "$xfer" ] || t_diag "no $xfer in the initramfs: make -C tests/hostile"
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
mem0=$(free_kb)

t_ok "chan-a: created, chan-test started" up chan-a
t_ok "chan-b: created, chan-test started" up chan-b
list=$(vhypctl channel list)
echo "$list"
t_like "channel list: link between chan-a and chan-b, both attached, each peer up" "$list" \
	"end 1: cell chan-b +attached .*peer up"
t_like "channel list: up-a between chan-a and the root" "$list" "end 1: root +attached"
t_like "chan-test in chan-a found its three channels" "$(vhypctl console chan-a)" \
	"channel poke id [0-9]+ end 0 size 4096"
t_like "chan-test in chan-b found link, end 1" "$(vhypctl console chan-b)" \
	"channel link id [0-9]+ end 1 size 1048576 irq 135"
cat /sys/kernel/debug/vhyp/memory
link_pa=$(chan_pa link) up_pa=$(chan_pa up-a)
t_ok "the root's kernel faults reading link's pages (cell to cell)" probe fault phys=$link_pa
t_ok "... and writing them" probe fault phys=$link_pa write=1
t_ok "the root's kernel reads its own channel's pages" probe ok phys=$up_pa

# --- doorbells: chan-a's first channel still takes its interrupt after
# the two after it were enabled (in the same 32 SPIs)
console_cmd chan-b "ring link"
t_ok "chan-b rings link" console_wait chan-b 1 "ring link: 0" 10
console_cmd chan-a "state link"
t_ok "chan-a took it as an interrupt" console_wait chan-a 1 "state link: peer up .* irqs [1-9]" 10
t_is "setting its doorbells up (edge, group, enable) was refused nothing" \
	"$(vhypctl stats chan-a --json | json_get irqs_denied)" 0

# --- transfers, every byte checked
t_ok "cell to cell: $mib MiB chan-a -> chan-b, all as sent" \
	transfer 600 chan-a chan-b "src link $mib 7" "sink link $mib 7" \
	"sink link: $((mib << 20)) bytes, all as sent"
t_like "... and chan-a sent it all" "$(vhypctl console chan-a)" "src link: $((mib << 20)) bytes sent"
half=$((mib / 2))
console_cmd chan-a "sink up-a $half 9"
t_ok "root to cell: $half MiB chan-xfer -> chan-a" "$xfer" send up-a $half 9
t_ok "... all as sent, says chan-a" console_wait chan-a 1 "sink up-a: $((half << 20)) bytes, all as sent" 60
"$xfer" recv up-a $half 11 >/tmp/xfer.out 2>&1 &
xpid=$!
sleep 1
console_cmd chan-a "src up-a $half 11"
wait $xpid
t_is "cell to root: $half MiB chan-a -> chan-xfer, all as sent" "$?" 0
cat /tmp/xfer.out

# --- the peer destroyed in the middle, and back
console_cmd chan-b "sink link 1024 5"
console_cmd chan-a "src link 1024 5"
sleep 2
t_ok "chan-b destroyed in the middle of a transfer" vhypctl destroy chan-b
t_ok "chan-a sees its peer gone" console_wait chan-a 1 "link: peer gone" 20
t_ok "... and its transfer stopped for it" console_wait chan-a 1 \
	"src link: stopped after [0-9]* bytes: my peer is gone" 30
t_is "chan-a still runs" "$(state chan-a)" running
console_cmd chan-a "state link"
t_ok "... and reads its window: peer gone, generation 1" console_wait chan-a 1 \
	"state link: peer gone generation 1 " 10
t_like "channel list: link lives on, end 1 free" "$(vhypctl channel list)" \
	"end 1: cell chan-b +(not attached|-)"
t_ok "chan-b back" up chan-b
t_ok "chan-a sees it restarted, generation 2" console_wait chan-a 1 \
	"link: peer restarted, generation 2" 20
t_ok "the next transfer is whole" transfer 120 chan-a chan-b "src link 16 6" "sink link 16 6" \
	"sink link: 16777216 bytes, all as sent"

# --- a third cell naming the channel
t_fails "a third cell naming link is refused" vhypctl create "$cfg/chan-x.dtb"
t_like "... with a sentence naming the channel's ends" "$(vhypctl create "$cfg/chan-x.dtb" 2>&1)" \
	"channel 'link' exists already, between"
t_unlike "... and nothing changed: no cell chan-x" "$(vhypctl list)" "chan-x"

# --- both ends gone: the channel with them, its pages zeroed
t_ok "chan-a and chan-b destroyed" sh -c 'vhypctl destroy chan-a && vhypctl destroy chan-b'
t_is "no channel is left" "$(vhypctl channel list)" "no channels"
t_ok "link's first page is the root's again, and zero" sh -c \
	"insmod $MEMPROBE phys=$link_pa && dmesg | grep 'memprobe: read' | tail -n 1 | grep -Eq '[(]0x0+[)]'; \
	 rc=\$?; rmmod memprobe; exit \$rc"
t_ok "the memory came back (within 1 %)" mem_back "$mem0" "$(free_kb)" $((mem0 / 100))
t_ok "vhypctl disable" vhypctl disable
t_ok "kernel log clean" dmesg_clean
t_done
