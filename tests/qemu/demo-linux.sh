#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo-linux` runs: boot the stock Debian kernel under QEMU
# (Cortex-A57, 4 CPUs, GICv3), enable vhyp in it, and boot the same kernel
# again in a two-CPU cell beside it (tools/configs/qemu-virt/linux-virtio.dts),
# with a busybox initramfs of its own (tests/linux-cell) that loads the
# virtio modules and goes on to its root filesystem on a virtio disk the
# root's backend serves; the cell's httpd answers wget from the root over
# a virtio-net link; type a command into the cell's shell, power it off.
# The console also goes to tests/out/demo-linux.log.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/qemu/demo-lib.sh"
demo_need demo-linux vhyp.ko tools/vhypctl/vhypctl
kernel=$(ls "$top"/.cache/kernel/6.1/boot/vmlinuz-* 2>/dev/null | head -n 1)
[ -n "$kernel" ] || { echo "demo-linux: no kernel in .cache/kernel/6.1; run make setup" >&2; exit 1; }
mkdir -p "$top/tests/out"
"$top/tests/linux-cell/mkinitrd.sh" --kernel 6.1 \
	--kmods virtio_mmio,virtio_blk,virtio_net,virtio_console,virtio-rng,crc32c_generic,ext4 \
	--disk "$top/tests/out/vdisk-6.1.img" 32 "$top/tests/out/linux-virtio-6.1.cpio.gz" || exit 1

export VHYP_EXTRA_FILES="$kernel
	$top/tests/out/linux-virtio-6.1.cpio.gz:/lib/vhyp-tests/linux-virtio.cpio.gz
	$top/tests/out/vdisk-6.1.img:/lib/vhyp-tests/vdisk.img"
demo_boot demo-linux --timeout 900 --append quiet --kmods tun demo-linux "$(basename "$kernel")"
