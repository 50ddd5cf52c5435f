#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one payload, tools/inmates/NAME.elf, on the bare QEMU virt machine
# (no hypervisor: it starts at EL1, MMU off, PSCI over HVC) and print its
# console for SECONDS of wall-clock time.  The figures to compare a cell's
# with.
#
#   tests/bench/baremetal.sh [options] NAME [SECONDS [QEMU-ARG...]]
#
#   --icount      deterministic timing: -icount shift=0,sleep=off (one
#                 virtual nanosecond per instruction, single-threaded TCG)
#   --smp N       CPUs (2)
#   --input TEXT  typed on the console after the payload has run for
#                 SECONDS - 1 seconds (e.g. 'h' for timer-demo's histogram)
#
# SECONDS defaults to 10.  The payload's "q" (SYSTEM_OFF) ends QEMU
# earlier.  Builds NAME.elf first.  Waits for tests/out/.qemu.lock, like
# tests/qemu/run.sh: one QEMU at a time.  Output without carriage returns;
# exits 0 when QEMU ran until the end (or powered off), 1 otherwise.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
die() { echo "baremetal.sh: $*" >&2; exit 2; }

icount=() smp=2 input=
while [ $# -gt 0 ]; do
	case $1 in
	--icount)	icount=(-icount "shift=0,sleep=off"); shift ;;
	--smp)		smp=$2; shift 2 ;;
	--input)	input=$2; shift 2 ;;
	-h|--help)	sed -n '4,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*)		die "unknown option $1" ;;
	*)		break ;;
	esac
done
[ $# -ge 1 ] || die "usage: baremetal.sh [options] NAME [SECONDS [QEMU-ARG...]]"
name=$1 secs=${2:-10}
shift $(($# >= 2 ? 2 : 1))
case $secs in ''|*[!0-9]*) die "SECONDS must be a whole number, not '$secs'" ;; esac

[ -d "$top/tools/inmates/$name" ] || die "no payload tools/inmates/$name"
make -s -C "$top/tools/inmates" "$name.elf" >&2 || die "could not build $name.elf"

mkdir -p "$top/tests/out"
exec 9>"${VHYP_QEMU_LOCK:-$top/tests/out/.qemu.lock}"
if ! flock -n 9; then
	echo "baremetal.sh: waiting for another QEMU to finish (tests/out/.qemu.lock)" >&2
	flock 9
fi

qemu=(qemu-system-aarch64 -machine "virt,gic-version=3" -cpu cortex-a57
	-smp "$smp" -m 256M -nographic -no-reboot -nic none
	"${icount[@]}" -kernel "$top/tools/inmates/$name.elf" "$@")

# The console's input: nothing, or INPUT once the payload has run a while
# (read -t sleeps without a child process, so that one kill ends it).
feeder=
if [ -n "$input" ]; then
	exec 3< <(read -rt $((secs > 1 ? secs - 1 : 0)) <> <(:) || true
		  printf '%s' "$input")
	feeder=$!
else
	exec 3</dev/null
fi

set +e
timeout --foreground -k 5 "$secs" "${qemu[@]}" <&3 | tr -d '\r'
rc=${PIPESTATUS[0]}
set -e
[ -z "$feeder" ] || kill "$feeder" 2>/dev/null || true
case $rc in
0|124) exit 0 ;;
137) echo "baremetal.sh: QEMU ignored SIGTERM and was killed" >&2; exit 0 ;;
*) echo "baremetal.sh: QEMU exited with status $rc" >&2; exit 1 ;;
esac
