#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bash completion of vhypctl (TAP, run by prove).  The script is sourced in
# 'bash --norc' and _vhypctl called as bash calls it (COMP_WORDS,
# COMP_CWORD); COMPREPLY is compared with what vhypctl itself says:
#   - against the real vhypctl (vhypctl-host): verbs, global options,
#     each verb's options, literal arguments ('bench hypercall'), files
#     for --device;
#   - against a stand-in vhypctl: the real one, plus a verb 'future' that
#     no vhypctl has (new verbs complete without a change to the script),
#     the verbs config, create, load, start and list where the real one
#     lacks them, and a 'list --json' with cells in it: .dts/.dtb files for configs, any file for images,
#     cell names from 'list --json', and nothing when it fails.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
unit=$top/tests/unit
script=$top/tools/completion/vhypctl.bash
real=$top/tools/vhypctl/vhypctl-host
. "$(dirname "$0")/tap-lib.sh"


if ! make -s --no-print-directory -C "$unit" tools >"$tmp/log" 2>&1; then
	echo "Bail out! make -C tests/unit tools failed: $(tail -n 3 "$tmp/log" | tr '\n' ' ')"
	exit 1
fi

# Two vhypctls on PATH, each called vhypctl: the real one, and a stand-in
mkdir -p "$tmp/real" "$tmp/stub" "$tmp/cwd/sub"
ln -s "$real" "$tmp/real/vhypctl"
touch "$tmp/cwd/a.dts" "$tmp/cwd/b.dtb" "$tmp/cwd/c.txt"
cat >"$tmp/stub/vhypctl" <<EOF
#!/bin/bash
# vhypctl with cell verbs, in vhypctl's help format; the rest is the real one
real=$real
log=$tmp/stub.log
EOF
cat >>"$tmp/stub/vhypctl" <<'EOF'
verb_help() {	# verb_help ARGS: a verb's --help as verb_help_print() writes it
	printf 'Usage: vhypctl [GLOBAL OPTIONS] %s\n\nA verb.\n\nOptions:\n' "$1"
	printf '  -h, --help            show this help\n\n'
	"$real" info --help | sed -n '/^Global options/,$p'
}
has() { "$real" help "$1" >/dev/null 2>&1; }	# the real one has verb $1
echo "$*" >>"$log"
device=
if [ "$1" = --device ]; then device=$2; shift 2; fi
case "$*" in
help|--help)
	extra=future	# a verb no vhypctl has
	for v in config create load start list; do has $v || extra="$extra $v"; done
	"$real" help | awk -v extra="$extra" '{ print } /^Verbs:/ {
		n = split(extra, v, " ")
		for (i = 1; i <= n; i++) printf "  %-10sa verb\n", v[i] }' ;;
"config --help")	has config && exec "$real" "$@"; verb_help "config check FILE" ;;
"create --help")	has create && exec "$real" "$@"; verb_help "create CONFIG" ;;
"load --help")		has load && exec "$real" "$@"; verb_help "load CELL IMAGE[@IPA]..." ;;
"start --help")		has start && exec "$real" "$@"; verb_help "start CELL" ;;
"list --help")		has list && exec "$real" "$@"; verb_help "list" ;;
"future --help")	verb_help "future CELL CONFIG [--mode MODE]" ;;
"channel list --json")	# channels, and the cells at their ends
	[ -z "${LIST_FAILS:-}" ] || exit 2
	printf '[\n  {\n    "id": 1,\n    "name": "telemetry",\n    "ends": [\n'
	printf '      {\n        "cell": "telem"\n      }\n    ]\n  },\n'
	printf '  {\n    "id": 2,\n    "name": "link"\n  }\n]\n' ;;
"list --json")		# as 'vhypctl list --json' prints it: an array of cells
	[ -z "${LIST_FAILS:-}" ] || exit 2
	printf '[\n  {\n    "name": "hello",\n    "id": 1,\n    "state": "running",\n'
	printf '    "failure": null\n  },\n  {\n    "name": "linux-1",\n    "id": 2,\n'
	printf '    "state": "failed",\n    "failure": {\n      "reason": "dabt"\n    }\n  }\n]\n' ;;
*)	exec "$real" ${device:+--device "$device"} "$@" ;;
esac
EOF
chmod +x "$tmp/stub/vhypctl"

# comp BIN WORD...: the completions of the command line 'WORD...' (the last
# word is the one being completed), sorted, one line, in $out.
comp() {
	local bin=$1; shift
	out=$(cd "$tmp/cwd" && PATH=$tmp/$bin:/usr/bin:/bin bash --norc --noprofile -c '
		source "$1" || exit 1; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_vhypctl
		printf "%s\n" "${COMPREPLY[@]}" | sort -u' _ "$script" "$@" 2>"$tmp/err" |
	      tr '\n' ' ')
	out=${out% }
	[ ! -s "$tmp/err" ] || out="$out [stderr: $(tr '\n' ' ' <"$tmp/err")]"
}
# expect BIN "WANT" WORD...: the completions are exactly WANT
expect() {
	local bin=$1 want=$2; shift 2
	comp "$bin" "$@"
	printf 'vhypctl %s<TAB>\n  want: %s\n  got:  %s\n' "${*:2}" "$want" "$out" >"$tmp/log"
	[ "$out" = "$want" ]
}
sorted() { tr ' ' '\n' | grep . | sort -u | tr '\n' ' ' | sed 's/ $//'; }

# --- loading ------------------------------------------------------------------
bash -n "$script" >"$tmp/log" 2>&1
ok $? "the script parses"
bash --norc --noprofile -c 'source "$1" && complete -p vhypctl' _ "$script" >"$tmp/log" 2>&1 &&
	grep -q -- '-F _vhypctl vhypctl' "$tmp/log" && [ "$(wc -l <"$tmp/log")" = 1 ]
ok $? "sourced in bash --norc it prints nothing and registers _vhypctl for vhypctl"

# --- the real vhypctl ------------------------------------------------------------
verbs=$("$real" help | awk '/^Verbs:/ { f = 1; next } /^$/ { f = 0 } f { print $1 }' | sorted)
expect real "$verbs" vhypctl ""
ok $? "vhypctl <TAB>: every verb of 'vhypctl help' ($verbs)"

expect real "$(tr ' ' '\n' <<<"$verbs" | grep '^con' | sorted)" vhypctl con
ok $? "vhypctl con<TAB>: the verbs starting with con"
expect real "--json" vhypctl --js
ok $? "vhypctl --js<TAB>: --json"
expect real "--device --help --json --quiet --version -h -q" vhypctl -
ok $? "vhypctl -<TAB>: the global options"
expect real "info" vhypctl help in
ok $? "vhypctl help in<TAB>: a verb"
expect real "hypercall" vhypctl bench ""
ok $? "vhypctl bench <TAB>: the literal argument of its usage"
expect real "hypercall" vhypctl --quiet bench -n 10 ""
ok $? "options and their arguments before it are skipped"
expect real "--iterations" vhypctl bench hypercall --it
ok $? "vhypctl bench hypercall --it<TAB>: --iterations"
expect real "" vhypctl bench --iterations ""
ok $? "no completion for a number"
expect real "--uart --uart=" vhypctl enable --u
ok $? "vhypctl enable --u<TAB>: --uart, and --uart= for its optional argument"
expect real "" vhypctl enable --uart = ""
ok $? "no completion for --uart=ADDR"
expect real "" vhypctl info --json ""
ok $? "no completion where a verb takes no argument"
expect real "a.dts b.dtb c.txt sub" vhypctl --device ""
ok $? "vhypctl --device <TAB>: files"
expect real "a.dts b.dtb c.txt sub" vhypctl info --device = ""
ok $? "vhypctl info --device=<TAB>: files"
expect real "a.dts b.dtb c.txt sub" vhypctl load hello --kernel ""
ok $? "vhypctl load CELL --kernel <TAB>: any file for the Image"
expect real "a.dts b.dtb c.txt sub" vhypctl load hello --kernel c.txt --initrd ""
ok $? "vhypctl load CELL --kernel IMAGE --initrd <TAB>: any file"
expect real "a.dts b.dtb sub" vhypctl load hello --kernel c.txt --system ""
ok $? "vhypctl load CELL --kernel IMAGE --system <TAB>: .dts and .dtb files"
expect real "" vhypctl load hello --kernel c.txt --cmdline ""
ok $? "vhypctl load CELL --kernel IMAGE --cmdline <TAB>: nothing"
expect real "--cmdline --config" vhypctl load hello --c
ok $? "vhypctl load CELL --c<TAB>: --cmdline and --config"

if grep -qw config <<<"$verbs"; then
	expect real "check system" vhypctl config ""
	ok $? "vhypctl config <TAB>: the alternatives of its usage, check and system"
	expect real "a.dts b.dtb sub" vhypctl config check ""
	ok $? "vhypctl config check <TAB>: .dts and .dtb files, and directories"
	expect real "a.dts b.dtb sub" vhypctl config check --system ""
	ok $? "vhypctl config check --system <TAB>: .dts and .dtb files"
	expect real "" vhypctl config system ""
	ok $? "vhypctl config system <TAB>: nothing"
else
	for n in 1 2 3 4; do
		skip "vhypctl config" "this vhypctl has no config verb"
	done
fi

# every option of every verb, as its --help lists them
missing=
for v in $verbs; do
	want=$("$real" "$v" --help |
	       awk '/^(Options|Global options)/ { f = 1; next } /^$/ { f = 0 }
		    f && /^  -/ { s = substr($0, 3)
				  # a 22-wide column, or a longer name and 2 spaces
				  if (length(s) > 22 && substr(s, 22, 2) !~ / /) sub(/  .*/, "", s)
				  else s = substr(s, 1, 22)
				  sub(/\[=.*/, "", s)
				  n = split(s, a, /, */)
				  for (i = 1; i <= n; i++) { sub(/[ =].*/, "", a[i]); print a[i] } }')
	comp real vhypctl "$v" -
	for o in $want; do
		[[ " $out " == *" $o "* ]] || missing="$missing $v:$o"
	done
done
echo "not offered:$missing" >"$tmp/log"
[ -z "$missing" ]
ok $? "vhypctl VERB -<TAB>: every option of 'vhypctl VERB --help', for every verb"

# --- verbs the script has never heard of --------------------------------------
expect stub "future" vhypctl fu
ok $? "a verb the script has never heard of completes: vhypctl fu<TAB>"
expect stub "hello linux-1" vhypctl future ""
ok $? "vhypctl future <TAB>: cells, for its CELL"
expect stub "a.dts b.dtb sub" vhypctl future hello ""
ok $? "vhypctl future CELL <TAB>: .dts and .dtb files, for its CONFIG"
expect stub "channel config console create" vhypctl c
ok $? "vhypctl c<TAB> gives channel, config, console, create"
expect stub "config console" vhypctl con
ok $? "vhypctl con<TAB>: console and config"
if grep -qw config <<<"$verbs"; then want="check system"; else want=check; fi
expect stub "$want" vhypctl config ""
ok $? "vhypctl config <TAB>: $want"
expect stub "a.dts b.dtb sub" vhypctl config check ""
ok $? "vhypctl config check <TAB>: .dts and .dtb files, and directories"
expect stub "a.dts b.dtb sub" vhypctl create ""
ok $? "vhypctl create <TAB>: .dts and .dtb files, and directories"
expect stub "hello linux-1" vhypctl load ""
ok $? "vhypctl load <TAB>: the cells of 'vhypctl list --json'"
expect stub "a.dts b.dtb c.txt sub" vhypctl load hello ""
ok $? "vhypctl load CELL <TAB>: any file for an image"
expect stub "a.dts b.dtb c.txt sub" vhypctl load hello c.txt ""
ok $? "vhypctl load CELL IMAGE <TAB>: images repeat"
expect stub "hello" vhypctl start h
ok $? "vhypctl start h<TAB>: hello"
export LIST_FAILS=1
expect stub "" vhypctl start ""
ok $? "nothing when 'vhypctl list' fails"
expect stub "" vhypctl channel t
ok $? "nothing when 'vhypctl channel list' fails"
unset LIST_FAILS
expect stub "link list telemetry" vhypctl channel ""
ok $? "vhypctl channel <TAB>: list, and the channels of 'vhypctl channel list --json'"
expect stub "--attach" vhypctl channel telemetry --at
ok $? "vhypctl channel CHANNEL --at<TAB>: --attach"
: >"$tmp/stub.log"
comp stub vhypctl --device /dev/other start ""
grep -qx -- "--device /dev/other list --json" "$tmp/stub.log" >"$tmp/log" 2>&1 ||
	cp "$tmp/stub.log" "$tmp/log"
ok $? "cell names come from the device given with --device"

tap_end
