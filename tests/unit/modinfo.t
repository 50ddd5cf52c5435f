#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What modinfo says about the built vhyp.ko (TAP, run by prove): every
# module parameter of the driver's sources (module_param in driver/*.c)
# is listed with a description, and no other; the name, version, license
# and description are those of vhyp, so that 'modprobe vhyp' and
# 'modinfo vhyp' work after 'make install'.  Skipped when vhyp.ko is not
# built ('make module').
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
ko=$top/vhyp.ko
. "$(dirname "$0")/tap-lib.sh"
export PATH=$PATH:/usr/sbin:/sbin

if [ ! -f "$ko" ]; then
	echo "1..0 # SKIP vhyp.ko is not built (make module)"
	exit 0
fi
if ! command -v modinfo >/dev/null; then
	echo "1..0 # SKIP no modinfo (apt-get install kmod)"
	exit 0
fi


newer=$(find "$top/driver" "$top/Kbuild" -newer "$ko" -name '*.[chS]' | head -n 3)
[ -z "$newer" ] || echo "# vhyp.ko is older than $(echo $newer): run 'make module' for a fresh answer"

modinfo "$ko" >"$tmp/modinfo" 2>&1
ok $? "modinfo reads vhyp.ko"

field() { modinfo -F "$1" "$ko" 2>/dev/null; }

version=$(sed -n 's/^#define VHYP_VERSION_STRING[[:space:]]*"\(.*\)"/\1/p' "$top/uapi/vhyp/version.h")
echo "name '$(field name)', version '$(field version)'" >"$tmp/log"
[ "$(field name)" = vhyp ] && [ "$(field version)" = "$version" ]
ok $? "it is vhyp, version $version"

echo "license '$(field license)', description '$(field description)'" >"$tmp/log"
[ "$(field license)" = GPL ] && [ -n "$(field description)" ]
ok $? "license GPL and a description"

# parameters: the sources' against modinfo's "NAME:DESCRIPTION (TYPE)"
sed -n 's/^[[:space:]]*module_param\(_named\)\{0,1\}(\([a-z_0-9]*\),.*/\2/p' \
	"$top"/driver/*.c | sort -u >"$tmp/src"
field parm >"$tmp/parm"
sed -n 's/^\([a-z_0-9]*\):.*/\1/p' "$tmp/parm" | sort -u >"$tmp/listed"
{ echo "in the sources:"; cat "$tmp/src"; echo "in modinfo:"; cat "$tmp/parm"; } >"$tmp/log"
[ -s "$tmp/src" ] && cmp -s "$tmp/src" "$tmp/listed"
ok $? "modinfo lists exactly the parameters of driver/*.c: $(echo $(cat "$tmp/src"))"

for p in $(cat "$tmp/src"); do
	desc=$(sed -n "s/^$p:\(.*\) ([a-z]*)\$/\1/p" "$tmp/parm")
	grep "^$p:" "$tmp/parm" >"$tmp/log"
	# a sentence, not just the type modinfo adds
	[ "${#desc}" -ge 20 ]
	ok $? "parameter $p has a description"
done

tap_end
