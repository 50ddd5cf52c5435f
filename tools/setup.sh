#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what vhyp needs on a Debian 12 x86-64 (or arm64) machine and fill
# the project-local cache (.cache/) with Debian's arm64 kernels, their headers
# and a static busybox.  Safe to run again: it only does what is missing.
#
#   tools/setup.sh            packages + the default kernel (6.1)
#   tools/setup.sh 6.1 6.12 6.12-rt
#                             packages + the three kernels make check needs
#                             (6.12-rt: Debian's PREEMPT_RT build of 6.12)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${VHYP_CACHE:-$top/.cache}
say() { echo "setup: $*" >&2; }
die() { echo "setup: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] && sudo= || sudo=sudo
host=$(dpkg --print-architecture)

packages=(make gcc device-tree-compiler cpio gzip xz-utils kmod bc perl file
	  e2fsprogs		# mke2fs -d: the virtio tests' disk images
	  man-db groff-base dkms
	  sparse cppcheck	# for make lint (tests/lint.sh)
	  gnuplot-nox		# for make bench's bench/latency.png
	  clang libclang-rt-14-dev)	# libFuzzer, for make fuzz (tests/fuzz)
# libfdt-dev is not Multi-Arch: its amd64 and arm64 builds cannot be
# installed together, and the static arm64 vhypctl needs the arm64 one.  The
# host build of vhypctl (tools/Makefile) links libfdt1's libfdt.so.1 instead
# (qemu-system-arm brings it too; named here because vhypctl-host needs it).
if [ "$host" != arm64 ]; then
	packages+=(qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
		   linux-kbuild-6.1 libfdt-dev:arm64 libfdt1
		   zlib1g-dev:arm64 zlib1g-dev)	# Image.gz for vhypctl load --kernel
else
	packages+=(libfdt-dev zlib1g-dev)
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$host" != arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
		say "adding the arm64 architecture to dpkg"
		$sudo dpkg --add-architecture arm64
	fi
	say "installing ${missing[*]}"
	$sudo apt-get update -q >/dev/null
	# no recommends: dkms would bring the host's kernel headers
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed; run it by hand to see why"
fi

# Debian's arm64 kernels: the image (for QEMU) and the headers (to build
# the module against), unpacked with dpkg -x, never installed.
fetch() {	# fetch DIR PACKAGE...
	local dir=$1; shift
	local tmp
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download "$@" >/dev/null 2>&1) ||
		{ $sudo apt-get update -q >/dev/null;
		  (cd "$tmp" && apt-get download "$@" >/dev/null 2>&1); } ||
		die "apt-get download $* failed"
	mkdir -p "$dir"
	for d in "$tmp"/*.deb; do dpkg -x "$d" "$dir"; done
	rm -rf "$tmp"
}

kernel() {	# kernel SERIES: 6.1, 6.12 or 6.12-rt
	local series=$1 meta abi dir
	case $series in
	6.1)  meta=linux-headers-arm64:arm64 ;;
	6.12) meta=linux-headers-6.12-arm64:arm64 ;;
	6.12-rt) meta=linux-headers-6.12-rt-arm64:arm64 ;;
	*)    die "unknown kernel series '$series' (6.1, 6.12 or 6.12-rt)" ;;
	esac
	abi=$(apt-cache depends "$meta" 2>/dev/null |
	      sed -n 's/.*Depends: linux-headers-\(.*-arm64\)\(:arm64\)\?$/\1/p' | head -n1)
	if [ -z "$abi" ]; then
		$sudo apt-get update -q >/dev/null
		abi=$(apt-cache depends "$meta" |
		      sed -n 's/.*Depends: linux-headers-\(.*-arm64\)\(:arm64\)\?$/\1/p' | head -n1)
	fi
	[ -n "$abi" ] || die "cannot tell which kernel $meta stands for"
	dir=$cache/kernel/$abi
	if [ ! -e "$dir/.done" ]; then
		say "fetching Debian's arm64 kernel $abi"
		rm -rf "$dir"
		local common kbuild
		# -common, or -common-rt for the RT kernel
		common=$(apt-cache depends "linux-headers-$abi:arm64" |
			 sed -n 's/.*Depends: <\?\(linux-headers-.*-common[^:>]*\).*/\1/p' | head -n1)
		kbuild=$(apt-cache depends "linux-headers-$abi:arm64" |
			 sed -n 's/.*Depends: <\?\(linux-kbuild-[^:>]*\).*/\1/p' | head -n1)
		fetch "$dir" "linux-image-$abi-unsigned:arm64" "linux-headers-$abi:arm64" "$common"
		if [ "$host" != arm64 ] && [ -n "$kbuild" ] && [ ! -d "/usr/lib/$kbuild" ]; then
			DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$kbuild" >/dev/null ||
				die "apt-get install $kbuild failed"
		fi
		local hdr=$dir/usr/src/linux-headers-$abi
		# The headers' Makefile includes the -common tree by absolute path.
		sed -i "s|/usr/src/linux-headers-|$dir/usr/src/linux-headers-|" "$hdr/Makefile"
		# scripts/ and tools/ are relative links into the kbuild package,
		# which is installed for the host (on x86-64 its amd64 build
		# works for cross builds); point them at the installed copy.
		local l t h
		for h in "$dir"/usr/src/linux-headers-*; do
			for l in scripts tools; do
				[ -L "$h/$l" ] || continue
				t=$(readlink "$h/$l")
				case $t in /*) continue ;; esac
				ln -sfn "/usr/lib/${t##*/lib/}" "$h/$l"
				[ -d "$h/$l/" ] ||
					die "$h/$l points at $(readlink "$h/$l"), which is not installed"
			done
		done
		touch "$dir/.done"
	fi
	ln -sfn "$abi" "$cache/kernel/$series"
}

if [ ! -x "$cache/busybox/bin/busybox" ]; then
	say "fetching busybox-static:arm64"
	fetch "$cache/busybox.tmp" busybox-static:arm64
	rm -rf "$cache/busybox"
	mv "$cache/busybox.tmp" "$cache/busybox"
fi

series=("${@:-6.1}")
for s in "${series[@]}"; do
	kernel "$s"
done
say "ready"
