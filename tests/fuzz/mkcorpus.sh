#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Write the seed corpora of the fuzz targets, tests/fuzz/corpus/TARGET/,
# from what the repository already has (they are committed; run this again
# when the configs or the structs change, and commit what changed):
#
#   config, linux_dt  the cell and system configs of tools/configs/, the
#                     cells of tests/qemu/, tests/unit/configs/good/ and the
#                     boot device tree of tests/unit/configs/live/, compiled
#                     with dtc; linux_dt also a tree with /chosen and seeds
#   linux_image       the 64-byte headers of the Debian kernels in .cache/
#                     (only the header: not the kernel), each gzipped too
#                     with 4 KiB of zeros behind it, and a pre-3.17 header
#   driver            one valid argument struct per ioctl, cell configs
#                     (hello.dts, full.dts, the channels of ping and pong)
#                     with a machine they fit, and an image load
#                     (the layouts of tests/fuzz/driver_fuzz.c, packed by perl)
#   vio               programs of a driver (tests/fuzz/vio_fuzz.c): a request
#                     to each device, an indirect one, a loop, a reset
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
c=$top/tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$c"/{config,linux_dt,linux_image,driver,vio}

# dtb NAME.dts: compiled to stdout
dtb() { dtc -q -I dts -O dtb -o - "$1"; }

for f in "$top"/tools/configs/*/*.dts "$top"/tests/qemu/cell-*.dts \
	 "$top"/tests/unit/configs/good/*.dts "$top"/tests/unit/configs/live/*.dts \
	 "$top"/tests/unit/configs/system.dts; do
	name=$(echo "${f#"$top"/}" | tr / -)
	name=${name%.dts}.dtb
	dtb "$f" > "$c/config/$name"
	cp "$c/config/$name" "$c/linux_dt/$name"
done
cat > "$tmp/chosen.dts" <<'DTS'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	chosen {
		bootargs = "console=ttyAMA0";
		kaslr-seed = /bits/ 64 <0x1234>;
		rng-seed = [00 01 02 03];
	};
	memory@40000000 {
		device_type = "memory";
		reg = <0x0 0x40000000 0x0 0x8000000>;
	};
};
DTS
dtb "$tmp/chosen.dts" > "$c/linux_dt/user-chosen-seeds.dtb"

for k in "$top"/.cache/kernel/*/boot/vmlinuz-*; do
	[ -L "$(dirname "$(dirname "$k")")" ] && continue	# 6.1 -> 6.1.0-56-arm64
	v=${k##*/vmlinuz-}
	head -c 64 "$k" > "$c/linux_image/header-$v"
	{ head -c 64 "$k"; head -c 4096 /dev/zero; } | gzip -9n > "$c/linux_image/header-$v.gz"
done
# before Linux 3.17: text_offset and image_size 0
perl -e 'print pack("a8 Q< Q< Q< a24 a4 a4", "", 0, 0, 0, "", "ARM\x64", "")' \
	> "$c/linux_image/header-pre-3.17"

# driver: the selector byte, then the struct (uapi/vhyp/ioctl.h layouts)
d=$c/driver
perl -e 'print pack("C L< x124", 0, 128)' > "$d/get-info"
perl -e 'print pack("C L< L< Q< x32", 1, 48, 1, 0x9000000)' > "$d/enable-uart"
perl -e 'print pack("C L< L< x144", 2, 152, 1)' > "$d/cpu-stats"
perl -e 'print pack("C L< L< Q< L< L< Q< x16", 3, 48, 0, 0x1000, 4096, 1, 0)' > "$d/console-read"
perl -e 'print pack("C L< L< Q< x32", 4, 48, 1, 1000)' > "$d/bench"
perl -e 'print pack("C L< L< Q< L< L<", 5, 24, 1, 0x1000, 16, 0)' > "$d/console-write"
perl -e 'print pack("C L< L< x3416", 6, 3424, 3)' > "$d/cell-create"
perl -e 'print pack("C L< L< L< L< Q< Q< Q<", 7, 40, 1, 1, 0, 0x40000000, 0x1000, 4096)' > "$d/cell-load"
for i in 8 9 10; do perl -e "print pack('C L< L< x16', $i, 24, 1)" > "$d/cell-ref-$i"; done
perl -e 'print pack("C L< L< x400", 11, 408, 1)' > "$d/cell-info"
perl -e 'print pack("C L< L< Q< x16", 12, 32, 1, 0x1000)' > "$d/cell-config"
perl -e 'print pack("C L< L< x192", 13, 200, 1)' > "$d/channel-info"
perl -e 'print pack("C L< L< a16 x16", 14, 40, 1, "link")' > "$d/channel-open"
# struct vhyp_cell_config (perl): cfg(NAME, CPUS, [[NAME, IPA, SIZE, FLAGS]...],
# [[NAME, BASE, SIZE]...], [INTID...], [TYPE, IRQ, IPA], [[NAME, PEER, IPA, SIZE, FLAGS, IRQ]...],
# [[NAME, TYPE, IRQ, IPA, FLAGS, MAC, BACKEND]...])
cfg='sub cfg { my ($n, $cpus, $m, $d, $i, $c, $ch, $v) = @_;
	$ch ||= [];
	$v ||= [];
	my $s = pack("L< L< a32 Q< L< L< L< L<", 3424, 3, $n, $cpus, scalar @$m, scalar @$d,
		     scalar @$i, 0);
	$s .= pack("a16 Q< Q< L< L<", @$_, 0) for @$m;
	$s .= "\0" x (40 * (16 - @$m));
	$s .= pack("a16 Q< Q<", @$_) for @$d;
	$s .= "\0" x (32 * (16 - @$d));
	$s .= pack("L<32", @$i) . pack("L< L< Q<", @$c) . pack("L< L<", scalar @$ch, 0);
	$s .= pack("a16 a32 Q< Q< L< L<", @$_) for @$ch;
	$s .= "\0" x (72 * (8 - @$ch)) . pack("L< L<", scalar @$v, 0);
	$s .= pack("a16 L< L< Q< L< a6 x2 a128 x4", @$_) for @$v;
	$s .= "\0" x (176 * (8 - @$v)) . "\0" x 64;
	return $s; }'
# tools/configs/qemu-virt/hello.dts: CPU 3, 64 MiB, the console with SPI 1
hello='cfg("hello", 8, [["ram", 0x40000000, 0x4000000, 7]], [], [], [1, 33, 0x9000000])'
# tests/unit/configs/good/full.dts, less its identity region: CPUs 2 and 3,
# two regions, two devices with three SPIs
full='cfg("full", 12, [["ram", 0x40000000, 0x4000000, 7], ["rom", 0, 0x10000, 5]],
	  [["uart1", 0x9040000, 0x1000], ["blk", 0xa000000, 0x10000]], [40, 48, 49],
	  [1, 33, 0x9000000])'
# tests/unit/configs/good/channels.dts and pong.dts (their channel 'link' between
# them, 'log' and 'stats' with the root; flags: 1 read-only, 2 the root's)
ping='cfg("ping", 4, [["ram", 0x40000000, 0x4000000, 7]], [], [], [1, 33, 0x9000000],
	  [["link", "pong", 0x50000000, 0x10000, 0, 34], ["log", "root", 0x50011000, 0x1000, 2, 35]])'
pong='cfg("pong", 8, [["ram", 0x40000000, 0x4000000, 7]], [], [], [0, 0, 0],
	  [["link", "ping", 0x48000000, 0x10000, 0, 34], ["stats", "root", 0x48100000, 0x2000, 2, 0]])'
# struct fuzz_env: 4 CPUs online, 2 GiB of RAM at 0x40000000, 256 SPIs, the
# other cell in slot OTHER
env='sub env { pack("L< L< Q< Q< Q< Q< C x7", 4, 288, 15, 0x80000, 0x40000000, 0x80000000,
		    $_[0]) }'
perl -e "$cfg; $env; print pack('C', 15), env(0), $hello" > "$d/cell-config-hello"
perl -e "$cfg; $env; print pack('C', 15), env(1), $full, $hello" > "$d/cell-config-full"
# refused: a device's SPI is the console's (the one check 12 million runs did not reach)
perl -e "$cfg; $env; \$_ = $full; s/\x28\0\0\0\x30/\x21\0\0\0\x30/; print pack('C', 15), env(1), \$_" \
	> "$d/cell-config-console-spi"
# channels: ping alone, then pong joining it
perl -e "$cfg; $env; print pack('C', 15), env(0), $ping" > "$d/cell-config-ping"
perl -e "$cfg; $env; print pack('C', 15), env(2), $pong, $ping" > "$d/cell-config-pong"
# virtio (tests/unit/configs/good/virtio.dts): a read-only disk, a network card
vio='cfg("vio", 4, [["ram", 0x40000000, 0x4000000, 7]], [], [], [1, 33, 0x9000000], [],
	 [["disk", 2, 80, 0xc000000, 1, "", "/var/lib/vhyp/vio-disk.img"],
	  ["net0", 1, 81, 0xc001000, 0, "\x02\0\0\0\0\x01", "vhyp-tap0"]])'
perl -e "$cfg; $env; print pack('C', 15), env(0), $vio" > "$d/cell-config-virtio"
perl -e "$cfg; print pack('C C L< L< L< L< Q< Q< Q<', 16, 0, 40, 1, 1, 0, 0x40000000, 0x1000,
	 4096), $hello" > "$d/load-hello"

# vio: the records of tests/fuzz/vio_fuzz.c; RAM offsets from its base, the
# buffers at 0x40000 and up; devices 0 rng, 1 blk, 2 net, 3 console
v=$c/vio
rec='sub desc { pack("C C C C l< L< S< S<", 0, @_) }
	sub avail { pack("C C C S<", 1, @_) } sub kick { pack("C C C", 2, @_) }
	sub mmio { pack("C C S< L<", 3, @_) } sub ram { pack("C L< C", 4, $_[0], length $_[1]) . $_[1] }
	sub input { pack("C C C", 7, $_[0], length $_[1]) . $_[1] }'
perl -e "$rec; print desc(0, 0, 0, 0x40000, 64, 2, 0), avail(0, 0, 0), kick(0, 0)" > "$v/rng"
perl -e "$rec; print ram(0x40100, pack('L< L< Q<', 0, 0, 1)), desc(1, 0, 0, 0x40100, 16, 1, 1),
	 desc(1, 0, 1, 0x40200, 512, 3, 2), desc(1, 0, 2, 0x40400, 1, 2, 0), avail(1, 0, 0),
	 kick(1, 0)" > "$v/blk-read"
perl -e "$rec; print ram(0x40100, pack('L< L< Q<', 1, 0, 2)),
	 ram(0x40800, pack('Q< L< S< S<' x 3, 0x40040100, 16, 1, 1, 0x40040200, 512, 1, 2,
			   0x40040400, 1, 2, 0)),
	 desc(1, 0, 0, 0x40800, 48, 4, 0), avail(1, 0, 0), kick(1, 0)" > "$v/blk-write-indirect"
perl -e "$rec; print ram(0x40100, \"\0\" x 12 . \"\xff\" x 60), desc(2, 1, 0, 0x40100, 72, 0, 0),
	 avail(2, 1, 0), kick(2, 1), desc(2, 0, 0, 0x41000, 1526, 2, 0), avail(2, 0, 0), kick(2, 0),
	 input(0, \"\0\" x 12 . \"\xee\" x 60)" > "$v/net"
perl -e "$rec; print ram(0x40100, 'hello'), desc(3, 1, 0, 0x40100, 5, 0, 0), avail(3, 1, 0),
	 kick(3, 1), desc(3, 0, 0, 0x41000, 16, 2, 0), avail(3, 0, 0), kick(3, 0),
	 input(1, 'abc')" > "$v/console"
perl -e "$rec; print desc(0, 0, 0, 0x40000, 16, 3, 1), desc(0, 0, 1, 0x40000, 16, 3, 0),
	 avail(0, 0, 0), kick(0, 0), mmio(0, 0x70, 0), mmio(0, 0x70, 3)" > "$v/loop-reset"
