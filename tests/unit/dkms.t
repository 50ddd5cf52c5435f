#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS (TAP, run by prove): dkms.conf, 'make dkms-source', and the build
# DKMS runs, against both Debian arm64 kernels of .cache/kernel (6.1 and
# 6.12), each giving a vhyp.ko whose vermagic names that kernel:
#   - dkms.conf sourced as DKMS sources it: name, version (that of
#     uapi/vhyp/version.h), module name and place, AUTOINSTALL;
#   - the sources 'make dkms-source' stages: dkms.conf and no build output;
#   - in a copy of them, as DKMS copies them to its build directory, the
#     line MAKE[0] of dkms.conf, rewritten as DKMS rewrites it ('make -jN
#     KERNELRELEASE=<kernel> ...'), then CLEAN;
#   - if dkms is installed, DKMS itself: 'dkms add' and 'dkms build -k
#     <kernel> --kernelsourcedir <headers> -a aarch64' into a private
#     dkms tree.  DKMS signs what it builds with a key it makes in
#     /var/lib/dkms if there is none there; that happens in a private
#     mount namespace, on a tmpfs, so that the machine is left as it was.
# About 5 s a build on 2 cores.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/tap-lib.sh"
export PATH=$PATH:/usr/sbin:/sbin

log_lines=25

# The kernels: SERIES HEADERS RELEASE
: >"$tmp/kernels"
for s in 6.1 6.12; do
	for h in "$top/.cache/kernel/$s"/usr/src/linux-headers-*; do
		case $h in *-common|*'*') continue ;; esac
		# the release uname -r gives and /lib/modules is named after
		# (Debian's 6.1 headers say 6.1.192 in include/config/kernel.release)
		r=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$h/include/generated/utsrelease.h" 2>/dev/null)
		[ -n "$r" ] && echo "$s $h $r" >>"$tmp/kernels"
	done
done
if [ "$(wc -l <"$tmp/kernels")" != 2 ]; then
	echo "1..0 # SKIP no Debian arm64 headers for both 6.1 and 6.12 in .cache/kernel: run 'tools/setup.sh 6.1 6.12'"
	exit 0
fi

cross=
if [ "$(uname -m)" != aarch64 ]; then
	cross=aarch64-linux-gnu-
	if ! command -v ${cross}gcc >/dev/null; then
		echo "Bail out! no ${cross}gcc: run tools/setup.sh"
		exit 1
	fi
fi
jobs=$(nproc)

# --- dkms.conf -----------------------------------------------------------------
version=$(sed -n 's/^#define VHYP_VERSION_STRING[[:space:]]*"\(.*\)"/\1/p' "$top/uapi/vhyp/version.h")
# DKMS sources it from its own directory, with kernel_source_dir set
conf() {	# conf KERNEL_SOURCE_DIR FILE: the variables DKMS reads, one a line
	(cd / && kernel_source_dir=$1 bash -c '. "$1" >/dev/null || exit 1
		echo "PACKAGE_NAME=$PACKAGE_NAME"
		echo "PACKAGE_VERSION=$PACKAGE_VERSION"
		echo "BUILT_MODULE_NAME=${BUILT_MODULE_NAME[0]}"
		echo "DEST_MODULE_LOCATION=${DEST_MODULE_LOCATION[0]}"
		echo "AUTOINSTALL=$AUTOINSTALL"
		echo "MAKE=${MAKE[0]}"
		echo "CLEAN=$CLEAN"' _ "$2")
}
conf /headers "$top/dkms.conf" >"$tmp/conf" 2>&1
cp "$tmp/conf" "$tmp/log"
grep -qx "PACKAGE_NAME=vhyp" "$tmp/conf" &&
	grep -qx "PACKAGE_VERSION=$version" "$tmp/conf" &&
	grep -qx "BUILT_MODULE_NAME=vhyp" "$tmp/conf" &&
	grep -qx "DEST_MODULE_LOCATION=/extra" "$tmp/conf" &&
	grep -qx "AUTOINSTALL=yes" "$tmp/conf" &&
	grep -q "^MAKE=make .*KDIR=/headers" "$tmp/conf"
ok $? "dkms.conf: vhyp $version, vhyp.ko into /extra, AUTOINSTALL, built against kernel_source_dir"

# --- the staged sources -------------------------------------------------------
make --no-print-directory -C "$top" dkms-source DESTDIR="$tmp/stage" >"$tmp/log" 2>&1
ok $? "make dkms-source DESTDIR=..."
src=$tmp/stage/usr/src/vhyp-$version
(cd "$src" 2>/dev/null && find . -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -path ./hyp/out) >"$tmp/log"
[ -f "$src/dkms.conf" ] && [ -f "$src/Makefile" ] && [ -f "$src/Kbuild" ] && [ ! -s "$tmp/log" ]
ok $? "it stages dkms.conf, Makefile and Kbuild in /usr/src/vhyp-$version, and no build output"

# --- the build DKMS runs, for each kernel ---------------------------------------
vermagic_is() {	# vermagic_is KO RELEASE
	local vm
	vm=$(modinfo -F vermagic "$1" 2>&1)
	echo "vermagic of $1: $vm" >>"$tmp/log"
	[ "${vm%% *}" = "$2" ] && [[ " $vm " == *" aarch64 "* ]]
}

while read -r series headers release; do
	b=$tmp/build-$series
	cp -a "$src/" "$b"
	conf "$headers" "$b/dkms.conf" >"$tmp/conf"
	make_command=$(sed -n 's/^MAKE=//p' "$tmp/conf")
	clean=$(sed -n 's/^CLEAN=//p' "$tmp/conf")
	# as dkms's actual_build() runs it
	cmd=${make_command/#make/make -j$jobs KERNELRELEASE=$release}
	echo "\$ $cmd" >"$tmp/log"
	start=$(date +%s)
	(cd "$b" && env -u CC ARCH=arm64 ${cross:+CROSS_COMPILE=$cross} \
		bash -c "{ $cmd; }") >>"$tmp/log" 2>&1 &&
		vermagic_is "$b/vhyp.ko" "$release"
	ok $? "$series: DKMS's make line builds vhyp.ko for $release ($(($(date +%s) - start)) s)"

	echo "\$ $clean" >"$tmp/log"
	(cd "$b" && env -u CC ${cross:+CROSS_COMPILE=$cross} bash -c "$clean") >>"$tmp/log" 2>&1 &&
		[ ! -e "$b/vhyp.ko" ] && [ ! -e "$b/hyp/out" ]
	ok $? "$series: DKMS's CLEAN line removes the module and the EL2 binary"
done <"$tmp/kernels"

# --- DKMS itself -------------------------------------------------------------------
if ! command -v dkms >/dev/null; then
	while read -r series headers release; do
		skip "$series: dkms build" "dkms is not installed (apt-get install --no-install-recommends dkms)"
	done <"$tmp/kernels"
	tap_end
	exit
fi

# strip -g as DKMS runs it must know arm64 objects
mkdir -p "$tmp/bin"
if [ -n "$cross" ]; then
	ln -s "$(command -v ${cross}strip)" "$tmp/bin/strip"
fi
[ "$(id -u)" = 0 ] && ns=(unshare -m) || ns=(unshare -rm)
cat >"$tmp/dkms.sh" <<'EOF'
# in a private mount namespace: DKMS's signing key goes to a tmpfs
[ -d /var/lib/dkms ] && mount -t tmpfs vhyp-test /var/lib/dkms
tree=(--dkmstree "$T/dkms" --sourcetree "$T/stage/usr/src")
if [ -n "$ADD" ]; then
	dkms add "vhyp/$VERSION" "${tree[@]}" -a aarch64 -k "$RELEASE" --kernelsourcedir "$HEADERS" ||
		exit
fi
dkms build "vhyp/$VERSION" "${tree[@]}" -a aarch64 -k "$RELEASE" --kernelsourcedir "$HEADERS"
EOF
mkdir -p "$tmp/dkms"
if ! "${ns[@]}" true 2>"$tmp/log"; then
	while read -r series headers release; do
		skip "$series: dkms build" "cannot make a private mount namespace ($(cat "$tmp/log")) to keep DKMS's signing key off this machine"
	done <"$tmp/kernels"
else
	add=1	# add once, build for each kernel
	while read -r series headers release; do
		start=$(date +%s)
		PATH=$tmp/bin:$PATH T=$tmp VERSION=$version RELEASE=$release HEADERS=$headers ADD=$add \
			"${ns[@]}" bash "$tmp/dkms.sh" >"$tmp/log" 2>&1 </dev/null
		rc=$?
		add=
		ko=$tmp/dkms/vhyp/$version/$release/aarch64/module/vhyp.ko
		[ $rc = 0 ] && vermagic_is "$ko" "$release"
		ok $? "$series: dkms add/build gives vhyp.ko for $release ($(($(date +%s) - start)) s)"
	done <"$tmp/kernels"
fi

tap_end
