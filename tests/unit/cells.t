#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of vhypctl's cell verbs (TAP, run by prove): create, load,
# start, stop, destroy, list, wait, stats and console CELL [--attach],
# against the fake /dev/vhyp (fake_vhyp.so).  The fake describes its cells
# from FAKE_VHYP_CELLS and logs what vhypctl asks of it (FAKE_VHYP_LOG):
# the tests check both what vhypctl prints and what it sent.
set -u

. "$(dirname "$0")/vhypctl-lib.sh"
unit_build tools fake_vhyp.so
unit_need dtc fdtput

# run_fake ARGS...: against the fake driver, enabled, 4 CPUs, logging to $tmp/log
run_fake() {
	: >"$tmp/log"
	FAKE_VHYP_ENABLED=${FAKE_VHYP_ENABLED-1} FAKE_VHYP_CPUS=4 FAKE_VHYP_LOG=$tmp/log \
		LD_PRELOAD=$FAKE run --device /fake/vhyp "$@"
	log=$(<"$tmp/log")
}

# an error: exit code RC, every stderr line a "vhypctl: " sentence
is_error() {
	[ "$rc" = "$1" ] && [ -n "$err" ] && ! grep -qv '^vhypctl: ' <<<"$err"
}
# py EXPR: python3 evaluates EXPR with d = the JSON on stdout
py() { python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if ($1) else 1)" 2>/dev/null; }

verbs=(create load start stop destroy list wait stats console)
exit_names=$(sed -n 's/.*X(VHYP_EXIT_[A-Z_]*,[[:space:]]*"\([a-z]*\)").*/\1/p' \
	     "$top/uapi/vhyp/exits.h" | tr '\n' ' ')

# --- help ---------------------------------------------------------------
for verb in "${verbs[@]}"; do
	run "$verb" --help
	ok $([ $rc = 0 ] && has "Usage: vhypctl [GLOBAL OPTIONS] $verb" "$out" &&
	     has "Exit codes:" "$out" && [ -z "$err" ]; echo $?) "$verb --help exits 0 with its usage"
	help_out=$out
	run help "$verb"
	ok $([ $rc = 0 ] && [ "$out" = "$help_out" ]; echo $?) "help $verb is $verb --help"
done
run help
res=0
for verb in "${verbs[@]}"; do grep -q "^  $verb " <<<"$out" || res=1; done
ok $([ $rc = 0 ] && [ $res = 0 ]; echo $?) "help lists every cell verb"
run console --help
ok $(has "Ctrl-]" "$out" && has "--attach" "$out" && has "--linger SECONDS" "$out"; echo $?) \
	"console --help documents --attach, its detach key and --linger"

# --- usage errors: exit 1, before any device is opened --------------------
while IFS='|' read -r args want; do
	# shellcheck disable=SC2086  # ARGS are words
	run --device /nonexistent $args
	ok $(is_error 1 && has "$want" "$err"; echo $?) "usage: '$args'"
done <<'EOF_USAGE'
create|no cell config given
create a.dts b.dts|unexpected argument 'b.dts'
load|no cell given
load hello|no image given
load hello a.bin@0x40000000 --entry x|--entry 'x'
load hello @0x40000000|names no file
start|no cell given
stop a b|unexpected argument 'b'
destroy|no cell given
list extra|unexpected argument 'extra'
wait hello|--state is missing
wait hello --state sleeping|not a state: use created, running, stopped, failed, reset or gone
wait hello --state running --timeout -1|--timeout '-1'
wait hello --state running --timeout soon|--timeout 'soon'
stats|no cell given
console a b|unexpected argument 'b'
console --attach|--attach needs a CELL
console hello --linger 1|--linger applies to --attach only
console hello --attach --linger x|--linger 'x'
console --json|--json is not supported
EOF_USAGE

printf 'HELLO' >"$tmp/hello.bin"
printf 'DTB!' >"$tmp/cell.dtb"
: >"$tmp/empty.bin"
run --device /nonexistent load hello "$tmp/hello.bin@0x40000000" "$tmp/cell.dtb"
ok $(is_error 2 && has "/nonexistent does not exist" "$err"; echo $?) \
	"load: a bad second image is found only with the cell's config: the device first"

# --- create -----------------------------------------------------------------
run_fake create "$CFG/hello.dts" --system "$CFG/system.dts"
ok $([ $rc = 0 ] && [ "$out" = "cell hello created (id 1, CPU 3, 64 MiB of RAM)" ] && [ -z "$err" ]; echo $?) \
	"create: the sentence with name, id, CPUs and RAM"
ok $(has "create name=hello cpus=0x8 mem=1 dev=0 irqs=0 console=1@0x9000000/33" "$log" &&
     has "create mem ram ipa=0x40000000 size=0x4000000 flags=7" "$log"; echo $?) \
	"create: the driver gets hello's name, CPU 3, its RAM and console"
FAKE_VHYP_CELLS=a,b,,c run_fake --json create "$CFG/hello.dts" --system "$CFG/system.dts"
ok $([ $rc = 0 ] && py 'd["ok"] is True and d["name"] == "hello" and d["id"] == 3 and "elapsed_ns" in d'; echo $?) \
	"create --json: ok, name, the id the driver returned (3: the first free slot), elapsed_ns"
run_fake --quiet create "$CFG/hello.dts" --system "$CFG/system.dts"
ok $([ $rc = 0 ] && [ -z "$out" ] && [ -z "$err" ]; echo $?) "create --quiet prints nothing"
dtc -q -I dts -O dtb -o "$tmp/hello.dtb" "$CFG/hello.dts"
run_fake create "$tmp/hello.dtb" -s "$CFG/system.dts"
ok $([ $rc = 0 ] && has "create name=hello cpus=0x8" "$log"; echo $?) "create from a .dtb"

# the running system instead of --system: a fake /sys with QEMU virt's tree
mkdir -p "$tmp/sys/firmware" "$tmp/sys/devices/system/cpu"
dtc -q -I dts -O dtb -o "$tmp/sys/firmware/fdt" "$unit/configs/live/qemu-virt.dts"
echo 0-3 >"$tmp/sys/devices/system/cpu/possible"
echo 0-3 >"$tmp/sys/devices/system/cpu/online"
VHYPCTL_SYSFS_ROOT=$tmp/sys run_fake create "$CFG/hello.dts"
ok $([ $rc = 0 ] && has "cell hello created" "$out" && [ -z "$err" ] &&
     has "create name=hello cpus=0x8" "$log"; echo $?) "create checks against the running system without --system"
echo 0-2 >"$tmp/sys/devices/system/cpu/online"
VHYPCTL_SYSFS_ROOT=$tmp/sys run_fake create "$CFG/hello.dts"
ok $(is_error 1 && has "CPU 3, which is offline" "$err" && [ -z "$log" ]; echo $?) \
	"create refuses a CPU the running system has offline, and asks the driver nothing"
mkdir -p "$tmp/nosys"
VHYPCTL_SYSFS_ROOT=$tmp/nosys run_fake create "$CFG/hello.dts"
ok $([ $rc = 0 ] && has "cell hello created" "$out" && has "note: no system description" "$err"; echo $?) \
	"create without any system description: checked alone, with a note"

# the UART the hypervisor's console is mirrored to (enable --uart) is no cell's
cat >"$tmp/uart0.dts" <<'EOF'
/dts-v1/;
/ {
	compatible = "vhyp,cell";
	vhyp,schema-version = <1>;
	cell-name = "uart";
	cpus = <3>;
	memory {
		ram {
			ipa = /bits/ 64 <0x40000000>;
			size = /bits/ 64 <0x4000000>;
		};
	};
	devices {
		uart0 {
			reg = /bits/ 64 <0x09000000 0x1000>;
			interrupts = <0 1 4>;
		};
	};
};
EOF
echo 0-3 >"$tmp/sys/devices/system/cpu/online"
uart_msg="vhypctl: cell config $tmp/uart0.dts: device 'uart0' (0x9000000, size 0x1000) is the UART the hypervisor's console is mirrored to (0x9000000, vhypctl enable --uart): choose another UART, or enable without --uart."
run_fake create "$tmp/uart0.dts" --system "$CFG/system.dts"
ok $([ $rc = 0 ] && has "create name=uart" "$log"; echo $?) "create: a cell may have uart0 while the console is not mirrored to it"
FAKE_VHYP_UART=0x9000000 run_fake create "$tmp/uart0.dts" --system "$CFG/system.dts"
ok $(is_error 1 && [ "$err" = "$uart_msg" ] && [ -z "$out" ] && ! has "create name" "$log"; echo $?) \
	"create refuses the UART the hypervisor's console is mirrored to, with --system too, sending nothing"
FAKE_VHYP_UART=0x9000800 run_fake --json create "$tmp/uart0.dts" --system "$CFG/system.dts"
ok $(is_error 1 && has "is the UART the hypervisor's console is mirrored to (0x9000800," "$err" &&
     ! has "create name" "$log"; echo $?) "create --json: the same for a UART elsewhere in the device's page"
FAKE_VHYP_UART=0x50000000 run_fake create "$unit/configs/good/full.dts" --system "$unit/configs/system.dts"
ok $(is_error 1 && has "memory region 'dma' (0x50000000, size 0x100000) covers the page of the UART the hypervisor's console is mirrored to (0x50000000" "$err"; echo $?) \
	"create refuses an identity region over that UART"
FAKE_VHYP_UART=0x9000000 run_fake create "$CFG/hello.dts" --system "$CFG/system.dts"
ok $([ $rc = 0 ] && has "create name=hello" "$log"; echo $?) \
	"create: an emulated console at the UART's address is fine (an IPA, nothing behind it)"
# virtio: the disk's file is the running machine's, whatever --system says
run_fake create "$unit/configs/good/virtio.dts" --system "$unit/configs/system.dts"
ok $(is_error 1 && has "vhypctl: cell config $unit/configs/good/virtio.dts: /virtio/disk: backend /var/lib/vhyp/vio-disk.img: No such file or directory: the disk's file or block device must exist before the cell is created" "$err" &&
     ! has "create name" "$log"; echo $?) "create refuses a blk backend that does not exist, with --system too, sending nothing"
truncate -s 1M "$tmp/vio-disk.img"
sed "s|/var/lib/vhyp/vio-disk.img|$tmp/vio-disk.img|" "$unit/configs/good/virtio.dts" >"$tmp/vio.dts"
run_fake create "$tmp/vio.dts" --system "$unit/configs/system.dts"
ok $([ $rc = 0 ] && has "create virtio disk type=2 ipa=0xc000000 irq=80 flags=1 backend=$tmp/vio-disk.img" "$log" &&
     has "create virtio net0 type=1 ipa=0xc001000 irq=81 flags=0 backend=vhyp-tap0" "$log" &&
     has "create virtio rng type=4 ipa=0xc003000 irq=83 flags=0 backend=" "$log" &&
     [ "$err" = "vhypctl: warning: cell 'vio' has 4 virtio devices: its RAM stays mapped in the root, whose backend reads and writes it; the cell is not isolated from the root's kernel (Documentation/security.md)." ]; echo $?) \
	"create: the virtio devices reach the driver; a warning that the root shares the cell's RAM"
run_fake --quiet create "$tmp/vio.dts" --system "$unit/configs/system.dts"
ok $([ $rc = 0 ] && [ -z "$out" ] && has "warning: cell 'vio' has 4 virtio devices" "$err"; echo $?) \
	"create --quiet: the warning on the cell's RAM stays"
FAKE_VHYP_UART=0x9000000 VHYPCTL_SYSFS_ROOT=$tmp/sys run_fake config check "$tmp/uart0.dts"
ok $(is_error 1 && [ "$err" = "$uart_msg" ]; echo $?) "config check on the running system refuses it too"
FAKE_VHYP_UART=0x9000000 VHYPCTL_SYSFS_ROOT=$tmp/sys run_fake config system
ok $([ $rc = 0 ] && has "hyp UART:  0x9000000 (the hypervisor's console: no cell may have it)" "$out"; echo $?) \
	"config system shows that UART"
FAKE_VHYP_UART=0x9000000 VHYPCTL_SYSFS_ROOT=$tmp/sys LD_PRELOAD=$FAKE run config check "$tmp/uart0.dts"
ok $([ $rc = 0 ]; echo $?) "under VHYPCTL_SYSFS_ROOT without --device, the driver is not asked"
FAKE_VHYP_UART=0x9000000 run_fake config check "$tmp/uart0.dts" --system "$CFG/system.dts"
ok $([ $rc = 0 ]; echo $?) "config check --system: a file describes a machine, not the running hypervisor"

# --- create warns of devices that master the bus (the root's device tree) ------
mkdir -p "$tmp/ms/firmware" "$tmp/ms/devices/system/cpu"
dtc -q -I dts -O dtb -o "$tmp/ms/firmware/fdt" "$unit/configs/live/masters.dts"
echo 0-3 >"$tmp/ms/devices/system/cpu/possible"
echo 0-3 >"$tmp/ms/devices/system/cpu/online"
masters=$unit/configs/good/masters.dts
dma_tail="no IOMMU is programmed for cells, so it can read and write any memory of the machine; pass it only to a cell you trust (Documentation/security.md)."
VHYPCTL_SYSFS_ROOT=$tmp/ms run_fake create "$masters"
ok $([ $rc = 0 ] && [ "$out" = "cell masters created (id 1, CPU 3, 64 MiB of RAM)" ] &&
     has "create name=masters" "$log" &&
     [ "$(grep -c "^vhypctl: warning: device '[a-z]*' (node /[a-z0-9@/-]*) can master the bus (.*): $dma_tail\$" <<<"$err")" = 6 ] &&
     [ "$(wc -l <<<"$err")" = 6 ]; echo $?) \
	"create: created, exit 0, and one warning per bus master on stderr (6 of 8 devices)"
ok $(has "vhypctl: warning: device 'eth' (node /soc/ethernet@9100000) can master the bus (it has 'iommus'): $dma_tail" "$err"; echo $?) \
	"create: the warning for a device with iommus, word for word"
ok $(has "device 'dma' (node /soc/dma-controller@9200000) can master the bus (it has '#dma-cells': a DMA controller)" "$err" &&
     has "device 'usb' (node /soc/usb@9300000) can master the bus (it is compatible with \"snps,dwc3\", a known bus master)" "$err" &&
     has "device 'mmc' (node /soc/mmc@9400000) can master the bus (it has 'dma-coherent')" "$err" &&
     has "device 'accel' (node /soc/accel@9500000) can master the bus (it has 'msi-parent')" "$err" &&
     has "device 'pcie' (node /pcie@10000000) can master the bus (it has device_type = \"pci\": a PCI host bridge)" "$err"; echo $?) \
	"create: #dma-cells, a compatible of the list, dma-coherent, msi-parent, a PCI host bridge"
ok $(! has "'uart'" "$err" && ! has "'gpio'" "$err"; echo $?) "create: no warning for a PL011 and a GPIO block"
VHYPCTL_SYSFS_ROOT=$tmp/ms run_fake --quiet create "$masters"
ok $([ $rc = 0 ] && [ -z "$out" ] && [ "$(grep -c 'warning: device' <<<"$err")" = 6 ]; echo $?) \
	"create --quiet: the warnings are still printed"
VHYPCTL_SYSFS_ROOT=$tmp/ms run_fake --json create "$masters"
ok $([ $rc = 0 ] && py 'd["ok"] and d["name"] == "masters"' &&
     [ "$(grep -c 'warning: device' <<<"$err")" = 6 ]; echo $?) "create --json: JSON on stdout, the warnings on stderr"
fdtput -d "$tmp/ms/firmware/fdt" /soc/ethernet@9100000 iommus
fdtput -d "$tmp/ms/firmware/fdt" /pcie@10000000 device_type
VHYPCTL_SYSFS_ROOT=$tmp/ms run_fake create "$masters"
ok $([ $rc = 0 ] && has "device 'eth' (node /soc/ethernet@9100000) can master the bus (it is compatible with \"snps,dwmac-4.20a\", a known bus master)" "$err" &&
     has "device 'pcie' (node /pcie@10000000) can master the bus (it has 'msi-map')" "$err"; echo $?) \
	"create: without iommus, the dwmac compatible; without device_type, msi-map"
VHYPCTL_SYSFS_ROOT=$tmp/ms FAKE_VHYP_FAIL=CELL_CREATE:EBUSY run_fake create "$masters"
ok $(is_error 2 && ! has "warning:" "$err"; echo $?) "create refused by the driver: no warning"
VHYPCTL_SYSFS_ROOT=$tmp/nosys run_fake create "$masters"
ok $([ $rc = 0 ] && ! has "warning:" "$err" && has "note: no system description" "$err"; echo $?) \
	"create without the root's device tree: nothing to warn from"

# a config that breaks a rule: exit 1, the config checker's sentence, nothing sent
for f in "$unit"/configs/bad/regions-overlap.dts "$unit"/configs/bad/device-not-owned.dts; do
	[ -f "$f" ] || continue
	run_fake create "$f" --system "$unit/configs/system.dts"
	ok $(is_error 1 && has "cell config $f: " "$err" && [ -z "$log" ]; echo $?) \
		"create refuses $(basename "$f") as config check does, sending nothing"
done
run_fake create "$tmp/nonexistent.dts" --system "$CFG/system.dts"
ok $(is_error 1 && has "cannot read cell config" "$err"; echo $?) "create: a config that does not exist"

# each refusal of VHYP_CELL_CREATE with its advice, exit 2
while read -r errno want; do
	FAKE_VHYP_FAIL=CELL_CREATE:$errno run_fake create "$CFG/hello.dts" --system "$CFG/system.dts"
	ok $(is_error 2 && has "cannot create cell hello: VHYP_CELL_CREATE on /fake/vhyp failed with $errno" "$err" &&
	     has "$want" "$err"; echo $?) "create: $errno advice names '$want'"
done <<'EOF_CREATE'
EINVAL dmesg
EEXIST 'vhypctl destroy hello'
ENOSPC 8 cells already
EBUSY Linux refused to take the CPU offline
EPERM the root does not own
ENOMEM free memory for cell hello, in the kernel for its RAM or in the hypervisor for its tables
ENOTCONN run 'vhypctl enable' first
EIO dmesg
EOF_CREATE
FAKE_VHYP_CELLS=hello run_fake create "$CFG/hello.dts" --system "$CFG/system.dts"
ok $(is_error 2 && has "EEXIST" "$err"; echo $?) "create: a name taken (the fake's own EEXIST)"
FAKE_VHYP_CELLS=a,b,c,d,e,f,g,h run_fake create "$CFG/hello.dts" --system "$CFG/system.dts"
ok $(is_error 2 && has "ENOSPC" "$err"; echo $?) "create: eight cells already (the fake's own ENOSPC)"
FAKE_VHYP_ENABLED=0 run_fake create "$CFG/hello.dts" --system "$CFG/system.dts"
ok $(is_error 2 && has "vhyp is not enabled" "$err"; echo $?) "create: vhyp not enabled"

# --- create: channels against the ones that exist (FAKE_VHYP_CHANNELS) --------
pong=$unit/configs/good/pong.dts
SYSCFG=$unit/configs/system.dts
# create_pong CHANNELS [CELLS]: pong.dts created against channels and cells
create_pong() {
	FAKE_VHYP_CHANNELS=$1 FAKE_VHYP_CELLS=${2-ping:running:4} run_fake create "$pong" --system "$SYSCFG"
}
create_pong 'link:0x10000:ping:pong'
ok $([ $rc = 0 ] && has "cell pong created" "$out" &&
     has "create channel link peer=ping ipa=0x48000000 size=0x10000 flags=0 irq=34" "$log" &&
     has "create channel stats peer=root ipa=0x48100000 size=0x2000 flags=2 irq=0" "$log"; echo $?) \
	"create: a channel waiting for this cell is joined, a new one made; both reach the driver"
while IFS='|' read -r chans cells want; do
	create_pong "$chans" "$cells"
	ok $(is_error 1 && [ "$err" = "vhypctl: cell config $pong: $want" ] && ! has "create name" "$log"; echo $?) \
		"create refuses: $want"
done <<'EOF_CHAN'
link:0x20000:ping:pong|ping:running:4|/channels/link (size 0x10000) does not match cell 'ping''s end of channel 'link' (size 0x20000): give both ends the same size.
link:0x10000:pang:pong|ping:running:4|/channels/link (peer "ping") does not match channel 'link', whose other end is cell 'pang': write 'peer = "pang";'.
link:0x10000:pong:root|ping:running:4|/channels/link (peer "ping") does not match channel 'link', whose other end is the root: write 'peer = "root";'.
link:0x10000:ping:pung|ping:running:4|/channels/link: channel 'link' exists already, between cell 'ping' and cell 'pung', and this cell 'pong' is neither: give the channel another name (channel names are unique in the system).
link:0x10000:ping:root|ping:running:4|/channels/link: channel 'link' exists already, between cell 'ping' and the root, and this cell 'pong' is neither: give the channel another name (channel names are unique in the system).
link:0x10000:ping:pong|ping:running:4,pong|/channels/link: cell 'pong' (id 2) is attached to channel 'link' already: there is a cell of this name; destroy it first.
stats:0x2000:pong:root|ping:running:4|/channels/stats (peer-access "r") does not match the root's end of channel 'stats' (access "rw"): the root's files of it are set up so; write 'peer-access = "rw";'.
a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p|ping:running:4|/channels: the cell would create 2 new channels, and 16 of the system's 16 are in use: destroy cells whose channels are no longer needed (and close the root's files of them), or join channels that exist.
a,b,c,d,e,f,g,h,i,j,k,l,m,n,o|ping:running:4|/channels: the cell would create 2 new channels, and 15 of the system's 16 are in use: destroy cells whose channels are no longer needed (and close the root's files of them), or join channels that exist.
EOF_CHAN
create_pong 'a,b,c,d,e,f,g,h,i,j,k,l,m,n,link:0x10000:ping:pong'
ok $([ $rc = 0 ]; echo $?) "create: 15 channels in use, one of them this cell's: the one new channel fits"
create_pong 'stats:0x2000:pong:root+r'
ok $([ $rc = 0 ]; echo $?) "create: the root's end that only reads, as peer-access says"
sed 's/interrupts = <0 2 1>;/&\n\t\t\taccess = "r";/' "$pong" >"$tmp/pong-r.dts"
FAKE_VHYP_CHANNELS='link:0x10000:ping+r:pong' FAKE_VHYP_CELLS=ping run_fake create "$tmp/pong-r.dts" --system "$SYSCFG"
ok $(is_error 1 && has "/channels/link (access \"r\") does not match cell 'ping''s end of channel 'link' (access \"r\"): one end must write the data; make one of them \"rw\"." "$err"; echo $?) \
	"create refuses a channel read-only at both ends"
FAKE_VHYP_CHANNELS='link:0x10000:ping+r:pong' FAKE_VHYP_CELLS=ping run_fake create "$pong" --system "$SYSCFG"
ok $([ $rc = 0 ]; echo $?) "create: one end read-only, the other rw"
FAKE_VHYP_FAIL=CHANNEL_INFO:EIO create_pong 'link:0x10000:ping:pong'
ok $(is_error 2 && has "cannot read the channels: VHYP_CHANNEL_INFO on /fake/vhyp failed with EIO" "$err" &&
     ! has "create name" "$log"; echo $?) "create: a failing VHYP_CHANNEL_INFO, nothing created"
FAKE_VHYP_FAIL=CHANNEL_INFO:EIO FAKE_VHYP_CHANNELS=link:0x20000:ping:pong run_fake create "$CFG/hello.dts" --system "$CFG/system.dts"
ok $([ $rc = 0 ]; echo $?) "create: a cell without channels does not ask for them"
FAKE_VHYP_ENABLED=0 create_pong 'link:0x20000:ping:pong'
ok $(is_error 2 && has "vhyp is not enabled" "$err"; echo $?) "create with channels while vhyp is not enabled: the driver's ENOTCONN"
# config check on the running system asks the driver for the channels too
mkdir -p "$tmp/virt/firmware" "$tmp/virt/devices/system/cpu"
dtc -q -I dts -O dtb -o "$tmp/virt/firmware/fdt" "$unit/configs/live/qemu-virt.dts"
echo 0-3 >"$tmp/virt/devices/system/cpu/possible"
echo 0-3 >"$tmp/virt/devices/system/cpu/online"
FAKE_VHYP_CHANNELS=link:0x20000:ping:pong VHYPCTL_SYSFS_ROOT=$tmp/virt run_fake --quiet config check "$pong"
ok $(is_error 1 && has "vhypctl: cell config $pong: /channels/link (size 0x10000) does not match cell 'ping''s end of channel 'link' (size 0x20000)" "$err"; echo $?) \
	"config check on the running system: the channels that exist, from the driver"
FAKE_VHYP_CHANNELS=link:0x20000:ping:pong VHYPCTL_SYSFS_ROOT=$tmp/virt run_fake --quiet config check "$pong" --system "$SYSCFG"
ok $([ $rc = 0 ]; echo $?) "config check against a system config: no running channels to check against"
FAKE_VHYP_ENABLED=0 FAKE_VHYP_CHANNELS=link:0x20000:ping:pong VHYPCTL_SYSFS_ROOT=$tmp/virt run_fake --quiet config check "$pong"
ok $([ $rc = 0 ]; echo $?) "config check on the running system, vhyp not enabled: no channels"

# --- names and ids -----------------------------------------------------------
export FAKE_VHYP_CELLS='hello:running:8,,other:stopped:4'
run_fake stop hello
ok $([ $rc = 0 ] && [ "$out" = "cell hello stopped" ] && [ "$log" = "stop id=1" ]; echo $?) \
	"a cell by name: stop hello stops id 1"
run_fake start 3
ok $([ $rc = 0 ] && [ "$out" = "cell other started" ] && [ "$log" = "start id=3" ]; echo $?) \
	"a cell by id: start 3 starts other, by its name"
run_fake start nosuch
ok $(is_error 2 && has "no cell nosuch on /fake/vhyp: 'vhypctl list' shows the cells" "$err" &&
     [ -z "$log" ]; echo $?) "an unknown name: exit 2, 'vhypctl list' advice"
run_fake destroy 2
ok $(is_error 2 && has "no cell 2" "$err"; echo $?) "an id with no cell: exit 2"
run_fake destroy 0x3
ok $(is_error 2 && has "no cell 0x3" "$err"; echo $?) "ids are decimal digits only"
FAKE_VHYP_CELLS='3:running:8,,other' run_fake stop 3
ok $([ $rc = 0 ] && [ "$log" = "stop id=1" ]; echo $?) "a name wins over an id: 'stop 3' stops the cell named 3 (id 1)"
FAKE_VHYP_ENABLED=0 run_fake start hello
ok $(is_error 2 && has "VHYP_CELL_INFO" "$err" && has "run 'vhypctl enable' first" "$err"; echo $?) \
	"a cell while vhyp is not enabled: enable advice"

# --- start, stop, destroy ------------------------------------------------------
run_fake destroy hello
ok $([ $rc = 0 ] && [ "$out" = "cell hello destroyed" ] && [ "$log" = "destroy id=1" ]; echo $?) "destroy"
run_fake --json destroy other
ok $([ $rc = 0 ] && py 'd["ok"] is True and d["name"] == "other" and d["id"] == 3 and "elapsed_ns" in d'; echo $?) \
	"destroy --json"
run_fake --quiet start other
ok $([ $rc = 0 ] && [ -z "$out" ] && [ -z "$err" ]; echo $?) "start --quiet prints nothing"
run_fake start hello
ok $(is_error 2 && has "EALREADY" "$err" && has "running already" "$err" &&
     has "'vhypctl stop hello' first" "$err"; echo $?) "start a running cell: EALREADY, running already"
run_fake stop other
ok $(is_error 2 && has "EALREADY" "$err" && has "Cell other is not running" "$err"; echo $?) \
	"stop a stopped cell: EALREADY, not running"
while read -r op errno want; do
	FAKE_VHYP_FAIL=CELL_${op^^}:$errno run_fake "$op" other
	ok $(is_error 2 && has "cannot $op cell other: VHYP_CELL_${op^^} on /fake/vhyp failed with $errno" "$err" &&
	     has "$want" "$err"; echo $?) "$op: $errno advice names '$want'"
done <<'EOF_REF'
start ENOEXEC Nothing is loaded into cell other: 'vhypctl load other IMAGE@IPA' first
start EPERM refused to map
start EIO dmesg names the step
start ENOENT There is no cell other (any more)
start ENOTCONN run 'vhypctl enable' first
stop ENOENT There is no cell other (any more)
stop EIO dmesg
destroy EIO dmesg
destroy ENOENT 'vhypctl list' shows the cells
destroy ENOTCONN run 'vhypctl enable' first
EOF_REF
FAKE_VHYP_FAIL=CELL_START:EINVAL run_fake start other
ok $(is_error 3 && has "ABI" "$err"; echo $?) "start: EINVAL is an ABI mismatch (exit 3)"

# --- load ------------------------------------------------------------------
run_fake load hello "$tmp/hello.bin@0x40000000"
ok $([ $rc = 0 ] && [ "$out" = "loaded $tmp/hello.bin into cell hello: 5 bytes at 0x40000000 (entry)" ] &&
     [ "$log" = "load id=1 flags=1 ipa=0x40000000 len=5 data=HELLO" ]; echo $?) \
	"load IMAGE@IPA: the bytes, at IPA, as the entry"
run_fake load hello "$tmp/hello.bin@0x40000000" "$tmp/hello.bin@0x40200000" --dtb "$tmp/cell.dtb@0x43000000"
ok $([ $rc = 0 ] && [ "$log" = "load id=1 flags=1 ipa=0x40000000 len=5 data=HELLO
load id=1 flags=0 ipa=0x40200000 len=5 data=HELLO
load id=1 flags=2 ipa=0x43000000 len=4 data=DTB!" ]; echo $?) \
	"load: several images, the first the entry; --dtb with VHYP_LOAD_X0"
run_fake load hello "$tmp/hello.bin@0x40000000" "$tmp/hello.bin@0x40200000" --entry 0x40200000
ok $([ $rc = 0 ] && has "flags=0 ipa=0x40000000" "$log" && has "flags=1 ipa=0x40200000" "$log"; echo $?) \
	"load --entry: the image at that IPA is the entry"
run_fake load hello "$tmp/hello.bin@0x40000000" --entry 0x40001000
ok $(is_error 1 && has "--entry 0x40001000 is not the IPA of an image" "$err" && [ -z "$log" ]; echo $?) \
	"load --entry that matches no image: exit 1, nothing loaded"
run_fake load hello "$tmp/hello.bin" --config "$CFG/hello.dts" --dtb "$tmp/cell.dtb"
ok $([ $rc = 0 ] && [ "$log" = "load id=1 flags=1 ipa=0x40000000 len=5 data=HELLO
load id=1 flags=2 ipa=0x43e00000 len=4 data=DTB!" ]; echo $?) \
	"load --config: the image at the start of the lowest RAM region, the DTB 2 MiB-aligned at its top"
run_fake load hello "$tmp/hello.bin" "$tmp/hello.bin" --config "$CFG/hello.dts"
ok $(is_error 1 && has "only the first image (and --dtb) may go without one" "$err" && [ -z "$log" ]; echo $?) \
	"load --config: only the first image may go without @IPA"
run_fake load hello "$tmp/hello.bin@0x30000000" --config "$CFG/hello.dts"
ok $(is_error 1 && has "does not lie inside one memory region of cell hello" "$err" && [ -z "$log" ]; echo $?) \
	"load --config: an image outside the cell's memory"
run_fake load hello "$tmp/hello.bin" --config "$CFG/hello2.dts"
ok $(is_error 1 && has "describes cell hello2, not hello" "$err" && [ -z "$log" ]; echo $?) \
	"load --config: the config of another cell"
run_fake load hello "$tmp/hello.bin@0x40000000" "$tmp/hello.bin@0x40000004"
ok $(is_error 1 && has "overlap in cell hello" "$err" && [ -z "$log" ]; echo $?) \
	"load: overlapping images, nothing loaded"
run_fake load hello "$tmp/empty.bin@0x40000000"
ok $(is_error 1 && has "is empty" "$err" && [ -z "$log" ]; echo $?) "load: an empty image"
run_fake load hello "$tmp/missing.bin@0x40000000"
ok $(is_error 1 && has "cannot read image $tmp/missing.bin" "$err"; echo $?) "load: a missing image"
run_fake --json load hello "$tmp/hello.bin@0x40000000" --dtb "$tmp/cell.dtb@0x43000000"
ok $([ $rc = 0 ] && py 'd["ok"] and d["name"] == "hello" and d["id"] == 1 and [(i["ipa"], i["size"], i["entry"], i["dtb"]) for i in d["images"]] == [(0x40000000, 5, True, False), (0x43000000, 4, False, True)]'; echo $?) \
	"load --json: the images with IPA, size, entry and dtb"
FAKE_VHYP_FAIL=CELL_LOAD:EINVAL run_fake load hello "$tmp/hello.bin@0x40000000"
ok $(is_error 2 && has "does not lie inside one RAM region of cell hello" "$err"; echo $?) \
	"load: the driver's EINVAL: outside the RAM, or too many images (exit 2)"
run_fake load nosuch "$tmp/hello.bin@0x40000000"
ok $(is_error 2 && has "no cell nosuch" "$err"; echo $?) "load into a cell that does not exist"

# --- list --------------------------------------------------------------------
export FAKE_VHYP_CELLS='hello:running:8,,bad:failed:4,new'
run_fake list
ok $([ $rc = 0 ] && [ "$(sed -n 1p <<<"$out")" = "NAME   ID  STATE    CPUS  MEMORY  UPTIME" ] &&
     grep -Eq '^hello   1  running  3     64 MiB  1m 0[56]s$' <<<"$out" &&
     grep -q '^bad     3  failed   2     64 MiB  -$' <<<"$out" &&
     grep -q '^new     4  created  4     64 MiB  -$' <<<"$out"; echo $?) \
	"list: a row per cell, name, id, state, CPUs, memory, uptime of a running one"
ok $(grep -q '^  failed on CPU 2: access outside what it owns (ESR 0x93c08007, FAR 0x48000000, PC 0x40000310)$' <<<"$out"; echo $?) \
	"list: under a failed cell, its reason, ESR, FAR and PC on one line"
run_fake list --json
python3 - "$tmp/out" $exit_names >"$tmp/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = sys.argv[2:]
assert isinstance(d, list) and [c["name"] for c in d] == ["hello", "bad", "new"], d
fields = ["name", "id", "state", "cpus", "mem_bytes", "starts", "created_ns",
          "started_ns", "uptime_ns", "irqs_denied", "sgis_denied", "serrors", "failure", "exits", "report",
          "channels", "virtio", "root_shares_ram"]
for c in d:
    assert list(c) == fields, list(c)
    assert list(c["exits"]) == names, list(c["exits"])
h, b, n = d
assert h["id"] == 1 and h["state"] == "running" and h["cpus"] == [3]
assert h["mem_bytes"] == 64 << 20 and h["starts"] == 2 and h["failure"] is None
assert 64e9 < h["uptime_ns"] < 70e9, h["uptime_ns"]
assert h["exits"]["hvc"] == 4 * 1000003 and h["exits"]["other"] == 4 * 10 * 1000003
assert b["state"] == "failed" and b["uptime_ns"] == 0 and b["cpus"] == [2]
assert b["failure"] == {"reason": "access outside what it owns", "cpu": 2,
                        "esr": 0x93c08007, "far": 0x48000000, "pc": 0x40000310}, b["failure"]
assert n["state"] == "created" and n["starts"] == 0 and n["started_ns"] == 0
assert h["channels"] == [] and b["channels"] == [] and n["channels"] == []
assert all(c["virtio"] == [] and c["root_shares_ram"] is False for c in d)
PY
res=$? out=$(cat "$tmp/py") err=
ok $res "list --json: an array of cells with the documented fields, states as strings, exits of exits.h"
FAKE_VHYP_CELLS='' run_fake list --json
ok $([ $rc = 0 ] && py 'd == []'; echo $?) "list --json without cells: []"
FAKE_VHYP_CELLS='' run_fake list
ok $([ $rc = 0 ] && [ "$out" = "no cells" ]; echo $?) "list without cells: no cells"
FAKE_VHYP_ENABLED=0 run_fake list --json
ok $([ $rc = 0 ] && py 'd == []' && [ -z "$log" ]; echo $?) "list --json with vhyp not enabled: [] (not an error)"
FAKE_VHYP_FAIL=CELL_INFO:EIO run_fake list
ok $(is_error 2 && has "VHYP_CELL_INFO" "$err"; echo $?) "list: a failing VHYP_CELL_INFO"

# --- stats -----------------------------------------------------------------
FAKE_VHYP_CELLS='duo:running:c' run_fake stats duo
res=0
for e in $exit_names; do has "$e" "$out" || res=1; done
ok $([ $rc = 0 ] && [ $res = 0 ] && has "cell duo (id 1): running for 1m 0" "$out" &&
     grep -Eq '^     2 +3000009 ' <<<"$out" && grep -Eq '^     3 +4000012 ' <<<"$out" &&
     grep -Eq '^  cell +7000021 ' <<<"$out" &&
     has "refused: 0 distributor accesses to interrupts not its own, 0 SGIs aimed outside it" "$out"
     echo $?) \
	"stats: state, uptime, exits by reason for each CPU and the cell, refused GIC accesses"
run_fake stats bad
ok $([ $rc = 0 ] && has "failed on CPU 2: access outside what it owns" "$out"; echo $?) "stats: why a cell failed"
FAKE_VHYP_CELLS='duo:stopped:c' run_fake stats duo --json
ok $([ $rc = 0 ] && py 'd["name"] == "duo" and d["state"] == "stopped" and d["exits"]["psci"] == 3 * 7 * 1000003 and [c["cpu"] for c in d["per_cpu"]] == [2, 3] and d["per_cpu"][1]["exits"]["hvc"] == 4 * 1000003'; echo $?) \
	"stats --json: the list fields, and per_cpu exits"
run_fake stats nosuch
ok $(is_error 2 && has "no cell nosuch" "$err"; echo $?) "stats of a cell that does not exist"

# --- list and stats: each cell's virtio devices, and the RAM the root shares ---
FAKE_VHYP_CELLS='vio:running:4,plain' FAKE_VHYP_VIRTIO_CELLS=vio run_fake list
ok $([ $rc = 0 ] && [ "$(grep -A1 '^vio ' <<<"$out" | tail -n 1)" = "  virtio: root shares its RAM (blk disk, rng rng)" ] &&
     [ "$(grep -c virtio <<<"$out")" = 1 ] && grep -q '^plain ' <<<"$out"; echo $?) \
	"list: under a cell with virtio devices, that the root shares its RAM; nothing under one without"
FAKE_VHYP_CELLS='vio:running:4,plain' FAKE_VHYP_VIRTIO_CELLS=vio FAKE_VHYP_FAIL=CELL_CONFIG:EIO run_fake list
ok $(is_error 2 && [ -z "$out" ] && has "VHYP_CELL_CONFIG" "$err"; echo $?) \
	"list: a config it cannot read fails the list, no half table (the RAM note must not go missing)"
FAKE_VHYP_CELLS='vio:running:4,plain' FAKE_VHYP_VIRTIO_CELLS=vio FAKE_VHYP_FAIL=CHANNEL_INFO:EIO run_fake list
ok $([ $rc = 0 ] && [ -z "$err" ]; echo $?) "list: the text reads no channels (it shows none)"
FAKE_VHYP_CELLS='vio:running:4,plain' FAKE_VHYP_VIRTIO_CELLS=vio run_fake list --json
python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'PY'
import json, sys
d = {c["name"]: c for c in json.load(open(sys.argv[1]))}
assert d["vio"]["virtio"] == [
    {"name": "disk", "type": 2, "type_name": "blk", "ipa": 0xc000000, "irq": 80, "flags": 1,
     "read_only": True, "mac": None, "backend": "/srv/disk.img"},
    {"name": "rng", "type": 4, "type_name": "rng", "ipa": 0xc001000, "irq": 81, "flags": 0,
     "read_only": False, "mac": None, "backend": None}], d["vio"]["virtio"]
assert d["vio"]["root_shares_ram"] is True
assert d["plain"]["virtio"] == [] and d["plain"]["root_shares_ram"] is False
PY
res=$? out=$(cat "$tmp/py") err=
ok $res "list --json: each cell's virtio devices from its config, and root_shares_ram"
FAKE_VHYP_CELLS='vio:running:4' FAKE_VHYP_VIRTIO_CELLS=vio run_fake stats vio
ok $([ $rc = 0 ] &&
     grep -qx '  virtio disk: blk, ipa 0xc000000, INTID 80 (SPI 48), backend /srv/disk.img, read-only' <<<"$out" &&
     grep -qx '  virtio rng: rng, ipa 0xc001000, INTID 81 (SPI 49)' <<<"$out" &&
     grep -qx "  virtio: root shares its RAM: the root's backend reads and writes all of it" <<<"$out"; echo $?) \
	"stats: a line per virtio device, and that the root shares the cell's RAM"
FAKE_VHYP_CELLS='vio:running:4' FAKE_VHYP_VIRTIO_CELLS=vio run_fake stats vio --json
ok $([ $rc = 0 ] && py '[v["name"] for v in d["virtio"]] == ["disk", "rng"] and d["root_shares_ram"] is True'; echo $?) \
	"stats --json: the virtio devices and root_shares_ram"

# --- list and stats: each cell's channels ------------------------------------
export FAKE_VHYP_CELLS='ping:running:4,pong:stopped:8,,a:reset:1,b:created:2'
export FAKE_VHYP_CHANNELS='link:0x10000:ping:pong+r,log:0x1000:root+r:ping,,x:0x1000:a:b'
run_fake list --json
python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'PY'
import json, sys
d = {c["name"]: c["channels"] for c in json.load(open(sys.argv[1]))}
assert d["ping"] == [
    {"name": "link", "peer": "pong", "ipa": 0x50000000, "size": 0x10000, "flags": 0,
     "access": "rw", "peer_access": None, "irq": 41, "id": 1},
    {"name": "log", "peer": "root", "ipa": 0x51000000, "size": 0x1000, "flags": 2,
     "access": "rw", "peer_access": "r", "irq": 42, "id": 2}], d["ping"]
assert d["pong"] == [
    {"name": "link", "peer": "ping", "ipa": 0x50000000, "size": 0x10000, "flags": 1,
     "access": "r", "peer_access": None, "irq": 41, "id": 1}], d["pong"]
assert [c["id"] for c in d["a"]] == [4] and [c["id"] for c in d["b"]] == [4]
PY
res=$? out=$(cat "$tmp/py") err=
ok $res "list --json: each cell's channels from its config, with the channel's id"
run_fake stats ping --json
ok $([ $rc = 0 ] && py '[(c["name"], c["id"], c["peer_state"], c["doorbells"], c["events"]) for c in d["channels"]] == [("link", 1, "gone", 10, 11), ("log", 2, "up", 21, 22)] and list(d)[-4:] == ["channels", "virtio", "root_shares_ram", "per_cpu"]'; echo $?) \
	"stats --json: each channel's peer state (gone: stopped; up: the root), doorbells and events of this end"
run_fake stats pong --json
ok $([ $rc = 0 ] && py '[(c["name"], c["peer_state"], c["doorbells"]) for c in d["channels"]] == [("link", "up", 11)]'; echo $?) \
	"stats --json: the other end of the channel sees its running peer up"
run_fake stats a --json
ok $([ $rc = 0 ] && py 'd["channels"][0]["peer_state"] == "none"'; echo $?) "stats --json: a peer created and never started: none"
run_fake stats b --json
ok $([ $rc = 0 ] && py 'd["channels"][0]["peer_state"] == "restarted"'; echo $?) "stats --json: a peer that reset: restarted"
run_fake stats ping
ok $([ $rc = 0 ] &&
     grep -qx '  channel link: peer pong, ipa 0x50000000, 64 KiB, rw, doorbell INTID 41 (SPI 9); id 1, peer gone, 10 doorbells, 11 events' <<<"$out" &&
     grep -qx '  channel log: peer root, ipa 0x51000000, 4 KiB, rw (the root r), doorbell INTID 42 (SPI 10); id 2, peer up, 21 doorbells, 22 events' <<<"$out"; echo $?) \
	"stats: a line per channel: its config, id, the peer's state, doorbells and events"
FAKE_VHYP_FAIL=CHANNEL_INFO:ENOTCONN run_fake stats ping --json
ok $([ $rc = 0 ] && py '[(c["id"], c["peer_state"], c["doorbells"], c["events"]) for c in d["channels"]] == [(None, None, None, None)] * 2'; echo $?) \
	"stats --json: channels the driver does not report: id, peer_state and counters null"
FAKE_VHYP_FAIL=CHANNEL_INFO:ENOTCONN run_fake stats ping
ok $([ $rc = 0 ] && has "  channel link: peer pong, ipa 0x50000000, 64 KiB, rw, doorbell INTID 41 (SPI 9); not known to the driver" "$out"; echo $?) \
	"stats: a channel the driver does not report"
FAKE_VHYP_FAIL=CHANNEL_INFO:EIO run_fake list --json
ok $(is_error 2 && [ -z "$out" ] && has "cannot read the channels: VHYP_CHANNEL_INFO on /fake/vhyp failed with EIO" "$err"; echo $?) \
	"list --json: a failing VHYP_CHANNEL_INFO, no half JSON"
FAKE_VHYP_FAIL=CELL_CONFIG:EIO run_fake stats ping
ok $(is_error 2 && has "cannot read the config of cell ping: VHYP_CELL_CONFIG on /fake/vhyp failed with EIO" "$err"; echo $?) \
	"stats: a failing VHYP_CELL_CONFIG"
FAKE_VHYP_CHANNELS= run_fake list --json
ok $([ $rc = 0 ] && py 'all(c["channels"] == [] for c in d)' && ! has CHANNEL "$log"; echo $?) "list --json: cells without channels"
unset FAKE_VHYP_CHANNELS

# --- wait --------------------------------------------------------------------
echo 'hello:created' >"$tmp/cells"
export FAKE_VHYP_CELLS=@$tmp/cells
(sleep 0.4; echo 'hello:running' >"$tmp/cells") &
t0=$(date +%s%N)
run_fake wait hello --state running --timeout 5
t1=$(date +%s%N)
wait
ok $([ $rc = 0 ] && [ "$out" = "cell hello is running" ] && [ $(((t1 - t0) / 1000000)) -ge 350 ]; echo $?) \
	"wait: returns once the state is reached ($(((t1 - t0) / 1000000)) ms)"
t0=$(date +%s%N)
run_fake wait hello --state stopped --timeout 0.3
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
ok $(is_error 2 && has "cell hello did not become stopped within 0.3 s: it is running" "$err" &&
     [ $ms -ge 300 ] && [ $ms -lt 2000 ]; echo $?) "wait: a timeout is exit 2 with the state it is in ($ms ms)"
echo 'hello:failed' >"$tmp/cells"
run_fake wait hello --state running --timeout 0
ok $(is_error 2 && has "it is failed (access outside what it owns)" "$err"; echo $?) \
	"wait --timeout 0 looks once; a failed cell's reason"
(sleep 0.3; echo '' >"$tmp/cells") &
run_fake wait 1 --state gone --timeout 5
wait
ok $([ $rc = 0 ] && [ "$out" = "cell hello is gone" ]; echo $?) "wait for gone: the cell was destroyed"
echo 'hello:running' >"$tmp/cells"
(sleep 0.3; echo '' >"$tmp/cells") &
run_fake wait hello --state stopped --timeout 5
wait
ok $(is_error 2 && has "cell hello was destroyed while waiting for it to be stopped" "$err"; echo $?) \
	"wait: a cell destroyed while waited for"
t0=$(date +%s%N)
run_fake wait nosuch --state running
t1=$(date +%s%N)
ok $(is_error 2 && has "no cell nosuch" "$err" && [ $(((t1 - t0) / 1000000)) -lt 2000 ]; echo $?) \
	"wait for a cell that does not exist: exit 2 at once, not after the timeout"
echo 'hello:running' >"$tmp/cells"
run_fake --json wait hello --state running
ok $([ $rc = 0 ] && py 'd["ok"] and d["name"] == "hello" and d["state"] == "running" and "elapsed_ns" in d'; echo $?) \
	"wait --json"

# --- console CELL ----------------------------------------------------------------
export FAKE_VHYP_CELLS='hello:running:8' FAKE_VHYP_CELL_CONSOLE=$'Hello from a vhyp cell!\n'
FAKE_VHYP_CONSOLE='the hypervisor' run_fake console hello
ok $([ $rc = 0 ] && [ "$out" = "Hello from a vhyp cell!" ]; echo $?) "console CELL prints the cell's console"
FAKE_VHYP_CONSOLE='the hypervisor' run_fake console
ok $([ $rc = 0 ] && [ "$out" = "the hypervisor" ]; echo $?) "console without CELL: the hypervisor's, as before"
run_fake console nosuch
ok $(is_error 2 && has "no cell nosuch" "$err"; echo $?) "console of a cell that does not exist"
FAKE_VHYP_FAIL=CONSOLE_READ:ENOENT run_fake console hello
ok $(is_error 2 && has "cannot read the console of cell hello" "$err" &&
     has "There is no cell hello (any more)" "$err"; echo $?) "console: a cell gone while reading"

: >"$tmp/log"
t0=$(date +%s%N)
printf 'ping-42\n\x1d\x03' | FAKE_VHYP_ENABLED=1 FAKE_VHYP_LOG=$tmp/log LD_PRELOAD=$FAKE \
	"$V" --device /fake/vhyp console hello --attach >"$tmp/out" 2>"$tmp/err"
rc=$? t1=$(date +%s%N) out=$(<"$tmp/out") err=$(<"$tmp/err") log=$(<"$tmp/log")
ms=$(((t1 - t0) / 1000000))
ok $([ $rc = 0 ] && [ "$log" = 'input id=1 len=10 data=ping-42\x0a\x1d\x03' ]; echo $?) \
	"console --attach from a pipe sends every byte of stdin, Ctrl-] and Ctrl-C included"
ok $([ "$out" = $'Hello from a vhyp cell!\nping-42\n\x1d\x03' ] && [ -z "$err" ]; echo $?) \
	"console --attach prints the console, the cell's echo included"
ok $([ $ms -ge 450 ] && [ $ms -lt 3000 ]; echo $?) "console --attach exits about 0.5 s after the input ends ($ms ms)"
t0=$(date +%s%N)
printf 'x' | FAKE_VHYP_ENABLED=1 LD_PRELOAD=$FAKE "$V" --device /fake/vhyp console hello --attach --linger 0 >/dev/null 2>&1
rc=$? t1=$(date +%s%N)
ok $([ $rc = 0 ] && [ $(((t1 - t0) / 1000000)) -lt 400 ]; echo $?) "console --attach --linger 0 exits at once"
FAKE_VHYP_FAIL=CONSOLE_WRITE:ENOENT run_fake console hello --attach <<<"x"
ok $(is_error 2 && has "cannot write to the console of cell hello: VHYP_CONSOLE_WRITE" "$err"; echo $?) \
	"console --attach: a refused write"

# on a terminal: raw while attached, Ctrl-] detaches, settings restored
for how in detach SIGTERM SIGINT; do
	: >"$tmp/log"
	FAKE_VHYP_ENABLED=1 FAKE_VHYP_LOG=$tmp/log LD_PRELOAD=$FAKE \
	python3 - "$V" "$how" >"$tmp/py" 2>&1 <<'PY'
import os, pty, signal, subprocess, sys, termios, time
v, how = sys.argv[1], sys.argv[2]
m, s = pty.openpty()
before = termios.tcgetattr(s)
p = subprocess.Popen([v, "--device", "/fake/vhyp", "console", "hello", "--attach"],
                     stdin=s, stdout=s, stderr=s)
for i in range(100):        # until vhypctl has set the terminal raw
    time.sleep(0.02)
    if not termios.tcgetattr(s)[3] & termios.ICANON:
        break
raw = termios.tcgetattr(s)
if how == "detach":
    os.write(m, b"ab\x03c\x1dzz")
else:
    time.sleep(0.1)
    p.send_signal(getattr(signal, how))
rc = p.wait(timeout=5)
after = termios.tcgetattr(s)
assert not raw[3] & (termios.ICANON | termios.ECHO | termios.ISIG), "not raw while attached"
assert after == before, "terminal settings not restored"
assert rc == 0, rc
print("ok")
PY
	res=$? out=$(cat "$tmp/py") err= log=$(<"$tmp/log")
	if [ $how = detach ]; then
		[ $res = 0 ] && [ "$log" = 'input id=1 len=4 data=ab\x03c' ]
		ok $? "console --attach on a terminal: raw, keys sent as typed (Ctrl-C too), Ctrl-] detaches, terminal restored"
	else
		ok $res "console --attach on a terminal: $how exits 0 with the terminal restored"
	fi
done

echo "1..$ntest"
[ $failed = 0 ]
