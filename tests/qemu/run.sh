#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one scenario under QEMU and report it as TAP on stdout.
#
#   tests/qemu/run.sh [options] SCENARIO [ARG...]
#
# SCENARIO is tests/qemu/scenarios/SCENARIO.sh; it runs as /scenario in the
# guest with the ARGs as its arguments.  Options:
#   --cpu MODEL       QEMU CPU model (cortex-a57)
#   --smp N           vCPUs (4)
#   --mem SIZE        guest RAM (2G)
#   --gic 2|3         GIC version (3)
#   --virt on|off     EL2 for the guest (on)
#   --secure          -machine secure=on: EL3 exists (QEMU's PSCI answers
#                     there) and the GIC has its security extensions
#                     (GICD_CTLR.DS = 0), as on boards with TF-A; Linux
#                     still starts at non-secure EL2.  Needed for idle
#                     states (idle-states.dtsi): with DS = 1, Linux turns
#                     its GIC CPU interface off around CPU_SUSPEND and
#                     QEMU's WFI never wakes
#   --machine-opt OPT another property of the virt machine, e.g. mte=on
#                     (repeatable)
#   --kernel SERIES   Debian kernel from .cache/kernel/SERIES: 6.1, 6.12 or
#                     6.12-rt, Debian's PREEMPT_RT build of 6.12 (default:
#                     $VHYP_KERNEL if set, so that .t files that name no
#                     kernel boot another root, VHYP_KERNEL=6.12-rt prove
#                     tests/qemu/80-cells.t; else 6.1)
#   --append TEXT     more kernel parameters (repeatable)
#   --dt-add FILE     boot with QEMU's own device tree plus FILE, device-tree
#                     source merged into it (e.g. a /reserved-memory node)
#   --no-kvm-none     leave out kvm-arm.mode=none, so that KVM takes EL2
#   --nvme SIZE       an NVMe disk of SIZE (truncate's sizes: 64M) on the
#                     PCIe bus, serial vhyp0: a new, zeroed raw image
#                     tests/out/NAME.nvme.img each boot; its MSI-X go
#                     through the GIC ITS (LPIs).  Implies --kmods nvme
#   --nvme null:SIZE  the same disk on QEMU's null-co driver instead: reads
#                     give zeros, writes are dropped, and each request ends
#                     at once, without the host's I/O threads, so that
#                     under --icount its time is instructions only (the
#                     benchmark's; a file's latency is the host's)
#   --nic             a virtio-net-pci NIC on the PCIe bus (MSI-X, LPIs)
#                     on QEMU's user network: the guest is 10.0.2.15/24,
#                     10.0.2.2 the host side and gateway, 10.0.2.3 DNS,
#                     and 10.0.2.2 answers ping.  Implies --kmods "virtio_pci virtio_net"
#   --kmods LIST      modules of Debian's kernel package for the guest
#                     (initramfs.sh --kmods: names or @FILE; repeatable);
#                     the scenario loads one with kmod_load NAME (lib.sh)
#   --timeout SECS    kill QEMU after SECS seconds (300)
#   --icount          deterministic timing: -icount shift=0,sleep=off
#                     (single-threaded TCG)
#   --vhyp-ko FILE    boot this vhyp.ko instead of the one built for --kernel
#                     (default: $VHYP_KO if set, so that a whole prove run
#                     can use another build)
#   --suffix NAME     log as SCENARIO-NAME, for scenarios booted several ways
#   --live            copy the whole console to stdout as well (demo.sh)
#
# VHYP_EXTRA_FILES: more FILE[:DEST] for the initramfs (see initramfs.sh),
# for trying a program in the guest by hand.  VHYP_QEMU_LOCK: the lock file
# that lets one QEMU run at a time (tests/out/.qemu.lock); name one file for
# several checkouts of the tree that test on one machine.
#
# Files, in tests/out/: NAME.log (the whole console, preceded by the QEMU
# command line), NAME.cpio.gz (the initramfs, to boot again by hand).
#
# Output: the guest's tests (its "TAP: " lines, renumbered here), then three
# tests of the host's own:
#   - QEMU exited by itself before the timeout
#   - the guest finished: it printed VHYP-TESTS-DONE and ran its plan
#   - the console shows no kernel panic, Oops, BUG, WARNING, "Unable to
#     handle" or RCU stall
# A failure of any of them names the log.  Exits 1 if any test failed.
#
# The modules booted with --kernel 6.1 are the repository's vhyp.ko and
# tests/modules/*.ko; with another series, tests/out/build-SERIES/vhyp.ko
# and tests/out/build-SERIES/modules/*.ko (make -C tests/modules
# vhyp-SERIES builds them; run.sh stops when that vhyp.ko is missing).
# So a scenario, a benchmark's included, boots on the PREEMPT_RT kernel
# with:
#   make -C tests/modules vhyp-6.12-rt
#   tests/qemu/run.sh --kernel 6.12-rt --suffix 6.12-rt [--icount] SCENARIO
# VHYP_KERNEL=6.12-rt tests/bench/run.sh boots all of the benchmark's
# roots on it, but its tables still say "Debian 6.1": do not commit them.
# One QEMU runs at a time: the 2-core hosts we test on get slower, not
# faster, with two, and timeouts would fire.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/qemu
out=$top/tests/out
die() { echo "run.sh: $*" >&2; exit 2; }

cpu=cortex-a57 smp=4 mem=2G gic=3 virt=on secure= series=${VHYP_KERNEL:-6.1} timeout=300
dt_add= append=() machine_opts= kvm_none=1 icount=0 suffix= live=0 vhyp_ko=${VHYP_KO:-}
nvme= nic=0 kmods=()
while [ $# -gt 0 ]; do
	case $1 in
	--cpu)		cpu=$2; shift 2 ;;
	--smp)		smp=$2; shift 2 ;;
	--mem)		mem=$2; shift 2 ;;
	--gic)		gic=$2; shift 2 ;;
	--virt)		virt=$2; shift 2 ;;
	--secure)	secure=,secure=on; shift ;;
	--machine-opt)	machine_opts+=",$2"; shift 2 ;;
	--kernel)	series=$2; shift 2 ;;
	--append)	append+=("$2"); shift 2 ;;
	--dt-add)	dt_add=$2; shift 2 ;;
	--no-kvm-none)	kvm_none=0; shift ;;
	--nvme)		nvme=$2; kmods+=(nvme); shift 2 ;;
	--nic)		nic=1; kmods+=(virtio_pci virtio_net); shift ;;
	--kmods)	kmods+=("$2"); shift 2 ;;
	--timeout)	timeout=$2; shift 2 ;;
	--icount)	icount=1; shift ;;
	--vhyp-ko)	vhyp_ko=$2; shift 2 ;;
	--suffix)	suffix=$2; shift 2 ;;
	--live)		live=1; shift ;;
	-h|--help)	sed -n '4,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*)		die "unknown option $1" ;;
	*)		break ;;
	esac
done
[ $# -ge 1 ] || die "usage: run.sh [options] SCENARIO [ARG...]"
scenario=$1; shift
script=$here/scenarios/$scenario.sh
[ -f "$script" ] || die "no scenario $script"
case $virt in on|off) ;; *) die "--virt takes on or off" ;; esac
case $gic in 2|3) ;; *) die "--gic takes 2 or 3" ;; esac

kernel=$(ls "$top/.cache/kernel/$series/boot/"vmlinuz-* 2>/dev/null | head -n1) ||
	true
[ -n "$kernel" ] || die "no kernel in .cache/kernel/$series; run tools/setup.sh $series"
if [ "$series" = 6.1 ]; then
	vhyp_ko=${vhyp_ko:-$top/vhyp.ko} modules=$top/tests/modules
else
	vhyp_ko=${vhyp_ko:-$top/tests/out/build-$series/vhyp.ko}
	modules=$top/tests/out/build-$series/modules
	# without it the guest's insmod fails, far from the reason
	[ -f "$vhyp_ko" ] ||
		die "no $vhyp_ko: build it first, make -C tests/modules vhyp-$series"
fi

name=$scenario${suffix:+-$suffix}
log=$out/$name.log
rel=${log#"$top"/}		# what the TAP lines show: repo-relative
mkdir -p "$out"

# One QEMU at a time, for the whole run, across prove -j and parallel makes.
lock=${VHYP_QEMU_LOCK:-$out/.qemu.lock}
exec 9>"$lock"
if ! flock -n 9; then
	echo "# waiting for another QEMU to finish ($lock)"
	flock 9
fi

# The scenario's arguments, one a line (see tests/qemu/init).
args=$out/$name.args
: >"$args"
[ $# -eq 0 ] || printf '%s\n' "$@" >"$args"
kopts=()
[ ${#kmods[@]} -eq 0 ] || kopts=(--kmods "${kmods[*]}")
"$here/initramfs.sh" --scenario "$script" --kernel "$series" \
	--vhyp-ko "$vhyp_ko" --modules "$modules" "${kopts[@]}" \
	"$out/$name.cpio.gz" "$args:/scenario.args" ${VHYP_EXTRA_FILES:-}
rm -f "$args"

cmdline="console=ttyAMA0 panic=-1 printk.time=1 rdinit=/init"
[ $kvm_none = 1 ] && cmdline+=" kvm-arm.mode=none"
[ ${#append[@]} -gt 0 ] && cmdline+=" ${append[*]}"
qemu=(qemu-system-aarch64
      -machine "virt,virtualization=$virt,gic-version=$gic$secure$machine_opts"
      -cpu "$cpu" -smp "$smp" -m "$mem"
      -display none -monitor none -serial stdio -nic none -no-reboot
      -kernel "$kernel" -initrd "$out/$name.cpio.gz" -append "$cmdline")
[ $icount = 1 ] && qemu+=(-icount shift=0,sleep=off)
case $nvme in
'')	;;
null:*)	size=$(numfmt --from=iec "${nvme#null:}") || die "--nvme: bad size ${nvme#null:}"
	qemu+=(-drive "driver=null-co,size=$size,read-zeroes=on,if=none,id=nv"
	       -device "nvme,serial=vhyp0,drive=nv") ;;
*)	# a fresh disk each boot: a test reads back only what it wrote
	img=$out/$name.nvme.img
	rm -f "$img"
	truncate -s "$nvme" "$img" || die "--nvme: cannot make a $nvme image $img"
	qemu+=(-drive "file=$img,if=none,id=nv,format=raw" -device "nvme,serial=vhyp0,drive=nv") ;;
esac
# romfile=: no option ROM (Debian's QEMU has none for arm64 guests)
[ $nic = 1 ] && qemu+=(-netdev user,id=n0 -device virtio-net-pci,netdev=n0,romfile=)
if [ -n "$dt_add" ]; then
	# QEMU's tree for exactly this machine, with FILE's nodes merged in
	[ -f "$dt_add" ] || die "--dt-add: no file $dt_add"
	"${qemu[@]}" -machine "dumpdtb=$out/$name.qemu.dtb" >/dev/null 2>&1 ||
		die "QEMU did not dump its device tree"
	{ dtc -q -I dtb -O dts "$out/$name.qemu.dtb"; sed '/\/dts-v1\/;/d' "$dt_add"; } |
		dtc -q -I dts -O dtb -o "$out/$name.dtb" - ||
		die "--dt-add: $dt_add does not merge into QEMU's device tree"
	qemu+=(-dtb "$out/$name.dtb")
fi

# The console goes to the log line by line as it arrives, so that the log of
# a hung guest is complete up to the hang.
exec 3>"$log"
{ printf 'vhyp-run:'; printf ' %q' "${qemu[@]}"; echo; } >&3
printf 'vhyp-run: timeout %s s, started %s\n' "$timeout" "$(date -u +%FT%TZ)" >&3
echo "# $name: $cpu, $smp CPUs, GICv$gic, virtualization=$virt$secure, kernel $series; console in $rel"

n=0 failed=0 plan= done=0 bad=
rcfile=$out/$name.rc
rm -f "$rcfile"
start=$SECONDS

# report OK|"not ok" DESC: one host-numbered result.
report() {
	n=$((n + 1))
	[ "$1" = ok ] || failed=$((failed + 1))
	echo "$1 $n - $2"
}

# Kernel lines start with a [seconds.micro] stamp (printk.time=1); only
# those count, so that a test printing these words cannot trip the check.
kbad='\[ *[0-9]+\.[0-9]+\] .*(Kernel panic|Internal error: Oops|Oops|BUG:|WARNING:|Unable to handle|rcu: INFO:.*detected stall)'

while IFS= read -r line || [ -n "$line" ]; do
	line=${line%$'\r'}
	printf '%s\n' "$line" >&3
	case $line in
	*"TAP: "*)
		tap=${line#*TAP: }
		if [[ $tap =~ ^(not\ ok|ok)([[:space:]]+[0-9]+)?[[:space:]]*(-[[:space:]]*)?(.*)$ ]]; then
			report "${BASH_REMATCH[1]}" "${BASH_REMATCH[4]}"
		elif [[ $tap =~ ^1\.\.([0-9]+) ]]; then
			plan=${BASH_REMATCH[1]}
		elif [[ $tap == \#* ]]; then
			echo "$tap"
		else
			# nothing else is part of the protocol ("Bail out!" would
			# stop all of prove): pass it on as a comment
			echo "# $tap"
		fi
		;;
	*)
		[[ $line != *VHYP-TESTS-DONE* ]] || done=1
		if [ $live = 1 ]; then printf '%s\n' "$line"; fi
		;;
	esac
	if [ -z "$bad" ] && [[ $line != *"TAP: "* ]] && [[ $line =~ $kbad ]]; then
		bad=$line
	fi
done < <(
	set +e
	timeout --foreground -k 5 "$timeout" "${qemu[@]}" </dev/null 2>&1
	echo $? >"$rcfile"
)

rc=$(cat "$rcfile" 2>/dev/null || echo 255)
rm -f "$rcfile"
elapsed=$((SECONDS - start))
printf 'vhyp-run: QEMU exit status %s after %s s\n' "$rc" "$elapsed" >&3
exec 3>&-

guest=$n
case $rc in
0)	report ok "QEMU exited by itself ($elapsed s)" ;;
124|137) report "not ok" "QEMU timed out after $timeout s; console in $rel" ;;
*)	report "not ok" "QEMU failed with exit status $rc; console in $rel"
	tail -n 3 "$log" | sed 's/^/#   /' ;;
esac

if [ $done = 0 ]; then
	report "not ok" "guest did not finish (no VHYP-TESTS-DONE); console in $rel"
elif [ -n "$plan" ] && [ "$plan" != "$guest" ]; then
	report "not ok" "guest planned $plan tests but ran $guest; console in $rel"
elif [ $guest = 0 ]; then
	report "not ok" "guest ran no tests; console in $rel"
else
	report ok "guest finished its $guest tests"
fi

if [ -z "$bad" ]; then
	report ok "console free of kernel panic/Oops/BUG/WARNING"
else
	report "not ok" "kernel trouble on the console, see $rel: ${bad:0:160}"
fi

echo "1..$n"
[ $failed = 0 ] || echo "# $failed of $n failed; console in $rel"
[ $failed = 0 ]
