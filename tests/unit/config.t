#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of cell configs (TAP, run by prove): 'vhypctl config check'
# and 'vhypctl config system' on the rules of Documentation/cell-config.md.
#
# Data-driven: every configs/bad/*.dts breaks one rule and says on its first
# line, "// expect: FRAGMENT", the sentence vhypctl must print after
# "vhypctl: cell config FILE: ".  It is checked against configs/system.dts,
# or against what a "// system: live DTS possible=LIST online=LIST" line
# describes: a fake /sys (VHYPCTL_SYSFS_ROOT) holding DTS compiled and those
# CPU lists.  Each is run as .dts and as .dtb.  configs/bad-system/*.dts do
# the same for system configs.  Then the good configs, their JSON, the file
# formats, dtc's absence and the live path.
set -u

. "$(dirname "$0")/vhypctl-lib.sh"
unit_build tools
unit_need dtc fdtput
cfgs=$unit/configs
SYS=$cfgs/system.dts

# an error: exit code RC, nothing on stdout, one "vhypctl: " line on stderr
is_error() {
	[ "$rc" = "$1" ] && [ -z "$out" ] && [ -n "$err" ] &&
		[ "$(wc -l <<<"$err")" = 1 ] && has "vhypctl: " "$err"
}

# fake_sys DIR DTS POSSIBLE ONLINE: a /sys for VHYPCTL_SYSFS_ROOT
fake_sys() {
	mkdir -p "$1/firmware" "$1/devices/system/cpu" &&
		dtc -q -I dts -O dtb -o "$1/firmware/fdt" "$2" &&
		echo "$3" >"$1/devices/system/cpu/possible" &&
		echo "$4" >"$1/devices/system/cpu/online"
}
skip() {	# skip NAME REASON
	ntest=$((ntest + 1))
	echo "ok $ntest - $1 # SKIP $2"
}

NOSYS=$tmp/nosys	# a /sys without a device tree, as on a build host
mkdir -p "$NOSYS"

# --- every rule: a bad cell config, as .dts and as .dtb -------------------
for f in "$cfgs"/bad/*.dts; do
	name=bad/$(basename "$f" .dts)
	expect=$(sed -n '1s|^// expect: ||p' "$f")
	live=$(sed -n 's|^// system: live ||p' "$f")
	if [ -n "$live" ]; then
		read -r dts possible online <<<"$live"
		fake_sys "$tmp/sys-${name#bad/}" "$top/$dts" "${possible#possible=}" \
			"${online#online=}"
		export VHYPCTL_SYSFS_ROOT=$tmp/sys-${name#bad/}
		sysargs=()
	else
		export VHYPCTL_SYSFS_ROOT=$NOSYS
		sysargs=(--system "$SYS")
	fi
	run config check "$f" "${sysargs[@]}"
	ok $([ -n "$expect" ] && is_error 1 && has "vhypctl: cell config $f: $expect" "$err"; echo $?) \
		"$name: $expect"
	dtb=$tmp/$(basename "$f" .dts).dtb
	dtc -q -I dts -O dtb -o "$dtb" "$f"
	run config check "$dtb" "${sysargs[@]}"
	ok $(is_error 1 && has "vhypctl: cell config $dtb: $expect" "$err"; echo $?) "$name as .dtb"
	unset VHYPCTL_SYSFS_ROOT
done

for f in "$cfgs"/bad-system/*.dts; do
	name=bad-system/$(basename "$f" .dts)
	expect=$(sed -n '1s|^// expect: ||p' "$f")
	run config system --system "$f"
	ok $([ -n "$expect" ] && is_error 1 && has "vhypctl: system config $f: $expect" "$err"; echo $?) \
		"$name: $expect"
	run config check "$cfgs/good/minimal.dts" --system "$f"
	ok $(is_error 1 && has "vhypctl: system config $f: $expect" "$err"; echo $?) \
		"$name refused by config check too"
done

# --- good configs -----------------------------------------------------------
export VHYPCTL_SYSFS_ROOT=$NOSYS
run config check "$cfgs/good/full.dts" --system "$SYS"
ok $([ $rc = 0 ] && [ -z "$err" ] && has "cell config $cfgs/good/full.dts is valid for $SYS" "$out" &&
     has "dma             ipa 0x50000000, 1 MiB, rw-, identity-mapped reserved memory" "$out" &&
     has "INTID 40 (SPI 8), INTID 48 (SPI 16), INTID 49 (SPI 17)" "$out" &&
     has "console:  PL011 at ipa 0x9000000, INTID 33 (SPI 1)" "$out"; echo $?) \
	"good/full: valid, summary names regions, SPIs and console"

run --json config check "$cfgs/good/full.dts" --system "$SYS"
cp "$tmp/out" "$tmp/full.json"
python3 - "$tmp/full.json" "$cfgs/good/full.dts" "$SYS" >"$tmp/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["file", "system", "valid", "size", "schema", "name", "cpus",
                   "cpu_mask", "flags", "mem", "dev", "irqs", "console", "channels", "virtio",
                   "root_shares_ram"], list(d)
assert d["file"] == sys.argv[2] and d["system"] == sys.argv[3] and d["valid"] is True
assert d["size"] == 3424 and d["schema"] == 3 and d["name"] == "full" and d["flags"] == 0
assert d["cpus"] == [2, 3] and d["cpu_mask"] == 12
want = [("ram", 0x40000000, 0x4000000, 7, "rwx", False),
        ("dma", 0x50000000, 0x100000, 11, "rw-", True),
        ("rom", 0x0, 0x10000, 5, "r-x", False)]
got = [(m["name"], m["ipa"], m["size"], m["flags"], m["access"], m["identity"]) for m in d["mem"]]
assert got == want, got
assert all(m["resolved"] for m in d["mem"])
assert [(x["name"], x["base"], x["size"]) for x in d["dev"]] == \
    [("uart1", 0x9040000, 0x1000), ("blk", 0xa000000, 0x10000), ("sram", 0xb000000, 0x1000)], d["dev"]
assert d["irqs"] == [40, 48, 49], d["irqs"]
assert d["console"] == {"type": 1, "type_name": "pl011", "ipa": 0x9000000, "irq": 33}, d["console"]
assert d["channels"] == [], d["channels"]
assert d["virtio"] == [] and d["root_shares_ram"] is False, d["virtio"]
PY
res=$?; out=$(cat "$tmp/py") err=
ok $res "good/full --json: the flat struct's content"

run --json config check "$cfgs/good/minimal.dts" --system "$SYS"
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["mem"] == [{"name": "ram", "ipa": 0x80000000, "size": 0x1000, "flags": 7,
                     "access": "rwx", "identity": False, "resolved": True}], d["mem"]
assert d["dev"] == [] and d["irqs"] == [] and d["cpus"] == [1]
assert d["console"] == {"type": 0, "type_name": "none", "ipa": 0, "irq": 0}
' <<<"$out"
ok $? "good/minimal: access defaults to rwx, no devices, no console"

# --- channels (schema 2) -------------------------------------------------------
run config check "$cfgs/good/channels.dts" --system "$SYS"
ok $([ $rc = 0 ] && [ -z "$err" ] &&
     grep -qx '  channels: link            peer pong, ipa 0x50000000, 64 KiB, rw, doorbell INTID 34 (SPI 2)' <<<"$out" &&
     grep -qx '            log             peer root, ipa 0x50011000, 4 KiB, rw (the root r), doorbell INTID 35 (SPI 3)' <<<"$out" &&
     grep -qx '            feed            peer root, ipa 0x60000000, 16 MiB, r (the root rw), no doorbell' <<<"$out"; echo $?) \
	"good/channels: a line per channel: peer, window, size, access (and the root's), doorbell"
run config check "$cfgs/good/full.dts" --system "$SYS"
ok $([ $rc = 0 ] && grep -qx '  channels: none' <<<"$out"; echo $?) "a schema-1 config: channels: none"
run --json config check "$cfgs/good/channels.dts" --system "$SYS"
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["schema"] == 3 and d["name"] == "ping", d
want = [
    {"name": "link", "peer": "pong", "ipa": 0x50000000, "size": 0x10000, "flags": 0,
     "access": "rw", "peer_access": None, "irq": 34},
    {"name": "log", "peer": "root", "ipa": 0x50011000, "size": 0x1000, "flags": 2,
     "access": "rw", "peer_access": "r", "irq": 35},
    {"name": "feed", "peer": "root", "ipa": 0x60000000, "size": 0x1000000, "flags": 1,
     "access": "r", "peer_access": "rw", "irq": 0},
]
assert d["channels"] == want, d["channels"]
' <<<"$out"
ok $? "good/channels --json: the struct's channels, flags VHYP_CHAN_READONLY (1) and _PEER_READONLY (2)"
# a .dtb may hold two nodes of one name, which dtc refuses in source
sed 's/\bfeed {/lonk {/' "$cfgs/good/channels.dts" >"$tmp/twice.dts"
dtc -q -I dts -O dtb -o "$tmp/twice.dtb" "$tmp/twice.dts"
python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
open(sys.argv[1], "wb").write(b.replace(b"lonk\0", b"link\0"))' "$tmp/twice.dtb"
run config check "$tmp/twice.dtb" --system "$SYS"
ok $(is_error 1 && has "cell config $tmp/twice.dtb: /channels/link: /channels/link has the same name: a channel's name is unique in the cell (and in the system); rename one." "$err"; echo $?) \
	"two channels of one name in a .dtb: refused"
# a schema-1 file without /channels reads as before; with them, says to write 2
sed 's/vhyp,schema-version = <1>;/vhyp,schema-version = <2>;/' "$cfgs/good/full.dts" >"$tmp/full2.dts"
run --json config check "$tmp/full2.dts" --system "$SYS"
python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.loads(sys.stdin.read())
del a["file"], b["file"]
sys.exit(a != b)' "$tmp/full.json" <<<"$out"
ok $? "good/full as schema 2: the same struct as schema 1"

# --- virtio devices (schema 3) ------------------------------------------------
run config check "$cfgs/good/virtio.dts" --system "$SYS"
ok $([ $rc = 0 ] && [ -z "$err" ] &&
     grep -qx '  virtio:   disk            blk, ipa 0xc000000, INTID 80 (SPI 48), backend /var/lib/vhyp/vio-disk.img, read-only' <<<"$out" &&
     grep -qx '            net0            net, ipa 0xc001000, INTID 81 (SPI 49), backend vhyp-tap0, mac 02:00:00:00:00:01' <<<"$out" &&
     grep -qx '            con             console, ipa 0xc002000, INTID 82 (SPI 50), backend a pseudo-terminal' <<<"$out" &&
     grep -qx '            rng             rng, ipa 0xc003000, INTID 83 (SPI 51)' <<<"$out" &&
     grep -qx "            the root's backend reads and writes all of this cell's RAM" <<<"$out"; echo $?) \
	"good/virtio: a line per device: type, window, SPI, backend, read-only, mac; the RAM the root shares"
run config check "$cfgs/good/channels.dts" --system "$SYS"
ok $([ $rc = 0 ] && grep -qx '  virtio:   none' <<<"$out" && ! has "reads and writes" "$out"; echo $?) \
	"a config without virtio devices: virtio: none, no note on its RAM"
run --json config check "$cfgs/good/virtio.dts" --system "$SYS"
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["size"] == 3424 and d["schema"] == 3 and d["name"] == "vio", d
def dev(name, t, tn, ipa, irq, flags, mac, backend):
    return {"name": name, "type": t, "type_name": tn, "ipa": ipa, "irq": irq, "flags": flags,
            "read_only": bool(flags & 1), "mac": mac, "backend": backend}
want = [
    dev("disk", 2, "blk", 0xc000000, 80, 1, None, "/var/lib/vhyp/vio-disk.img"),
    dev("net0", 1, "net", 0xc001000, 81, 0, "02:00:00:00:00:01", "vhyp-tap0"),
    dev("con", 3, "console", 0xc002000, 82, 0, None, None),
    dev("rng", 4, "rng", 0xc003000, 83, 0, None, None),
]
assert d["virtio"] == want, d["virtio"]
assert d["root_shares_ram"] is True
' <<<"$out"
ok $? "good/virtio --json: the struct's devices, types VHYP_VIRTIO_*, VHYP_VIRTIO_READONLY (1), root_shares_ram"
# schema 1, 2 and 3 files without /virtio: one struct
sed 's/vhyp,schema-version = <1>;/vhyp,schema-version = <3>;/' "$cfgs/good/full.dts" >"$tmp/full3.dts"
run --json config check "$tmp/full3.dts" --system "$SYS"
python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.loads(sys.stdin.read())
del a["file"], b["file"]
sys.exit(a != b)' "$tmp/full.json" <<<"$out"
ok $? "good/full as schema 3: the same struct as schema 1"
sed 's/vhyp,schema-version = <2>;/vhyp,schema-version = <3>;/' "$cfgs/good/channels.dts" >"$tmp/chan3.dts"
run --json config check "$cfgs/good/channels.dts" --system "$SYS"
cp "$tmp/out" "$tmp/chan2.json"
run --json config check "$tmp/chan3.dts" --system "$SYS"
python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.loads(sys.stdin.read())
del a["file"], b["file"]
sys.exit(a != b)' "$tmp/chan2.json" <<<"$out"
ok $? "good/channels as schema 3: the same struct as schema 2"
# a .dtb may hold two devices of one name, which dtc refuses in source
sed 's/\brng {/gnr {/' "$cfgs/good/virtio.dts" >"$tmp/vtwice.dts"
dtc -q -I dts -O dtb -o "$tmp/vtwice.dtb" "$tmp/vtwice.dts"
python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
open(sys.argv[1], "wb").write(b.replace(b"gnr\0", b"con\0"))' "$tmp/vtwice.dtb"
run config check "$tmp/vtwice.dtb" --system "$SYS"
ok $(is_error 1 && has "cell config $tmp/vtwice.dtb: /virtio/con: /virtio/con has the same name: a virtio device's name is unique in the cell; rename one." "$err"; echo $?) \
	"two virtio devices of one name in a .dtb: refused"
# a blk backend against the running system: a file the root can read and write
fake_sys "$tmp/vsys" "$cfgs/live/qemu-virt.dts" 0-3 0-3
truncate -s 1M "$tmp/disk.img"
sed "s|/var/lib/vhyp/vio-disk.img|$tmp/disk.img|" "$cfgs/good/virtio.dts" >"$tmp/vlive.dts"
VHYPCTL_SYSFS_ROOT=$tmp/vsys run config check "$tmp/vlive.dts"
ok $([ $rc = 0 ] && has "is valid on this machine" "$out" && has "backend $tmp/disk.img, read-only" "$out"; echo $?) \
	"live: a blk backend that exists and can be read: valid"
run config check "$tmp/vlive.dts" --system "$SYS"
ok $([ $rc = 0 ]; echo $?) "a system config is no running system: the backend's file is not looked at"
sed 's|/nonexistent/vhyp-disk.img|/nonexistent/x.img|' "$cfgs/bad/virtio-blk-backend-absent-live.dts" >"$tmp/vabsent.dts"
run config check "$tmp/vabsent.dts" --system "$SYS"
ok $([ $rc = 0 ]; echo $?) "--system: a blk backend that does not exist here passes (another machine's file)"
if [ "$(id -u)" = 0 ]; then
	skip "live: a blk backend the root cannot write is refused, unless read-only" "root may write any file"
	skip "live: a read-only blk backend need only be readable" "root may write any file"
	skip "live: a blk backend the root cannot read is refused" "root may read any file"
else
	chmod 0444 "$tmp/disk.img"
	sed '/read-only;/d' "$tmp/vlive.dts" >"$tmp/vrw.dts"
	VHYPCTL_SYSFS_ROOT=$tmp/vsys run config check "$tmp/vrw.dts"
	ok $(is_error 1 && has "/virtio/disk: backend $tmp/disk.img cannot be written: Permission denied: give the device 'read-only;' if the cell only reads the disk, or let the root write it." "$err"; echo $?) \
		"live: a blk backend the root cannot write is refused, unless read-only"
	VHYPCTL_SYSFS_ROOT=$tmp/vsys run config check "$tmp/vlive.dts"
	ok $([ $rc = 0 ]; echo $?) "live: a read-only blk backend need only be readable"
	chmod 0 "$tmp/disk.img"
	VHYPCTL_SYSFS_ROOT=$tmp/vsys run config check "$tmp/vlive.dts"
	ok $(is_error 1 && has "/virtio/disk: backend $tmp/disk.img cannot be read: Permission denied" "$err"; echo $?) \
		"live: a blk backend the root cannot read is refused"
	chmod 0644 "$tmp/disk.img"
fi

# pmu: the cell gets its CPUs' PMU (VHYP_CELL_PMU)
sed 's/cpus = <1>;/cpus = <1>;\n\tpmu;/' "$cfgs/good/minimal.dts" >"$tmp/pmu.dts"
run --json config check "$tmp/pmu.dts" --system "$SYS"
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["flags"] == 1, d["flags"]
' <<<"$out"
ok $? "pmu; sets VHYP_CELL_PMU in the flags"

# the same config as a .dtb, and recognised by content, not by name
dtc -q -I dts -O dtb -o "$tmp/full.dtb" "$cfgs/good/full.dts"
cp "$tmp/full.dtb" "$tmp/full.config"
cp "$cfgs/good/full.dts" "$tmp/source.dtb"
for f in "$tmp/full.dtb" "$tmp/full.config" "$tmp/source.dtb"; do
	run --json config check "$f" --system "$SYS"
	python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.loads(sys.stdin.read())
del a["file"], b["file"]
sys.exit(a != b)' "$tmp/full.json" <<<"$out"
	ok $? "$(basename "$f"): the same result as the .dts"
done
run config check "$tmp/full.dtb" --system "$tmp/full.dtb"
ok $(is_error 1 && has "vhypctl: system config $tmp/full.dtb: /: compatible is \"vhyp,cell\", not \"vhyp,system\"" "$err"; echo $?) \
	"a cell config given as --system is refused"
dtc -q -I dts -O dtb -o "$tmp/system.dtb" "$SYS"
run config check "$cfgs/good/full.dts" --system "$tmp/system.dtb"
ok $([ $rc = 0 ]; echo $?) "--system as .dtb"

# --- no system description: the rules that need one are skipped, once -----
run config check "$cfgs/good/full.dts"
ok $([ $rc = 0 ] && has "(checked alone: no system description)" "$out" &&
     has "identity-mapped reserved memory (not resolved: no system description)" "$out" &&
     [ "$(wc -l <<<"$err")" = 1 ] && has "vhypctl: note: no system description ($NOSYS/firmware/fdt does not exist" "$err" &&
     has "give one with --system" "$err"; echo $?) "no system: valid, with one note on stderr"
run --json config check "$cfgs/good/full.dts"
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["system"] is None
dma = d["mem"][1]
assert dma["identity"] and not dma["resolved"] and dma["ipa"] == 0 and dma["size"] == 0, dma' <<<"$out"
ok $? "no system --json: system null, the identity region unresolved"
run --quiet config check "$cfgs/good/full.dts"
ok $([ $rc = 0 ] && [ -z "$err" ]; echo $?) "--quiet: no note"
for f in cpus-absent cpus-all device-not-owned irq-beyond-system irq-of-root-device identity-unknown regions-too-much-ram \
	 channel-irq-beyond-system channel-overlaps-gic channel-overlaps-its channel-overlaps-smmu \
	 virtio-irq-beyond-system virtio-overlaps-gic virtio-overlaps-its virtio-overlaps-smmu \
	 virtio-blk-backend-absent-live; do
	run config check "$cfgs/bad/$f.dts"
	ok $([ $rc = 0 ] && has "note: no system description" "$err"; echo $?) \
		"no system: bad/$f passes, its rule needs the machine"
done
for f in cpus-64 region-size-zero regions-overlap irq-twice console-compatible-wrong \
	 channels-schema-1 channels-overlap channel-irq-of-console virtio-schema-2 virtio-overlap \
	 virtio-irq-of-channel virtio-mac-multicast; do
	run config check "$cfgs/bad/$f.dts"
	ok $(is_error 1 && ! has "note:" "$err"; echo $?) "no system: bad/$f is still refused"
done

# --- files, dtc ---------------------------------------------------------------
run config check "$tmp/nonexistent.dts"
ok $(is_error 1 && has "vhypctl: cannot read cell config $tmp/nonexistent.dts: No such file or directory." "$err"; echo $?) \
	"a missing file: exit 1"
printf '/dts-v1/;\n/ {\n\tcell-name = ;\n};\n' >"$tmp/syntax.dts"
run config check "$tmp/syntax.dts"
ok $(is_error 1 && has "vhypctl: cell config $tmp/syntax.dts: dtc cannot compile it: Error: $tmp/syntax.dts:3." "$err"; echo $?) \
	"dtc's syntax error becomes part of the sentence"
printf '\xd0\x0d\xfe\xed not a tree' >"$tmp/short.dtb"
run config check "$tmp/short.dtb"
ok $(is_error 1 && has "vhypctl: cell config $tmp/short.dtb: not a device tree blob: 15 bytes, shorter than its header" "$err"; echo $?) \
	"a .dtb shorter than a header"
python3 -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[0x48:0x58] = b"\xff" * 16		# inside the structure block
open(sys.argv[2], "wb").write(b)' "$tmp/full.dtb" "$tmp/garbage.dtb"
run config check "$tmp/garbage.dtb"
ok $(is_error 1 && has "vhypctl: cell config $tmp/garbage.dtb: not a valid device tree blob: FDT_ERR_" "$err"; echo $?) \
	"a .dtb with a corrupt structure block"
head -c 200 "$tmp/full.dtb" >"$tmp/truncated.dtb"
run config check "$tmp/truncated.dtb"
ok $(is_error 1 && has "not a valid device tree blob: its header says" "$err"; echo $?) "a truncated .dtb"
PATH=/nonexistent run config check "$cfgs/good/full.dts" --system "$tmp/system.dtb"
ok $(is_error 2 && has "vhypctl: cannot compile cell config $cfgs/good/full.dts: dtc is not installed: install device-tree-compiler" "$err"; echo $?) \
	"no dtc: exit 2, install device-tree-compiler"
PATH=/nonexistent run config check "$tmp/full.dtb" --system "$tmp/system.dtb"
ok $([ $rc = 0 ]; echo $?) "no dtc: .dtb files still work"
PATH=/nonexistent run config check "$tmp/full.dtb" --system "$SYS"
ok $(is_error 2 && has "cannot compile system config $SYS: dtc is not installed" "$err"; echo $?) \
	"no dtc: a .dts system config says so too"

# --- usage --------------------------------------------------------------------
run config
ok $(is_error 1 && has "no subcommand" "$err" && has "Try 'vhypctl config --help'." "$err"; echo $?) "config alone"
run config check
ok $(is_error 1 && has "check needs the cell config FILE" "$err"; echo $?) "check without FILE"
run config check a b
ok $(is_error 1 && has "unexpected argument 'b'" "$err"; echo $?) "check with two files"
run config frobnicate
ok $(is_error 1 && has "unknown subcommand 'frobnicate'" "$err"; echo $?) "unknown subcommand"
run config system extra
ok $(is_error 1 && has "unexpected argument 'extra'" "$err"; echo $?) "system with an argument"
run config check "$cfgs/good/full.dts" --system
ok $(is_error 1 && has "option '--system' needs an argument" "$err"; echo $?) "--system without SYSFILE"
run config check -s "$SYS" "$cfgs/good/minimal.dts"
ok $([ $rc = 0 ]; echo $?) "-s SYSFILE before FILE"

# --- config system --------------------------------------------------------------
run --json config system --system "$SYS"
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert list(d) == ["source", "model", "cpus", "online", "ram", "gic", "reserved_memory", "devices",
                   "smmus", "hyp_uart", "mpidrs", "psci_method"], list(d)
assert d["model"] == "test machine" and d["cpus"] == 4 and d["online"] == [0, 1, 2, 3]
assert d["ram"] == [{"name": "ram0", "base": 0x40000000, "size": 0x80000000}]
assert d["gic"] == {"distributor": {"base": 0x8000000, "size": 0x10000},
                    "redistributors": [{"base": 0x80a0000, "size": 0xf60000}], "spis": 256,
                    "its": [{"name": "its@8080000", "base": 0x8080000, "size": 0x20000}],
                    "maintenance_intid": 25}, d["gic"]
assert d["mpidrs"] == [0, 1, 2, 3] and d["psci_method"] == "smc"
assert d["smmus"] == [{"name": "smmu0", "base": 0x9050000, "size": 0x20000}], d["smmus"]
assert d["hyp_uart"] is None
assert [r["name"] for r in d["reserved_memory"]] == ["cell-dma", "cma", "odd"]
assert [r["reusable"] for r in d["reserved_memory"]] == [False, True, False]
blk = [x for x in d["devices"] if x["name"] == "blk"][0]
assert blk == {"name": "blk", "base": 0xa000000, "size": 0x10000, "irqs": [48, 49]}, blk
' <<<"$out"
ok $? "config system --json: the system config's content, its ITS, SMMU, MPIDRs, PSCI method, maintenance INTID"
run config system --system "$SYS"
ok $([ $rc = 0 ] && grep -q '^  ITS:       its@8080000 *0x8080000, 128 KiB$' <<<"$out" &&
     grep -q '^  SMMUs:     smmu0 *0x9050000, 128 KiB$' <<<"$out" &&
     grep -q '^  MPIDRs:    0x0 0x1 0x2 0x3$' <<<"$out" && grep -q '^  PSCI:      smc$' <<<"$out" &&
     grep -q '^  GIC: .*, maintenance PPI 9, 256 SPIs$' <<<"$out"; echo $?) \
	"config system: the ITS, SMMU, MPIDR, PSCI and maintenance PPI lines"
run config system
ok $(is_error 2 && has "no system description: $NOSYS/firmware/fdt does not exist" "$err"; echo $?) \
	"config system without a device tree: exit 2"

# --- the live path: a fake /sys with QEMU virt's device tree -------------------
fake_sys "$tmp/virt" "$cfgs/live/qemu-virt.dts" 0-3 0-3
export VHYPCTL_SYSFS_ROOT=$tmp/virt
run --json config system
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["source"] == "live" and d["model"] == "linux,dummy-virt" and d["cpus"] == 4
assert d["ram"] == [{"name": "memory@40000000", "base": 0x40000000, "size": 0x80000000}], d["ram"]
assert d["gic"]["distributor"] == {"base": 0x8000000, "size": 0x10000}
assert d["gic"]["redistributors"] == [{"base": 0x80a0000, "size": 0xf60000}]
assert d["gic"]["spis"] is None
uart = [x for x in d["devices"] if x["base"] == 0x9000000]
assert uart == [{"name": "pl011@9000000", "base": 0x9000000, "size": 0x1000, "irqs": [33]}], uart
assert not [x for x in d["devices"] if x["name"].startswith("intc")], "the GIC is no device"
assert d["gic"]["its"] == [{"name": "its@8080000", "base": 0x8080000, "size": 0x20000}], d["gic"]["its"]
assert d["smmus"] == [] and d["hyp_uart"] is None
assert d["mpidrs"] == [0, 1, 2, 3] and d["psci_method"] == "smc" and d["gic"]["maintenance_intid"] == 25
' <<<"$out"
ok $? "live: QEMU virt's RAM, GIC (ITS, maintenance PPI), MPIDRs, PSCI method and PL011 from its device tree"
run config check "$top/tools/configs/qemu-virt/hello.dts"
ok $([ $rc = 0 ] && has "is valid on this machine" "$out" &&
     has "note: the number of SPIs of this machine's GIC is not known" "$err"; echo $?) \
	"live: hello.dts is valid, with a note that the SPI count is unknown"
run config check "$cfgs/bad/irq-of-root-device.dts"
ok $(is_error 1 && has "/devices/uart1 (reg 0x9040000, size 0x1000) is not within a device of this machine" "$err"; echo $?) \
	"live: a device QEMU virt does not have"
printf '0-3\n' >"$tmp/virt/devices/system/cpu/online"
printf '0-7\n' >"$tmp/virt/devices/system/cpu/possible"
sed 's/cpus = <3>;/cpus = <7>;/' "$cfgs/bad/cpus-offline.dts" >"$tmp/cpu7.dts"
run config check "$tmp/cpu7.dts"
ok $(is_error 1 && has "/: cpus names CPU 7, which is offline" "$err"; echo $?) "live: a possible CPU that is offline"
printf 'x-y\n' >"$tmp/virt/devices/system/cpu/online"
run config check "$top/tools/configs/qemu-virt/hello.dts"
ok $(is_error 2 && has "the online CPUs \"x-y" "$err"; echo $?) "live: an unreadable CPU list: exit 2"
fake_sys "$tmp/nogic" "$SYS" 0-3 0-3
VHYPCTL_SYSFS_ROOT=$tmp/nogic run config check "$top/tools/configs/qemu-virt/hello.dts"
ok $(is_error 2 && has "vhypctl: this machine ($tmp/nogic/firmware/fdt): the device tree has no GICv3" "$err"; echo $?) \
	"live: a device tree without a GICv3: exit 2"
unset VHYPCTL_SYSFS_ROOT

# --- the live path: ITSes and SMMUs, wherever they are and whatever their status
fake_sys "$tmp/masters" "$cfgs/live/masters.dts" 0-3 0-3
VHYPCTL_SYSFS_ROOT=$tmp/masters run --json config system
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["gic"]["its"] == [{"name": "msi-controller@8080000", "base": 0x8080000, "size": 0x20000}], d["gic"]["its"]
assert d["smmus"] == [{"name": "iommu@9050000", "base": 0x9050000, "size": 0x20000}], d["smmus"]
names = [x["name"] for x in d["devices"]]
assert "iommu@9050000" not in names and "msi-controller@8080000" not in names, names
assert "serial@9000000" in names and "pcie@10000000" in names, names
assert d["mpidrs"] == [] and d["psci_method"] is None and d["gic"]["maintenance_intid"] is None
' <<<"$out"
ok $? "live: the ITS (a child of the GIC) and the disabled SMMU are frames, not devices; no CPU nodes, no PSCI: unknown"
# compatibles that make an SMMU, and ones that do not ('|' separates a list)
smmu_is() {	# smmu_is COMPATIBLE: 0 if vhypctl takes the node for an SMMU
	local parts
	IFS='|' read -ra parts <<<"$1"
	dtc -q -I dts -O dtb -o "$tmp/masters/firmware/fdt" "$cfgs/live/masters.dts"
	fdtput -t s "$tmp/masters/firmware/fdt" /iommu@9050000 compatible "${parts[@]}"
	VHYPCTL_SYSFS_ROOT=$tmp/masters run --json config system
	python3 -c 'import json, sys; sys.exit(len(json.load(sys.stdin)["smmus"]) != 1)' <<<"$out"
}
for c in arm,smmu-v1 arm,smmu-v2 arm,mmu-400 arm,mmu-401 arm,mmu-500 qcom,smmu-v2 \
	 qcom,sdm845-smmu-500 nvidia,smmu-500 cavium,smmu-v2 nvidia,tegra30-smmu \
	 arm,smmu-v3-pmcg 'vendor,thing|arm,mmu-500'; do
	smmu_is "$c"
	ok $? "live: compatible \"$c\" is an SMMU"
done
for c in arm,mmu-600-pmu vendor,iommu smmu rockchip,iommu 'vendor,mmu-500|arm,pl330'; do
	smmu_is "$c"
	ok $([ $? != 0 ]; echo $?) "live: compatible \"$c\" is not taken for an SMMU"
done

echo "1..$ntest"
[ $failed = 0 ]
