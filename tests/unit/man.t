#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The man pages (TAP, run by prove): vhypctl(8) and vhyp-cell(5) render
# with man -l without a single groff warning, their NAME lines are what
# mandb indexes, and vhypctl(8) says what vhypctl itself says:
#   - every verb that 'vhypctl help' lists has its section (.SS VERB),
#     naming every option and literal argument of 'vhypctl VERB --help';
#   - every global option and exit status of 'vhypctl --help' is there;
#   - every module parameter of the driver (module_param in driver/*.c);
#   - the version in the header is VHYP_VERSION_STRING;
# vhyp-cell(5) names every property of Documentation/cell-config.md, and
# its first example passes 'vhypctl config check'.
# So a new verb, option or parameter fails here until it is documented.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
unit=$top/tests/unit
man8=$top/Documentation/man/vhypctl.8
man5=$top/Documentation/man/vhyp-cell.5
V=$top/tools/vhypctl/vhypctl-host
. "$(dirname "$0")/tap-lib.sh"
export PATH=$PATH:/usr/sbin:/sbin


if ! command -v man >/dev/null || ! command -v groff >/dev/null; then
	echo "Bail out! man and groff are needed: apt-get install man-db groff-base"
	exit 1
fi
if ! make -s --no-print-directory -C "$unit" tools >"$tmp/log" 2>&1; then
	echo "Bail out! make -C tests/unit tools failed: $(tail -n 3 "$tmp/log" | tr '\n' ' ')"
	exit 1
fi

# --- both pages render cleanly --------------------------------------------
for page in "$man8" "$man5"; do
	name=${page##*/}
	MANWIDTH=80 man -l --warnings=w "$page" >"$tmp/out" 2>"$tmp/log"
	[ $? = 0 ] && [ ! -s "$tmp/log" ] && [ -s "$tmp/out" ]
	ok $? "$name: man -l renders it without a warning"
	# -z: no output; every warning; tbl in case a table comes along
	groff -t -man -ww -z "$page" >"$tmp/log" 2>&1 && [ ! -s "$tmp/log" ]
	ok $? "$name: groff -ww finds nothing either"
	lexgrog "$page" >"$tmp/log" 2>&1 && grep -q ': ".* - ' "$tmp/log"
	ok $? "$name: its NAME line parses (lexgrog, as mandb indexes it)"
done

# The roff source as plain text: \- is -, font escapes go.
plain() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(aq/'"'"'/g' -e 's/\\c$//' "$@"
}
plain "$man8" >"$tmp/man8"

# section NAME HEADING: the lines of .SS/.SH HEADING up to the next one
section() {
	awk -v h="$2" '
		/^\.S[SH] / { f = ($0 == ".SS " h || $0 == ".SH " h || $0 == ".SH \"" h "\"") ; next }
		f' "$1"
}

# the option names of a help text's option sections ("-n", "--iterations")
options_of() {
	awk '/^(Options|Global options)/ { f = 1; next } /^$/ { f = 0 }
	     f && /^  -/ { s = substr($0, 3)
			   # a 22-wide column, or a longer name and 2 spaces
			   if (length(s) > 22 && substr(s, 22, 2) !~ / /) sub(/  .*/, "", s)
			   else s = substr(s, 1, 22)
			   sub(/\[=.*/, "", s)
			   n = split(s, a, /, */)
			   for (i = 1; i <= n; i++) { sub(/[ =].*/, "", a[i]); print a[i] } }'
}

version=$(sed -n 's/^#define VHYP_VERSION_STRING[[:space:]]*"\(.*\)"/\1/p' "$top/uapi/vhyp/version.h")
for page in "$man8" "$man5"; do
	grep -q "^\.TH .* \"vhyp $version\"" "$page" >"$tmp/log" 2>&1 ||
		grep '^\.TH' "$page" >"$tmp/log"
	ok $? "${page##*/}: its header says vhyp $version"
done

# --- every verb, with its options and literal arguments --------------------
"$V" help >"$tmp/help"
verbs=$(awk '/^Verbs:/ { f = 1; next } /^$/ { f = 0 } f && /^  [a-z]/ { print $1 }' "$tmp/help")
echo "vhypctl help lists no verbs" >"$tmp/log"
[ -n "$verbs" ]
ok $? "vhypctl help lists verbs: ${verbs//$'\n'/ }"

for verb in $verbs; do
	section "$tmp/man8" "$verb" >"$tmp/sec"
	echo "no '.SS $verb' section in vhypctl.8" >"$tmp/log"
	[ -s "$tmp/sec" ]
	ok $? "vhypctl.8 documents the verb $verb"

	"$V" "$verb" --help >"$tmp/vhelp"
	# its own options (those under "Options:"), not the global ones
	missing=
	for o in $(sed '/^Global options/,$d' "$tmp/vhelp" | options_of); do
		[ "$o" = -h ] || [ "$o" = --help ] && continue
		grep -qe "$o\b" "$tmp/sec" || missing="$missing $o"
	done
	# literal words of its usage line ("hypercall"), not placeholders
	usage=$(sed -n "s/^Usage: vhypctl \[GLOBAL OPTIONS\] $verb//p" "$tmp/vhelp" |
		sed 's/\[[^]]*\]//g')
	for w in $usage; do
		for a in ${w//|/ }; do
			[[ $a == [a-z]* ]] || continue
			grep -qw -- "$a" "$tmp/sec" || missing="$missing $a"
		done
	done
	echo "not in the section of $verb:$missing" >"$tmp/log"
	[ -z "$missing" ]
	ok $? "vhypctl.8: $verb's options and arguments are all in its section"
done

# sections of verbs that vhypctl does not have
awk '/^\.SH VERBS/ { f = 1; next } /^\.SH / { f = 0 } f && /^\.SS / { print $2 }' \
	"$tmp/man8" | while read -r s; do grep -qx "$s" <<<"$verbs" || echo "$s"; done >"$tmp/log"
[ ! -s "$tmp/log" ]
ok $? "vhypctl.8 documents no verb that vhypctl does not have"

# --- global options and exit statuses --------------------------------------
section "$tmp/man8" "GLOBAL OPTIONS" >"$tmp/sec"
missing=
for o in $(options_of <"$tmp/help"); do
	grep -qe "$o\b" "$tmp/sec" || missing="$missing $o"
done
echo "not under GLOBAL OPTIONS:$missing" >"$tmp/log"
[ -z "$missing" ]
ok $? "vhypctl.8 documents every global option of vhypctl --help"

section "$tmp/man8" "EXIT STATUS" >"$tmp/sec"
missing=
for c in $(awk '/^Exit codes:/ { f = 1; next } /^$/ { f = 0 } f && /^  [0-9]/ { print $1 }' "$tmp/help"); do
	grep -qx "\.B $c" "$tmp/sec" || missing="$missing $c"
done
echo "not under EXIT STATUS:$missing" >"$tmp/log"
[ -z "$missing" ]
ok $? "vhypctl.8 documents every exit status of vhypctl --help"

# --- module parameters -------------------------------------------------------
params=$(sed -n 's/^[[:space:]]*module_param\(_named\)\{0,1\}(\([a-z_0-9]*\),.*/\2/p' "$top"/driver/*.c)
missing=
for p in $params; do
	grep -q "^\.B[IR]* $p=" "$tmp/man8" || missing="$missing $p"
done
echo "module parameters not in vhypctl.8:$missing" >"$tmp/log"
[ -n "$params" ] && [ -z "$missing" ]
ok $? "vhypctl.8 documents every module parameter: ${params//$'\n'/ }"

# --- vhyp-cell(5): every property of Documentation/cell-config.md ----------
# (the first column of its "property" tables, the second of "node | property")
ref=$top/Documentation/cell-config.md
if [ -f "$ref" ]; then
	props=$(awk -F'|' '/^\| *property *\|/ { c = 2; next }
			  /^\| *node *\| *property *\|/ { c = 3; next }
			  /^$/ { c = 0 } c && /^\| *`/ { print $c }' "$ref" |
		grep -o '`[^`]*`' | tr -d '`' | sort -u)
	plain "$man5" >"$tmp/man5"
	missing=
	for p in $props; do
		grep -qF -- "$p" "$tmp/man5" || missing="$missing $p"
	done
	echo "in cell-config.md, not in vhyp-cell.5:$missing (of: ${props//$'\n'/ })" >"$tmp/log"
	[ -n "$props" ] && [ -z "$missing" ]
	ok $? "vhyp-cell.5 names every property of cell-config.md"
else
	skip "vhyp-cell.5 and cell-config.md" "no Documentation/cell-config.md"
fi

# --- vhyp-cell(5): its first example is a config vhypctl accepts ----------
plain "$man5" | sed -e 's/\\e/\\/g' |
	awk '/^\.SH EXAMPLES/ { f = 1 } f && /^\.EX/ { e = 1; next } e && /^\.EE/ { exit } e' \
	>"$tmp/example.dts"
if "$V" help config >/dev/null 2>&1 && command -v dtc >/dev/null; then
	"$V" config check "$tmp/example.dts" \
		--system "$top/tools/configs/qemu-virt/system.dts" >"$tmp/log" 2>&1
	ok $? "vhyp-cell.5: the first example passes vhypctl config check (QEMU virt)"
else
	skip "vhyp-cell.5 example" "no 'vhypctl config' or no dtc"
fi

tap_end
