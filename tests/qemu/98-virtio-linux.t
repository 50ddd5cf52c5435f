#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Virtio devices of a Linux cell (issue 15): Debian's kernel boots in a
# cell from a virtio disk, with virtio net, console and rng served by the
# root's backend (scenarios/virtio-linux.sh).  99-virtio-linux-612.t runs
# it with 6.12.  VIRTIO_SERIES: the kernel series (6.1); VIRTIO_MIB: MiB
# each way over the network (64).
here=$(dirname "$0")
top=$here/../..
out=$here/../out
series=${VIRTIO_SERIES:-6.1}
mkdir -p "$out"
. "$here/prep.sh"
prep_linux_cell "$series"
"$top/tests/linux-cell/mkinitrd.sh" --kernel "$series" \
	--kmods virtio_mmio,virtio_blk,virtio_net,virtio_console,virtio-rng,crc32c_generic,ext4 \
	--disk "$out/vdisk-$series.img" 32 "$out/linux-virtio-$series.cpio.gz" || exit 1
if [ "$series" != 6.1 ]; then
	make -C "$top/tests/modules" "vhyp-$series" >"$out/build-$series.log" 2>&1 ||
		echo "# building vhyp.ko for $series failed: see tests/out/build-$series.log"
fi
VHYP_EXTRA_FILES="$kernel $out/linux-virtio-$series.cpio.gz:/lib/vhyp-tests/linux-virtio.cpio.gz
	$out/vdisk-$series.img:/lib/vhyp-tests/vdisk.img" \
	exec "$here/run.sh" --kernel "$series" --suffix "$series" --timeout 900 \
	--kmods tun virtio-linux "$(basename "$kernel")" "${VIRTIO_MIB:-64}"
