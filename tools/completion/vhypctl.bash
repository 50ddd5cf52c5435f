# SPDX-License-Identifier: GPL-2.0
#
# bash completion for vhypctl(8); installed by 'make install' as
# $(PREFIX)/share/bash-completion/completions/vhypctl.  To try it from the
# source tree:  source tools/completion/vhypctl.bash
#
# Nothing here lists vhypctl's verbs or options: they are read, at the
# moment TAB is pressed, from the vhypctl being completed:
#   vhypctl help           the verbs (the lines under "Verbs:") and the
#                          global options
#   vhypctl VERB --help    the verb's options (under "Options:" and
#                          "Global options"), and what its arguments are
#                          (the "Usage:" line: literal words such as
#                          'hypercall', and placeholders)
# so a verb added to vhypctl completes without a change here.  What a
# placeholder (of an argument or of an option) completes to is the one
# table kept here, in _vhypctl_reply_placeholder:
#   CELL                   cell names, from 'vhypctl list --json' (nothing
#                          if that verb fails or does not exist)
#   CHANNEL                channel names, from 'vhypctl channel list
#                          --json' (the same)
#   CONFIG, SYSFILE, DTS,  device-tree files (.dts, .dtb) and directories
#   DTB, and FILE of the
#   verbs config, create
#   IMAGE, FILE, PATH ...  any file
#   VERB                   the verbs
#   anything else (N, ADDR) nothing
# Needs bash 4 and nothing else (the bash-completion package is optional).

# Run the vhypctl being completed: as typed, else from the sbin
# directories that a user's PATH may lack (as under 'sudo vhypctl').
_vhypctl_run()
{
	local cmd=${COMP_WORDS[0]}

	[[ $cmd == "~"/* ]] && cmd=$HOME/${cmd#"~/"}
	if ! type -P -- "$cmd" >/dev/null; then
		cmd=$(PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin type -P vhypctl) || return 1
	fi
	LC_ALL=C "$cmd" "$@" 2>/dev/null
}

# The verbs: the first word of each line under "Verbs:" of 'vhypctl help'.
_vhypctl_verbs()
{
	_vhypctl_run help | awk '/^Verbs:/ { f = 1; next } /^$/ { f = 0 }
		f && /^  [a-z]/ { print $1 }'
}

# The options of VERB ('' for none yet), one per line as "NAME KIND":
# KIND is '-' (no argument), 'ARG' (its argument, the next word or after
# '=': "-n, --iterations N", "-s, --system=SYSFILE") or '=ARG' (an
# optional argument, only after '=': "--uart[=ADDR]").  Read from the
# lines of the option sections that start with '-' (continuation lines
# of the help text are indented further).
_vhypctl_options()
{
	if [[ $1 ]]; then
		_vhypctl_run "$1" --help
	else
		_vhypctl_run help
	fi | awk '
	/^(Options|Global options)/ { f = 1; next }
	/^$/ { f = 0 }
	f && /^  -/ {
		# the name column is 22 wide ("%-22s" in main.c); a longer
		# name pushes the text right, 2 spaces after it
		spec = substr($0, 3)
		if (length(spec) > 22 && substr(spec, 22, 2) !~ / /)
			sub(/  .*/, "", spec)
		else
			spec = substr(spec, 1, 22)
		sub(/ +$/, "", spec)
		arg = "-"
		if (match(spec, /\[=[^]]*\]$/)) {
			arg = "=" substr(spec, RSTART + 2, RLENGTH - 3)
			spec = substr(spec, 1, RSTART - 1)
		} else if (match(spec, /=[^ ,=]+$/)) {
			arg = substr(spec, RSTART + 1)
			spec = substr(spec, 1, RSTART - 1)
		} else if (match(spec, / [^-, ][^ ,]*$/)) {
			arg = substr(spec, RSTART + 1)
			spec = substr(spec, 1, RSTART - 1)
		}
		n = split(spec, names, /, */)
		for (i = 1; i <= n; i++)
			if (names[i] ~ /^-/)
				print names[i], arg
	}'
}

# The positional arguments of VERB from its "Usage:" lines, one usage per
# line: words separated by spaces, each a literal ('hypercall', or
# 'check|show'), or a placeholder (CELL, IMAGE ...), a trailing '+'
# meaning it repeats.  Option groups ("[--iterations N]", "[GLOBAL
# OPTIONS]", "--state STATE") are left out; brackets around an optional
# argument are not.
# A lone '|' separates alternative usages on one line
# ("config check FILE | system").
_vhypctl_usage()
{
	_vhypctl_run "$1" --help | awk -v verb="$1" '
	/^Usage:/ { f = 1 }
	/^$/ { f = 0 }
	f && /vhypctl/ {
		line = $0
		sub(/^(Usage:)? *vhypctl */, "", line)
		# split at spaces outside brackets
		n = 0; depth = 0; tok = ""
		for (i = 1; i <= length(line) + 1; i++) {
			c = substr(line, i, 1)
			if (c == "[") depth++
			if (c == "]") depth--
			if ((c == " " || c == "") && depth == 0) {
				if (tok != "") t[++n] = tok
				tok = ""
			} else
				tok = tok c
		}
		out = ""; seen = 0
		for (i = 1; i <= n; i++) {
			w = t[i]
			if (w ~ /^\[/ && w ~ /\]$/) {
				inner = substr(w, 2, length(w) - 2)
				if (inner ~ /^-/ || inner ~ /^[A-Z ]+OPTIONS$/) continue
				w = inner
			}
			if (!seen) { seen = (w == verb); continue }
			if (w == "|") { print out; out = ""; continue }
			if (w ~ /^-/) {		# "--state STATE": an option
				if (t[i + 1] ~ /^[A-Z]/) i++
				continue
			}
			rep = sub(/\.\.\.$/, "", w)
			sub(/\[.*\]/, "", w)		# IMAGE[@IPA] -> IMAGE
			out = out (out == "" ? "" : " ") w (rep ? "+" : "")
		}
		print out
	}'
}

# Cell names: every "name" of 'vhypctl list --json'; nothing if it fails.
_vhypctl_cells()
{
	local json

	json=$(_vhypctl_run "${_vhypctl_dev[@]}" list --json) || return 0
	grep -o '"name"[[:space:]]*:[[:space:]]*"[^"]*"' <<<"$json" |
		sed 's/.*"\([^"]*\)"$/\1/'
}

# Channel names: every "name" of 'vhypctl channel list --json' (its ends
# name their cells "cell"); nothing if it fails.
_vhypctl_channels()
{
	local json

	json=$(_vhypctl_run "${_vhypctl_dev[@]}" channel list --json) || return 0
	grep -o '"name"[[:space:]]*:[[:space:]]*"[^"]*"' <<<"$json" |
		sed 's/.*"\([^"]*\)"$/\1/'
}

# COMPREPLY from the lines of $1 that start with the current word.
_vhypctl_reply_words()
{
	local w

	while IFS= read -r w; do
		[[ $w && $w == "$cur"* ]] && COMPREPLY+=("$w")
	done <<<"$1"
}

# COMPREPLY: files ('any') or device-tree files ('dt'), and directories.
_vhypctl_reply_files()
{
	local f

	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		[[ $f ]] || continue
		if [[ -d $f || $1 == any || $f == *.dts || $f == *.dtb ]]; then
			COMPREPLY+=("$f")
		fi
	done <<<"$(compgen -f -- "$cur")"
}

# What a placeholder of VERB completes to.
_vhypctl_reply_placeholder()
{
	local verb=$1 ph=$2

	case $ph in
	*"|"*|[a-z]*)
		_vhypctl_reply_words "$(tr '|' '\n' <<<"$ph")" ;;
	CELL*)
		_vhypctl_reply_words "$(_vhypctl_cells)" ;;
	CHANNEL*)
		_vhypctl_reply_words "$(_vhypctl_channels)" ;;
	VERB)
		_vhypctl_reply_words "$(_vhypctl_verbs)" ;;
	CONFIG*|SYSFILE|DTS|DTB|*.dts|*.dtb)
		_vhypctl_reply_files dt ;;
	FILE*)
		case $verb in
		config|create) _vhypctl_reply_files dt ;;
		*) _vhypctl_reply_files any ;;
		esac ;;
	IMAGE*|PATH*|PAYLOAD*|BIN*|DIR*|*FILE)
		_vhypctl_reply_files any ;;
	esac
}

_vhypctl()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	local i j w verb= opts= kind opt= eq=
	local -a pos=() _vhypctl_dev=()

	COMPREPLY=()
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	# The option whose argument this may be: "--opt ARG", or "--opt=ARG",
	# which bash splits at '=', so that the option is one or two back.
	if [[ $cur == = ]]; then
		opt=$prev eq=1 cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]} eq=1
	elif [[ $prev == -* ]]; then
		opt=$prev
	fi

	# The verb, the positional words after it, and --device (so that
	# 'vhypctl --device X list' asks the right device for cell names).
	# Options that take an argument skip the next word.
	opts=$(_vhypctl_options "")
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == = ]] || [[ ${COMP_WORDS[i - 1]} == = ]]; then
			continue
		elif [[ $w == -* ]]; then
			kind=$(awk -v o="$w" '$1 == o { print $2 }' <<<"$opts")
			if [[ $w == --device ]]; then
				j=$((i + 1))
				[[ ${COMP_WORDS[j]} == = ]] && ((j++))
				((j < COMP_CWORD)) && _vhypctl_dev=(--device "${COMP_WORDS[j]}")
			fi
			[[ $kind && $kind != - && $kind != =* &&
			   ${COMP_WORDS[i + 1]} != = ]] && ((i++))
		elif [[ -z $verb ]]; then
			verb=$w
			opts=$(_vhypctl_options "$verb")
		else
			pos+=("$w")
		fi
	done

	# The argument of an option: files for PATH, FILE, SYSFILE ..., else
	# nothing (N, ADDR).  An optional argument ("--uart[=ADDR]") is one
	# only after '='.
	if [[ $opt ]]; then
		kind=$(awk -v o="$opt" '$1 == o { print $2 }' <<<"$opts")
		if [[ $kind && $kind != - ]] && [[ $eq || $kind != =* ]]; then
			kind=${kind#=}
			[[ $kind == [A-Z]* ]] && _vhypctl_reply_placeholder "$verb" "$kind"
			return 0
		fi
	fi

	if [[ $cur == -* ]]; then
		# "--uart[=ADDR]" is offered as --uart and --uart=
		_vhypctl_reply_words "$(awk '{ print $1; if ($2 ~ /^=/) print $1 "=" }' <<<"$opts")"
		[[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return 0
	fi

	if [[ -z $verb ]]; then
		_vhypctl_reply_words "$(_vhypctl_verbs)"
		return 0
	fi

	# The placeholder at this position in each usage whose literal words
	# match what was typed before it.
	local -a u
	local n=${#pos[@]} ok ph
	while read -r -a u; do
		ok=1
		for ((j = 0; j < n && j < ${#u[@]}; j++)); do
			ph=${u[j]%+}
			if [[ $ph == [a-z]* ]] &&
			   [[ "|$ph|" != *"|${pos[j]}|"* ]]; then
				ok=
				break
			fi
		done
		[[ $ok ]] || continue
		if ((n < ${#u[@]})); then
			_vhypctl_reply_placeholder "$verb" "${u[n]%+}"
		elif ((${#u[@]})) && [[ ${u[-1]} == *+ ]]; then
			_vhypctl_reply_placeholder "$verb" "${u[-1]%+}"
		fi
	done <<<"$(_vhypctl_usage "$verb")"
	return 0
}

complete -F _vhypctl vhypctl vhypctl-host
