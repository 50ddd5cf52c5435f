#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of 'vhypctl load CELL --kernel IMAGE' (TAP, run by prove):
# the arm64 Image header (plain and gzipped), where the kernel, device
# tree and initrd go in the cell's RAM, the refusals, and the device tree
# vhypctl builds (read back with fdtget) or patches (--dtb).  Against the
# fake /dev/vhyp (fake_vhyp.so), which writes what it is given to
# FAKE_VHYP_LOAD_DIR/IPA.  Then the real Debian kernel of .cache/kernel.
set -u

. "$(dirname "$0")/vhypctl-lib.sh"
unit_build tools fake_vhyp.so
unit_need dtc fdtget python3 gzip

# run_fake ARGS...: against the fake driver with one cell, linux (id 1,
# CPUs 2 and 3: mask 0xc); what it loads goes to $tmp/img/IPA
run_fake() {
	: >"$tmp/log"
	rm -rf "$tmp/img"
	mkdir "$tmp/img"
	FAKE_VHYP_ENABLED=1 FAKE_VHYP_CPUS=4 FAKE_VHYP_LOG=$tmp/log \
		FAKE_VHYP_CELLS=${CELLS-linux:created:c} FAKE_VHYP_LOAD_DIR=$tmp/img \
		LD_PRELOAD=$FAKE run --device /fake/vhyp "$@"
	log=$(<"$tmp/log")
}
# the linux cell of tools/configs: 256 MiB at 0x40000000, console at 0x9000000
run_linux() {
	run_fake load linux --config "$CFG/linux.dts" --system "$CFG/system.dts" "$@"
}

is_error() {
	[ "$rc" = "$1" ] && [ -n "$err" ] && ! grep -qv '^vhypctl: ' <<<"$err"
}
py() { python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if ($1) else 1)" 2>/dev/null; }
# get NODE PROP [fdtget options]: from the device tree loaded at $dtb
get() {
	local opts=()

	while [[ ${1-} == -* ]]; do
		opts+=("$1")
		[ "$1" = -t ] && { opts+=("$2"); shift; }
		shift
	done
	fdtget "${opts[@]}" "$tmp/img/$dtb" "$@" 2>&1
}
cmp_files() { cmp -s "$1" "$2"; }

# image FILE TEXT_OFFSET IMAGE_SIZE FLAGS LENGTH [MAGIC]: a fake arm64 Image
image() {
	python3 - "$@" <<'EOF_PY'
import struct, sys
path, text, size, flags, length = sys.argv[1], *(int(a, 0) for a in sys.argv[2:6])
magic = sys.argv[6].encode() if len(sys.argv) > 6 else b'ARM\x64'
h = struct.pack('<IIQQQQQQ', 0x14000000, 0, text, size, flags, 0, 0, 0) + magic + bytes(4)
open(path, 'wb').write(h + bytes((i * 7) & 0xff for i in range(length - 64)))
EOF_PY
}

image "$tmp/Image" 0 0x1f00000 0xa 0x10000
gzip -n -c "$tmp/Image" >"$tmp/Image.gz"
printf 'INITRD' >"$tmp/initrd"

# --- help and usage -----------------------------------------------------------
run load --help
ok $([ $rc = 0 ] && has "--kernel IMAGE" "$out" && has "--initrd FILE" "$out" &&
     has "--cmdline TEXT" "$out" && has "--system SYSFILE" "$out"; echo $?) \
	"load --help documents --kernel, --initrd, --cmdline and --system"
while IFS='|' read -r args want; do
	# shellcheck disable=SC2086  # ARGS are words
	run --device /nonexistent $args
	ok $(is_error 1 && has "$want" "$err"; echo $?) "usage: '$args'"
done <<EOF_USAGE
load linux --kernel $tmp/Image $tmp/initrd|--kernel takes no other images
load linux --kernel $tmp/Image --entry 0x40000000|--entry does not go with --kernel
load linux --kernel $tmp/Image --dtb x.dtb@0x48000000|leave out the @IPA
load linux a.bin@0x40000000 --initrd $tmp/initrd|--initrd goes with --kernel only
load linux a.bin@0x40000000 --cmdline quiet|--cmdline goes with --kernel only
load linux --kernel|needs an argument
EOF_USAGE

# --- placement ------------------------------------------------------------------
run_linux --kernel "$tmp/Image" --initrd "$tmp/initrd"
ok $([ $rc = 0 ] && [ -z "$err" ] &&
     [ "$out" = "loaded Image (65536 bytes) at 0x40000000, device tree ($(stat -c %s "$tmp/img/0x42000000" 2>/dev/null) bytes) at 0x42000000, initrd (6 bytes) at 0x42200000 into cell linux; it starts at 0x40000000" ]; echo $?) \
	"--kernel: the sentence names the Image, device tree and initrd, their sizes and IPAs, and the entry"
ok $([ "$(cut -d' ' -f1-5 <<<"$log")" = "load id=1 flags=1 ipa=0x40000000 len=65536
load id=1 flags=2 ipa=0x42000000 len=$(stat -c %s "$tmp/img/0x42000000")
load id=1 flags=0 ipa=0x42200000 len=6" ]; echo $?) \
	"the kernel at the RAM base (text_offset 0) with VHYP_LOAD_ENTRY, the DTB at the first 2 MiB after image_size with VHYP_LOAD_X0, the initrd 2 MiB after it"
ok $(cmp_files "$tmp/Image" "$tmp/img/0x40000000" && cmp_files "$tmp/initrd" "$tmp/img/0x42200000"; echo $?) \
	"the Image and the initrd reach the driver unchanged"

image "$tmp/Image-to" 0x80000 0x1f00000 0xa 0x10000
run_linux --kernel "$tmp/Image-to"
ok $([ $rc = 0 ] && has "load id=1 flags=1 ipa=0x40080000 len=65536" "$log" &&
     has "flags=2 ipa=0x42000000" "$log" && [ "$(wc -l <<<"$log")" = 2 ]; echo $?) \
	"text_offset 0x80000: the kernel at base + 0x80000, the DTB 2 MiB aligned after base + 0x80000 + image_size; no initrd, no third image"
image "$tmp/Image-to2" 0x80000 0x1f80001 0xa 0x10000
run_linux --kernel "$tmp/Image-to2"
ok $([ $rc = 0 ] && has "flags=2 ipa=0x42200000" "$log"; echo $?) \
	"a kernel that ends one byte into a 2 MiB block pushes the DTB to the next one"
image "$tmp/Image-2m" 0 0x1e00000 0xa 0x10000
run_linux --kernel "$tmp/Image-2m"
ok $([ $rc = 0 ] && has "flags=2 ipa=0x41e00000" "$log"; echo $?) \
	"a kernel that ends on a 2 MiB boundary has the DTB right there"
image "$tmp/Image-old" 0 0 0 0x30000
run_linux --kernel "$tmp/Image-old"
ok $([ $rc = 0 ] && has "load id=1 flags=1 ipa=0x40080000 len=196608" "$log" &&
     has "flags=2 ipa=0x40200000" "$log"; echo $?) \
	"an old kernel (text_offset and image_size 0): at 0x80000, its file size as image_size"

run_linux --kernel "$tmp/Image.gz" --initrd "$tmp/initrd"
ok $([ $rc = 0 ] && has "loaded Image (65536 bytes) at 0x40000000" "$out" &&
     cmp_files "$tmp/Image" "$tmp/img/0x40000000"; echo $?) \
	"an Image.gz is decompressed: the driver gets the Image"

run_linux --json --kernel "$tmp/Image.gz" --initrd "$tmp/initrd"
ok $([ $rc = 0 ] && py 'd["ok"] and d["name"] == "linux" and d["id"] == 1 and d["entry"] == 0x40000000 and
     d["x0"] == 0x42000000 and d["kernel"]["gzip"] and d["kernel"]["image_size"] == 0x1f00000 and
     d["kernel"]["text_offset"] == 0 and d["kernel"]["file_size"] > 0 and len(d["images"]) == 3 and
     [i["what"] for i in d["images"]] == ["kernel", "dtb", "initrd"] and d["images"][0]["entry"] and
     d["images"][1]["dtb"] and d["images"][1]["file"] is None and d["images"][2]["size"] == 6 and
     d["images"][2]["ipa"] == 0x42200000 and "elapsed_ns" in d'; echo $?) \
	"--json: entry, x0, the kernel's header and the images with what, IPA, size, entry and dtb"
run_linux --quiet --kernel "$tmp/Image"
ok $([ $rc = 0 ] && [ -z "$out" ] && [ -z "$err" ]; echo $?) "--quiet prints nothing"

# --- refusals: exit 1, nothing loaded --------------------------------------------
image "$tmp/bad-magic" 0 0x100000 0xa 0x1000 "ARM!"
image "$tmp/big" 0 0x10100000 0xa 0x1000
image "$tmp/be" 0 0x100000 0xb 0x1000
image "$tmp/odd-text" 0x80800 0x100000 0xa 0x1000
image "$tmp/dtb-tight" 0 0xff00000 0xa 0x1000
head -c 5000 /dev/urandom >"$tmp/noise"
{ printf '\037\213\010\000\000\000\000\000\000\003'; head -c 300 /dev/zero | tr '\0' 'x'; } >"$tmp/garbage.gz"
head -c $(($(stat -c %s "$tmp/Image.gz") / 2)) "$tmp/Image.gz" >"$tmp/truncated.gz"
printf 'MZ\0\0zimg' >"$tmp/zboot"; head -c 200 /dev/zero >>"$tmp/zboot"
dd of="$tmp/huge-initrd" bs=1M count=0 seek=300 2>/dev/null
: >"$tmp/empty"
dd of="$tmp/initrd-250m" bs=1M count=0 seek=250 2>/dev/null
while IFS='|' read -r file initrd want name; do
	if [ -n "$initrd" ]; then
		run_linux --kernel "$tmp/$file" --initrd "$tmp/$initrd"
	else
		run_linux --kernel "$tmp/$file"
	fi
	ok $(is_error 1 && has "$want" "$err" && [ -z "$log" ]; echo $?) "refused: $name"
done <<'EOF_REFUSE'
bad-magic||no arm64 Image header (magic 0x214d5241 at offset 56|a file without the ARM\x64 magic
noise||no arm64 Image header|random bytes
empty||shorter than the 64-byte header|an empty file
big||the kernel does not fit in memory region ram of cell linux (256 MiB at 0x40000000): from 0x40000000 (2 MiB aligned base + text_offset 0x0) it needs its image_size, 257 MiB, up to 0x50100000|an image_size larger than the cell's RAM, with the sizes
dtb-tight||does not fit in memory region ram of cell linux (256 MiB at 0x40000000): it goes at 0x50000000, the first 2 MiB boundary after the kernel|no room for the device tree after the kernel
Image|initrd-250m|the initrd (250 MiB) does not fit in memory region ram of cell linux (256 MiB at 0x40000000): it goes at 0x42200000|an initrd too big for what is left, with the sizes
Image|huge-initrd|larger than 256 MiB|an initrd over VHYP_LOAD_MAX
Image|empty|is empty: there is nothing to load|an empty initrd
be||big-endian kernel|a big-endian kernel
odd-text||text_offset 0x80800 is not a 4 KiB aligned|a text_offset that is not 4 KiB aligned
garbage.gz||starts like gzip but does not decompress|gzip garbage
truncated.gz||gzip data ends early|a truncated Image.gz
zboot||EFI zboot kernel|an EFI zboot kernel
missing||cannot read kernel|a missing kernel
EOF_REFUSE
rm -f "$tmp/huge-initrd" "$tmp/initrd-250m"

# --- the device tree vhypctl builds ------------------------------------------------
run_linux --kernel "$tmp/Image" --initrd "$tmp/initrd"
dtb=0x42000000
dtc -q -I dtb -O dts -o "$tmp/built.dts" "$tmp/img/$dtb" 2>"$tmp/dtc.log"
ok $(rc=$?; [ $rc = 0 ] && [ ! -s "$tmp/dtc.log" ]; echo $?) "the built device tree decompiles cleanly (dtc -I dtb -O dts)"
dtc -I dtb -O dts -o /dev/null "$tmp/img/$dtb" >"$tmp/dtc.log" 2>&1
ok $(! grep -q Warning "$tmp/dtc.log"; echo $?) "dtc has no warning for it"
seed1=$(get -t bx /chosen rng-seed) kaslr1=$(get -t x /chosen kaslr-seed)
ok $([ "$(wc -w <<<"$seed1")" = 64 ] && [ -n "$kaslr1" ] && [ "$kaslr1" != "0 0" ]; echo $?) \
	"built tree: /chosen has a 64-byte rng-seed and a kaslr-seed (a cell has no entropy of its own)"
run_linux --kernel "$tmp/Image" --initrd "$tmp/initrd"
ok $([ "$(get -t bx /chosen rng-seed)" != "$seed1" ] && [ "$(get -t x /chosen kaslr-seed)" != "$kaslr1" ]; echo $?) \
	"each load draws new seeds"
# props_are WHAT: each line NODE|PROP|VALUE of stdin (x:VALUE in hex cells) is so in the tree
props_are() {
	local node prop want got

	while IFS='|' read -r node prop want; do
		[ -z "$node" ] && continue
		case $want in x:*) got=$(get -t x "$node" "$prop"); want=${want#x:} ;;
			      *)   got=$(get "$node" "$prop") ;; esac
		ok $([ "$got" = "$want" ]; echo $?) "$1: $node $prop = $want${got:+ (got $got)}"
	done
}
props_are "built tree" <<'EOF_DT'
/|#address-cells|2
/|#size-cells|2
/|compatible|vhyp,cell
/|model|vhyp cell linux
/|interrupt-parent|x:1
/chosen|bootargs|console=ttyAMA0 earlycon=pl011,0x9000000
/chosen|stdout-path|/pl011@9000000
/chosen|linux,initrd-start|x:0 42200000
/chosen|linux,initrd-end|x:0 42200006
/memory@40000000|device_type|memory
/memory@40000000|reg|x:0 40000000 0 10000000
/cpus|#address-cells|1
/cpus|#size-cells|0
/cpus/cpu@0|device_type|cpu
/cpus/cpu@0|compatible|arm,armv8
/cpus/cpu@0|reg|0
/cpus/cpu@0|enable-method|psci
/cpus/cpu@1|reg|1
/psci|compatible|arm,psci-1.0 arm,psci-0.2
/psci|method|hvc
/intc@8000000|compatible|arm,gic-v3
/intc@8000000|#interrupt-cells|3
/intc@8000000|reg|x:0 8000000 0 10000 0 80a0000 0 40000
/intc@8000000|phandle|x:1
/intc@8000000|#address-cells|2
/intc@8000000|#size-cells|2
/timer|compatible|arm,armv8-timer arm,armv7-timer
/timer|interrupts|x:1 d 4 1 e 4 1 b 4 1 a 4
/apb-pclk|compatible|fixed-clock
/apb-pclk|#clock-cells|0
/apb-pclk|clock-frequency|24000000
/apb-pclk|clock-output-names|clk24mhz
/pl011@9000000|compatible|arm,pl011 arm,primecell
/pl011@9000000|reg|x:0 9000000 0 1000
/pl011@9000000|interrupts|x:0 1 4
/pl011@9000000|clocks|x:2 2
/pl011@9000000|clock-names|uartclk apb_pclk
/apb-pclk|phandle|x:2
EOF_DT
ok $(get -p /intc@8000000 | grep -qx interrupt-controller && get -p /intc@8000000 | grep -qx ranges &&
     get -p /timer | grep -qx always-on && [ "$(get -l /cpus)" = "cpu@0
cpu@1" ]; echo $?) "built tree: empty interrupt-controller and ranges, timer always-on, two CPUs for cpus = <2 3>"

run_linux --kernel "$tmp/Image" --cmdline "console=ttyAMA0 root=/dev/ram0 quiet"
ok $([ $rc = 0 ] && [ "$(get /chosen bootargs)" = "console=ttyAMA0 root=/dev/ram0 quiet" ] &&
     ! get -p /chosen | grep -q initrd; echo $?) "--cmdline is bootargs; no initrd, no linux,initrd-*"

# the driver's config (the fake's: 64 MiB at 0x40000000, no console, CPU 1 for id 1)
CELLS=linux run_fake load linux --kernel "$tmp/Image" --system "$CFG/system.dts"
ok $([ $rc = 0 ] && [ "$(get -t x /memory@40000000 reg)" = "0 40000000 0 4000000" ] &&
     [ "$(get -l /cpus)" = "cpu@0" ] && [ "$(get -t x /intc@8000000 reg)" = "0 8000000 0 10000 0 80a0000 0 20000" ] &&
     ! get -l / | grep -q pl011 && ! get -l / | grep -q apb-pclk &&
     ! get -p /chosen | grep -q 'bootargs\|stdout-path'; echo $?) \
	"from the driver's config: its RAM and CPU count; without a console no PL011, clock, bootargs or stdout-path"

# channels: each window no-map reserved memory, each channel a node that names it
sed -e 's/vhyp,schema-version = <1>;/vhyp,schema-version = <2>;/' -e '$d' "$CFG/linux.dts" >"$tmp/linux-chan.dts"
cat >>"$tmp/linux-chan.dts" <<'EOF_CHAN'
	channels {
		link {
			peer = "hello";
			ipa = /bits/ 64 <0x50000000>;
			size = /bits/ 64 <0x10000>;
			interrupts = <0 5 1>;
		};
		log {
			peer = "root";
			ipa = /bits/ 64 <0x50100000>;
			size = /bits/ 64 <0x1000>;
			access = "r";
		};
	};
};
EOF_CHAN
run_fake load linux --config "$tmp/linux-chan.dts" --system "$CFG/system.dts" --kernel "$tmp/Image"
dtc -I dtb -O dts -o "$tmp/chan.dts" "$tmp/img/$dtb" >"$tmp/dtc.log" 2>&1
ok $([ $rc = 0 ] && [ -z "$err" ] && [ ! -s "$tmp/dtc.log" ]; echo $?) \
	"a Linux cell with channels: loaded, the tree decompiles without a warning from dtc"
props_are channels <<'EOF_DT'
/reserved-memory|#address-cells|2
/reserved-memory|#size-cells|2
/reserved-memory/channel@50000000|compatible|vhyp,channel-memory
/reserved-memory/channel@50000000|reg|x:0 50000000 0 11000
/reserved-memory/channel@50000000|phandle|x:3
/reserved-memory/channel@50100000|reg|x:0 50100000 0 2000
/reserved-memory/channel@50100000|phandle|x:4
/vhyp-channels/link|compatible|vhyp,channel
/vhyp-channels/link|memory-region|x:3
/vhyp-channels/link|interrupts|x:0 5 1
/vhyp-channels/link|vhyp,peer|hello
/vhyp-channels/link|vhyp,access|rw
/vhyp-channels/link|vhyp,data-offset|x:1000
/vhyp-channels/log|compatible|vhyp,channel
/vhyp-channels/log|memory-region|x:4
/vhyp-channels/log|vhyp,peer|root
/vhyp-channels/log|vhyp,access|r
/vhyp-channels/log|vhyp,data-offset|x:1000
EOF_DT
ok $(get -p /reserved-memory | grep -qx ranges && get -p /reserved-memory/channel@50000000 | grep -qx no-map &&
     get -p /reserved-memory/channel@50100000 | grep -qx no-map && ! get -p /vhyp-channels/log | grep -qx interrupts &&
     [ "$(get -l / | grep -c '^memory@')" = 1 ] && [ "$(get -l /vhyp-channels)" = "link
log" ]; echo $?) \
	"channels: the windows no-map, outside the one memory node; a doorbell only where the config has one; in config order"
CELLS=linux FAKE_VHYP_CHANNELS=x:0x2000:linux:root+r run_fake load linux --kernel "$tmp/Image" --system "$CFG/system.dts"
ok $([ $rc = 0 ] && [ "$(get -t x /reserved-memory/channel@50000000 reg)" = "0 50000000 0 3000" ] &&
     [ "$(get /vhyp-channels/x vhyp,peer)" = root ] && [ "$(get -t x /vhyp-channels/x interrupts)" = "0 9 1" ]; echo $?) \
	"channels from the driver's config (VHYP_CELL_CONFIG) too"
ok $(run_linux --kernel "$tmp/Image"; [ $rc = 0 ] && ! get -l / | grep -q 'reserved-memory\|vhyp-channels'; echo $?) \
	"a cell without channels: no /reserved-memory, no /vhyp-channels"

# virtio devices: a virtio-mmio node each, as QEMU virt writes them
sed -e 's/vhyp,schema-version = <1>;/vhyp,schema-version = <3>;/' -e '$d' "$CFG/linux.dts" >"$tmp/linux-vio.dts"
cat >>"$tmp/linux-vio.dts" <<'EOF_VIO'
	virtio {
		disk {
			type = "blk";
			ipa = /bits/ 64 <0x0c000000>;
			interrupts = <0 48 1>;
			backend = "/var/lib/vhyp/disk.img";
		};
		rng {
			type = "rng";
			ipa = /bits/ 64 <0x0c001000>;
			interrupts = <0 49 1>;
		};
	};
};
EOF_VIO
run_fake load linux --config "$tmp/linux-vio.dts" --system "$CFG/system.dts" --kernel "$tmp/Image"
dtc -I dtb -O dts -o "$tmp/vio.dts" "$tmp/img/$dtb" >"$tmp/dtc.log" 2>&1
ok $([ $rc = 0 ] && [ -z "$err" ] && [ ! -s "$tmp/dtc.log" ]; echo $?) \
	"a Linux cell with virtio devices: loaded, the tree decompiles without a warning from dtc"
props_are virtio <<'EOF_DT'
/virtio_mmio@c000000|compatible|virtio,mmio
/virtio_mmio@c000000|reg|x:0 c000000 0 200
/virtio_mmio@c000000|interrupts|x:0 30 1
/virtio_mmio@c001000|compatible|virtio,mmio
/virtio_mmio@c001000|reg|x:0 c001000 0 200
/virtio_mmio@c001000|interrupts|x:0 31 1
EOF_DT
ok $(get -p /virtio_mmio@c000000 | grep -qx dma-coherent && get -p /virtio_mmio@c001000 | grep -qx dma-coherent &&
     [ "$(get -l / | grep -c '^virtio_mmio@')" = 2 ] && [ "$(get -l / | grep -c '^memory@')" = 1 ] &&
     ! get -p /virtio_mmio@c000000 | grep -q 'interrupt-parent'; echo $?) \
	"virtio: dma-coherent, one node per device and no other, the GIC the root's interrupt-parent"
ok $(run_linux --kernel "$tmp/Image"; [ $rc = 0 ] && ! get -l / | grep -q virtio_mmio; echo $?) \
	"a cell without virtio devices: no virtio_mmio node"

# the GIC from the running system (a fake /sys with QEMU virt's tree)
mkdir -p "$tmp/sys/firmware" "$tmp/sys/devices/system/cpu"
dtc -q -I dts -O dtb -o "$tmp/sys/firmware/fdt" "$unit/configs/live/qemu-virt.dts"
echo 0-3 >"$tmp/sys/devices/system/cpu/possible"
echo 0-3 >"$tmp/sys/devices/system/cpu/online"
VHYPCTL_SYSFS_ROOT=$tmp/sys run_fake load linux --config "$CFG/linux.dts" --kernel "$tmp/Image"
ok $([ $rc = 0 ] && [ "$(get -t x /intc@8000000 reg)" = "0 8000000 0 10000 0 80a0000 0 40000" ]; echo $?) \
	"without --system: the GIC's addresses from the running system's device tree"
VHYPCTL_SYSFS_ROOT=$tmp/sys run_fake load linux --config "$top/tests/qemu/cell-linux-rtc.dts" --kernel "$tmp/Image"
ok $([ $rc = 0 ] && [ -z "$err" ] && [ "$(get -p /pl031@9010000 | tr '\n' ' ')" = "compatible reg interrupts interrupt-parent clocks clock-names status " ] &&
     [ "$(get /pl031@9010000 compatible)" = "arm,pl031 arm,primecell" ] &&
     [ "$(get -t x /pl031@9010000 clocks)" = 2 ] && [ "$(get /pl031@9010000 clock-names)" = apb_pclk ] &&
     [ "$(get -t x /pl031@9010000 interrupts)" = "0 2 4" ]; echo $?) \
	"the QEMU test's Linux cell with the RTC, against QEMU's own tree: its PL031 node, with the console's clock, no warning"
mkdir -p "$tmp/nosys"
VHYPCTL_SYSFS_ROOT=$tmp/nosys run_fake load linux --config "$CFG/linux.dts" --kernel "$tmp/Image"
ok $(is_error 1 && has "needs the GIC's addresses" "$err" && has "--system SYSFILE" "$err" && [ -z "$log" ]; echo $?) \
	"no description of the machine and no --dtb: refused, naming --system and --dtb"

# --- passed-through devices: their nodes from the root's device tree -------------
# The root's tree (VHYPCTL_SYSFS_ROOT/firmware/fdt): QEMU's PL031, a UART on
# a bus with ranges and phandles to things the cell lacks, a device of a
# GIC with 4 interrupt cells (and a PPI), one with a range and an SPI the
# cell lacks, one with interrupts-extended; the cell has them all and one
# more.
mkdir -p "$tmp/root/firmware"
cat >"$tmp/root.dts" <<'EOF_DTS'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	interrupt-parent = <&gic>;
	gic: intc@8000000 {
		compatible = "arm,gic-v3";
		interrupt-controller;
		#interrupt-cells = <3>;
		reg = <0 0x8000000 0 0x10000>;
	};
	gic4: intc@7000000 {
		compatible = "arm,gic-v3";
		interrupt-controller;
		#interrupt-cells = <4>;
		reg = <0 0x7000000 0 0x10000>;
	};
	clk: apb-pclk {
		compatible = "fixed-clock";
		#clock-cells = <0>;
		clock-frequency = <24000000>;
	};
	pins: pinctrl { compatible = "test,pinctrl"; #reset-cells = <1>; };
	pl031@9010000 {
		compatible = "arm,pl031", "arm,primecell";
		reg = <0 0x9010000 0 0x1000>;
		interrupts = <0 2 4>;
		clocks = <&clk>;
		clock-names = "apb_pclk";
	};
	soc@9100000 {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0 0 0x9100000 0x100000>;
		uart@2000 {
			compatible = "test,uart";
			reg = <0x2000 0x100>;
			reg-names = "regs";
			interrupts = <0 5 4>;
			interrupt-names = "rx";
			clocks = <&clk>;
			clock-names = "baud";
			pinctrl-0 = <&pins>;
			pinctrl-names = "default";
			resets = <&pins 1>;
			vdd-supply = <&clk>;
			dmas = <&clk 1>;
			status = "disabled";
			test,fifo = <64>;
			child@0 { compatible = "test,child"; };
		};
	};
	gpio@9200000 {
		compatible = "test,gpio";
		reg = <0 0x9200000 0 0x1000>;
		interrupt-parent = <&gic4>;
		interrupts = <0 6 4 0>, <1 7 4 0>;
		gpio-controller;
		#gpio-cells = <2>;
	};
	spi@9300000 {
		compatible = "test,spi";
		reg = <0 0x9300000 0 0x2000>, <0 0x9380000 0 0x100>;
		reg-names = "ctl", "fifo";
		interrupts = <0 8 4>, <0 9 4>;
		interrupt-names = "tx", "rx";
	};
	ext@9400000 {
		compatible = "test,ext";
		reg = <0 0x9400000 0 0x1000>;
		interrupts-extended = <&gic 0 10 4>, <&gic4 0 11 1 0>;
	};
};
EOF_DTS
dtc -q -I dts -O dtb -o "$tmp/root/firmware/fdt" "$tmp/root.dts"
# dev NAME BASE SPIS...: a device node of a cell config
dev() {
	local name=$1 base=$2 irqs="" spi

	shift 2
	for spi in "$@"; do irqs="$irqs 0 $spi 4"; done
	printf '\t\t%s { reg = /bits/ 64 <%s 0x1000>; interrupts = <%s>; };\n' "$name" "$base" "${irqs# }"
}
{
	sed '/^\tconsole {/,$d' "$CFG/linux.dts"
	printf '\tdevices {\n'
	dev rtc 0x09010000 2
	dev uart 0x09102000 5
	dev gpio 0x09200000 6
	dev spi 0x09300000 8
	dev ext 0x09400000 10 11
	dev nonode 0x09500000 12
	printf '\t};\n'
	sed -n '/^\tconsole {/,$p' "$CFG/linux.dts"
} >"$tmp/cell-dev.dts"
run_dev() {
	VHYPCTL_SYSFS_ROOT=$tmp/$1 run_fake load linux --config "$tmp/cell-dev.dts" \
		--system "$CFG/system.dts" --kernel "$tmp/Image"
}
run_dev root
ok $([ $rc = 0 ] && has "loaded Image" "$out"; echo $?) "a cell with devices: loaded, the devices' nodes from the root's device tree"
dtc -I dtb -O dts -o "$tmp/dev.dts" "$tmp/img/$dtb" >"$tmp/dtc.log" 2>&1
ok $(rc=$?; [ $rc = 0 ] && ! grep -q Warning "$tmp/dtc.log"; echo $?) "that tree decompiles, without a warning from dtc"
props_are "device node" <<'EOF_DT'
/pl031@9010000|compatible|arm,pl031 arm,primecell
/pl031@9010000|reg|x:0 9010000 0 1000
/pl031@9010000|interrupts|x:0 2 4
/pl031@9010000|interrupt-parent|x:1
/pl031@9010000|clocks|x:2
/pl031@9010000|clock-names|apb_pclk
/pl031@9010000|status|okay
/uart@9102000|compatible|test,uart
/uart@9102000|reg|x:0 9102000 0 100
/uart@9102000|reg-names|regs
/uart@9102000|interrupts|x:0 5 4
/uart@9102000|interrupt-names|rx
/uart@9102000|test,fifo|64
/uart@9102000|status|okay
/gpio@9200000|interrupts|x:0 6 4
/gpio@9200000|interrupt-parent|x:1
/gpio@9200000|#gpio-cells|2
/spi@9300000|reg|x:0 9300000 0 1000
/spi@9300000|interrupts|x:0 8 4
/ext@9400000|interrupts|x:0 a 4 0 b 1
/ext@9400000|interrupt-parent|x:1
EOF_DT
ok $([ "$(get -p /uart@9102000 | sort | tr '\n' ' ')" = "compatible interrupt-names interrupt-parent interrupts reg reg-names status test,fifo " ] &&
     [ -z "$(get -l /uart@9102000)" ]; echo $?) \
	"the UART on a bus: no clocks, pinctrl, resets, supply or dmas (phandles the cell lacks), no child node"
ok $(get -p /gpio@9200000 | grep -qx gpio-controller &&
     ! get -p /spi@9300000 | grep -q names; echo $?) \
	"plain properties kept; reg-names and interrupt-names left out where a range or an interrupt was"
ok $([ "$(get -l / | grep -c @9[0-9]00000)" = 4 ] && ! get -l / | grep -q '@9500000' &&
     [ "$(get -l / | grep -c apb-pclk)" = 1 ]; echo $?) \
	"one node per device found, none for the device without one; the PL031 shares the console's fixed clock"
while IFS='|' read -r want; do
	ok $(has "vhypctl: warning: $want" "$err"; echo $?) "warned: $want"
done <<'EOF_WARN'
cell linux: device nonode (4 KiB at 0x9500000) is not in its device tree: the root's device tree has no node with reg there; the cell still gets its MMIO and SPIs, and --dtb FILE describes it.
cell linux: device spi (4 KiB at 0x9300000): range 1 of its reg in the root's device tree (0x100 bytes at 0x9380000) is not the cell's: left out of its node.
cell linux: device spi (4 KiB at 0x9300000): range 0 of its reg in the root's device tree (0x2000 bytes at 0x9300000) is cut to the 0x1000 bytes the cell has.
cell linux: device spi (4 KiB at 0x9300000): its interrupt <0 9 4> in the root's device tree is not an SPI of the cell
cell linux: device gpio (4 KiB at 0x9200000): its interrupt <1 7 4> in the root's device tree is not an SPI, and cells get only SPIs: left out of its node.
EOF_WARN
ok $([ "$(grep -c . <<<"$err")" = 5 ]; echo $?) "and nothing else"

run_dev nosys
ok $([ $rc = 0 ] && [ "$(grep -c 'is not in its device tree: .*nosys/firmware/fdt cannot be read (No such file or directory)' <<<"$err")" = 6 ] &&
     ! get -l / | grep -q pl031; echo $?) \
	"no root device tree: each device is said to go without a node, and the load goes on"
mkdir -p "$tmp/junk/firmware"
head -c 1000 "$tmp/root/firmware/fdt" >"$tmp/junk/firmware/fdt"
run_dev junk
ok $([ $rc = 0 ] && has "junk/firmware/fdt is not a valid device tree blob" "$err"; echo $?) \
	"a truncated root device tree is not read: said, and the load goes on"

# --- --dtb: the user's tree, /chosen patched ----------------------------------------
cat >"$tmp/user.dts" <<'EOF_DTS'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	model = "mine";
	chosen {
		bootargs = "console=hvc0 mine";
		kaslr-seed = <0 7>;
	};
};
EOF_DTS
dtc -q -I dts -O dtb -o "$tmp/user.dtb" "$tmp/user.dts"
run_linux --kernel "$tmp/Image" --dtb "$tmp/user.dtb" --initrd "$tmp/initrd"
ok $([ $rc = 0 ] && [ "$(get / model)" = mine ] && [ "$(get /chosen bootargs)" = "console=hvc0 mine" ] &&
     [ "$(get -t x /chosen linux,initrd-start)" = "0 42200000" ] &&
     [ "$(get -t x /chosen linux,initrd-end)" = "0 42200006" ] &&
     [ "$(get -t x /chosen kaslr-seed)" = "0 7" ] &&
     [ "$(get -t bx /chosen rng-seed | wc -w)" = 64 ] &&
     has "flags=2 ipa=0x42000000" "$log"; echo $?) \
	"--dtb: the user's tree at the DTB's place, its bootargs and kaslr-seed kept, the initrd and an rng-seed added to /chosen"
run_linux --kernel "$tmp/Image" --dtb "$tmp/user.dts" --cmdline "console=ttyAMA0 new"
ok $([ $rc = 0 ] && [ "$(get /chosen bootargs)" = "console=ttyAMA0 new" ]; echo $?) \
	"--dtb FILE.dts is compiled; --cmdline replaces its bootargs"
printf '/dts-v1/;\n/ { model = "bare"; };\n' >"$tmp/bare.dts"
run_linux --kernel "$tmp/Image" --dtb "$tmp/bare.dts" --cmdline "quiet" --initrd "$tmp/initrd"
ok $([ $rc = 0 ] && [ "$(get /chosen bootargs)" = quiet ] &&
     [ "$(get -t x /chosen linux,initrd-end)" = "0 42200006" ]; echo $?) \
	"--dtb without /chosen: vhypctl adds it"
printf 'not a dtb' >"$tmp/junk.dtb"
run_linux --kernel "$tmp/Image" --dtb "$tmp/junk.dtb"
ok $(is_error 1 && [ -z "$log" ]; echo $?) "--dtb that is no device tree: refused, nothing loaded"

# --- the real Debian kernel ----------------------------------------------------------
kernel=$(ls "$top"/.cache/kernel/*/boot/vmlinuz-* 2>/dev/null | head -n 1)
if [ -z "$kernel" ]; then
	echo "ok $((ntest + 1)) # SKIP no kernel in .cache/kernel (tools/setup.sh)"
	ntest=$((ntest + 1))
else
	# what its header says, read independently
	read -r ktext ksize < <(python3 -c "
import struct, sys
h = open(sys.argv[1], 'rb').read(64)
assert h[56:60] == b'ARM\x64'
print(*struct.unpack_from('<QQ', h, 8))" "$kernel")
	kend=$((0x40000000 + ktext + ksize))
	kdtb=$(( (kend + 0x1fffff) & ~0x1fffff ))
	for cell in linux:256 fake:64; do
		if [ "${cell%%:*}" = linux ]; then
			run_linux --json --kernel "$kernel" --initrd "$tmp/initrd"
		else
			CELLS=linux run_fake --json load linux --system "$CFG/system.dts" --kernel "$kernel" --initrd "$tmp/initrd"
		fi
		ok $([ $rc = 0 ] && py "d['entry'] == 0x40000000 + $ktext and d['x0'] == $kdtb and
		     d['kernel']['image_size'] == $ksize and d['images'][2]['ipa'] == $kdtb + 0x200000 and
		     d['images'][0]['size'] == $(stat -c %s "$kernel")"; echo $?) \
			"$(basename "$kernel") in a ${cell#*:} MiB cell: text_offset $ktext, image_size $ksize: entry, DTB at $(printf 0x%x $kdtb), initrd 2 MiB above"
	done
	gzip -n -1 -c "$kernel" >"$tmp/vmlinuz.gz"
	run_linux --kernel "$tmp/vmlinuz.gz"
	ok $([ $rc = 0 ] && cmp_files "$kernel" "$tmp/img/$(printf 0x%x $((0x40000000 + ktext)))"; echo $?) \
		"$(basename "$kernel") gzipped: decompressed back to the same Image"
fi

echo "1..$ntest"
[ "$failed" = 0 ]
