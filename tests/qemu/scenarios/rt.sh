#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A PREEMPT_RT root (issue 16), in one boot of Debian's 6.12 RT kernel
# (72-kernel612-rt.t): first that the kernel is PREEMPT_RT, so that a
# plain kernel cannot pass for it; then, shortened, the stories of
# root.sh (enable, the workload under vhyp with CPU hotplug, disable,
# unload), cells.sh (a cell created, loaded, started, stopped,
# destroyed), irqs.sh (timer-demo's virtual timer, smp-demo's SGIs, the
# RTC's passed-through SPI) and channels.sh (the root's doorbell, whose
# wake-ups run in an irq_work thread under PREEMPT_RT: driver/enable.c),
# and the hypercall benchmark, preemptible between its runs.
#
#   rt [SECONDS]      how long smp-demo runs beside timer-demo (10)

. /lib/vhyp-tests/lib.sh

secs=${1:-10}
cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS
xfer=$VHYP_TESTS/chan-xfer
ncpus=$(online_cpus | wc -l)

plan 32
dmesg_mark
t_like "the root kernel is PREEMPT_RT (uname -v)" "$(uname -v)" ' PREEMPT_RT ' ||
	t_abort "not a PREEMPT_RT kernel: nothing here would test one"
t_is "and /sys/kernel/realtime says 1" "$(cat /sys/kernel/realtime 2>&1)" 1
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
t_is "all $ncpus online CPUs are under the hypervisor" \
	"$(vhypctl info --json | json_get cpus_hyp)" "$ncpus"
# timed in runs of 1000 with preemption off: three runs here, the last short
t_like "vhypctl bench hypercall -n 2500" "$(vhypctl bench hypercall -n 2500 2>&1)" \
	'^hypercall: 2500 empty hypercall round trips in [1-9][0-9]* ticks'
mem0=$(mem_available_kb)

# --- a cell's life, on CPU 3
t_ok "hello created, loaded, started (CPU 3)" cell_up hello $cfg/hello.dtb $bin/hello.bin
t_ok "it says hello on its console" console_wait hello 1 'Hello from a vhyp cell' 10
t_ok "stop hello" vhypctl stop hello
t_is "it is stopped" "$(cell_stat hello state)" stopped
t_ok "destroy hello" vhypctl destroy hello
t_is "CPU 3 is Linux's again" "$(cat /sys/devices/system/cpu/cpu3/online)" 1

# --- timer-demo on CPU 3 from here on; the RTC's SPI 2 in a cell on CPU 2
t_ok "timer-demo in hello (CPU 3)" cell_up hello $cfg/hello.dtb $bin/timer-demo.bin
start=$(($(uptime_cs) / 100))
t_ok "it reports its timer's latency" console_wait hello 1 '^timer-demo: [0-9]* irqs' 10
t_ok "the PL031 RTC and its SPI 2 passed to cell rtc (CPU 2)" \
	cell_up rtc $VHYP_TESTS/cell-rtc.dtb $bin/isolation.bin
sleep 1
# the alarm is set for the RTC's next second: linger past it
t_like "the alarm's interrupt reaches the cell" \
	"$(printf a | vhypctl console rtc --attach --linger 4 2>&1)" 'rtc alarm irq -> 0x0+22$'
demo0=$(timer_reports hello)
t_ok "the root's workload (timers, IPIs, CPU 1 hotplug) beside both cells" \
	workload.sh --quick
t_ok "timer-demo went on reporting meanwhile" test "$(timer_reports hello)" -gt "$demo0"
t_ok "destroy rtc" vhypctl destroy rtc

# --- SGIs between a cell's two CPUs (1 and 2), beside timer-demo
t_ok "smp-demo in duo12 (CPUs 1, 2)" cell_up duo12 $VHYP_TESTS/cell-smp12.dtb $bin/smp-demo.bin
sleep "$secs"
t_like "its CPUs ping-pong SGIs" "$(vhypctl console duo12 2>&1)" \
	'^smp-demo: cpu 1: [0-9]+ round trips, rtt min/avg/max'
t_is "none refused" "$(cell_stat duo12 sgis_denied)" 0
up=$(($(uptime_cs) / 100 - start))
t_ok "timer-demo reported every second of its ${up} s (at least $((up - 5)))" \
	test "$(timer_reports hello)" -ge $((up - 5))
t_ok "destroy duo12 and hello" sh -c "vhypctl destroy duo12 && vhypctl destroy hello"

# --- the root's doorbell: 4 MiB from chan-a (CPU 3) to the root, which
# waits for each piece in poll()
t_ok "chan-a created, loaded, started (CPU 3)" \
	cell_up chan-a $VHYP_TESTS/extra/chan-a.dtb $bin/chan-test.bin
t_ok "chan-test in it is ready" console_wait chan-a 1 'chan-test: ready' 20
"$xfer" recv up-a 4 3 >/tmp/xfer.out 2>&1 &
xpid=$!
sleep 1
console_cmd chan-a "src up-a 4 3"
wait $xpid
t_is "cell to root over channel up-a: 4 MiB, all as sent" "$?" 0
cat /tmp/xfer.out
t_ok "destroy chan-a" vhypctl destroy chan-a

t_ok "no memory lost (MemAvailable within 8 MiB)" test $((mem0 - $(mem_available_kb))) -lt 8192
t_ok "vhypctl disable" vhypctl disable
t_ok "rmmod vhyp" rmmod vhyp
dmesg_clean
t_done
