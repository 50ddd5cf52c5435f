#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Cells (issue 3) through the documented CLI, as a user runs them: the
# lifecycle of 'hello' (create, load, start, console output and echo,
# list, stop and start again, destroy), two cells at once beside the root,
# a hostile payload's attempts refused (the offending cell stopped with
# its reason, the root and the other cell unharmed), a clean RAM for every
# start (the first after create and a restart after the cell wrote it), an
# image loaded after a stop replacing the one before, and
# create/start/destroy cycles with nothing leaked.
#
#   cells [CYCLES]     create/destroy cycles at the end (50)

. /lib/vhyp-tests/lib.sh

cycles=${1:-50}
cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS

# console CELL: what the cell has written so far
console() { vhypctl console "$1" 2>&1; }
# send CELL TEXT: type TEXT into the cell's console, show what came back
send() { printf '%s' "$2" | vhypctl console "$1" --attach --linger 1 2>&1; }
state() { vhypctl stats "$1" --json | json_get state | tr -d '"'; }
starts() { vhypctl stats "$1" --json | json_get starts; }

plan 59
dmesg_mark
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
online0=$(cat /sys/devices/system/cpu/online)
mem0=$(mem_available_kb)

# --- the lifecycle of one cell
t_ok "config check hello" vhypctl config check $cfg/hello.dtb
t_ok "create hello" vhypctl create $cfg/hello.dtb
t_is "CPU 3 went from Linux to the cell" "$(cat /sys/devices/system/cpu/cpu3/online)" 0
t_ok "load hello.bin" vhypctl load hello $bin/hello.bin
t_ok "start hello" vhypctl start hello
t_ok "hello is running" vhypctl wait hello --state running --timeout 10
sleep 1
t_like "hello says hello on its console" "$(console hello)" 'Hello from a vhyp cell! \(EL1'
t_like "hello echoes what it reads" "$(send hello 'ping-42')" 'ping-42'
t_is "vhypctl stats --json shows hello running" "$(state hello)" running
t_is "and so does sysfs" "$(cat /sys/class/misc/vhyp/cells)" "1 hello running"
t_ok "stop hello" vhypctl stop hello
t_is "hello is stopped" "$(state hello)" stopped
t_ok "start hello again from its loaded image" vhypctl start hello
sleep 1
t_is "it said hello twice" "$(console hello | grep -c 'Hello from a vhyp cell')" 2

# --- two cells at once beside the root
t_ok "create hello2 on CPU 2" vhypctl create $cfg/hello2.dtb
t_ok "load and start hello2" sh -c "vhypctl load hello2 $bin/hello.bin@0x40000000 && vhypctl start hello2"
sleep 1
t_like "hello2 says hello" "$(console hello2)" 'Hello from a vhyp cell'
t_like "hello still echoes" "$(send hello 'two-cells')" 'two-cells'
t_ok "the root's workload runs beside two cells" workload.sh --quick

# --- a hostile payload in hello2's place
t_ok "destroy hello2" vhypctl destroy hello2
t_ok "create it again for the isolation payload" sh -c \
	"vhypctl create $cfg/hello2.dtb && vhypctl load hello2 $bin/isolation.bin@0x40000000 && vhypctl start hello2"
sleep 1
t_like "its RAM holds nothing of the root or the cell before" "$(send hello2 z)" \
	'nonzero words in RAM -> 0x0000000000000000'
t_like "an SMC other than PSCI is refused" "$(send hello2 s)" 'smc sip -> 0xffffffffffffffff'
t_is "vhyp's management hypercalls are refused (version, cell create, disable)" \
	"$(send hello2 h | grep -c 'hvc vhyp .* -> 0xffffffffffffffff')" 3
t_is "PSCI CPU_ON of CPUs it does not own is refused" \
	"$(send hello2 c | grep -c 'cpu_on .* -> 0xfffffffffffffffe')" 2
send hello2 r0000000048000000 >/dev/null
sleep 1
t_is "reading outside its memory stops the cell" "$(state hello2)" failed
t_like "with the reason, ESR, FAR and PC in vhypctl list" "$(vhypctl list)" \
	'access outside what it owns.*0x48000000'
t_like "hello is still running and echoing" "$(send hello 'still-here')" 'still-here'
t_ok "start the failed cell again" vhypctl start hello2
sleep 1
send hello2 r0000000009010000 >/dev/null
sleep 1
t_is "reading a device of the root's (the RTC) stops it too" "$(state hello2)" failed
t_ok "start it once more" vhypctl start hello2
sleep 1
send hello2 b >/dev/null
# the driver restarts it within RESET_POLL_MS, later on a loaded host: wait
# for the restart, so that the next byte does not go to the cell before it
i=0
while [ "$(starts hello2)" != 4 ] && [ $i -lt 50 ]; do usleep 200000; i=$((i + 1)); done
sleep 1
t_is "PSCI SYSTEM_RESET restarts the cell from its images" \
	"$(starts hello2)-$(state hello2)" 4-running
send hello2 q >/dev/null
t_ok "PSCI SYSTEM_OFF stops it" vhypctl wait hello2 --state stopped --timeout 10

# --- a restart zeroes what the run wrote, and runs an image loaded since
# (the console shows what came before too: the last line is the answer).
# Create zeroes the RAM to memory once, so the first start only writes the
# images; a restart must zero again.  Under QEMU caches are coherent: that
# the zeros and images reach memory (and not only a cache a cell with its
# MMU off would bypass) cannot be seen here, only that they are written.
t_ok "start it after its power-off" vhypctl start hello2
sleep 1
t_like "it writes a word into its RAM" "$(send hello2 w0000000043000000 | tail -n 1)" \
	'wrote -> 0x0000000043000000'
t_like "which its scan sees" "$(send hello2 z | tail -n 1)" 'nonzero words in RAM -> 0x0000000000000001'
t_ok "stop and start it" sh -c "vhypctl stop hello2 && vhypctl start hello2"
sleep 1
t_like "the restart zeroed what it wrote" "$(send hello2 z | tail -n 1)" \
	'nonzero words in RAM -> 0x0000000000000000'
t_ok "stop it, load hello.bin where isolation.bin is, start it" sh -c \
	"vhypctl stop hello2 && vhypctl load hello2 $bin/hello.bin@0x40000000 && vhypctl start hello2"
sleep 1
t_is "it runs the new image: hello's greeting, once" \
	"$(console hello2 | grep -c 'Hello from a vhyp cell')" 1
t_like "and hello's echo, not the old image's answer" "$(send hello2 'new-image')" 'new-image'

# --- a bad config changes nothing
cat /sys/devices/system/cpu/online >/tmp/online.before
if [ "$(online_cpus | wc -l)" = 2 ]; then	# CPUs 2 and 3 are the cells'
	t_fails "a cell may not take the root's last CPUs" \
		vhypctl create $VHYP_TESTS/cell-all-cpus.dtb
else
	t_fails "a cell may not take CPUs another cell has" \
		vhypctl create $VHYP_TESTS/cell-smp.dtb
fi
t_is "nothing changed: the same CPUs online" "$(cat /sys/devices/system/cpu/online)" \
	"$(cat /tmp/online.before)"
t_is "nothing changed: two cells, as before" "$(vhypctl list --json | grep -c '"name"')" 2

# --- stop and start, again and again
i=0 bad=0
while [ $i -lt "$cycles" ]; do
	vhypctl --quiet stop hello && vhypctl --quiet start hello || { bad=$((bad + 1)); break; }
	i=$((i + 1))
done
t_is "$cycles stop/start cycles of hello" "$bad" 0
t_like "and it still echoes" "$(send hello 'after-cycles')" 'after-cycles'

# --- cycles
t_ok "destroy both" sh -c "vhypctl destroy hello2 && vhypctl destroy hello"

# --- PSCI among the CPUs of one cell
t_ok "create, load and start a cell of two CPUs" sh -c \
	"vhypctl create $VHYP_TESTS/cell-smp.dtb && vhypctl load duo $bin/isolation.bin && vhypctl start duo"
sleep 1
out=$(send duo o)
t_like "its second CPU is off to begin with (AFFINITY_INFO)" "$out" \
	'affinity_info 1 before -> 0x0000000000000001'
t_like "PSCI CPU_ON starts it, as virtual MPIDR 1" "$out" 'second cpu up, mpidr -> 0x0000000000000001'
t_like "and its CPU_OFF parks it again" "$out" 'affinity_info 1 after -> 0x0000000000000001'
t_ok "destroy the cell of two CPUs" vhypctl destroy duo
i=0 bad=0
while [ $i -lt "$cycles" ]; do
	vhypctl --quiet create $cfg/hello.dtb &&
		vhypctl --quiet load hello $bin/hello.bin@0x40000000 &&
		vhypctl --quiet start hello &&
		vhypctl --quiet destroy hello || { bad=$((bad + 1)); break; }
	i=$((i + 1))
done
t_is "$cycles create/load/start/destroy cycles" "$bad" 0
t_is "every CPU is Linux's again" "$(cat /sys/devices/system/cpu/online)" "$online0"
mem1=$(mem_available_kb)
t_ok "MemAvailable is back to within 1% ($mem0 kB before, $mem1 kB after)" \
	test $((mem0 - mem1)) -lt $((mem0 / 100))
t_ok "vhypctl disable" vhypctl disable
dmesg_clean
t_done
