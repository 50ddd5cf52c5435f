#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The initramfs a Linux cell boots in the tests: Debian's static busybox
# and tests/linux-cell/init, as a gzipped cpio; with --disk, the same tree
# as an ext4 disk image too (the virtio tests' root filesystem).
#
#   tests/linux-cell/mkinitrd.sh [--kernel SERIES] [--kmods LIST]...
#                                [--disk IMG MIB] OUT
#
#   --kernel SERIES   6.1 or 6.12: whose modules --kmods takes (6.1)
#   --kmods LIST      modules of Debian's kernel image package, with their
#                     dependencies, into /lib/modules-extra (see
#                     tests/qemu/kmods-lib.sh); /init loads them all
#   --disk IMG MIB    also write an ext4 image of MIB MiB with the tree,
#                     plus /www/index.html (for the cell's httpd)
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
die() { echo "mkinitrd.sh: $*" >&2; exit 1; }
series= kmods=() disk= disk_mib=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel)	series=$2; shift 2 ;;
	--kmods)	kmods+=("$2"); shift 2 ;;
	--disk)		disk=$2; disk_mib=$3; shift 3 ;;
	-*)		die "unknown option $1" ;;
	*)		break ;;
	esac
done
out=${1:?usage: mkinitrd.sh [--kernel SERIES] [--kmods LIST]... [--disk IMG MIB] OUT}
busybox=$top/.cache/busybox/bin/busybox
[ -x "$busybox" ] || die "no $busybox; run tools/setup.sh first"
. "$top/tests/qemu/kmods-lib.sh"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/proc" "$stage/sys" "$stage/dev"
install -m 0755 "$busybox" "$stage/bin/busybox"
install -m 0755 "$top/tests/linux-cell/init" "$stage/init"
[ ${#kmods[@]} -eq 0 ] || kmods_stage "$stage/lib/modules-extra" "${kmods[@]}"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) >"$out"
if [ -n "$disk" ]; then
	mkdir -p "$stage/www" "$stage/mnt" "$stage/tmp"
	echo "vhyp: served by the Linux cell's httpd" >"$stage/www/index.html"
	rm -f "$disk"
	PATH=$PATH:/sbin:/usr/sbin mke2fs -q -t ext4 -E root_owner=0:0 -d "$stage" \
		"$disk" "${disk_mib}M" || die "mke2fs could not build $disk"
fi
