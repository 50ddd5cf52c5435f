#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the initramfs the QEMU tests boot.
#
#   tests/qemu/initramfs.sh [options] OUT.cpio.gz [FILE[:DEST]...]
#
#   --scenario FILE   copied to /scenario, which /init runs (default: none,
#                     /init then only reports that there is nothing to do)
#   --vhyp-ko FILE    the vhyp.ko to use (default: vhyp.ko at the repo root)
#   --modules DIR     test modules, DIR/*.ko (default: tests/modules)
#   --kernel SERIES   6.1, 6.12 or 6.12-rt: the series the modules are meant for;
#                     used to warn when a module does not match it, and to
#                     find the --kmods (default 6.1 for those)
#   --kmods LIST      modules of Debian's kernel image package, from
#                     .cache/kernel/SERIES/lib/modules/*/kernel/: LIST is
#                     module names separated by spaces or commas, or @FILE
#                     with names one a line (# comments); repeatable.  Each
#                     comes with what it depends on (modinfo's "depends",
#                     and softdeps "pre:" that are modules of the tree;
#                     what is built into the kernel is left out), xz- or
#                     zstd-compressed ones decompressed here (busybox
#                     insmod may not read them).  The guest's lib.sh
#                     loads one with its chain: kmod_load NAME.
#
# Contents:
#   /bin/busybox              static arm64 busybox (links made by /init)
#   /init                     tests/qemu/init
#   /scenario                 --scenario
#   /bin/vhypctl              tools/vhypctl/vhypctl, when built
#   /lib/vhyp-tests/vhyp.ko   when built
#   /lib/vhyp-tests/*.ko      test modules, when built
#   /lib/vhyp-tests/ioctl-fuzz  tests/hostile/ioctl-fuzz, when built
#   /lib/vhyp-tests/chan-xfer   tests/hostile/chan-xfer, when built
#   /lib/vhyp-tests/*.sh      tests/qemu/guest/*.sh (lib.sh, workload.sh)
#   /lib/vhyp-tests/*.bin     tools/inmates/*.bin, the payloads for cells
#   /lib/modules-extra/NAME.ko      each --kmods module and its dependencies
#   /lib/modules-extra/NAME.chain   the modules to insmod for NAME, in
#                             load order (its dependencies first, NAME last)
#   /lib/vhyp-tests/configs/BOARD/NAME.dtb
#                             tools/configs/BOARD/NAME.dts, compiled
#   FILE[:DEST]               extra files; DEST defaults to
#                             /lib/vhyp-tests/<name of FILE>
#
# Missing artifacts are left out rather than treated as errors: the
# scenario that needs them then fails with a message that names them,
# which says more than a build error here would.
#
# The archive is reproducible (same inputs, same bytes): sorted names,
# owner root, all times set to SOURCE_DATE_EPOCH (default 0), and no name
# or time in the gzip header.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/qemu
die() { echo "initramfs.sh: $*" >&2; exit 1; }

scenario= vhyp_ko=$top/vhyp.ko modules=$top/tests/modules series= kmods=()
while [ $# -gt 0 ]; do
	case $1 in
	--scenario)	scenario=$2; shift 2 ;;
	--kmods)	kmods+=("$2"); shift 2 ;;
	--vhyp-ko)	vhyp_ko=$2; shift 2 ;;
	--modules)	modules=$2; shift 2 ;;
	--kernel)	series=$2; shift 2 ;;
	-h|--help)	sed -n '4,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*)		die "unknown option $1" ;;
	*)		break ;;
	esac
done
[ $# -ge 1 ] || die "usage: initramfs.sh [options] OUT.cpio.gz [FILE[:DEST]...]"
out=$1; shift

busybox=$top/.cache/busybox/bin/busybox
[ -x "$busybox" ] || die "no $busybox; run tools/setup.sh (or make setup) first"

stage=$(mktemp -d "${TMPDIR:-/tmp}/vhyp-initramfs.XXXXXX")
trap 'rm -rf "$stage" "$stage.dtb"' EXIT

# put SRC DEST [MODE]: copy one file into the image.
put() {
	mkdir -p "$stage$(dirname "$2")"
	cp -L "$1" "$stage$2"
	chmod "${3:-0644}" "$stage$2"
}

. "$here/kmods-lib.sh"

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc,lib/vhyp-tests}
put "$busybox" /bin/busybox 0755
ln -s busybox "$stage/bin/sh"
put "$here/init" /init 0755
[ -n "$scenario" ] && put "$scenario" /scenario 0755

[ -f "$top/tools/vhypctl/vhypctl" ] && put "$top/tools/vhypctl/vhypctl" /bin/vhypctl 0755
if [ -f "$vhyp_ko" ]; then
	check_vermagic "$vhyp_ko"
	put "$vhyp_ko" /lib/vhyp-tests/vhyp.ko
fi
for f in "$modules"/*.ko; do
	[ -f "$f" ] || continue
	check_vermagic "$f"
	put "$f" "/lib/vhyp-tests/${f##*/}"
done
[ -f "$top/tests/hostile/ioctl-fuzz" ] &&
	put "$top/tests/hostile/ioctl-fuzz" /lib/vhyp-tests/ioctl-fuzz 0755
[ -f "$top/tests/hostile/chan-xfer" ] &&
	put "$top/tests/hostile/chan-xfer" /lib/vhyp-tests/chan-xfer 0755
for f in "$here"/guest/*.sh; do
	[ -f "$f" ] || continue
	put "$f" "/lib/vhyp-tests/${f##*/}" 0755
done
for f in "$top"/tools/inmates/*.bin; do
	[ -f "$f" ] || continue
	put "$f" "/lib/vhyp-tests/${f##*/}" 0644
done
# the shipped cell configs, compiled here: the guest has no dtc
for f in "$top"/tools/configs/*/*.dts; do
	[ -f "$f" ] || continue
	board=${f%/*}
	board=${board##*/}
	dtb=$stage.dtb/$board/$(basename "$f" .dts).dtb
	mkdir -p "${dtb%/*}"
	dtc -q -I dts -O dtb -o "$dtb" "$f" || die "dtc failed on $f"
	put "$dtb" "/lib/vhyp-tests/configs/$board/${dtb##*/}" 0644
done

# --- modules of the kernel image package (--kmods)
[ ${#kmods[@]} -eq 0 ] || kmods_stage "$stage/lib/modules-extra" "${kmods[@]}"

for spec in "$@"; do
	src=${spec%%:*}
	dest=${spec#*:}
	[ "$dest" != "$spec" ] || dest=/lib/vhyp-tests/${src##*/}
	[ -f "$src" ] || die "no such file: $src"
	put "$src" "$dest" "$(stat -c %a "$src")"
done

epoch=${SOURCE_DATE_EPOCH:-0}
find "$stage" -exec touch -h -d "@$epoch" {} +
mkdir -p "$(dirname "$out")"
# gzip -1: the image is mostly busybox, and at -1 it is built in a tenth of
# the time of -9 for a few percent more bytes, which QEMU loads in no time.
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --reproducible --quiet | gzip -n -1) >"$out.tmp"
mv "$out.tmp" "$out"
