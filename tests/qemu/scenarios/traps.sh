#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What a cell's traps hide and keep, the root's firmware calls, and the
# hypervisor's fault paths (issues 12 and 13): the isolation payload
# checks from inside a cell, the root checks what is left after it.
#
#   traps [OPTION=VALUE...] PART...
#
# PARTs, in the order given:
#   maxcpus    (boot with maxcpus=3) CELL_CREATE naming CPU 3, which never
#              entered the hypervisor, is EBUSY, raw and through vhypctl
#   firmware   the root's SMCs: SDEI, FF-A and SiP calls refused and
#              counted (smc_refused), one console line per function; PSCI
#              and the Arm architecture calls reach the firmware
#   cell       in cell hello2 (CPU 2): the trap report ('t': the ID
#              registers hide the PMU, profiling, trace, SVE, SME, AMU,
#              RAS, MTE and LORegions; the PMU, debug, OS lock and ACTLR
#              registers read as zero after writes, and each access reached
#              the hypervisor (its sysreg exits); set/way maintenance does
#              not fault; IMPDEF registers are undefined), the SMC Calling
#              Convention it is told ('m': 1.1, the workarounds'
#              ARCH_FEATURES as the firmware answers the root, TRNG), and
#              sign-extending and W-register loads of emulated registers ('x')
#   pmu        a cell with 'pmu;' sees its PMU, stopped and zero at every
#              start, also after a run that left it counting ('p')
#   park       a cell parked in its timer's interrupt handler ('n') and
#              stopped there leaves no active priority to its next run, to
#              timer-demo after it, nor to the root, whose workload runs
#              on the CPU afterwards
#   serror     VHYP_TEST_SERROR (test_faults) on a cell's CPU: counted as
#              the cell's, and it does not follow the CPU back to the root
#   smc_allow  vhyp.ko smc_allow=...: the SiP calls listed reach the
#              firmware, others are still refused
#   online3    (after maxcpus) CPU 3 comes online while vhyp is enabled,
#              enters it, and can be given to a cell
#   stack      VHYP_TEST_STACK_OVERFLOW: a clean hypervisor panic that
#              says the stack overflowed, and Linux goes on (last: it
#              leaves the hypervisor panicked)
#   scrub      a hypervisor panic (a fault at EL2) while hello runs: the
#              root's CPUs leave only after the cell's RAM is zeroed, so
#              its kernel then reads zeros there, not the cell's image
#              (last, like stack)
# OPTIONs:
#   features=lor,ras,mte   the CPU has these: their registers must read as
#                          zero in the trap report, not be undefined
#   tidcp=1                the CPU (QEMU 8.0 and later) traps IMPDEF
#                          registers for the hypervisor: they must be
#                          undefined in a cell
# vhyp.ko is loaded with test_faults=1 (and smc_allow= for that part).

. /lib/vhyp-tests/lib.sh

features= tidcp=0 parts=
for a in "$@"; do
	case $a in
	features=*)	features=${a#*=} ;;
	tidcp=*)	tidcp=${a#*=} ;;
	*)		parts="$parts $a" ;;
	esac
done
cfg=$VHYP_TESTS/configs/qemu-virt
bin=$VHYP_TESTS
M1=0xffffffffffffffff	# SMCCC NOT_SUPPORTED, as printed
Z=0x0000000000000000

console() { vhypctl console "$1" 2>&1 | tr -d '\r'; }
# send CELL TEXT: type TEXT, print the cell's console (all of it, old lines too)
send() { printf '%s' "$2" | vhypctl console "$1" --attach --linger 1 2>&1 | tr -d '\r'; }
info() { vhypctl info --json | json_get "$1"; }
# val NAME: the value of the payload's last "isolation: NAME -> VALUE" on stdin
val() { sed -n "s/^isolation: $1 -> //p" | tail -n 1; }
# hvc ARGS...: one HVC (or SMC: conduit=smc) from the root through hvccall.ko
hvc() {
	insmod $VHYP_TESTS/hvccall.ko "$@" >/dev/null 2>&1 || return 1
	rmmod hvccall
	dmesg | sed -n 's/.*hvccall: .* returned \(0x[0-9a-f]*\).*/\1/p' | tail -n 1
}
smc() { hvc conduit=smc cpu=0 "$@"; }
# timer_irqs CPU: the root's timer interrupts on CPU so far
timer_irqs() {
	awk -v c=$(($1 + 2)) '/arch_timer/ { t += $c } END { print t + 0 }' /proc/interrupts
}
# norm 0xHEX: as the payload prints it, 16 digits
norm() {
	local v=${1#0x}
	while [ ${#v} -lt 16 ]; do v=0$v; done
	echo "0x$v"
}
has() { case ",$features," in *",$1,"*) true ;; *) false ;; esac; }
panicked() { vhypctl info --json | grep -q '"panicked":[[:space:]]*true'; }
start_in() {	# start_in CELL CONFIG PAYLOAD
	vhypctl create "$2" && vhypctl load "$1" "$bin/$3" && vhypctl start "$1"
}

# ---- the parts

part_maxcpus() {
	t_is "CPU 3 is offline since boot (maxcpus=3)" \
		"$(cat /sys/devices/system/cpu/cpu3/online)-$(info cpus_hyp)" 0-3
	t_is "CELL_CREATE naming CPU 3 is refused with EBUSY, not a crash" \
		"$(hvc fn=0xc6005610 a1=8 a2=8 a3=0 cpu=1)" 0xfffffffffffffff0
	t_like "vhypctl create of a cell on CPU 3 is refused" \
		"$(vhypctl create $cfg/hello.dtb 2>&1)" 'names CPU 3, which is offline'
	t_is "no cell exists" "$(vhypctl list --json | grep -c '"name"')" 0
	t_fails "the hypervisor has not panicked" panicked
}

part_firmware() {
	local r0 hc
	r0=$(info smc_refused)
	t_is "the root's SDEI_VERSION is refused" "$(smc fn=0xc4000020)" $M1
	t_is "its FFA_VERSION too" "$(smc fn=0x84000063 a1=0x10001)" $M1
	t_is "and a SiP call, twice" "$(smc fn=0xc2000001)-$(smc fn=0xc2000001)" $M1-$M1
	t_is "smc_refused counts the four" "$(info smc_refused)" $((r0 + 4))
	t_is "PSCI_VERSION reaches the firmware" "$(smc fn=0x84000000)" 0x10001
	smc fn=0x80000000 >/dev/null
	smc fn=0x80000001 a1=0x80008000 >/dev/null
	smc fn=0x84000050 >/dev/null
	t_is "nor do PSCI, SMCCC_VERSION, ARCH_FEATURES and TRNG_VERSION count as refused" \
		"$(info smc_refused)" $((r0 + 4))
	hc=$(vhypctl console 2>&1)
	t_is "the console says once per function why each was refused" \
		"$(echo "$hc" | grep -c "the root's firmware call 0x[0-9a-f]* refused")-$(echo "$hc" |
		   grep -c "the root's firmware call 0xc2000001 refused")" 3-1
}

part_cell() {
	local out s0 s1 seen f feat reg what w want fw_version fw_wa1 fw_wa2 fw_wa3 fw_trng
	local want_wa1 want_wa2 want_wa3 want_trng
	t_ok "the isolation payload starts in cell hello2 (CPU 2)" \
		start_in hello2 $cfg/hello2.dtb isolation.bin
	sleep 1
	s0=$(cell_stat hello2 sysreg)
	out=$(send hello2 t)
	s1=$(cell_stat hello2 sysreg)
	printf '%s\n' "$out"
	printf '%s\n' "$out" | grep WRONG | while IFS= read -r l; do t_diag "$l"; done
	t_is "the trap report: every rule holds" "$(printf '%s\n' "$out" | val 'traps wrong')" $Z
	seen=$(printf '%d' "$(printf '%s\n' "$out" | val 'trap accesses')")
	t_diag "the trap report: $seen accesses to trap, $((s1 - s0)) sysreg exits"
	t_ok "each of its $seen accesses of trapped registers reached the hypervisor" \
		test $((s1 - s0)) -ge "$seen" -a "$seen" -gt 50
	t_is "the PMU is hidden (ID_AA64DFR0_EL1.PMUVer)" \
		"$(($(printf '%s\n' "$out" | val 'id_aa64dfr0_el1 pmu, spe, trace') >> 8 & 15))" 0
	t_is "debug registers stay described (DebugVer 6 or more)" \
		"$((($(printf '%s\n' "$out" | val 'id_aa64dfr0_el1 pmu, spe, trace') & 15) >= 6))" 1
	if [ "$tidcp" = 1 ]; then
		t_is "IMPDEF registers are undefined (L2CTLR_EL1, CPUACTLR_EL1, CBAR_EL1)" \
			"$(printf '%s\n' "$out" | val 'impdef not undefined')" $Z
	else
		t_skip "IMPDEF registers are undefined" \
			"this QEMU does not trap them for EL2 (HCR_EL2.TIDCP, QEMU 8.0)"
	fi
	t_is "set/way maintenance (DC ISW, CSW, CISW) does not fault" \
		"$(printf '%s\n' "$out" | grep -c '^isolation: dc c\{0,1\}[ic]\{0,1\}sw -> 0x0*$')" 3
	# (of RAS's registers QEMU 7.2 has ERRIDR_EL1 only)
	for f in lor:lorsa_el1:LORegion ras:erridr_el1:RAS mte:gcr_el1:MTE; do
		feat=${f%%:*} reg=${f#*:} what=${f##*:}
		reg=${reg%%:*}
		if has "$feat"; then
			t_is "$what registers read as zero ($reg), the CPU has them" \
				"$(printf '%s\n' "$out" | val "$reg")" $Z
		else
			t_skip "$what registers read as zero" "the CPU does not have them"
		fi
	done
	t_is "the cell survived it all" "$(cell_stat hello2 state)" running

	# what the firmware answers the root, through the hypervisor's relay
	fw_version=$(smc fn=0x80000000)
	fw_wa1=$(smc fn=0x80000001 a1=0x80008000)
	fw_wa2=$(smc fn=0x80000001 a1=0x80007fff)
	fw_wa3=$(smc fn=0x80000001 a1=0x80003fff)
	fw_trng=$(smc fn=0x84000050)
	t_diag "the firmware's SMCCC_VERSION $fw_version, ARCH_FEATURES(WA1/2/3)" \
	       "$fw_wa1 $fw_wa2 $fw_wa3, TRNG_VERSION $fw_trng"
	# the cell gets them if the firmware has SMCCC 1.1 (QEMU 7.2's has no SMCCC_VERSION)
	want_wa1=$M1 want_wa2=$M1 want_wa3=$M1 want_trng=$M1
	if [ $((fw_version)) -ge $((0x10001)) ]; then
		want_wa1=$fw_wa1 want_wa2=$fw_wa2 want_wa3=$fw_wa3 want_trng=$fw_trng
	fi
	out=$(send hello2 m)
	printf '%s\n' "$out" | grep smccc
	t_is "SMCCC_VERSION is 1.1, through HVC and SMC" \
		"$(printf '%s\n' "$out" | val 'smccc version')-$(printf '%s\n' "$out" | val 'smccc version over smc')" \
		0x0000000000010001-0x0000000000010001
	t_is "PSCI_FEATURES(SMCCC_VERSION) is 0" \
		"$(printf '%s\n' "$out" | val 'smccc psci_features(smccc_version)')" $Z
	for w in 1 2 3; do
		eval want=\$want_wa$w
		t_is "ARCH_FEATURES(WORKAROUND_$w) is what the firmware answers ($want)" \
			"$(printf '%s\n' "$out" | val "smccc arch_features(wa$w)")" "$(norm "$want")"
	done
	t_is "TRNG_VERSION is the firmware's, NOT_SUPPORTED without SMCCC 1.1 ($want_trng)" \
		"$(printf '%s\n' "$out" | val 'smccc trng_version')" "$(norm "$want_trng")"
	t_is "WORKAROUND_1 itself: the firmware's, NOT_SUPPORTED where it has none" \
		"$(printf '%s\n' "$out" | val 'smccc wa1 call')" \
		"$([ $((want_wa1)) -lt 0 ] && echo $M1 || echo $Z)"
	t_is "ARCH_FEATURES of anything else is NOT_SUPPORTED" \
		"$(printf '%s\n' "$out" | val 'smccc arch_features(unknown)')" $M1

	out=$(send hello2 x)
	printf '%s\n' "$out" | grep ext
	printf '%s\n' "$out" | grep WRONG | while IFS= read -r l; do t_diag "$l"; done
	t_is "MMIO loads sign-extend and fill W registers as the instruction would" \
		"$(printf '%s\n' "$out" | val 'sign extension wrong')" $Z
	t_is "all 23 loads were checked" "$(printf '%s\n' "$out" | grep -c '^isolation: ext ')" 23
	t_ok "destroy hello2" vhypctl destroy hello2
}

part_pmu() {
	local out
	t_ok "a cell given its PMU ('pmu;', CPU 2)" start_in pmu $VHYP_TESTS/cell-pmu.dtb isolation.bin
	sleep 1
	out=$(send pmu p)
	printf '%s\n' "$out" | grep pmu
	t_unlike "it sees a PMU (ID_AA64DFR0_EL1.PMUVer)" \
		"$(printf '%s\n' "$out" | val 'pmu version')" '^0x0+$|^0x0*f$|^$'
	t_is "stopped and zero at its first start" \
		"$(printf '%s\n' "$out" | val 'pmu dirty at start')" $Z
	t_unlike "and it counts cycles, in both kinds of counter" \
		"$(printf '%s\n' "$out" | val 'pmu counted cycles') $(printf '%s\n' "$out" | val 'pmu counted events')" \
		'0x0+( |$)|^ |^$'
	t_ok "stop it counting, start it again" sh -c "vhypctl stop pmu && vhypctl start pmu"
	sleep 1
	out=$(send pmu p)
	printf '%s\n' "$out" | grep pmu
	t_is "its PMU is stopped and zero again" \
		"$(printf '%s\n' "$out" | val 'pmu dirty at start')" $Z
	t_ok "destroy it" vhypctl destroy pmu
}

part_park() {
	local out t0
	t_ok "the isolation payload in hello2 (CPU 2)" start_in hello2 $cfg/hello2.dtb isolation.bin
	sleep 1
	out=$(send hello2 n)
	t_like "it takes its timer interrupt and stays in the handler, a priority active" \
		"$out" 'parked in a handler, active priorities -> 0x[0-9a-f]*[1-9a-f][0-9a-f]*$'
	t_ok "the root stops it there" vhypctl stop hello2
	t_ok "and starts it again" vhypctl start hello2
	sleep 1
	out=$(send hello2 n)
	t_is "no active priority is left from the last run" \
		"$(printf '%s\n' "$out" | val 'active priorities before')" $Z
	t_is "and it takes its timer interrupt again" \
		"$(printf '%s\n' "$out" | grep -c 'parked in a handler')" 2
	vhypctl stop hello2
	t_ok "timer-demo in its place" sh -c "vhypctl load hello2 $bin/timer-demo.bin && vhypctl start hello2"
	sleep 3
	t_like "hears its timer" "$(console hello2)" '^timer-demo: [1-9][0-9]* irqs'
	vhypctl stop hello2
	t_ok "the isolation payload parks in its handler once more" sh -c \
		"vhypctl load hello2 $bin/isolation.bin && vhypctl start hello2 && sleep 1 &&
		 printf n | vhypctl console hello2 --attach --linger 1 | grep -c 'parked in a handler' |
		 grep -qx 3"
	t_ok "destroy the cell as it is" vhypctl destroy hello2
	t_is "CPU 2 is the root's again" "$(cat /sys/devices/system/cpu/cpu2/online)" 1
	t0=$(timer_irqs 2)
	taskset -c 2 sleep 2
	t_ok "its timer interrupts reach the root on CPU 2" test "$(timer_irqs 2)" -gt "$t0"
	t_ok "the root's workload uses every CPU" workload.sh --quick
}

# CPU 2: with maxcpus=3, CPU 3 is not the root's to give
part_serror() {
	t_ok "hello runs in a cell on CPU 2 (SErrors masked)" start_in hello2 $cfg/hello2.dtb hello.bin
	sleep 1
	t_is "VHYP_TEST_SERROR on CPU 2" "$(hvc fn=0xc6005604 a1=1 a2=2 cpu=1)" 0x0
	sleep 1
	t_is "counts as the cell's SError" "$(cell_stat hello2 serrors)" 1
	t_like "the hypervisor says it passed it on" "$(vhypctl console 2>&1)" \
		'CPU 2: SError \(syndrome [0-9a-fx]*\) of its cell, passed on to it'
	t_like "hello still runs and echoes" "$(send hello2 serr)" 'serr'
	t_ok "destroy it" vhypctl destroy hello2
	t_is "CPU 2 is the root's again" "$(cat /sys/devices/system/cpu/cpu2/online)" 1
	t_ok "the root's workload uses it" workload.sh --quick
	t_unlike "no SError reached the root" "$(dmesg)" 'SError Interrupt|Asynchronous SError'
	t_unlike "nor was passed on to it" "$(vhypctl console 2>&1)" 'SError .* of the root'
}

part_smc_allow() {
	local r0
	t_ok "vhypctl disable" vhypctl disable
	t_ok "rmmod vhyp" rmmod vhyp
	t_ok "insmod vhyp.ko smc_allow=0xc2000001,0xc2000100-0xc20001ff" \
		vhyp_insmod test_faults=1 smc_allow=0xc2000001,0xc2000100-0xc20001ff
	t_ok "vhypctl enable" vhypctl enable
	r0=$(info smc_refused)
	smc fn=0xc2000001 >/dev/null
	smc fn=0xc2000180 >/dev/null
	t_is "the listed SiP calls go to the firmware" "$(info smc_refused)" "$r0"
	t_is "one not listed is still refused" "$(smc fn=0xc2000002)-$(info smc_refused)" \
		"$M1-$((r0 + 1))"
	t_is "so is SDEI" "$(smc fn=0xc4000020)-$(info smc_refused)" "$M1-$((r0 + 2))"
	t_unlike "the console names only those" "$(vhypctl console 2>&1)" \
		"firmware call 0xc20001(80|00)? refused|firmware call 0xc2000001 refused"
}

part_online3() {
	t_ok "CPU 3, offline at enable, comes online" \
		sh -c 'echo 1 >/sys/devices/system/cpu/cpu3/online'
	t_is "and enters the hypervisor" "$(info cpus_hyp)" 4
	t_fails "which has not panicked" panicked
	vhypctl console 2>&1 | grep PANIC | while IFS= read -r l; do t_diag "$l"; done
	t_ok "it can be given to a cell now" sh -c \
		"vhypctl create $cfg/hello.dtb && vhypctl load hello $bin/hello.bin &&
		 vhypctl start hello && sleep 1 &&
		 vhypctl console hello | grep -q 'Hello from a vhyp cell' && vhypctl destroy hello"
}

# Last: it leaves the hypervisor panicked.  The call runs in the
# background, so that a CPU that never comes back costs tests, not the boot:
# then the workload (its tasks and IPIs on that CPU) and the disable (which
# waits for every CPU to leave) would wait for ever, and are not run; and
# this script keeps off that CPU.
part_stack() {
	: >/tmp/stack.ret
	taskset -p 0xd $$ >/dev/null	# this shell and what it runs: not on CPU 1
	(hvc fn=0xc6005604 a1=2 cpu=1 >/tmp/stack.ret; echo returned >>/tmp/stack.ret) &
	sleep 3
	t_ok "an EL2 stack overflow marks the hypervisor panicked" panicked
	t_like "the console says the stack overflowed" "$(vhypctl console 2>&1 | grep PANIC)" \
		'PANIC on CPU 1: .*stack overflowed'
	vhypctl console 2>&1 | tail -n 8
	t_is "every CPU has left it, the one that overflowed too" "$(info cpus_hyp)" 0
	if t_like "the call returned to Linux" "$(cat /tmp/stack.ret)" 'returned'; then
		t_ok "Linux goes on: the workload passes" timeout 90 workload.sh --quick
		t_ok "vhypctl disable frees the memory" timeout 20 vhypctl disable
	else
		t_fail "Linux goes on: the workload passes" "not run: CPU 1 never came back"
		t_fail "vhypctl disable frees the memory" "not run: CPU 1 never came back"
	fi
}

part_scrub() {
	local ram last img
	t_ok "hello runs (CPU 3)" start_in hello $cfg/hello.dtb hello.bin
	sleep 1
	ram=$(cell_pa hello 0x40000000)
	last=$(cell_pa hello 0x43fffff8)
	img=$(od -A n -t x8 -N 8 $bin/hello.bin | tr -d ' ')
	t_unlike "hello.bin's first 8 bytes, at $ram, are not zero" "$img" '^0*$'
	t_ok "the root reading hello's RAM faults while the hypervisor runs" \
		probe fault phys=$ram
	hvc fn=0xc6005604 a1=0 cpu=1 >/dev/null
	sleep 2
	t_ok "a fault at EL2 with a cell running marks the hypervisor panicked" panicked
	t_like "the console says the cells' memory was zeroed first" \
		"$(vhypctl console 2>&1)" "cells' memory zeroed before the root's CPUs leave: 65536 KiB\$"
	t_is "the root's CPUs have left it, the cell's stays" "$(info cpus_hyp)" 1
	t_like "the root's kernel reads zeros where hello's image was" \
		"$(probe ok phys=$ram)" 'ok \(0x0{16}\)$'
	t_like "and at the end of its RAM" "$(probe ok phys=$last)" 'ok \(0x0{16}\)$'
	t_ok "Linux goes on: the workload passes" timeout 90 workload.sh --quick
}

plan_of() {
	case $1 in
	maxcpus)	echo 5 ;;
	firmware)	echo 7 ;;
	cell)		echo 22 ;;
	pmu)		echo 7 ;;
	park)		echo 13 ;;
	serror)		echo 10 ;;
	smc_allow)	echo 8 ;;
	online3)	echo 4 ;;
	stack)		echo 6 ;;
	scrub)		echo 9 ;;
	*)		echo 0 ;;
	esac
}

n=5		# insmod, enable, disable, rmmod, dmesg_clean
for p in $parts; do
	[ "$(plan_of "$p")" != 0 ] || { echo "traps: no part '$p'"; exit 1; }
	n=$((n + $(plan_of "$p")))
done
case " $parts " in *" stack "*|*" scrub "*) n=$((n - 2)) ;; esac	# no disable, no rmmod
plan $n
dmesg_mark
t_ok "insmod vhyp.ko test_faults=1" vhyp_insmod test_faults=1 || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
for p in $parts; do
	t_diag "--- $p"
	part_$p
done
case " $parts " in
*" stack "*|*" scrub "*)	;;
*)		t_ok "vhypctl disable" vhypctl disable
		t_ok "rmmod vhyp" rmmod vhyp ;;
esac
dmesg_clean
t_done
