#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The shipped configs of tools/configs (TAP, run by prove):
#   - every cell config passes 'vhypctl config check' against its board's
#     system config;
#   - qemu-virt/system.dts says what QEMU's own device tree says
#     (tests/unit/configs/live/qemu-virt.dts, dumped from QEMU 7.2);
#   - rk3588/system.dts says what every rk3588*.dtb of Debian's 6.12 arm64
#     kernel says: GIC and its ITSes, SMMUs, devices and their SPIs,
#     reserved memory, and that no device lies in its RAM; and
#     rk3588/rt-cell.dts is valid on each;
#   - phytium-pi/system.dts, which no DTB can check, says the facts its
#     header records, and rt-cell.dts is valid on it.
# The facts of the DTBs are read the way vhypctl reads a running system's
# (VHYPCTL_SYSFS_ROOT pointed at a fake /sys holding the DTB).  Those DTBs
# have no memory node (U-Boot adds it), so one is added with fdtput.  The
# RK3588 part is skipped when .cache/kernel/6.12 is missing
# (tools/setup.sh 6.1 6.12 unpacks it).  phytium-pi has no DTB to check
# against: its files say so, and the test pins what they record.
set -u

. "$(dirname "$0")/vhypctl-lib.sh"
unit_build tools
unit_need dtc fdtput
configs=$top/tools/configs

skip() {	# skip NAME REASON
	ntest=$((ntest + 1))
	echo "ok $ntest - $1 # SKIP $2"
}

# fake_sys DIR DTB POSSIBLE ONLINE [RAM-BASE RAM-SIZE]: a /sys for VHYPCTL_SYSFS_ROOT
fake_sys() {
	mkdir -p "$1/firmware" "$1/devices/system/cpu" &&
		cp "$2" "$1/firmware/fdt" &&
		echo "$3" >"$1/devices/system/cpu/possible" &&
		echo "$4" >"$1/devices/system/cpu/online" || return 1
	[ $# -lt 6 ] && return 0
	# as U-Boot does: a memory node with #address-cells = #size-cells = 2
	fdtput -c "$1/firmware/fdt" /memory@0 &&
		fdtput -t s "$1/firmware/fdt" /memory@0 device_type memory &&
		fdtput -t x "$1/firmware/fdt" /memory@0 reg \
			$(($5 >> 32)) $(($5 & 0xffffffff)) $(($6 >> 32)) $(($6 & 0xffffffff))
}

# --- every shipped cell config against its system config ------------------
# A config with channels (schema 2) needs a vhypctl whose parser reads the
# channels node; one that does not yet (the parser and the payloads are
# written apart) skips those configs, saying so, rather than failing them.
cat >"$tmp/probe.dts" <<'EOF_PROBE'
/dts-v1/;
/ {
	compatible = "vhyp,cell"; vhyp,schema-version = <2>; cell-name = "probe"; cpus = <1>;
	memory { ram { ipa = /bits/ 64 <0x40000000>; size = /bits/ 64 <0x1000000>; }; };
	channels { c { peer = "root"; ipa = /bits/ 64 <0x0b000000>; size = /bits/ 64 <0x1000>; }; };
};
EOF_PROBE
run config check "$tmp/probe.dts" --system "$configs/qemu-virt/system.dts"
reads_channels=1
has "/channels: unknown node" "$err" && reads_channels=0
for board in qemu-virt rk3588 phytium-pi; do
	run config system --system "$configs/$board/system.dts"
	ok $([ $rc = 0 ] && [ -z "$err" ]; echo $?) "$board/system.dts is a valid system config"
	for f in "$configs/$board"/*.dts; do
		[ "$(basename "$f")" = system.dts ] && continue
		if [ $reads_channels = 0 ] && grep -q '^[[:space:]]*channels {' "$f"; then
			skip "$board/$(basename "$f") is valid for $board/system.dts" \
			     "this vhypctl does not read the channels node yet"
			continue
		fi
		run config check "$f" --system "$configs/$board/system.dts"
		ok $([ $rc = 0 ] && grep -q "is valid for" <<<"$out"; echo $?) \
			"$board/$(basename "$f") is valid for $board/system.dts"
	done
done

# compare FILE-JSON LIVE-JSON CHECKS...: python checks of a system config
# (file) against what vhypctl reads from a board's DTB (live)
compare() {
	python3 - "$@" >"$tmp/py" 2>&1 <<'PY'
import json, sys
f, l = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
checks = sys.argv[3:]
def rng(r): return (r["base"], r["size"])
def dev(d): return (d["base"], d["size"], tuple(sorted(d["irqs"])))
def overlaps(a, b): return a[0] < b[0] + b[1] and b[0] < a[0] + a[1]
assert rng(f["gic"]["distributor"]) == rng(l["gic"]["distributor"]), \
    ("GICD", f["gic"]["distributor"], l["gic"]["distributor"])
assert [rng(r) for r in f["gic"]["redistributors"]] == \
    [rng(r) for r in l["gic"]["redistributors"]], ("GICR", l["gic"]["redistributors"])
assert sorted(rng(r) for r in f["gic"]["its"]) == sorted(rng(r) for r in l["gic"]["its"]), \
    ("ITS", f["gic"]["its"], l["gic"]["its"])
assert sorted(rng(r) for r in f["smmus"]) == sorted(rng(r) for r in l["smmus"]), \
    ("SMMUs", f["smmus"], l["smmus"])
# the facts a system config may state: each as the device tree has it
assert f["mpidrs"] == l["mpidrs"][:len(f["mpidrs"])] and len(f["mpidrs"]) == f["cpus"], \
    ("MPIDRs", f["mpidrs"], l["mpidrs"])
assert f["psci_method"] == l["psci_method"], ("PSCI", f["psci_method"], l["psci_method"])
assert f["gic"]["maintenance_intid"] == l["gic"]["maintenance_intid"], \
    ("maintenance", f["gic"]["maintenance_intid"], l["gic"]["maintenance_intid"])
live_devs = {dev(d): d["name"] for d in l["devices"]}
for d in f["devices"]:
    assert dev(d) in live_devs, "%s %s: no device with that reg and those SPIs" % (d["name"], dev(d))
if "same-devices" in checks:
    assert sorted(live_devs) == sorted(dev(d) for d in f["devices"]), "device lists differ"
if "same-ram" in checks:
    assert [rng(r) for r in f["ram"]] == [rng(r) for r in l["ram"]], ("RAM", l["ram"])
    assert f["cpus"] == l["cpus"], ("CPUs", l["cpus"])
if "ram-free" in checks:
    for d in l["devices"]:
        for r in f["ram"]:
            assert not overlaps(rng(d), rng(r)), "%s lies in RAM %s" % (d["name"], r["name"])
    for m in l["reserved_memory"]:
        assert any(r["base"] <= m["base"] and m["base"] + m["size"] <= r["base"] + r["size"]
                   for r in f["ram"]), "reserved %s is not in RAM" % m["name"]
    assert sorted(rng(m) for m in l["reserved_memory"]) == \
        sorted(rng(m) for m in f["reserved_memory"]), "reserved-memory differs"
if "spis" in checks:
    top = 32 + f["gic"]["spis"]
    for d in l["devices"]:
        assert all(i < top for i in d["irqs"]), "%s has INTID %s >= %d" % (d["name"], d["irqs"], top)
PY
}

# --- QEMU virt: system.dts against QEMU's own device tree ---------------------
dtc -q -I dts -O dtb -o "$tmp/virt.dtb" "$unit/configs/live/qemu-virt.dts"
fake_sys "$tmp/virt" "$tmp/virt.dtb" 0-3 0-3
run --json config system --system "$configs/qemu-virt/system.dts"
cp "$tmp/out" "$tmp/virt-file.json"
VHYPCTL_SYSFS_ROOT=$tmp/virt run --json config system
cp "$tmp/out" "$tmp/virt-live.json"
compare "$tmp/virt-file.json" "$tmp/virt-live.json" same-devices same-ram spis
res=$?; out=$(<"$tmp/py") err=
ok $res "qemu-virt/system.dts: CPUs and MPIDRs, PSCI, RAM, GIC (ITS, maintenance PPI), every device and SPI as in QEMU's device tree"
for f in hello hello2 linux; do
	VHYPCTL_SYSFS_ROOT=$tmp/virt run config check "$configs/qemu-virt/$f.dts"
	ok $([ $rc = 0 ] && grep -q "is valid on this machine" <<<"$out"; echo $?) \
		"qemu-virt/$f.dts is valid on QEMU virt itself"
done
# the virtio windows and SPIs of linux-virtio.dts: nothing of QEMU's, where a
# reader of the cell's tree would take them for the machine's own devices
run --json config check "$configs/qemu-virt/linux-virtio.dts" --system "$configs/qemu-virt/system.dts"
python3 - "$tmp/out" "$tmp/virt-live.json" >"$tmp/py" 2>&1 <<'PY'
import json, sys
c, l = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert [v["type_name"] for v in c["virtio"]] == ["blk", "net", "console", "rng"], c["virtio"]
for v in c["virtio"]:
    for d in l["devices"]:
        assert not (v["ipa"] < d["base"] + d["size"] and d["base"] < v["ipa"] + 0x1000), (v["name"], d["name"])
        assert v["irq"] not in d["irqs"], (v["name"], d["name"], v["irq"])
PY
res=$?; out=$(<"$tmp/py") err=
ok $res "qemu-virt/linux-virtio.dts: one device of each type, no window or SPI where QEMU virt has a device"

# --- RK3588: system.dts and rt-cell.dts against Debian's DTBs ------------------
dtbdir=$(ls -d "$top"/.cache/kernel/6.12/usr/lib/linux-image-*/rockchip 2>/dev/null | head -n 1)
if [ -z "$dtbdir" ]; then
	skip "rk3588 DTBs" "no .cache/kernel/6.12 (run tools/setup.sh 6.1 6.12)"
else
	ok $([ -f "$dtbdir/rk3588-rock-5b.dtb" ]; echo $?) "Debian 6.12 ships rk3588-rock-5b.dtb"
	run --json config system --system "$configs/rk3588/system.dts"
	cp "$tmp/out" "$tmp/rk-file.json"
	ram0=$(python3 -c 'import json,sys; r=json.load(sys.stdin)["ram"][0]; print(r["base"], r["size"])' \
	       <"$tmp/rk-file.json")
	ok $([ "${ram0%% *}" = 0 ]; echo $?) "rk3588/system.dts: RAM starts at 0x0"
	for dtb in "$dtbdir"/rk3588*.dtb; do
		name=$(basename "$dtb")
		sys=$tmp/$name
		fake_sys "$sys" "$dtb" 0-7 0-7 $ram0
		VHYPCTL_SYSFS_ROOT=$sys run --json config system
		if [ $rc != 0 ]; then
			ok 1 "$name: vhypctl reads it"
			continue
		fi
		cp "$tmp/out" "$tmp/live.json"
		compare "$tmp/rk-file.json" "$tmp/live.json" ram-free spis
		res=$?; out=$(<"$tmp/py") err=
		ok $res "$name: MPIDRs, PSCI, GIC (ITSes, maintenance PPI), SMMUs, UARTs, I2Cs, SPIs and their interrupts as in rk3588/system.dts; no device in its RAM"
		gic=$(fdtget -l "$dtb" / | grep '^interrupt-controller@' | head -n 1)
		mbi=$(fdtget -t u "$dtb" "/$gic" mbi-ranges 2>/dev/null)
		spis=$(sed -n 's/^[[:space:]]*spis = <\([0-9]*\)>;.*/\1/p' "$configs/rk3588/system.dts")
		ok $([ -n "$mbi" ] && set -- $mbi && [ $(($1 + $2)) -le $((32 + spis)) ]; echo $?) \
			"$name: its MBI range ($mbi) lies within the $spis SPIs of system.dts"
		VHYPCTL_SYSFS_ROOT=$sys run config check "$configs/rk3588/rt-cell.dts"
		ok $([ $rc = 0 ]; echo $?) "$name: rk3588/rt-cell.dts is valid on it"
	done
fi

# --- Phytium Pi: no DTB to check against; system.dts says the recorded facts --
# (Documentation/boards/phytium-pi.md), the GIC layout is the one
# hyp/gic_layout.c is tested on, and rt-cell.dts is valid on it
run --json config system --system "$configs/phytium-pi/system.dts"
cp "$tmp/out" "$tmp/phytium.json"
python3 - "$tmp/phytium.json" "$unit/gic_layout_test.c" >"$tmp/py" 2>&1 <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
src = open(sys.argv[2]).read()
def rng(r): return (r["base"], r["size"])
assert d["cpus"] == 4 and d["mpidrs"] == [0x200, 0x201, 0x000, 0x100], d["mpidrs"]
assert d["psci_method"] == "smc", d["psci_method"]
g = d["gic"]
assert rng(g["distributor"]) == (0x30800000, 0x20000), g["distributor"]
assert [rng(r) for r in g["redistributors"]] == [(0x30880000, 4 * 0x20000)], g["redistributors"]
assert [rng(r) for r in g["its"]] == [(0x30820000, 0x20000)], g["its"]
assert g["maintenance_intid"] == 25 and g["spis"] is None, g
assert [rng(r) for r in d["smmus"]] == [(0x30000000, 0x800000)], d["smmus"]
assert [rng(r) for r in d["ram"]] == [(0x80000000, 0x80000000)], d["ram"]
assert 0x80000000 <= 0x90100000 < 0x100000000, "U-Boot's load address in RAM"
uarts = [(x["name"], x["base"], x["irqs"]) for x in d["devices"]]
assert uarts == [("uart%d" % i, 0x2800c000 + i * 0x1000, [115 + i]) for i in range(4)], uarts
# the layout gic_layout_test.c walks for this board
order = re.search(r"linux_order\[\] = \{ ([^}]*) \}", src).group(1)
assert [int(x, 16) for x in order.split(",")] == d["mpidrs"], ("linux_order", order)
assert "add_region(&g, 0x30880000, 4 * FRAME_V3)" in src, "the GICR region"
PY
res=$?; out=$(<"$tmp/py") err=
ok $res "phytium-pi/system.dts: MPIDRs, PSCI, GIC (ITS, maintenance PPI 9), SMMU, RAM, the four PL011s and their INTIDs as recorded, the GIC layout as gic_layout_test.c walks it"
run --json config check "$configs/phytium-pi/rt-cell.dts" --system "$configs/phytium-pi/system.dts"
ok $([ $rc = 0 ] && python3 -c '
import json, sys
c, s = json.load(sys.stdin), json.load(open(sys.argv[1]))
assert c["cpus"] == [3] and s["mpidrs"][3] == 0x100		# an FTC664, not the boot CPU
assert [(x["name"], x["base"]) for x in c["dev"]] == [("uart2", 0x2800e000)] and c["irqs"] == [117]
' "$tmp/phytium.json" <<<"$out"; echo $?) "phytium-pi/rt-cell.dts: CPU 3 (MPIDR 0x100, an FTC664) and uart2 with INTID 117, not the console"
for frame in "its 0x30820000" "smmu 0x30000000"; do
	set -- $frame
	sed "s|reg = /bits/ 64 <0x2800e000 0x1000>;|reg = /bits/ 64 <$2 0x1000>;|; /interrupts = <0 85 4>;/d" \
		"$configs/phytium-pi/rt-cell.dts" >"$tmp/rt-$1.dts"
	run config check "$tmp/rt-$1.dts" --system "$configs/phytium-pi/system.dts"
	ok $([ $rc = 1 ] && has "/devices/uart2 (reg $2, size 0x1000) overlaps the" "$err"; echo $?) \
		"phytium-pi: rt-cell.dts with its device moved onto the $1 is refused"
done

echo "1..$ntest"
[ $failed = 0 ]
