#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install / make uninstall (TAP, run by prove), into a DESTDIR:
#   - every file where it belongs, with its mode, identical to its source,
#     and nothing else; the manifest lists exactly what was installed;
#   - an install over an earlier one replaces it; install-tools installs
#     all but the module;
#   - uninstall leaves nothing but directories, and a second one is a no-op;
#   - into a staged root file system with a module index, depmod indexes
#     vhyp.ko and forgets it again on uninstall;
#   - install builds nothing and refuses what is not built;
#   - PREFIX defaults to /usr/local.
# It uses what 'make' built: the real vhyp.ko when there is one (its
# vermagic names the kernel directory), else a stand-in file with KVER
# given, so that the test runs without kernel headers.  vhypctl is built
# with 'make -C tools' if it is missing.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/tap-lib.sh"
export PATH=$PATH:/usr/sbin:/sbin


if [ ! -f "$top/tools/vhypctl/vhypctl" ] &&
   ! make -s --no-print-directory -C "$top/tools" >"$tmp/log" 2>&1; then
	echo "Bail out! make -C tools failed: $(tail -n 3 "$tmp/log" | tr '\n' ' ')"
	exit 1
fi

# The module: the real one, or a stand-in
if [ -f "$top/vhyp.ko" ]; then
	ko=$top/vhyp.ko
	kver=$(modinfo -F vermagic "$ko" | awk '{ print $1 }')
	mkargs=()
	echo "# the real vhyp.ko, built for $kver"
else
	ko=$tmp/fake-vhyp.ko
	echo "not a module: vhyp.ko is not built" >"$ko"
	kver=0.0.0-install-test
	mkargs=(vhyp_ko="$ko" KVER="$kver")
	echo "# vhyp.ko is not built: a stand-in for it, KVER=$kver"
fi

mk() {		# mk ARGS...: make in the top directory, output in $tmp/log
	make --no-print-directory -C "$top" "${mkargs[@]}" "$@" >"$tmp/log" 2>&1
}

# what must be installed: "MODE TARGET SOURCE"
expected() {	# expected PREFIX
	local p=$1 f
	echo "644 /lib/modules/$kver/extra/vhyp.ko $ko"
	echo "755 $p/sbin/vhypctl $top/tools/vhypctl/vhypctl"
	echo "644 $p/share/man/man8/vhypctl.8 $top/Documentation/man/vhypctl.8"
	echo "644 $p/share/man/man5/vhyp-cell.5 $top/Documentation/man/vhyp-cell.5"
	echo "644 $p/share/bash-completion/completions/vhypctl $top/tools/completion/vhypctl.bash"
	if [ -d "$top/tools/configs" ]; then
		(cd "$top/tools/configs" &&
		 find . -type f \( -name '*.dts' -o -name '*.dtsi' -o -name '*.dtb' \)) |
		while read -r f; do
			f=${f#./}
			echo "644 $p/share/vhyp/configs/$f $top/tools/configs/$f"
		done
	fi
	for f in "$top"/tools/inmates/*.bin; do
		[ -f "$f" ] && echo "644 $p/share/vhyp/inmates/${f##*/} $f"
	done
	echo "644 $p/lib/libvhypchan.a $top/tools/channel/libvhypchan.a"
	echo "644 $p/include/vhyp_channel.h $top/tools/channel/vhyp_channel.h"
	for f in ioctl.h cell.h channel.h exits.h virtio.h status.h header.h; do
		echo "644 $p/include/vhyp/$f $top/uapi/vhyp/$f"
	done
	echo "644 $p/share/vhyp/installed-files -"
}

# check_tree DESTDIR PREFIX: the tree holds exactly the expected files
check_tree() {
	local d=$1 p=$2 mode target src res=0
	: >"$tmp/log"
	expected "$p" >"$tmp/expected"
	while read -r mode target src; do
		if [ ! -f "$d$target" ]; then
			echo "missing: $target" >>"$tmp/log"; res=1; continue
		fi
		if [ "$(stat -c %a "$d$target")" != "$mode" ]; then
			echo "$target: mode $(stat -c %a "$d$target"), not $mode" >>"$tmp/log"; res=1
		fi
		if [ "$src" != - ] && ! cmp -s "$src" "$d$target"; then
			echo "$target differs from $src" >>"$tmp/log"; res=1
		fi
	done <"$tmp/expected"
	(cd "$d" && find . ! -type d | sed 's|^\.||' | sort) >"$tmp/have"
	awk '{ print $2 }' "$tmp/expected" | sort >"$tmp/want"
	if ! cmp -s "$tmp/have" "$tmp/want"; then
		echo "files that should not be there:" >>"$tmp/log"
		comm -23 "$tmp/have" "$tmp/want" >>"$tmp/log"
		res=1
	fi
	return $res
}

# --- install into a staging directory --------------------------------------
d=$tmp/dest
mk install DESTDIR="$d" PREFIX=/usr
ok $? "make install DESTDIR=... PREFIX=/usr succeeds"
cp "$tmp/log" "$tmp/install.log"
check_tree "$d" /usr
ok $? "every file in place, with its mode and content, and nothing else"

grep -v '^/usr/share/vhyp/installed-files$' "$d/usr/share/vhyp/installed-files" |
	sort >"$tmp/manifest"
awk '{ print $2 }' "$tmp/expected" | grep -v installed-files | sort | diff - "$tmp/manifest" >"$tmp/log"
ok $? "the manifest lists what was installed"

cp "$tmp/install.log" "$tmp/log"
grep -q "not running depmod" "$tmp/log" && ! grep -q DEPMOD "$tmp/log"
ok $? "no depmod into a staging directory without a module index, and a note says so"

file "$d/usr/sbin/vhypctl" >"$tmp/log"
grep -q 'ARM aarch64' "$tmp/log"
ok $? "the installed vhypctl is the arm64 binary for the target"

# a root program built against what was installed alone: its header, the
# uapi headers it includes, its library (static, for the target)
printf '#include <vhyp_channel.h>\nint main(void) { struct vhyp_channel *ch;\n%s\n}\n' \
	'return vhyp_channel_open("x", 0, &ch) ? 1 : 0;' >"$tmp/chan.c"
cc=aarch64-linux-gnu-gcc
[ "$(uname -m)" = aarch64 ] && cc=gcc		# (the library is built for the target)
$cc -static -I"$d/usr/include" -o "$tmp/chan" "$tmp/chan.c" \
	"$d/usr/lib/libvhypchan.a" >"$tmp/log" 2>&1
ok $? "a program links with the installed libvhypchan and headers alone"

# a file the first install listed and the next does not: it must go
echo /usr/share/vhyp/inmates/gone.bin >>"$d/usr/share/vhyp/installed-files"
: >"$d/usr/share/vhyp/inmates/gone.bin"
mk install DESTDIR="$d" PREFIX=/usr && grep -q "replacing the installation" "$tmp/log" &&
	check_tree "$d" /usr
ok $? "install over an installation replaces it: the same tree, nothing left of the old list"

mk uninstall DESTDIR="$d" PREFIX=/usr
ok $? "make uninstall succeeds"
(cd "$d" && find . ! -type d) >"$tmp/log"
[ ! -s "$tmp/log" ]
ok $? "uninstall leaves nothing but directories"
[ ! -e "$d/usr/share/vhyp" ] && [ ! -e "$d/usr/include/vhyp" ]
ok $? "uninstall removes vhyp's own empty directories"

mk uninstall DESTDIR="$d" PREFIX=/usr && grep -q "nothing to do" "$tmp/log"
ok $? "a second uninstall does nothing and succeeds"

# --- a staged root file system with a module index: depmod ----------------
r=$tmp/rootfs
mkdir -p "$r/lib/modules/$kver"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	: >"$r/lib/modules/$kver/$f"
done
if [ "$ko" != "$top/vhyp.ko" ]; then
	skip "depmod indexes vhyp.ko in a staged root file system" "vhyp.ko is not built"
	skip "uninstall takes it out of the index" "vhyp.ko is not built"
elif ! command -v depmod >/dev/null; then
	skip "depmod indexes vhyp.ko in a staged root file system" "no depmod (kmod)"
	skip "uninstall takes it out of the index" "no depmod (kmod)"
else
	depmod -b "$r" "$kver" 2>/dev/null
	mk install DESTDIR="$r" PREFIX=/usr &&
		grep -q "DEPMOD" "$tmp/log" &&
		grep -q '^extra/vhyp.ko:' "$r/lib/modules/$kver/modules.dep"
	ok $? "depmod indexes vhyp.ko in a staged root file system"
	mk uninstall DESTDIR="$r" PREFIX=/usr &&
		[ ! -e "$r/lib/modules/$kver/extra/vhyp.ko" ] &&
		! grep -q 'vhyp' "$r/lib/modules/$kver/modules.dep"
	ok $? "uninstall takes it out of the index"
fi

# --- PREFIX defaults to /usr/local ----------------------------------------
d=$tmp/local
mk install DESTDIR="$d" && check_tree "$d" /usr/local
ok $? "PREFIX defaults to /usr/local"
mk uninstall DESTDIR="$d" && [ -z "$(cd "$d" && find . ! -type d)" ]
ok $? "uninstall with the default PREFIX leaves nothing but directories"

# --- install-tools: all but the module -----------------------------------
d=$tmp/tools
mk install-tools DESTDIR="$d" PREFIX=/usr
res=$?
expected /usr | grep -v ' /lib/modules/' | awk '{ print $2 }' | sort >"$tmp/want"
(cd "$d" && find . ! -type d | sed 's|^\.||' | sort) >"$tmp/have"
diff "$tmp/want" "$tmp/have" >"$tmp/log"
[ $res = 0 ] && [ ! -s "$tmp/log" ]
ok $? "make install-tools installs everything but the module"
mk uninstall DESTDIR="$d" PREFIX=/usr && [ -z "$(cd "$d" && find . ! -type d)" ]
ok $? "and uninstall removes it all"

# --- install builds nothing, refuses what is not built --------------------
d=$tmp/none
make --no-print-directory -C "$top" install DESTDIR="$d" vhyp_ko="$tmp/no-such.ko" \
	KVER=1.2.3 >"$tmp/log" 2>&1
[ $? != 0 ] && grep -q "is not built: run 'make'" "$tmp/log" && [ ! -e "$d" ]
ok $? "install refuses a module that is not built, and installs nothing"

# as a top-level make: under 'make check', MAKELEVEL would number even the
# top directory's "Entering directory" line like a sub-make's
env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS \
	make -n -C "$top" "${mkargs[@]}" install DESTDIR="$tmp/n" >"$tmp/log" 2>&1
! grep -qE 'make\[[0-9]+\]: Entering directory|(^|[ /])([a-z0-9_-]+-)?gcc ' "$tmp/log"
rc=$?
[ $rc = 0 ] || grep -E 'make\[[0-9]+\]: Entering directory|gcc' "$tmp/log" | head -n 5 | sed 's/^/#   /'
ok $rc "install runs no compiler and no sub-make (make -n install)"

tap_end
