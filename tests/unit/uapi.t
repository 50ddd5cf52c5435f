#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ABI headers of uapi/vhyp (TAP, run by prove): each compiles alone,
# that is includes what it uses, in every world that includes it:
#   - host user space (x86-64, glibc and the distribution's linux/*.h),
#     GNU C11 and strict ISO C11;
#   - freestanding, as the hypervisor builds (-ffreestanding -nostdinc,
#     <linux/types.h> from hyp/include/shim), with the host compiler and
#     with the aarch64 one.  There is no <linux/ioctl.h> there: ioctl.h,
#     which only the driver and vhypctl include, is skipped;
#   - aarch64 user space (aarch64-linux-gnu-gcc, as vhypctl is built).
# The _Static_asserts of ioctl.h hold on x86-64 and on aarch64, and the
# headers the assembly includes (C parts under #ifndef __ASSEMBLY__)
# assemble with -D__ASSEMBLY__, every constant they define usable there.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
uapi=$top/uapi
shim=$top/hyp/include/shim
cross=aarch64-linux-gnu-gcc
. "$(dirname "$0")/tap-lib.sh"


have_cross=0
command -v "$cross" >/dev/null && have_cross=1

# compile CC FLAGS...: the translation unit $tmp/t.c, syntax only, log in $tmp/log
compile() {
	local cc=$1; shift
	"$cc" -fsyntax-only -Wall -Wextra -Werror "$@" "$tmp/t.c" >"$tmp/log" 2>&1
}

headers=$(cd "$uapi/vhyp" && ls *.h)
freestanding=(-std=gnu11 -ffreestanding -nostdinc -I"$shim" -I"$uapi")
for h in $headers; do
	# the header alone, then something of ours: no empty translation unit
	printf '#include <vhyp/%s>\ntypedef int vhyp_uapi_test;\n' "$h" >"$tmp/t.c"

	compile gcc -std=gnu11 -I"$uapi"
	ok $? "$h: x86-64 user space, GNU C11"
	compile gcc -std=c11 -pedantic-errors -I"$uapi"
	ok $? "$h: x86-64 user space, ISO C11 -pedantic-errors"

	if grep -q '#include <linux/ioctl.h>' "$uapi/vhyp/$h"; then
		skip "$h: freestanding x86-64" "needs <linux/ioctl.h>: kernel and user space only"
		skip "$h: freestanding aarch64 (hypervisor flags)" \
		     "needs <linux/ioctl.h>: kernel and user space only"
	else
		compile gcc "${freestanding[@]}"
		ok $? "$h: freestanding x86-64"
		if [ $have_cross = 1 ]; then
			compile "$cross" "${freestanding[@]}" -mgeneral-regs-only
			ok $? "$h: freestanding aarch64 (hypervisor flags)"
		else
			skip "$h: freestanding aarch64 (hypervisor flags)" "no $cross"
		fi
	fi

	if [ $have_cross = 1 ]; then
		compile "$cross" -std=gnu11 -I"$uapi"
		ok $? "$h: aarch64 user space"
	else
		skip "$h: aarch64 user space" "no $cross"
	fi
done

# The layout asserts: really compiled (not hidden by a condition), and
# able to fail, in both worlds.  ioctl.h includes cell.h (the struct of
# VHYP_CELL_CREATE), channel.h and virtio.h: their asserts are seen too.
n_asserts=$(cat "$uapi/vhyp/ioctl.h" "$uapi/vhyp/cell.h" "$uapi/vhyp/channel.h" \
		"$uapi/vhyp/virtio.h" | grep -c '^_Static_assert')
for cc in gcc "$cross"; do
	world=x86-64
	[ "$cc" = "$cross" ] && world=aarch64
	if [ "$cc" = "$cross" ] && [ $have_cross = 0 ]; then
		skip "ioctl.h: its _Static_asserts hold on $world" "no $cross"
		skip "ioctl.h: a false _Static_assert fails on $world" "no $cross"
		continue
	fi
	printf '#include <vhyp/ioctl.h>\n' >"$tmp/t.c"
	seen=$("$cc" -E -I"$uapi" "$tmp/t.c" 2>"$tmp/log" |
	       grep -c '_Static_assert *(sizeof(struct vhyp_')
	compile "$cc" -std=gnu11 -I"$uapi"
	res=$?
	[ "$res" = 0 ] && [ "$n_asserts" -ge 5 ] && [ "$seen" = "$n_asserts" ]
	ok $? "ioctl.h: its $n_asserts _Static_asserts are compiled and hold on $world"
	printf '#include <vhyp/ioctl.h>\n_Static_assert(sizeof(struct vhyp_info) == 127, "x");\n' \
		>"$tmp/t.c"
	! compile "$cc" -std=gnu11 -I"$uapi" && grep -q 'static assertion failed' "$tmp/log"
	ok $? "ioctl.h: a false _Static_assert fails on $world (the check can fail)"
done

# Headers for the assembly: every object-like macro each defines, used in data.
asm_headers="header.h hypercall.h version.h"
res=0
for h in $headers; do
	grep -q __ASSEMBLY__ "$uapi/vhyp/$h" && ! grep -qw "$h" <<<"$asm_headers" && res=1
done
echo "every header naming __ASSEMBLY__ is one of: $asm_headers" >"$tmp/log"
ok $res "every header with __ASSEMBLY__ guards is tested in assembly below"
for h in $asm_headers; do
	if [ $have_cross = 0 ]; then
		skip "$h: assembles for aarch64 with -D__ASSEMBLY__" "no $cross"
		continue
	fi
	{
		printf '#include <vhyp/%s>\n' "$h"
		"$cross" -E -dM -D__ASSEMBLY__ -x assembler-with-cpp -I"$uapi" "$uapi/vhyp/$h" |
		awk '$1 == "#define" && $2 ~ /^VHYP_[A-Z0-9_]*$/ {
			print ($3 ~ /^"/ ? "\t.ascii\t" : "\t.quad\t") $2 }'
	} >"$tmp/t.S"
	"$cross" -D__ASSEMBLY__ -I"$uapi" -c -o "$tmp/t.o" "$tmp/t.S" >"$tmp/log" 2>&1
	res=$?
	n=$(grep -c '^	\.' "$tmp/t.S")
	[ "$res" = 0 ] && [ "$n" -gt 0 ]
	ok $? "$h: assembles for aarch64 with -D__ASSEMBLY__, its $n constants usable"
done

tap_end
