# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the .t files: what they build before QEMU boots.  Each sets
# $here (this folder), $top and $out (tests/out, created) first.

# The arm64 kernel of SERIES for a Linux cell and its initramfs: sets
# $kernel, or prints a failing plan and exits.
prep_linux_cell() {
	kernel=$(ls "$top"/.cache/kernel/"$1"/boot/vmlinuz-* 2>/dev/null | head -n 1)
	[ -n "$kernel" ] || { echo "1..1"; echo "not ok 1 - no kernel in .cache/kernel/$1"; exit 1; }
	"$top/tests/linux-cell/mkinitrd.sh" "$out/linux-cell.cpio.gz" || exit 1
}

# scenarios/traps.sh's files: the test modules, cell-pmu.dtb; sets $tidcp
# to 1 where QEMU traps IMPDEF registers for EL2 (HCR_EL2.TIDCP, 8.0 on).
prep_traps() {
	local qemu

	make -C "$top/tests/modules" >"$out/build-modules.log" 2>&1 ||
		echo "# building tests/modules failed: see tests/out/build-modules.log"
	dtc -q -I dts -O dtb -o "$out/cell-pmu.dtb" "$here/cell-pmu.dts" || exit 1
	qemu=$(qemu-system-aarch64 --version |
	       sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
	tidcp=0
	[ "${qemu:-0}" -ge 8 ] && tidcp=1
}
