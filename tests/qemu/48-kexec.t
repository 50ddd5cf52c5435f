#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kexec with a cell running (scenarios/power.sh kexec): tests/kexec/
# kexec-load loads the same Debian kernel with an initramfs of the same
# scenario; at kexec the driver's reboot notifier destroys the cell and
# disables vhyp before the kernel hands over.
#
# The second kernel never starts here, with or without vhyp: under QEMU 7.2
# (TCG) and Debian's 6.1 kernel, which has no kexec_file_load(), the page
# kexec_load() put at the entry is found empty once the kernel has
# relocated the segments, and the CPU loops in an exception vector with
# its MMU off (tests/README.md).  So QEMU is stopped after 60 s, and what
# depends on the second kernel is a TODO test.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/tests/out
. "$here/console-lib.sh"
mkdir -p "$out"
make -C "$top/tests/kexec" >"$out/build-kexec.log" 2>&1 ||
	echo "# building tests/kexec failed: see tests/out/build-kexec.log"
kernel=$(ls "$top"/.cache/kernel/6.1/boot/vmlinuz-* 2>/dev/null | head -n 1)
[ -n "$kernel" ] || { echo "1..0 # SKIP no 6.1 kernel in .cache (tools/setup.sh 6.1)"; exit 0; }
# the second kernel's initramfs: the same scenario, in the same mode
printf 'kexec\n' >"$out/power-kexec2.args"
"$here/initramfs.sh" --scenario "$here/scenarios/power.sh" --kernel 6.1 \
	--vhyp-ko "${VHYP_KO:-$top/vhyp.ko}" "$out/power-kexec2.cpio.gz" \
	"$out/power-kexec2.args:/scenario.args" || exit 1
rm -f "$out/power-kexec2.args"
export VHYP_EXTRA_FILES="$kernel:/lib/vhyp-tests/Image $out/power-kexec2.cpio.gz:/lib/vhyp-tests/initrd.cpio.gz $top/tests/kexec/kexec-load"
CONSOLE_TODO_TIMEOUT="the second kernel never starts (see the top of 48-kexec.t)" \
	console_begin "$out/power-kexec.log" --suffix kexec --timeout 60 power kexec
console_check "the notifier destroyed the cell and disabled vhyp, then kexec started the new kernel" \
	"vhyp-power: kexec with cell hello running" \
	"vhyp: cell 'hello' destroyed" "vhyp: disabled" \
	"vhyp: starting a new kernel (kexec): cells destroyed and the hypervisor disabled" \
	"kexec_core: Starting new kernel" "Bye!"
_c_rc_keep=$_c_rc
_c_rc=0
console_check "the second kernel came up, every CPU at EL2 # TODO kexec_load under QEMU TCG" \
	"Bye!" "CPU: All CPU(s) started at EL2" "vhyp-power: the second kernel runs, CPUs online: 0-3"
_c_rc=$_c_rc_keep
console_end
